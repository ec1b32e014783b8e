"""Offsets are code points; a quote that moved is found again by its context."""

import pytest

from annotations.anchoring import find_quote, quote_at, span_problems

TEXT = "قال 😀 المتحدث إن منصة SY24 نشرت الخبر، وإن المُؤتَمَر انعقد. ثم قال المتحدث إن الخبر صحيح."


def test_an_emoji_before_the_span_counts_as_one_code_point():
    start = TEXT.index("المتحدث")
    assert start == 6  # UTF-16 would say 7: the emoji is two units there
    assert TEXT[start : start + len("المتحدث")] == "المتحدث"


def test_quote_at_takes_up_to_32_characters_of_context():
    start = TEXT.index("SY24")
    quote = quote_at(TEXT, start, start + 4)
    assert quote.exact == "SY24"
    assert quote.prefix == TEXT[max(0, start - 32) : start]
    assert quote.suffix == TEXT[start + 4 : start + 36]


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        (-1, 3, "سالبة"),
        (5, 5, "تسبق"),
        (9, 4, "تسبق"),
        (0, 999, "تتجاوز"),
        (3, 4, "فراغ"),
    ],
)
def test_unusable_spans(start, end, problem):
    assert any(problem in p for p in span_problems(TEXT, start, end))


def test_a_span_may_not_split_a_letter_from_its_harakat():
    word = TEXT.index("المُؤتَمَر")
    # "المُ": cutting after م leaves its damma outside the span.
    assert any("حركته" in p for p in span_problems(TEXT, word, word + 3))
    assert any("حركته" in p for p in span_problems(TEXT, word + 4, word + 8))
    assert span_problems(TEXT, word, word + len("المُؤتَمَر")) == []


def test_find_quote_prefers_the_occurrence_whose_context_matches():
    second = TEXT.rindex("قال المتحدث")
    quote = quote_at(TEXT, second, second + len("قال المتحدث"))
    # "قال المتحدث" occurs once; "المتحدث" twice: context picks the second.
    exact = "المتحدث"
    at = TEXT.rindex(exact)
    q = quote_at(TEXT, at, at + len(exact))
    assert find_quote(TEXT, exact, q.prefix, q.suffix, near=0) == (at, at + len(exact))
    assert find_quote(TEXT, quote.exact, quote.prefix, quote.suffix) == (
        second,
        second + len(quote.exact),
    )


def test_find_quote_returns_none_when_the_words_are_gone():
    assert find_quote(TEXT, "كلمات غير موجودة") is None
