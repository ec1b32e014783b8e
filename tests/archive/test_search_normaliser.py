"""The search copy folds what Arabic readers leave out or spell differently."""

from pathlib import Path

import pytest

from archive.normalise import (
    MOST_FORMS,
    bare_forms,
    fold,
    fold_with_map,
    search_key,
    search_terms,
    stem,
    word_bases,
    word_forms,
    words,
    words_meet,
)


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


@pytest.mark.parametrize(
    "text",
    [
        "قال المسؤول إن الاتفاق سيُنفَّذ",  # harakat on one word only
        "وزارة الدفاع الروسية، حسب مصادر",  # nothing to drop: letter for letter
        "ﻻ بد من الحل",  # a ligature folds to two letters
        "الجيش SY24 «بشار الأسد» ٢٠٢١",
        "",
    ],
)
def test_fold_map_is_the_same_whether_or_not_a_character_folds_unevenly(text):
    folded, where = fold_with_map(text)
    expected = [i for i, char in enumerate(text) for _ in fold(char)]
    assert folded == fold(text)
    assert list(where) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6.5 مليون", ["6", "5", "مليون"]),  # a decimal is two words, matched as a phrase
        ("٦٫٥", ["6", "5"]),
        ("منصة SY24،", ["منصه", "sy24"]),  # a Latin code is one word
        ("نوفمبر2020", ["نوفمبر", "2020"]),  # Arabic letters meet digits: two words
        ("كلمة_أخرى", ["كلمه", "اخري"]),  # the underscore is not part of a word
        ("Putin's", ["putin", "s"]),
    ],
)
def test_a_word_is_a_run_of_letters_and_digits(text, expected):
    assert words(fold(text)) == expected


def test_a_word_too_long_for_postgresql_is_left_out():
    assert words("قال " + "ب" * 1024 + " أمس") == ["قال", "أمس"]
    assert words("قال " + "ب" * 1023 + " أمس") == ["قال", "ب" * 1023, "أمس"]


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("موتمرات", "موتمر"),  # feminine sound plural
        ("اتفاقات", "اتفاق"),
        ("مواطنون", "مواطن"),  # masculine sound plural
        ("متطرفين", "متطرف"),
        ("اتفاقيات", "اتفاقي"),  # nisba plurals and feminine keep the nisba
        ("سوريين", "سوري"),
        ("سوريون", "سوري"),
        ("روسيه", "روسي"),
        ("لاجيين", "لاجي"),  # «لاجئين» meets «لاجئ»
        ("لاجييين", "لاجي"),  # an extra yeh typed for the hamza
        # Left alone: a final ت, ان, ه, a lone ي, the pronouns, and short words.
        ("بينت", "بينت"),
        ("لبنان", "لبنان"),
        ("مدرسه", "مدرسه"),
        ("جاري", "جاري"),
        ("اليها", "اليها"),
        ("عليه", "عليه"),
        ("بين", "بين"),
        ("سنين", "سنين"),
    ],
)
def test_stems_drop_one_plural_or_nisba_ending(word, stemmed):
    assert stem(word) == stemmed


@pytest.mark.parametrize(
    ("text_word", "query_word", "meet"),
    [
        ("بدمشق", "دمشق", True),  # the reader's word, whole, meets a bare preposition's base
        ("دمشق", "بدمشق", True),  # and the other way round
        ("وبدمشق", "دمشق", True),
        ("لموسكو", "موسكو", True),
        ("كيان", "بيان", False),  # two bare bases never meet: «يان» is no word of either
        ("بيان", "كيان", False),
        ("الموتمر", "الموتمرات", True),
        ("اللاجيين", "لاجي", True),
        ("بين", "بينت", False),
        ("بينت", "بين", False),
        ("اليها", "الي", False),
    ],
)
def test_which_words_the_index_finds_for_a_query_word(text_word, query_word, meet):
    assert words_meet(text_word, query_word) is meet


def test_bare_forms_come_only_from_a_bare_preposition():
    assert bare_forms("بدمشق") == ("دمشق",)
    assert bare_forms("وبدمشق") == ("دمشق",)
    assert bare_forms("الكبير") == ()  # after the article, a ك is the word's own
    assert bare_forms("بين") == ()  # too short to lose a letter


def test_no_word_has_more_forms_than_the_index_allows_for_without_counting():
    """indexed_words() skips counting a short text's forms on the strength of MOST_FORMS."""
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    text = " ".join(path.read_text(encoding="utf-8") for path in seeds.glob("*.txt"))
    crafted = ["وللاجئيين", "فللاتفاقيات", "وبالسوريين", "وبدمشقيين", "وكالاتفاقيات", "ولليونانيين"]
    most = max(len(word_forms(w)) + len(bare_forms(w)) for w in [*words(fold(text)), *crafted])
    assert most <= MOST_FORMS
