"""/search/?q=: a reader who misspells a name or a title word is offered «هل تقصد…»."""

import io
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command

from annotations.models import Actor
from archive.models import Article
from tests.factories import make_actor, make_annotation, make_article

pytestmark = pytest.mark.django_db

SUGGESTION_RE = re.compile(
    r'<p class="search-suggestion">هل تقصد: <a href="([^"]*)"[^>]*>(.*?)</a>؟</p>'
)

PARAGRAPH = (
    "وقال الرئيس الروسي فلاديمير بوتين إن وزير الدفاع سيرغي شويغو كلّف"
    " ميخائيل ميزينتسيف بملف عودة اللاجئين إلى سوريا."
)


def names_corpus():
    article = make_article(title="مؤتمر إعادة الإعمار في دمشق", paragraphs=[PARAGRAPH])
    paragraph = article.paragraphs.get()
    for name, alias in [
        ("فلاديمير بوتين", "بوتين"),
        ("سيرغي شويغو", "شويغو"),
        ("ميخائيل ميزينتسيف", "ميزينتسيف"),
    ]:
        actor = make_actor(name, kind="person", aliases=[alias])
        make_annotation(paragraph, name, kind="actor", actor=actor)
    return article


def page(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


def suggestion(html):
    """(the corrected query the link searches for, its params, the link's text as shown)."""
    found = SUGGESTION_RE.search(html)
    if found is None:
        return None
    params = parse_qs(urlsplit(unescape(found.group(1))).query)
    shown = re.sub(r"<[^>]+>", "", found.group(2))
    return params["q"][0], params, unescape(shown)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("بوتبن", "بوتين"),  # one letter wrong
        ("ميزنتسيف", "ميزينتسيف"),  # one letter missing
        ("شويجو", "شويغو"),  # ج for the Russian g, as Egyptian spelling has it
        ("بوتني", "بوتين"),  # two letters swapped
    ],
)
def test_a_misspelt_name_offers_the_name_and_the_suggestion_finds_it(client, typed, meant):
    article = names_corpus()

    html = page(client, typed)

    assert "لا نتائج" in html
    corrected, _, shown = suggestion(html)
    assert corrected == shown == meant
    assert f"<strong>{meant}</strong>" in html
    found = page(client, corrected)
    assert article.get_absolute_url() in found
    assert suggestion(found) is None


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("بوتبن", "بوتين"), ("ميزنتسيف", "ميزينتسيف"), ("شويجو", "شويغو"), ("اللاجئبن", "اللاجئين")],
)
def test_the_issues_probes_on_the_seed_articles(client, typed, meant):
    """The demo corpus as `make run` loads it: both articles and their 17 actors."""
    call_command("load_seeds", stdout=io.StringIO())
    call_command("load_seed_annotations", stdout=io.StringIO())

    corrected, _, _ = suggestion(page(client, typed))

    assert corrected == meant
    assert page(client, corrected).count('class="search-result"') >= 1


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("الاعمر", "الإعمار"),  # shown as the title writes it, with hamza
        ("دمشف", "دمشق"),  # the last letter wrong
        ("مءتمر", "مؤتمر"),
    ],
)
def test_a_misspelt_title_word_offers_the_word_as_the_title_writes_it(client, typed, meant):
    article = names_corpus()

    corrected, _, _ = suggestion(page(client, typed))

    assert corrected == meant
    assert article.get_absolute_url() in page(client, corrected)


def test_only_the_misspelt_word_changes_and_the_rest_stays_as_typed(client):
    names_corpus()

    corrected, _, shown = suggestion(page(client, "بوتبن وسوريا"))

    assert corrected == shown == "بوتين وسوريا"
    html = page(client, "شويجو بوتين")
    assert suggestion(html)[0] == "شويغو بوتين"
    assert "<strong>شويغو</strong> بوتين" in html


def test_a_query_that_finds_something_gets_no_suggestion(client):
    names_corpus()

    for typed in ("بوتين", "شويغو", "الاعمار", "بوتين شويغو"):
        assert suggestion(page(client, typed)) is None


def test_no_suggestion_when_no_near_word_would_find_anything(client):
    names_corpus()

    for typed in ("كوريا", "بوتبن كوريا", "ب", "2099"):
        assert suggestion(page(client, typed)) is None


def test_a_query_of_many_unknown_long_words_is_answered_without_a_suggestion(client):
    names_corpus()
    # Twelve distinct words, each with forms of its own («وال…», «…ات»): more than three
    # words that find nothing are not a typo, and the page says only «لا نتائج».
    words = [f"والمستشفي{letter}ات" for letter in "بتثجحخدذرزسش"]

    assert suggestion(page(client, " ".join(words))) is None
    assert suggestion(page(client, " ".join(words[:2]))) is None


def test_the_suggestion_keeps_the_group_being_paged(client):
    names_corpus()
    shoigu = Actor.objects.get(name="سيرغي شويغو")

    corrected, params, _ = suggestion(page(client, "شويجو", **{"in": "actors"}))

    assert corrected == "شويغو"
    assert params["in"] == ["actors"]
    assert shoigu.get_absolute_url() in page(client, corrected, **{"in": "actors"})


def test_what_the_reader_typed_is_escaped_in_the_suggestion(client):
    names_corpus()

    html = page(client, "بوتبن <&>")

    assert suggestion(html)[0] == "بوتين <&>"
    assert "<strong>بوتين</strong> &lt;&amp;&gt;" in html


def test_readers_are_not_offered_words_known_only_from_drafts(client, curator):
    names_corpus()
    draft = make_article(
        title="زيارة الكرملين السرية",
        paragraphs=["التقى سيرغي لافروف الوفد."],
        status=Article.Status.DRAFT,
    )
    lavrov = make_actor("سيرغي لافروف", kind="person", aliases=["لافروف"])
    make_annotation(draft.paragraphs.get(), "سيرغي لافروف", kind="actor", actor=lavrov)

    for typed, meant in [("لافروب", "لافروف"), ("الكرملبن", "الكرملين")]:
        assert suggestion(page(client, typed)) is None, typed
        client.force_login(curator)
        assert suggestion(page(client, typed))[0] == meant
        client.logout()

    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert suggestion(page(client, "لافروب"))[0] == "لافروف"


def test_an_actor_with_no_annotation_is_public_and_suggested(client):
    names_corpus()
    make_actor("أنطونيو غوتيريش", kind="person", aliases=["غوتيريش"])

    corrected, _, _ = suggestion(page(client, "غوتيرش", **{"in": "actors"}))

    assert corrected == "غوتيريش"


@pytest.mark.parametrize("size", [1, 300])
def test_a_search_with_a_suggestion_runs_a_fixed_number_of_queries(
    client, size, django_assert_max_num_queries
):
    names_corpus()
    # Names of the same length and keys, each a candidate read and compared.
    letters = "تثجحخدذرزسشصضطظعغفقك"
    for n in range(size):
        make_actor(f"بو{letters[n // 20]}{letters[n % 20]}ن", kind="person")

    # Six searches find nothing (three exact, three approximate); then the words
    # that match nothing, their candidates, and which corrections find something.
    with django_assert_max_num_queries(9):
        html = page(client, "بوتبن ميزنتسيف")
    assert suggestion(html)[0] == "بوتين ميزينتسيف"
