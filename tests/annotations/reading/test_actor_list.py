"""A reader lists the actors, grouped by kind, with how often each made a claim or was mentioned."""

import re
from urllib.parse import unquote

import pytest

from archive.models import Article
from tests.factories import make_actor, make_annotation, make_article, make_claim, orphan

pytestmark = pytest.mark.django_db

URL = "/actors/"


def get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def rows(html):
    """{slug: (claims, mentions)} in page order."""
    return {
        unquote(slug): (int(claims), int(mentions))
        for slug, claims, mentions in re.findall(
            r'<tr data-actor="([^"]+)">.*?data-count="claims">(\d+)<.*?data-count="mentions">(\d+)<',
            html,
            flags=re.S,
        )
    }


def headings(html):
    return re.findall(r'<h2 id="kind-\d+">([^<]+?) <span', html)


def mention(actor, article=None):
    article = article or make_article(paragraphs=["وقال الوزير إن الوفد وصل إلى دمشق."])
    return make_annotation(article.paragraphs.get(), "الوزير", kind="actor", actor=actor)


def test_actors_are_grouped_by_kind_then_ordered_by_most_claims(client):
    ministry = make_actor("وزارة الدفاع الروسية", kind="government_body")
    putin = make_actor("فلاديمير بوتين", kind="person")
    assad = make_actor("بشار الأسد", kind="person")
    russia = make_actor("روسيا", kind="state")
    make_claim(actor=assad)
    make_claim(actor=putin)
    make_claim(actor=putin)
    mention(putin)
    make_claim(actor=ministry)

    html = get(client)

    # kinds in the model's order (people, states, government bodies), with Arabic headings
    assert headings(html) == ["شخص", "دولة", "جهة حكومية"]
    assert list(rows(html)) == [putin.slug, assad.slug, russia.slug, ministry.slug]
    assert rows(html)[putin.slug] == (2, 1)
    assert rows(html)[russia.slug] == (0, 0)


def test_counts_leave_out_drafts_for_readers_and_orphans_for_everyone(client, curator):
    putin = make_actor("فلاديمير بوتين", kind="person")
    make_claim(actor=putin)
    make_claim(actor=putin, status=Article.Status.DRAFT)
    orphan(make_claim(actor=putin))
    mention(putin)
    mention(putin, make_article(paragraphs=["قال الوزير"], status=Article.Status.DRAFT))
    # a source that is the actor is a mention; the claim's source here has no actor
    make_claim(actor=make_actor("الوفد"), source_actor=putin)

    assert rows(get(client))[putin.slug] == (1, 2)
    client.force_login(curator)
    assert rows(get(client))[putin.slug] == (2, 3)


def test_kind_filter_shows_only_that_kind(client):
    putin = make_actor("فلاديمير بوتين", kind="person")
    make_actor("روسيا", kind="state")

    html = get(client, kind="person")

    assert list(rows(html)) == [putin.slug]
    assert headings(html) == ["شخص"]
    assert '<option value="person" selected>شخص</option>' in html


def test_a_name_search_finds_aliases_without_hamza_or_harakat(client):
    assad = make_actor("بشار الأسد", kind="person", aliases=["رأس النظام"])
    make_actor("فلاديمير بوتين", kind="person")

    assert list(rows(get(client, q="راس النظام"))) == [assad.slug]
    assert list(rows(get(client, q="الاسد"))) == [assad.slug]
    assert list(rows(get(client, q="بشار"))) == [assad.slug]
    assert rows(get(client, q="لا أحد بهذا الاسم")) == {}


def test_an_invalid_kind_is_reported_and_ignored(client):
    make_actor("روسيا", kind="state")
    putin = make_actor("فلاديمير بوتين", kind="person")

    html = get(client, kind="wizard", q="بوتين")

    assert 'class="filter-problem"' in html and "«النوع»: قيمة غير معروفة" in html
    assert list(rows(html)) == [putin.slug]  # the name search still applies
    # a NUL cannot reach the database (PostgreSQL would fail on it): refused before the view
    assert client.get(URL, {"q": "\x00بوتين"}).status_code == 400


def test_pagination_keeps_the_filters(client):
    for n in range(101):
        make_actor(f"مسؤول روسي {n}", kind="person")
    make_actor("مسؤول في دولة", kind="state")

    first = get(client, kind="person", q="روسي")
    second = get(client, kind="person", q="روسي", page=2)

    assert len(rows(first)) == 100 and len(rows(second)) == 1
    next_link = re.search(r'rel="next" href="([^"]+)"', first).group(1)
    assert "kind=person" in next_link and "page=2" in next_link
    assert "q=%D8%B1%D9%88%D8%B3%D9%8A" in next_link

    # A refused kind is reported on the page, not carried into its page links.
    refused = get(client, kind="wizard", q="روسي")
    next_link = re.search(r'rel="next" href="([^"]+)"', refused).group(1)
    assert "wizard" not in next_link and "q=%D8%B1%D9%88%D8%B3%D9%8A" in next_link


def test_hostile_actor_names_are_escaped(client):
    make_actor("<script>alert(1)</script>", kind="person")

    html = get(client)

    assert "<script>alert" not in html
    assert "<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi>" in html


@pytest.mark.parametrize("count", [1, 30])
def test_query_count_is_constant_with_1_or_30_actors(client, django_assert_max_num_queries, count):
    for n in range(count):
        actor = make_actor(f"فاعل {n}", kind=["person", "state", "ngo"][n % 3])
        make_claim(actor=actor)
        mention(actor)

    # the count, then the page with every count
    with django_assert_max_num_queries(2):
        html = get(client, q="فاعل")

    assert len(rows(html)) == count


def total(html):
    return int(re.search(r"عدد الفاعلين: <strong>(\d+)</strong>", html)[1])


def test_the_number_of_actors_follows_each_write_and_each_filter(client, settings):
    """The total is kept between requests; a new actor, a claim on a draft-only actor
    and each filter are counted at once."""
    settings.QIRAA_PAGE_CACHE = False  # the list itself is built each time
    make_actor("وزارة الدفاع الروسية", kind="government_body")
    assert total(get(client)) == 1
    assert total(get(client)) == 1  # from the kept count

    make_actor("فلاديمير بوتين", kind="person")
    assert total(get(client)) == 2
    assert total(get(client, kind="person")) == 1
    assert total(get(client, q="بوتين")) == 1
    assert total(get(client, q="الدفاع")) == 1

    # Known only from a draft: no longer listed for readers.
    make_claim(actor=make_actor("قائد لواء", kind="person"), status=Article.Status.DRAFT)
    assert total(get(client)) == 2
    assert total(get(client, kind="person")) == 1
