"""A reader filters every claim by speaker, kind, stance, source, outlet, tag and date, seeing counts per value."""

import datetime
import re
from html import unescape
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from tests.annotations import claims_corpus
from tests.annotations.claims_corpus import PUBLISHED, make_claims_corpus
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

URL = "/claims/"


def get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def shown(html):
    """The pks of the claims listed."""
    return {int(pk) for pk in re.findall(r'<li class="claim-row" id="claim-(\d+)">', html)}


def total(html):
    return int(re.search(r'<strong data-count="claims">(\d+)</strong>', html).group(1))


def facet(html, param):
    """{value: count} of one facet, and the selected value (or None)."""
    section = re.search(
        rf'<section class="facet" data-facet="{param}">(.*?)</section>', html, re.S
    ).group(1)
    values = {
        unquote(unescape(value)): int(count)
        for value, count in re.findall(r'<li data-value="([^"]*)" data-count="(\d+)"', section)
    }
    selected = re.search(r'<li data-value="([^"]*)" data-count="\d+" class="selected"', section)
    return values, selected and unescape(selected.group(1))


def link_params(href):
    return {k: v[0] for k, v in parse_qs(urlsplit(unescape(href)).query).items()}


@pytest.fixture
def corpus(django_user_model):
    """Four published claims varied on every facet, and a draft (claims_corpus.py)."""
    return make_claims_corpus(django_user_model)


def pks(corpus, *names):
    return claims_corpus.pks(corpus, names)


def test_a_reader_sees_published_claims_but_not_drafts(client, reader, corpus):
    client.force_login(reader)

    html = get(client)

    assert shown(html) == pks(corpus, *PUBLISHED) and total(html) == 4
    assert facet(html, "speaker")[0][corpus["putin"].slug] == 2


def test_a_curator_also_sees_drafts_marked_as_such(client, curator, corpus):
    client.force_login(curator)

    html = get(client)

    assert shown(html) == pks(corpus, *PUBLISHED, "draft")
    assert '<span class="badge draft">مسودة</span>' in html


def test_a_row_shows_quote_speaker_cue_source_article_outlet_date_and_tags(client, corpus):
    claim = corpus["putin_distancing"]
    article = claim.paragraph.article

    html = get(client, speaker=corpus["putin"].slug, stance="distancing")
    row = html[html.index(f'id="claim-{claim.pk}"') :].split("</li>", 1)[0]

    assert CLAIM_QUOTE in row
    assert f'<a href="{corpus["putin"].get_absolute_url()}"><bdi>فلاديمير بوتين</bdi></a>' in row
    assert (
        "«<bdi>وزعم</bdi>»" in row and '<span class="stance stance-distancing">متحفّظ</span>' in row
    )
    assert "<bdi>حسب منصة <bdi>SY24</bdi></bdi>" in row and "مجهول" in row
    href = f"{article.get_absolute_url()}#a-{claim.pk}"
    assert unquote(href) == f"/articles/{article.slug}/#a-{claim.pk}"
    assert f'href="{href}"' in row
    assert "<bdi>SY24</bdi>" in row and "20 تموز 2021" in row
    assert (
        '<a class="tag" href="/tags/%D8%B9%D9%88%D8%AF%D8%A9-%D8%A7%D9%84%D9%84%D8%A7%D8%AC%D8%A6%D9%8A%D9%86/"><bdi>عودة اللاجئين</bdi></a>'
        in row
    )


def test_a_claim_without_a_source_says_so(client, corpus):
    html = get(client, specificity="none")

    assert shown(html) == pks(corpus, "putin_neutral")
    assert "بلا مصدر مذكور" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"speaker": "putin"}, ("putin_distancing", "putin_neutral")),
        ({"actor_kind": "government_body"}, ("ministry_distancing", "ministry_endorsing")),
        ({"stance": "distancing"}, ("putin_distancing", "ministry_distancing")),
        ({"stance": "endorsing"}, ("ministry_endorsing",)),
        ({"specificity": "document"}, ("ministry_distancing", "ministry_endorsing")),
        ({"specificity": "none"}, ("putin_neutral",)),
        ({"outlet": "enab"}, ("putin_neutral", "ministry_endorsing")),
        ({"tag": "العقوبات"}, ("putin_neutral", "ministry_distancing")),
        ({"from": "2021-07-20"}, ("putin_distancing", "ministry_distancing", "ministry_endorsing")),
        ({"to": "2021-07-21"}, ("putin_distancing", "putin_neutral")),
        ({"from": "2021-07-21", "to": "2021-12-31"}, ("ministry_distancing",)),
    ],
    ids=lambda v: "+".join(v) if isinstance(v, dict) else None,
)
def test_each_filter_alone(client, corpus, params, expected):
    objects = {"putin": corpus["putin"].slug, "enab": corpus["enab"].slug}
    params = {name: objects.get(value, value) for name, value in params.items()}

    html = get(client, **params)

    assert shown(html) == pks(corpus, *expected)
    assert total(html) == len(expected)


