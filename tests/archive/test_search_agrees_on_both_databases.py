"""/search/?q=: the probe table finds exactly the same on SQLite and PostgreSQL, and marks only hits.

Every probe of tests/archive/search_probes.py runs against the seed articles
through the site's search; the expected sets are the same for both
databases, so passing on each is agreeing. The snippets are checked against
the index too: a paragraph is found exactly when each of the query's groups
of words has a mark in it, so a mark the index would not have found, or a
hit left unmarked, fails.
"""

import io
import re
from dataclasses import replace

import pytest
from django.core.management import call_command

from archive.models import Article, Paragraph
from archive.search import engine
from archive.search.query import ParsedQuery, parse
from archive.search.snippets import highlight
from tests.archive.search_probes import PROBES, Seeds

pytestmark = pytest.mark.django_db

MARK = re.compile(r"<mark>(.*?)</mark>")


@pytest.fixture
def seeds() -> Seeds:
    call_command("load_seeds", stdout=io.StringIO())
    seeds = Seeds()
    for article in Article.objects.all():
        letter = "A" if article.source_name.startswith("000_") else "B"
        seeds.urls[letter] = article.get_absolute_url()
        seeds.texts[f"{letter}0"] = article.title
        seeds.labels[("article", article.pk)] = f"{letter}0"
        for paragraph in Paragraph.objects.filter(article=article):
            label = f"{letter}{paragraph.position}"
            seeds.texts[label] = paragraph.text
            seeds.labels[("paragraph", paragraph.pk)] = label
    return seeds


def found(seeds: Seeds, query: ParsedQuery, *, approximate: bool) -> set[str]:
    labels = set()
    for kind in ("article", "paragraph"):
        hits, _, _ = engine.entry_hits(
            query, kind, published_only=True, limit=1000, offset=0, approximate=approximate
        )
        labels.update(seeds.labels[(kind, hit.object_id)] for hit in hits)
    return labels


def marked(text: str, query: ParsedQuery) -> list[str]:
    return MARK.findall(highlight(text, query))


@pytest.mark.parametrize("probe", PROBES, ids=[p.query for p in PROBES])
def test_each_probe_finds_its_titles_and_paragraphs_and_marks_only_hits(client, seeds, probe):
    query = parse(probe.query)
    exact = found(seeds, query, approximate=False)
    if probe.approximate:
        assert exact == set(), "found exactly, where the probe expects only the fallback"
        query = replace(query, approximate=True)
    shown = exact or found(seeds, query, approximate=True)

    assert shown == probe.found
    marks = {mark for label in shown for mark in marked(seeds.texts[label], query)}
    assert marks == probe.marks
    for label, text in seeds.texts.items():
        # The snippets' notion of a hit, group by group, is the index's.
        every_group = all(marked(text, _alone(query, group)) for group in query.groups)
        excluded = any(marked(text, _alone(query, [term])) for term in query.excluded)
        assert (every_group and not excluded) == (label in shown), label

    html = client.get("/search/", {"q": probe.query}).content.decode()
    assert {letter for letter, url in seeds.urls.items() if f'href="{url}' in html} == (
        probe.articles
    )
    assert ("نتائج تقريبية" in html) == (probe.approximate and bool(probe.found))


def _alone(query: ParsedQuery, group) -> ParsedQuery:
    return replace(query, groups=[list(group)], excluded=[])


def test_the_probe_table_covers_what_the_issue_measured():
    """At least 66 probes, among them every case the issue names."""
    queries = {p.query for p in PROBES}
    assert len(PROBES) >= 66
    assert {
        *("سوریا", "روسیا", "کبیرا", "لموسكو", "بدمشق", "بسوريا"),
        *("المؤتمرات", "اتفاقية", "اللاجئيين", "لاجئ", "6.5", "٦٫٥", "بينت", "الي"),
    } <= queries
