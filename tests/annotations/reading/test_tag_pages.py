"""A reader lists the tags and opens one: its annotations and the articles that hold them."""

import re
from urllib.parse import quote, unquote

import pytest
from django.utils.encoding import iri_to_uri

from annotations.models import Tag
from archive.models import Article
from tests.factories import (
    CLAIM_QUOTE,
    make_actor,
    make_annotation,
    make_article,
    make_claim,
    orphan,
)

pytestmark = pytest.mark.django_db

RETURN = "عودة اللاجئين"
RETURN_SLUG = "عودة-اللاجئين"


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def listed_tags(html):
    """{slug: count} from the tag list."""
    return {
        unquote(slug): int(count)
        for slug, count in re.findall(
            r'<a class="tag" href="/tags/([^"/]+)/">.*?data-count="[^"]*">(\d+)<', html
        )
    }


def rows(html):
    return {int(pk) for pk in re.findall(r'id="annotation-(\d+)"', html)}


def test_the_tag_list_counts_visible_annotations_per_tag(client, curator):
    make_claim(tags=[RETURN, "العقوبات"])
    make_claim(tags=[RETURN])
    make_claim(tags=[RETURN, "سري"], status=Article.Status.DRAFT)
    orphan(make_claim(tags=["يتيم"]))

    html = get(client, "/tags/")

    assert listed_tags(html) == {RETURN_SLUG: 2, "العقوبات": 1}
    assert list(listed_tags(html)) == [RETURN_SLUG, "العقوبات"]  # most used first
    client.force_login(curator)
    assert listed_tags(get(client, "/tags/")) == {RETURN_SLUG: 3, "العقوبات": 1, "سري": 1}


def test_an_arabic_tag_slug_works_raw_and_percent_encoded(client):
    claim = make_claim(tags=[RETURN])
    assert Tag.objects.get(name=RETURN).slug == RETURN_SLUG

    raw = get(client, f"/tags/{RETURN_SLUG}/")
    encoded = get(client, f"/tags/{quote(RETURN_SLUG)}/")

    assert raw == encoded
    assert f"<h1><bdi>{RETURN}</bdi></h1>" in raw and rows(raw) == {claim.pk}


def test_the_tag_page_lists_its_annotations_with_links_to_their_highlights(client):
    ministry = make_actor()
    claim = make_claim(actor=ministry, tags=[RETURN], title="مقال عن عودة اللاجئين")
    article = claim.paragraph.article
    mention = make_annotation(
        claim.paragraph, "وزارة الدفاع الروسية", kind="actor", actor=ministry, tags=[RETURN]
    )
    other = make_claim(tags=["العقوبات"])

    html = get(client, f"/tags/{RETURN_SLUG}/")

    assert rows(html) == {claim.pk, mention.pk}
    assert other.pk not in rows(html)
    assert CLAIM_QUOTE in html
    assert '<span class="kind-badge kind-claim">ادعاء</span>' in html
    assert '<span class="kind-badge kind-actor">فاعل</span>' in html
    assert f'<a href="{ministry.get_absolute_url()}"><bdi>وزارة الدفاع الروسية</bdi></a>' in html
    href = f"{article.get_absolute_url()}#a-{claim.pk}"
    assert unquote(href) == f"/articles/{article.slug}/#a-{claim.pk}"
    assert f'href="{href}"' in html
    assert f'href="{article.get_absolute_url()}#a-{mention.pk}"' in html


