"""/search/?q=: titles, actors and notes that hold a word are all found, the newest first,
however many newer entries of their kind do not hold it.

On PostgreSQL a kind other than paragraphs is read in two steps (see
archive.search.postgres.newest): its newest entries one by one, then, when they
hold too few matches, the older ones from the words' index. These tests lower
both counts to a handful so that a small archive crosses from one step to the
other; SQLite, which reads every kind from its own index, must give the same.
"""

import re

import pytest

from archive.search import engine, postgres
from tests.factories import make_article

pytestmark = pytest.mark.django_db

CAP = 3
TEXT = "وصل الوفد إلى دمشق صباح اليوم."


@pytest.fixture
def small_counts(monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATES", CAP)
    monkeypatch.setattr(postgres, "RECENT_ENTRIES", 4)


def titles_found(client, q) -> list[str]:
    response = client.get("/search/", {"q": q, "only": "articles"})
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'<li class="search-result">\s*<h3><a href="[^"]*">(.*?)</a>', html)


def plain(title_html: str) -> str:
    return re.sub(r"<[^>]+>", "", title_html)


def test_old_titles_are_found_past_newer_ones_without_the_word(client, small_counts):
    old = [make_article(title=f"زيارة إلى تدمر {n}", paragraphs=[TEXT]) for n in range(2)]
    for n in range(6):
        make_article(title=f"تقرير رقم {n}", paragraphs=[TEXT])

    found = [plain(t) for t in titles_found(client, "تدمر")]

    assert sorted(found) == sorted(a.title for a in old)


def test_a_word_in_more_old_titles_than_are_ranked_gives_the_newest_of_them(client, small_counts):
    old = [make_article(title=f"زيارة إلى تدمر {n}", paragraphs=[TEXT]) for n in range(CAP + 3)]
    for n in range(6):
        make_article(title=f"تقرير رقم {n}", paragraphs=[TEXT])

    found = [plain(t) for t in titles_found(client, "تدمر")]

    # The newest CAP matches are ranked, as when the walk alone found them.
    assert sorted(found) == sorted(a.title for a in old[-CAP:])


def test_titles_among_the_newest_are_found_without_the_older_ones(client, small_counts):
    for n in range(3):
        make_article(title=f"زيارة قديمة إلى تدمر {n}", paragraphs=[TEXT])
    new = [make_article(title=f"زيارة إلى تدمر {n}", paragraphs=[TEXT]) for n in range(CAP + 1)]

    found = [plain(t) for t in titles_found(client, "تدمر")]

    assert sorted(found) == sorted(a.title for a in new[-CAP:])


def test_notes_older_than_the_newest_entries_are_found(client, small_counts):
    from tests.factories import make_annotation

    article = make_article(title="مقال", paragraphs=[TEXT, TEXT])
    paragraph = article.paragraphs.first()
    noted = make_annotation(paragraph, "الوفد", kind="claim", note="ملاحظة عن تدمر")
    for n in range(6):
        make_annotation(paragraph, "دمشق", kind="claim", note=f"ملاحظة رقم {n}")

    response = client.get("/search/", {"q": "تدمر", "only": "annotations"})

    assert response.status_code == 200
    assert f"#a-{noted.pk}" in response.content.decode()