def test_filters_combine(client, corpus):
    html = get(client, speaker=corpus["putin"].slug, stance="distancing")
    assert shown(html) == pks(corpus, "putin_distancing")

    html = get(client, actor_kind="government_body", outlet=corpus["sy24"].slug, tag="العقوبات")
    assert shown(html) == pks(corpus, "ministry_distancing")

    html = get(client, speaker=corpus["putin"].slug, stance="endorsing")
    assert shown(html) == set() and "لا ادعاءات تطابق هذه المرشحات" in html


def test_facet_counts_follow_the_other_filters_but_not_their_own(client, corpus):
    putin, ministry = corpus["putin"].slug, corpus["ministry"].slug

    html = get(client)
    assert facet(html, "stance") == ({"neutral": 1, "endorsing": 1, "distancing": 2}, None)
    assert facet(html, "speaker") == ({putin: 2, ministry: 2}, None)
    assert facet(html, "specificity")[0] == {"anonymous": 1, "document": 2, "none": 1}
    assert facet(html, "tag")[0] == {"عودة-اللاجئين": 2, "العقوبات": 2}
    assert facet(html, "actor_kind")[0] == {"person": 2, "government_body": 2}

    html = get(client, stance="distancing")
    # other facets count only distancing claims...
    assert facet(html, "speaker")[0] == {putin: 1, ministry: 1}
    assert facet(html, "outlet")[0] == {corpus["sy24"].slug: 2}
    # ...while the stance facet still offers every stance, with the chosen one marked
    assert facet(html, "stance") == ({"neutral": 1, "endorsing": 1, "distancing": 2}, "distancing")

    html = get(client, speaker=ministry, stance="distancing")
    assert facet(html, "stance") == ({"endorsing": 1, "distancing": 1}, "distancing")
    assert facet(html, "speaker") == ({putin: 1, ministry: 1}, ministry)
    assert facet(html, "tag")[0] == {"العقوبات": 1}


def test_the_selected_value_links_to_removing_only_that_filter(client, corpus):
    html = get(client, speaker=corpus["putin"].slug, stance="distancing", page=1)
    section = re.search(r'data-facet="stance">(.*?)</section>', html, re.S).group(1)

    remove = re.search(r'class="facet-remove" href="([^"]+)"', section).group(1)
    assert link_params(remove) == {"speaker": corpus["putin"].slug}
    assert shown(get(client, **link_params(remove))) == pks(
        corpus, "putin_distancing", "putin_neutral"
    )
    # choosing another value replaces the stance and keeps the speaker
    neutral = re.search(r'data-value="neutral".*?<a href="([^"]+)"', section, re.S).group(1)
    assert link_params(neutral) == {"speaker": corpus["putin"].slug, "stance": "neutral"}


def test_a_selected_speaker_beyond_the_top_30_is_still_shown(client, corpus):
    for n in range(31):
        make_claim(actor=make_actor(f"متحدث {n}", kind="person"), stance="neutral")
        make_claim(actor=make_actor(f"متحدث آخر {n}", kind="person"), stance="neutral")

    values, _ = facet(get(client), "speaker")
    assert len(values) == 30
    assert corpus["putin"].slug in values  # two claims: among the top

    quiet = make_actor("متحدث نادر", kind="person")
    make_claim(actor=quiet, stance="distancing")
    values, selected = facet(get(client, speaker=quiet.slug), "speaker")
    assert selected == quiet.slug and values[quiet.slug] == 1


def test_pagination_keeps_the_filters(client):
    putin = make_actor("فلاديمير بوتين", kind="person")
    article = make_article(paragraphs=["وزعم بوتين أن الحدث يهدف إلى إعطاء دفعة إضافية."] * 27)
    for paragraph in article.paragraphs.all():
        make_annotation(paragraph, "الحدث يهدف", actor=putin, cue="وزعم", stance="distancing")
    make_claim(actor=putin, stance="neutral")

    first = get(client, speaker=putin.slug, stance="distancing")
    next_href = re.search(r'rel="next" href="([^"]+)"', first).group(1)

    assert len(shown(first)) == 25 and total(first) == 27
    assert link_params(next_href) == {"speaker": putin.slug, "stance": "distancing", "page": "2"}
    second = get(client, **link_params(next_href))
    assert len(shown(second)) == 2 and shown(first).isdisjoint(shown(second))