def test_the_tag_page_lists_the_articles_with_a_count_each(client):
    busy = make_claim(tags=[RETURN], title="مقال كثير الوسوم")
    # before the claim in the paragraph, so it is the first one the link should reach
    mention = make_annotation(
        busy.paragraph, "وزارة الدفاع الروسية", kind="actor", actor=make_actor(), tags=[RETURN]
    )
    quiet = make_claim(tags=[RETURN], title="مقال قليل الوسوم")

    html = get(client, f"/tags/{RETURN_SLUG}/")
    articles = html[html.index('id="articles-heading"') : html.index('id="annotations-heading"')]

    items = re.findall(
        r'<a href="([^"]+)">([^<]+)</a>\s*<span class="row-meta"><span class="hit-count">([^<]+)</span>',
        articles,
    )
    assert items == [
        (
            f"{quiet.paragraph.article.get_absolute_url()}#a-{quiet.pk}",
            "مقال قليل الوسوم",
            "توسيم واحد",
        ),
        (
            f"{busy.paragraph.article.get_absolute_url()}#a-{mention.pk}",
            "مقال كثير الوسوم",
            "توسيمان",
        ),
    ]
    assert '<strong data-count="articles">2</strong>' in html
    assert '<strong data-count="annotations">3</strong>' in html


def test_a_reader_does_not_see_drafts_or_orphans_on_a_tag_page(client, curator):
    published = make_claim(tags=[RETURN])
    draft = make_claim(tags=[RETURN], status=Article.Status.DRAFT, title="مسودة سرية")
    lost = orphan(make_claim(tags=[RETURN]))

    html = get(client, f"/tags/{RETURN_SLUG}/")
    assert rows(html) == {published.pk} and "مسودة سرية" not in html

    client.force_login(curator)
    html = get(client, f"/tags/{RETURN_SLUG}/")
    assert rows(html) == {published.pk, draft.pk} and lost.pk not in rows(html)


def test_an_unknown_tag_is_404(client):
    make_claim(tags=[RETURN])

    assert client.get("/tags/وسم-لا-وجود-له/").status_code == 404
    assert client.get("/tags/%00/").status_code == 400  # refused before any lookup


def test_tag_annotations_are_paginated(client):
    article = make_article(paragraphs=["وادعت الوزارة أن الحدث يهدف إلى إعطاء دفعة إضافية."] * 26)
    for paragraph in article.paragraphs.all():
        make_annotation(paragraph, "الحدث يهدف", cue="وادعت", tags=[RETURN])

    first = get(client, f"/tags/{RETURN_SLUG}/")
    second = get(client, f"/tags/{RETURN_SLUG}/", page=2)

    assert len(rows(first)) == 25 and len(rows(second)) == 1
    assert 'rel="next" href="?page=2"' in first


def test_tags_on_reading_page_cards_link_to_their_tag_page(client):
    claim = make_claim(tags=[RETURN])

    html = get(client, claim.paragraph.article.get_absolute_url())

    (href,) = re.findall(rf'<a class="tag" href="([^"]+)"><bdi>{RETURN}</bdi></a>', html)
    # The link is the tag page's address (as the browser requests it, Arabic encoded).
    assert iri_to_uri(href) == f"/tags/{quote(RETURN_SLUG)}/"
    assert client.get(iri_to_uri(href)).status_code == 200


def test_a_hostile_tag_is_escaped_everywhere(client):
    hostile = "<script>alert(1)</script>"
    claim = make_claim(tags=[hostile])
    tag = Tag.objects.get(name=hostile)
    escaped = "<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi>"

    for url in ("/tags/", f"/tags/{tag.slug}/", claim.paragraph.article.get_absolute_url()):
        html = get(client, url)
        assert "<script>alert" not in html, url
        assert escaped in html, url


@pytest.mark.parametrize("count", [1, 30])
def test_query_count_is_constant_with_1_or_30_tagged_annotations(
    client, django_assert_max_num_queries, count
):
    for n in range(count):
        make_claim(
            actor=make_actor(f"متحدث {n}", kind="person"),
            source_actor=make_actor(f"مصدر {n}", kind="unnamed_collective"),
            tags=[RETURN, f"وسم {n}"],
        )

    # the tags' number and a page of them
    with django_assert_max_num_queries(2):
        html = get(client, "/tags/")
    assert len(listed_tags(html)) == count + 1

    # tag, count, page, articles
    with django_assert_max_num_queries(4):
        html = get(client, f"/tags/{RETURN_SLUG}/")
    assert len(rows(html)) == min(count, 25)
