"""Latin runs and numbers inside Arabic are isolated at render time, once per run whatever cuts them."""

import pytest

from archive.bidi import isolate_ltr_runs, isolate_pieces


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("حسب ما تابعت منصة SY24، أن", "حسب ما تابعت منصة <bdi>SY24</bdi>، أن"),
        ("أكثر من 6.5 مليون لاجئ", "أكثر من <bdi>6.5</bdi> مليون لاجئ"),
        ("نوفمبر2020، عُقد", "نوفمبر<bdi>2020</bdi>، عُقد"),
        ("في ٢٠٢٤ انعقد", "في <bdi>٢٠٢٤</bdi> انعقد"),
        ("قال Vasily Nebenzia إن", "قال <bdi>Vasily Nebenzia</bdi> إن"),
        ("بين 24 و29 تموز", "بين <bdi>24</bdi> و<bdi>29</bdi> تموز"),
        ("نص عربي فقط", "نص عربي فقط"),
        ("<b>SY24</b>", "&lt;<bdi>b</bdi>&gt;<bdi>SY24</bdi>&lt;/<bdi>b</bdi>&gt;"),
        ("", ""),
    ],
)
def test_isolate_ltr_runs(text, html):
    assert isolate_ltr_runs(text) == html


def test_bidi_override_characters_stay_escaped_text_inside_the_paragraph():
    """U+202E is kept (text as published) but cannot open an element or escape its <p>."""
    assert isolate_ltr_runs("خبر \u202eabc") == "خبر \u202e<bdi>abc</bdi>"


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("هاتف +963 11 234 5678 للمكتب", "هاتف <bdi>+963 11 234 5678</bdi> للمكتب"),
        ("هاتف +٩٦٣ ١١ للمكتب", "هاتف <bdi>+٩٦٣ ١١</bdi> للمكتب"),
        ("حاصل 1+1 اثنان", "حاصل <bdi>1</bdi>+<bdi>1</bdi> اثنان"),  # a sum, not a sign
        ("علامة + وحدها", "علامة + وحدها"),
        ("في 2020-11-09 عُقد", "في <bdi>2020-11-09</bdi> عُقد"),
        ("اضغط 1\ufe0f\u20e3 ثم", "اضغط <bdi>1\ufe0f\u20e3</bdi> ثم"),  # the keycap stays whole
    ],
)
def test_a_number_keeps_its_sign_and_a_character_its_marks(text, html):
    assert isolate_ltr_runs(text) == html


def marked(text, spans):
    """isolate_pieces with <mark> around the pieces inside `spans`."""

    def piece(a, b):
        inside = any(s <= a and b <= e for s, e in spans)
        return f"<mark>{text[a:b]}</mark>" if inside else text[a:b]

    return isolate_pieces(text, [edge for span in spans for edge in span], piece)


@pytest.mark.parametrize(
    ("text", "marked_part", "html"),
    [
        (
            "قال Vladimir Putin إن",
            "Putin",
            "قال <bdi>Vladimir <mark>Putin</mark></bdi> إن",
        ),
        ("منصة SY24 نشرت", "SY", "منصة <bdi><mark>SY</mark>24</bdi> نشرت"),
        (
            "هاتف +963 11 234 5678 للمكتب",
            "11 234",
            "هاتف <bdi>+963 <mark>11 234</mark> 5678</bdi> للمكتب",
        ),
        (
            "قال Vladimir Putin إن",
            "قال Vladimir",
            "<mark>قال </mark><bdi><mark>Vladimir</mark> Putin</bdi> إن",
        ),
    ],
)
def test_a_run_is_isolated_once_with_the_marks_inside_it(text, marked_part, html):
    at = text.index(marked_part)

    assert marked(text, [(at, at + len(marked_part))]) == html


def test_only_a_slice_is_written_when_asked():
    text = "أول SY24 ثم Vladimir Putin آخر"

    html = isolate_pieces(text, [], lambda a, b: text[a:b], start=4, end=text.index(" Putin"))

    assert html == "<bdi>SY24</bdi> ثم <bdi>Vladimir</bdi>"
