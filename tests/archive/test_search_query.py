"""What readers type is parsed the same way for both databases."""

import pytest

from archive.search.query import MAX_QUERY_LENGTH, QueryProblem, Term, parse


def test_words_are_folded_and_all_required():
    query = parse("الأسد  مُؤتَمَر")
    assert query.groups == [[Term(("الاسد",))], [Term(("موتمر",))]]
    assert query.terms[0].forms == ("الاسد", "اسد")


def test_quotes_make_a_phrase_and_arabic_quotes_too():
    assert parse('"عودة اللاجئين"').groups == [[Term(("عوده", "اللاجيين"), exact=True)]]
    assert parse("«عودة اللاجئين»").groups == [[Term(("عوده", "اللاجيين"), exact=True)]]


def test_a_quoted_word_is_matched_as_written_only():
    assert parse('"المدرسة"').terms[0].forms == ("المدرسه",)


def test_minus_excludes_and_or_joins():
    query = parse("بوتين -الأسد اللاجئين أو النازحين")
    assert query.groups == [
        [Term(("بوتين",))],
        [Term(("اللاجيين",)), Term(("النازحين",))],
    ]
    assert query.excluded == [Term(("الاسد",))]


def test_an_unclosed_quote_runs_to_the_end_and_says_so():
    query = parse('"عودة اللاجئين')
    assert query.groups == [[Term(("عوده", "اللاجيين"), exact=True)]]
    assert query.notes


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("؟!،.", "no_words"),
        ('"" - -- «»', "no_words"),
        ("-الأسد -بوتين", "only_excluded"),
        ("ا" * (MAX_QUERY_LENGTH + 1), "too_long"),
        (" ".join(f"كلمة{n}" for n in range(13)), "too_many"),
    ],
)
def test_queries_that_cannot_be_searched_say_why(typed, code):
    with pytest.raises(QueryProblem) as problem:
        parse(typed)
    assert problem.value.code == code
    assert problem.value.message


def test_or_alone_is_a_word():
    assert parse("أو").groups == [[Term(("او",))]]