def test_page_links_carry_only_the_filters_the_page_applied(client):
    """A refused value is reported once; the next page does not repeat the complaint."""
    putin = make_actor("فلاديمير بوتين", kind="person")
    article = make_article(paragraphs=["وزعم بوتين أن الحدث يهدف إلى إعطاء دفعة إضافية."] * 26)
    for paragraph in article.paragraphs.all():
        make_annotation(paragraph, "الحدث يهدف", actor=putin, cue="وزعم", stance="distancing")

    first = get(client, speaker=putin.slug, stance="wizardly", utm_source="feed")
    next_href = re.search(r'rel="next" href="([^"]+)"', first).group(1)

    assert "filter-problem" in first
    assert link_params(next_href) == {"speaker": putin.slug, "page": "2"}
    second = get(client, **link_params(next_href))
    assert "filter-problem" not in second and len(shown(second)) == 1
    previous = re.search(r'rel="prev" href="([^"]+)"', second).group(1)
    assert link_params(previous) == {"speaker": putin.slug, "page": "1"}


@pytest.mark.parametrize(
    ("params", "label"),
    [
        ({"stance": "wizardly"}, "الموقف"),
        ({"actor_kind": "dragon"}, "نوع القائل"),
        ({"specificity": "psychic"}, "تحديد المصدر"),
        ({"speaker": "لا-أحد"}, "القائل"),
        ({"speaker": "<script>"}, "القائل"),
        ({"outlet": "nowhere"}, "الوسيلة"),
        ({"tag": "وسم-غير-موجود"}, "الوسم"),
        ({"from": "2021-13-45"}, "من تاريخ"),
        ({"to": "yesterday"}, "إلى تاريخ"),
    ],
)
def test_an_invalid_value_is_reported_and_ignored(client, corpus, params, label):
    html = get(client, **params)

    assert re.search(rf'<p class="filter-problem" role="status">«{label}»: [^<]+</p>', html)
    assert shown(html) == pks(corpus, *PUBLISHED)


def test_an_invalid_value_does_not_undo_the_valid_ones(client, corpus):
    html = get(client, stance="distancing", outlet="nowhere")

    assert shown(html) == pks(corpus, "putin_distancing", "ministry_distancing")
    assert "«الوسيلة»: قيمة غير معروفة" in html


def test_a_range_that_ends_before_it_starts_keeps_only_its_start(client, corpus):
    html = get(client, **{"from": "2022-01-01", "to": "2021-01-01"})

    assert "«إلى تاريخ»: نهاية المدة قبل بدايتها" in html
    assert shown(html) == pks(corpus, "ministry_endorsing")


def test_orphaned_claims_are_neither_listed_nor_counted(client):
    putin = make_actor("فلاديمير بوتين", kind="person")
    kept = make_claim(actor=putin)
    orphan(make_claim(actor=putin, tags=["عودة اللاجئين"]))

    html = get(client)

    assert shown(html) == {kept.pk}
    assert facet(html, "speaker")[0] == {putin.slug: 1}
    assert facet(html, "tag")[0] == {}


def test_hostile_quote_speaker_and_tag_are_escaped(client):
    hostile = "<script>alert(1)</script>"
    speaker = make_actor(f"{hostile} المتحدث", kind="person")
    paragraph = make_article(paragraphs=[f"وزعم المتحدث أن {hostile} صحيح."]).paragraphs.get()
    make_annotation(paragraph, hostile, actor=speaker, cue="وزعم", tags=[hostile])

    html = get(client)

    assert "<script>alert" not in html
    assert "<bdi>&lt;script&gt;alert(1)&lt;/script&gt; المتحدث</bdi>" in html
    assert "<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi></a>" in html  # the tag


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("filtered", [False, True])
def test_query_count_is_constant_with_1_or_30_claims(
    client, django_assert_max_num_queries, count, filtered
):
    outlet = make_outlet()
    actors = [make_actor(f"متحدث {n}", kind="person") for n in range(count)]
    for n, actor in enumerate(actors):
        make_claim(
            actor=actor,
            source_actor=make_actor(f"مصدر {n}", kind="unnamed_collective"),
            tags=[f"وسم {n}", "عودة اللاجئين"],
            outlet=outlet,
            published_on=datetime.date(2021, 7, 20),
        )
    params = {}
    if filtered:
        params = {
            "speaker": actors[0].slug,
            "actor_kind": "person",
            "stance": "distancing",
            "specificity": "media_relay",
            "outlet": outlet.slug,
            "tag": "عودة-اللاجئين",
            "from": "2021-01-01",
            "to": "2021-12-31",
        }
    expected = 1 if filtered else count

    # count, page, tags of the page, six facets; the speaker, outlet and tag named
    # in the URL are looked up once each
    with django_assert_max_num_queries(12 if filtered else 9):
        html = get(client, **params)

    assert len(shown(html)) == min(expected, 25) and total(html) == expected
