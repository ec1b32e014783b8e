"""The search copy folds what Arabic readers leave out or spell differently."""

import pytest

from archive.normalise import fold_with_map, search_key, search_terms, word_bases


@pytest.mark.parametrize(
    ("typed", "published"),
    [
        ("الاسد", "الأسد"),  # hamza on alef
        ("اعادة", "إعادة"),  # hamza under alef
        ("القران", "القرآن"),  # madda
        ("مؤتمر", "مُؤتَمَر"),  # harakat
        ("زعم", "زعـــم"),  # tatweel
        ("2021", "٢٠٢١"),  # Arabic-Indic digits
        ("2021", "۲۰۲۱"),  # Persian digits
        ("مستشفي", "مستشفى"),  # alef maqsura
        ("مدرسه", "مدرسة"),  # ta marbuta
        ("مسوول", "مسؤول"),  # hamza on waw
        ("رييس", "رئيس"),  # hamza on ya
        ("لا", "ﻻ"),  # presentation form
        ("sy24", "SY24"),  # Latin case
        ("سوریا", "سوريا"),  # farsi yeh, as copied text often has it
        ("کبیرا", "كبيرا"),  # keheh and farsi yeh
        ("روسیه", "روسية"),  # farsi yeh, and heh for ta marbuta
        ("مدرسہ", "مدرسة"),  # Urdu heh goal
    ],
)
def test_reader_spelling_and_published_spelling_share_one_key(typed, published):
    assert search_key(typed) == search_key(published)


@pytest.mark.parametrize(
    ("word", "bases"),
    [
        ("والمدرسه", ("مدرسه",)),
        ("المدرسه", ("مدرسه",)),
        ("بالمدرسه", ("مدرسه",)),
        ("وزعم", ("زعم",)),
        ("فالوزير", ("وزير",)),
        ("كالعاده", ("عاده",)),
        # «لل» is «ل» + the article, or «ل» + an article merged into a word's own lam.
        ("للمدرسه", ("مدرسه", "لمدرسه")),
        ("للاجيين", ("اجيين", "لاجيين")),
        # Too short to carry a prefix: the letters are the word's own.
        ("وطن", ("وطن",)),
        ("الله", ("الله",)),
        ("بلد", ("بلد",)),
        ("2021", ("2021",)),
    ],
)
def test_word_bases_strip_conjunction_preposition_and_article(word, bases):
    assert word_bases(word) == bases


def test_search_terms_give_each_word_and_its_bases_once():
    assert search_terms("وزعـــم المسؤول الروسي أن المسؤول") == [
        ("وزعم", "زعم"),
        ("المسوول", "مسوول"),
        ("الروسي", "روسي"),
        ("ان",),
    ]


def test_fold_map_points_every_folded_character_at_its_published_character():
    text = "قال 😀 المُؤتَمَرُ: وزعـــم"
    folded, where = fold_with_map(text)
    assert folded == search_key(text)
    assert len(where) == len(folded)
    start = folded.index("وزعم")
    assert text[where[start] :] == "وزعـــم"
    start = folded.index("المو")
    assert text[where[start]] == "ا"
