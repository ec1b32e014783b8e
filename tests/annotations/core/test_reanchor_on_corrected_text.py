"""When an article's text is corrected, each annotation follows its words or says it lost them."""

import pytest

from annotations.models import Annotation
from annotations.reanchoring import FUZZY_THRESHOLD
from archive.paragraphs import replace_paragraphs
from tests.factories import make_actor, make_annotation, make_article

pytestmark = pytest.mark.django_db

P1 = "أعلنت وزارة الدفاع الروسية عن اجتماع في دمشق يوم ٢٠٢٤/٧/٢٦ حسب منصة SY24."
P2 = "وقال بوتين إن حجم الكارثه الانسانيه في سوريا لا يزال كبيرا. وأضاف أن المؤتمرر سيعقد قريبا."
P3 = "وزعم المسؤول الروسي أن اللاجئين سيعودون قريبا إلى مدنهم وقراهم."


@pytest.fixture
def article():
    return make_article(paragraphs=[P1, P2, P3])


def paragraph(article, position):
    return article.paragraphs.get(position=position)


def annotate(article, position, exact, **fields):
    return make_annotation(paragraph(article, position), exact, **fields)


def reloaded(annotation):
    annotation = Annotation.objects.select_related("paragraph").get(pk=annotation.pk)
    return annotation, annotation.paragraph


def assert_on_its_words(annotation):
    assert annotation.paragraph.text[annotation.start : annotation.end] == annotation.exact


def test_an_unchanged_quote_keeps_its_offsets_and_is_not_saved_again(article):
    claim = annotate(article, 3, "اللاجئين سيعودون قريبا")
    updated = claim.updated

    replace_paragraphs(article, [P1, P2.replace("كبيرا", "كبيرًا جدًا"), P3])

    claim, p = reloaded(claim)
    assert (p.position, claim.start, claim.anchor_state) == (3, P3.index("اللاجئين"), "anchored")
    assert claim.updated == updated


def test_a_word_inserted_before_the_quote_shifts_it(article):
    claim = annotate(article, 3, "اللاجئين سيعودون قريبا")

    replace_paragraphs(article, [P1, P2, P3.replace("الروسي أن", "الروسي البارز أن")])

    claim, _ = reloaded(claim)
    assert claim.anchor_state == "anchored"
    assert claim.start == P3.index("اللاجئين") + len(" البارز")
    assert_on_its_words(claim)


def test_an_emoji_inserted_before_the_span_shifts_it_by_one_code_point(article):
    mention = annotate(article, 2, "بوتين", kind="actor", actor=make_actor("بوتين", kind="person"))

    replace_paragraphs(article, [P1, "😀 " + P2, P3])

    mention, _ = reloaded(mention)
    assert (mention.start, mention.anchor_state) == (P2.index("بوتين") + 2, "anchored")
    assert_on_its_words(mention)


def test_a_typo_fixed_inside_the_quote_moves_it_to_the_corrected_words(article):
    claim = annotate(article, 2, "حجم الكارثه الانسانيه في سوريا")
    cue = annotate(article, 2, "المؤتمرر سيعقد قريبا")

    corrected = P2.replace("الكارثه الانسانيه", "الكارثة الإنسانية").replace("المؤتمرر", "المؤتمر")
    replace_paragraphs(article, [P1, corrected, P3])

    claim, _ = reloaded(claim)
    assert (claim.anchor_state, claim.exact) == ("moved", "حجم الكارثة الإنسانية في سوريا")
    assert_on_its_words(claim)
    cue, _ = reloaded(cue)
    assert (cue.anchor_state, cue.exact) == ("moved", "المؤتمر سيعقد قريبا")
    assert_on_its_words(cue)


def test_diacritics_added_over_the_quote_move_it_with_its_harakat(article):
    claim = annotate(article, 3, "اللاجئين سيعودون")

    replace_paragraphs(article, [P1, P2, P3.replace("اللاجئين سيعودون", "اللاجِئِينَ سيَعودُونَ")])

    claim, _ = reloaded(claim)
    assert (claim.anchor_state, claim.exact) == ("moved", "اللاجِئِينَ سيَعودُونَ")
    assert_on_its_words(claim)


def test_a_deleted_sentence_orphans_the_quote_it_held(article):
    claim = annotate(article, 2, "المؤتمرر سيعقد قريبا")
    kept = annotate(article, 2, "حجم الكارثه الانسانيه")

    replace_paragraphs(article, [P1, P2.split(" وأضاف")[0], P3])

    claim, p = reloaded(claim)
    assert (claim.anchor_state, claim.exact, p.position) == ("orphaned", "المؤتمرر سيعقد قريبا", 2)
    kept, _ = reloaded(kept)
    assert kept.anchor_state == "anchored"


def test_the_same_word_elsewhere_does_not_adopt_an_orphan(article):
    # «قريبا» is in paragraphs 2 and 3; deleting it from 3 must not send the
    # annotation to paragraph 2's «قريبا», which is other words.
    word = annotate(article, 3, "قريبا")

    replace_paragraphs(article, [P1, P2, "وزعم المسؤول الروسي أن اللاجئين سيعودون."])

    word, _ = reloaded(word)
    assert word.anchor_state == "orphaned"


