"""A reader opens an actor: who they are, every claim they made across articles, where they are mentioned."""

import datetime
import re
from urllib.parse import quote, unquote

import pytest

from annotations.models import Actor
from archive.bidi import isolate_ltr_runs
from archive.models import Article
from tests.factories import (
    CLAIM_QUOTE,
    make_actor,
    make_annotation,
    make_article,
    make_claim,
    make_outlet,
    orphan,
)

pytestmark = pytest.mark.django_db


def page(client, actor, **params):
    response = client.get(actor.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


def claim_rows(html):
    return re.findall(r'<li class="claim-row" id="claim-(\d+)">', html)


def test_the_page_says_who_the_actor_is(client):
    russia = make_actor("روسيا", kind="state")
    putin = actor_with(
        "فلاديمير بوتين",
        kind="person",
        name_en="Vladimir Putin",
        country="RUS",
        wikidata_id="Q7747",
        parent=russia,
        aliases=["الرئيس الروسي", "بوتين"],
    )
    ministry = make_actor("وزارة الدفاع الروسية")
    ministry.parent = russia
    ministry.save()

    html = page(client, russia)
    assert "<h1><bdi>روسيا</bdi></h1>" in html and "دولة" in html
    # children link to their own pages
    assert f'<a href="{putin.get_absolute_url()}"><bdi>فلاديمير بوتين</bdi></a>' in html
    assert f'<a href="{ministry.get_absolute_url()}"><bdi>وزارة الدفاع الروسية</bdi></a>' in html

    html = page(client, putin)
    assert "شخص" in html and "Vladimir Putin" in html and "<bdi>روسيا</bdi>" in html
    assert "<bdi>الرئيس الروسي</bdi>" in html and "<bdi>بوتين</bdi>" in html
    assert f'<a href="{russia.get_absolute_url()}"><bdi>روسيا</bdi></a>' in html
    assert 'href="https://www.wikidata.org/wiki/Q7747"' in html


def actor_with(name, *, kind, aliases=(), **fields):
    actor = make_actor(name, kind=kind, aliases=aliases)
    for field, value in fields.items():
        setattr(actor, field, value)
    actor.save()
    return actor


def test_each_claim_shows_its_quote_cue_source_article_and_links_to_the_highlight(client):
    ministry = make_actor()
    platform = make_actor("منصة SY24", kind="media_outlet")
    claim = make_claim(
        actor=ministry,
        source_actor=platform,
        outlet=make_outlet(),
        published_on=datetime.date(2021, 7, 20),
    )
    article = claim.paragraph.article

    html = page(client, ministry)

    assert claim_rows(html) == [str(claim.pk)]
    assert CLAIM_QUOTE in html
    assert "«<bdi>وادعت</bdi>»" in html and "متحفّظ" in html
    # the source it came through: its words, who it is, how specific
    assert "<bdi>حسب منصة <bdi>SY24</bdi></bdi>" in html
    assert f'<a href="{platform.get_absolute_url()}"><bdi>منصة SY24</bdi></a>' in html
    assert "نقل إعلامي" in html
    # the article, its outlet and date, and a link straight to the highlight
    href = f"{article.get_absolute_url()}#a-{claim.pk}"
    assert unquote(href) == f"/articles/{article.slug}/#a-{claim.pk}"
    assert f'href="{href}"' in html
    assert "<bdi>SY24</bdi>" in html and "20 تموز 2021" in html
    assert re.search(r'<strong data-count="claims">1</strong>', html)


def test_a_reader_sees_claims_of_published_articles_only(client, reader):
    ministry = make_actor()
    published = make_claim(actor=ministry, title="مقال منشور عن المساعدات")
    draft = make_claim(actor=ministry, status=Article.Status.DRAFT, title="مسودة لم تنشر بعد")
    client.force_login(reader)

    html = page(client, ministry)

    assert claim_rows(html) == [str(published.pk)]
    assert "مسودة لم تنشر بعد" not in html
    assert draft.paragraph.article.slug not in unquote(html)


def test_a_curator_also_sees_claims_of_drafts_marked_as_such(client, curator):
    ministry = make_actor()
    make_claim(actor=ministry)
    draft = make_claim(actor=ministry, status=Article.Status.DRAFT, title="مسودة لم تنشر بعد")
    client.force_login(curator)

    html = page(client, ministry)

    assert str(draft.pk) in claim_rows(html) and len(claim_rows(html)) == 2
    assert "مسودة لم تنشر بعد" in html and '<span class="badge draft">مسودة</span>' in html


def test_mentions_are_grouped_per_article_with_a_count_and_a_link_to_the_first(client):
    ministry = make_actor()
    text = "وزارة الدفاع الروسية أعلنت، ثم قالت وزارة الدفاع الروسية إن الوفد وصل."
    busy = make_article(paragraphs=["مقدمة بلا أسماء.", text], title="مقال الإشارات الكثيرة")
    second = busy.paragraphs.get(position=2)
    later = make_annotation(
        second, "وزارة الدفاع الروسية", kind="actor", actor=ministry, occurrence=2
    )
    first = make_annotation(second, "وزارة الدفاع الروسية", kind="actor", actor=ministry)
    # a source that is the actor counts as a mention too
    make_annotation(second, "ثم قالت", kind="source", actor=ministry, specificity="named_body")
    quiet = make_article(paragraphs=[text], title="مقال الإشارة الواحدة")
    make_annotation(quiet.paragraphs.get(), "وزارة الدفاع الروسية", kind="actor", actor=ministry)
    # another actor's mention is not counted
    make_annotation(second, "الوفد", kind="actor", actor=make_actor("الوفد الروسي"))

    html = page(client, ministry)

    mentions = html[html.index('id="mentions-heading"') :]
    assert f'href="{busy.get_absolute_url()}#a-{first.pk}"' in mentions
    assert f"#a-{later.pk}" not in mentions
    assert '<span class="hit-count">3 إشارات</span>' in mentions
    assert '<span class="hit-count">إشارة واحدة</span>' in mentions
    assert '<strong data-count="mentions">4</strong>' in html
    assert "لا ادعاءات منسوبة" in html


def test_orphaned_claims_and_mentions_are_not_shown(client):
    ministry = make_actor()
    kept = make_claim(actor=ministry)
    lost = orphan(make_claim(actor=ministry))
    orphan(make_annotation(lost.paragraph, "وزارة الدفاع الروسية", kind="actor", actor=ministry))

    html = page(client, ministry)

    assert claim_rows(html) == [str(kept.pk)]
    assert f"#a-{lost.pk}" not in html
    assert "لا إشارات في" in html


def test_claims_are_paginated_25_a_page(client):
    ministry = make_actor()
    article = make_article(paragraphs=["وادعت الوزارة أن الحدث يهدف إلى إعطاء دفعة إضافية."] * 26)
    for paragraph in article.paragraphs.all():
        make_annotation(paragraph, "الحدث يهدف", actor=ministry, cue="وادعت")

    first = page(client, ministry)
    second = page(client, ministry, page=2)

    assert len(claim_rows(first)) == 25 and len(claim_rows(second)) == 1
    assert 'rel="next" href="?page=2"' in first
    assert set(claim_rows(first)).isdisjoint(claim_rows(second))
    assert '<strong data-count="claims">26</strong>' in second


def mention_rows(html):
    mentions = html[html.index('id="mentions-heading"') :]
    return re.findall(r'<li class="mention-row" id="mention-(\d+)">', mentions)


def test_mentions_are_paged_25_articles_at_a_time_apart_from_the_claims(client):
    """An actor mentioned in many articles (a state, a ministry) does not make an endless page."""
    russia = make_actor("روسيا", kind="state")
    for _ in range(26):
        paragraph = make_article(
            paragraphs=["وقالت روسيا إن الحدث يهدف إلى دفعة إضافية."]
        ).paragraphs.get()
        make_annotation(paragraph, "روسيا", kind="actor", actor=russia)
        make_annotation(paragraph, "الحدث يهدف", actor=russia, cue="وقالت")

    first = page(client, russia)
    second = page(client, russia, page=2, mentions=2)

    assert len(mention_rows(first)) == 25 and len(mention_rows(second)) == 1
    assert set(mention_rows(first)).isdisjoint(mention_rows(second))
    # Paging the mentions keeps the claims' page, and the other way round.
    assert 'href="?mentions=2#mentions-heading"' in first
    assert 'href="?page=2&amp;mentions=2"' not in first
    assert 'rel="prev" href="?page=2&amp;mentions=1#mentions-heading"' in second
    assert 'rel="prev" href="?page=1&amp;mentions=2"' in second
    # The totals count every article, not the page.
    for html in (first, second):
        assert '<strong data-count="mentions">26</strong>' in html
        assert "(في 26 مقالًا)" in html


def test_an_arabic_slug_works_raw_and_percent_encoded_and_an_unknown_one_is_404(client):
    actor = make_actor("بشار الأسد", kind="person")

    assert client.get(f"/actors/{actor.slug}/").status_code == 200
    assert client.get(f"/actors/{quote(actor.slug)}/").status_code == 200
    assert client.get("/actors/لا-أحد/").status_code == 404
    # A NUL is refused before any lookup (readingroom.hostile_input).
    assert client.get("/actors/%00%3Cscript%3E/").status_code == 400
    assert client.get("/actors/%3Cscript%3E/").status_code == 404


def test_hostile_names_quotes_and_aliases_are_escaped(client):
    hostile = "<script>alert(1)</script>"
    actor = make_actor(f"{hostile} وزير", kind="person", aliases=[f"{hostile} بديل"])
    paragraph = make_article(paragraphs=[f"وقال الوزير {hostile} في دمشق."]).paragraphs.get()
    make_annotation(paragraph, hostile, actor=actor, cue="وقال")
    make_annotation(paragraph, "الوزير", kind="actor", actor=actor)

    html = page(client, actor)

    assert "<script>alert" not in html
    assert "<bdi>&lt;script&gt;alert(1)&lt;/script&gt; وزير</bdi>" in html
    assert "<bdi>&lt;script&gt;alert(1)&lt;/script&gt; بديل</bdi>" in html
    assert isolate_ltr_runs(hostile) in html  # the quote: escaped, Latin runs isolated


@pytest.mark.parametrize("count", [1, 30])
def test_query_count_is_constant_with_1_or_30_claims_and_mentions(
    client, django_assert_max_num_queries, count
):
    ministry = make_actor()
    parent = make_actor("روسيا", kind="state")
    ministry.parent = parent
    ministry.save()
    outlet = make_outlet()
    for n in range(count):
        claim = make_claim(
            actor=ministry,
            source_actor=make_actor(f"مصدر {n}", kind="unnamed_collective"),
            outlet=outlet,
            tags=[f"وسم {n}"],
        )
        make_annotation(claim.paragraph, "وزارة الدفاع الروسية", kind="actor", actor=ministry)
    for n in range(count):
        child = make_actor(f"مديرية {n}")
        child.parent = ministry
        child.save()
    assert Actor.objects.filter(parent=ministry).count() == count

    # actor and parent, aliases, children, claim count, claims page, mention count,
    # articles with mentions: their count and their page
    with django_assert_max_num_queries(8):
        html = page(client, ministry)

    assert len(claim_rows(html)) == min(count, 25)
    assert f'<strong data-count="mentions">{count}</strong>' in html
