"""Snippets show the text as published, with the reader's words marked and nothing else trusted."""

from dataclasses import replace

from archive.search.query import parse
from archive.search.snippets import highlight, snippet


def test_a_folded_query_marks_the_published_spelling():
    text = "وزعـــم المسؤول الروسي أن «انعقاد المُؤتَمَر هو العنصر الأول»"
    html = snippet(text, parse("زعم مؤتمر"))
    assert "<mark>وزعـــم</mark>" in html
    assert "<mark>المُؤتَمَر</mark>" in html


def test_a_phrase_is_marked_as_one_run():
    html = highlight("قال إن عودة اللاجئين ممكنة", parse('"عودة اللاجئين"'))
    assert "<mark>عودة اللاجئين</mark>" in html


def test_hostile_text_is_escaped_around_and_inside_the_mark():
    text = "<script>alert(1)</script> الأسد <img src=x onerror=alert(2)>"
    html = snippet(text, parse("الاسد"))
    assert "<script>" not in html and "<img" not in html
    assert html.count("&lt;") == 3  # the hostile tags are shown as text
    assert "<mark>الأسد</mark>" in html


def test_bidi_controls_do_not_reach_the_page():
    html = highlight("\u202eالأسد\u202c قال", parse("الاسد"))
    assert "\u202e" not in html and "\u202c" not in html
    assert "<mark>الأسد</mark>" in html


def test_a_long_paragraph_is_cut_around_the_first_match():
    text = ("كلام تمهيدي طويل " * 40) + "ثم قال بوتين إن المؤتمر ناجح " + ("وكلام بعده " * 40)
    html = snippet(text, parse("بوتين"))
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>بوتين</mark>" in html
    assert len(html) < 400


def test_latin_and_digits_are_isolated():
    html = snippet("حسب منصة SY24 يوم ٢٠٢٤/٧/٢٦", parse("sy24"))
    assert "<bdi><mark>SY24</mark></bdi>" in html
    assert "<bdi>٢٠٢٤/٧/٢٦</bdi>" in html


def test_a_mark_inside_a_number_keeps_the_number_one_isolate():
    html = snippet("يوم ٢٠٢١/١١/١١ في دمشق", parse("2021"))
    assert "<bdi><mark>٢٠٢١</mark>/١١/١١</bdi>" in html


def test_a_word_found_through_its_forms_is_marked_whole():
    html = highlight("عودة اللاجئين إلى سوريا، ولفتت إليها المصادر", parse("لاجئ"))
    assert "<mark>اللاجئين</mark>" in html


def test_only_words_the_index_finds_are_marked():
    """«الي» finds «إلى», not «إليها»; «بينت» is not «بين»; a bare بـ is dropped only on one side."""
    html = highlight("ذهب إلى دمشق ولفتت إليها", parse("الي"))
    assert "<mark>إلى</mark>" in html and "<mark>إليها</mark>" not in html
    assert "<mark>" not in highlight("ما بين البلدين", parse("بينت"))
    assert "<mark>بدمشق</mark>" in highlight("عقد بدمشق", parse("دمشق"))
    assert "<mark>" not in highlight("لا كيان له", parse("بيان"))


def test_approximate_results_mark_what_was_looked_for_inside_longer_words():
    query = replace(parse("Y24"), approximate=True)
    assert "<bdi>S<mark>Y24</mark></bdi>" in snippet("حسب منصة SY24 اليوم", query)
    query = replace(parse("بحث مؤتمر"), approximate=True)
    html = highlight("لبحث مؤتمر اللاجئين", query)
    assert "ل<mark>بحث</mark>" in html and "<mark>مؤتمر</mark>" in html


def test_a_decimal_is_marked_as_one_run():
    assert "<bdi><mark>6.5</mark></bdi>" in snippet("أكثر من 6.5 مليون لاجئ", parse("٦٫٥"))