def test_a_split_paragraph_takes_its_annotations_to_the_new_paragraph(article):
    first, second = P2.split(" وأضاف")
    second = "وأضاف" + second
    claim = annotate(article, 2, "المؤتمرر سيعقد قريبا")
    word = annotate(article, 3, "مدنهم وقراهم")

    replace_paragraphs(article, [P1, first, second, P3])

    claim, p = reloaded(claim)
    assert (p.position, claim.start, claim.anchor_state) == (
        3,
        second.index("المؤتمرر"),
        "anchored",
    )
    word, p = reloaded(word)
    assert (p.position, word.anchor_state) == (4, "anchored")
    assert_on_its_words(claim)
    assert_on_its_words(word)


def test_merged_paragraphs_keep_their_annotations_on_the_merged_text(article):
    claim = annotate(article, 3, "اللاجئين سيعودون قريبا")
    mention = annotate(article, 1, "وزارة الدفاع الروسية", kind="actor", actor=make_actor())

    replace_paragraphs(article, [P1 + " " + P2, P3])

    claim, p = reloaded(claim)
    assert (p.position, claim.anchor_state) == (2, "anchored")
    mention, p = reloaded(mention)
    assert (p.position, mention.start, mention.anchor_state) == (1, P1.index("وزارة"), "anchored")
    assert article.paragraphs.count() == 2


def test_reordered_paragraphs_are_followed(article):
    claim = annotate(article, 3, "اللاجئين سيعودون قريبا")
    source = annotate(article, 1, "حسب منصة SY24", kind="source")

    replace_paragraphs(article, [P3, P2, P1])

    claim, p = reloaded(claim)
    assert (p.position, claim.start, claim.anchor_state) == (1, P3.index("اللاجئين"), "anchored")
    source, p = reloaded(source)
    assert (p.position, source.anchor_state) == (3, "anchored")


def test_a_claim_keeps_its_source_when_both_move(article):
    source = annotate(article, 1, "حسب منصة SY24", kind="source")
    claim = annotate(article, 1, "عن اجتماع في دمشق", via=source)

    replace_paragraphs(article, [P2, P1, P3])

    claim, p = reloaded(claim)
    assert (p.position, claim.via_id) == (2, source.pk)


def test_an_orphan_is_found_again_when_its_words_come_back(article):
    claim = annotate(article, 2, "المؤتمرر سيعقد قريبا")
    replace_paragraphs(article, [P1, "فقرة أخرى تماما عن موضوع مختلف.", P3])
    assert reloaded(claim)[0].anchor_state == "orphaned"

    replace_paragraphs(article, [P1, P2, P3])

    claim, _ = reloaded(claim)
    assert claim.anchor_state == "anchored"
    assert_on_its_words(claim)


def test_annotations_on_a_removed_paragraph_survive_as_orphans(article):
    claim = annotate(article, 3, "اللاجئين سيعودون قريبا")

    replace_paragraphs(article, [P1, P2])

    claim, p = reloaded(claim)
    assert claim.anchor_state == "orphaned"
    assert p.article_id == article.pk and p.position == 2


def test_the_threshold_refuses_a_different_phrase_sharing_words(article):
    assert 0.5 < FUZZY_THRESHOLD < 1
    claim = annotate(article, 3, "اللاجئين سيعودون قريبا إلى مدنهم")

    replace_paragraphs(article, [P1, P2, "وقال المسؤول إن النازحين لن يعودوا إلى مدنهم."])

    assert reloaded(claim)[0].anchor_state == "orphaned"


def test_orphans_are_not_highlighted_on_the_reading_page(client, article):
    claim = annotate(article, 2, "المؤتمرر سيعقد قريبا")
    replace_paragraphs(article, [P1, P2.split(" وأضاف")[0], P3])

    html = client.get(article.get_absolute_url()).content.decode()

    assert f'data-a="{claim.pk}"' not in html


def test_a_failure_while_re_anchoring_leaves_text_and_annotations_as_they_were(
    article, monkeypatch
):
    claim = annotate(article, 3, "اللاجئين سيعودون قريبا")
    import annotations.reanchoring as reanchoring

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(reanchoring, "locate", broken)
    with pytest.raises(RuntimeError):
        replace_paragraphs(article, [P1, P2, "😀 " + P3])

    assert paragraph(article, 3).text == P3
    assert reloaded(claim)[0].start == P3.index("اللاجئين")


def test_a_quote_ending_its_paragraph_is_followed_when_a_word_is_inserted_before_it(article):
    # No suffix to go by and the prefix changed: it is the only «مدنهم وقراهم» left.
    ending = annotate(article, 3, "مدنهم وقراهم")

    replace_paragraphs(article, [P1, P2, P3.replace("إلى مدنهم", "إلى بيوتهم في مدنهم")])

    ending, _ = reloaded(ending)
    assert ending.anchor_state == "anchored"
    assert_on_its_words(ending)


def test_a_moved_annotation_says_so_on_its_card(client, article):
    claim = annotate(article, 2, "حجم الكارثه الانسانيه")
    replace_paragraphs(article, [P1, P2.replace("الكارثه الانسانيه", "الكارثة الإنسانية"), P3])

    html = client.get(article.get_absolute_url()).content.decode()

    card = html[html.index(f'id="card-{claim.pk}"') :]
    assert "فنُقل التوسيم إلى الكلمات المصحّحة" in card[: card.index("</article>")]
