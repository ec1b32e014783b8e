"""The list pages read a page of rows and kept counts: the same answers, as many queries, at any size.

A reader or an editor opening /, /actors/, /claims/, /tags/, /data/ or
/api/claims/ sees what counting the whole archive would show, and the page
costs the same number of queries with 3 articles as with 30.
"""

import datetime
from itertools import count

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from annotations.reading.browse import CLAIM, for_rows, shown_annotations
from annotations.reading.claims import FACETS, ClaimSearch, NewestClaims, kept_total
from annotations.roles import ensure_editors_group
from archive.models import Article
from tests.factories import make_actor, make_claim, make_outlet, orphan

pytestmark = pytest.mark.django_db
PAGES = ["/", "/actors/", "/claims/", "/tags/", "/data/", "/api/claims/", "/api/articles/"]
_day = count()


def editor():
    user = get_user_model().objects.create_user(f"editor-{next(_day)}")
    user.groups.add(ensure_editors_group())
    return user


def add_articles(n, *, actors, outlets):
    """`n` articles with two claims each: drafts, orphans, shared and missing dates among them."""
    for _ in range(n):
        k = next(_day)
        day = None if k % 5 == 0 else datetime.date(2020, 1, 1) + datetime.timedelta(days=k % 3)
        status = "draft" if k % 4 == 0 else "published"
        first = make_claim(
            actor=actors[k % len(actors)],
            stance=("neutral", "distancing", "endorsing")[k % 3],
            specificity=(None, "media_relay", "anonymous")[k % 3],
            tags=[f"وسم {k % 4}", "لاجئون"][: 1 + k % 2],
            published_on=day,
            status=status,
            outlet=outlets[k % len(outlets)] if k % 3 else None,
        )
        make_claim(first.paragraph, actor=actors[(k + 1) % len(actors)], specificity=None)
        if k % 7 == 0:
            orphan(first)


@pytest.fixture
def archive():
    actors = [
        make_actor("بشار الأسد", kind="person"),
        make_actor("روسيا", kind="state"),
        make_actor("وزارة الدفاع الروسية"),
    ]
    outlets = [make_outlet("SY24"), make_outlet("عنب بلدي")]
    add_articles(3, actors=actors, outlets=outlets)
    return actors, outlets


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("who", ["reader", "editor"])
def test_each_list_costs_the_same_queries_with_ten_times_the_articles(client, archive, who):
    if who == "editor":
        client.force_login(editor())
    small = {url: queries(client, url) for url in PAGES}
    add_articles(27, actors=archive[0], outlets=archive[1])
    assert {url: queries(client, url) for url in PAGES} == small


@pytest.mark.parametrize("who", ["reader", "editor"])
def test_every_page_of_the_whole_claims_index_holds_the_claims_the_full_order_gives(archive, who):
    add_articles(9, actors=archive[0], outlets=archive[1])
    user = editor() if who == "editor" else AnonymousUser()
    everything = [c.pk for c in for_rows(shown_annotations(user).filter(kind=CLAIM))]
    walked = NewestClaims(user, kept_total("all" if who == "editor" else "published"))
    assert walked.count() == len(everything)
    for size in (1, 3, 7):
        pages = [
            [c.pk for c in walked[start : start + size]]
            for start in range(0, len(everything) + size, size)
        ]
        assert [pk for page in pages for pk in page] == everything


@pytest.mark.parametrize("who", ["reader", "editor"])
@pytest.mark.parametrize("chosen", [{}, {"stance": "neutral"}, {"speaker": "بشار-الأسد"}])
def test_facets_from_kept_counts_are_the_facets_counted_over_the_claims(archive, who, chosen):
    add_articles(6, actors=archive[0], outlets=archive[1])
    user = editor() if who == "editor" else AnonymousUser()
    query = QueryDict(mutable=True)
    query.update(chosen)
    search = ClaimSearch(query, user=user, path="/claims/")
    total = search.claims().count()
    shown = {
        facet.param: [(v.value, v.label, v.count) for v in facet.values]
        for facet in search.facets(total)
    }
    for param, count_over in FACETS.items():
        counted = count_over(search.claims(without=param))
        expected = [(str(value), label, n) for value, label, n in counted]
        if param in chosen and not any(value == chosen[param] for value, _, _ in expected):
            continue
        assert shown[param][: len(expected)] == expected, param
    assert shown["stance"]


def test_the_article_list_pages_through_what_each_may_see(client, archive):
    add_articles(40, actors=archive[0], outlets=archive[1])
    html = client.get("/", {"page": 2}).content.decode()
    published = Article.objects.filter(status="published").count()
    pages = -(-published // 20)
    assert f"صفحة 2 من {pages}" in html
    client.force_login(editor())
    html = client.get("/", {"page": 2}).content.decode()
    assert f"صفحة 2 من {-(-Article.objects.count() // 20)}" in html
