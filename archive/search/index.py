"""Writing the search copy. Every searchable text goes through entry_fields().

An entry holds three columns of words, all written here and nowhere else:

- `body`: the text's words (archive.normalise.words), folded, one space between
  words and one line per line of the text; phrases and quoted words match here;
- `stems`: every other form of those words (bases and stems, word_forms);
- `bare`: the forms without a bare بـ/لـ/كـ (bare_forms) not already above,
  which only a query word's own forms may match.

Both databases index these strings as they are: FTS5's `ascii` tokenizer and
PostgreSQL's archive_search_words() only split at the spaces (see migration
0005), so neither has a notion of a word of its own.
"""

from functools import lru_cache
from typing import NamedTuple

from django.db import connection

from archive.models import Article, Paragraph, SearchEntry
from archive.normalise import MAX_WORD_BYTES, MOST_FORMS, WORD_RE, bare_forms, fold, word_forms

# PostgreSQL numbers a tsvector's words up to 16,383 and holds at most 1 MB:
# an entry stops at its first word that would pass either, on both databases.
MAX_POSITIONS = 16_383
MAX_INDEXED_BYTES = 600_000


class IndexedWord(NamedTuple):
    start: int  # where the word starts in the folded text
    end: int
    word: str
    line: int  # which line of the text it is on


def indexed_words(folded: str) -> list[IndexedWord]:
    """The words of folded text that the index holds, in order, with where they are.

    The snippets use this too, so that they mark only words the index has.
    """
    found, line, line_start = [], 0, 0
    lines = "\n" in folded
    for match in WORD_RE.finditer(folded):
        word = match.group()
        # A character is at most four bytes: only a long word needs encoding to be measured.
        if len(word) * 4 > MAX_WORD_BYTES and len(word.encode()) > MAX_WORD_BYTES:
            continue
        start = match.start()
        if lines:
            line += folded.count("\n", line_start, start)
            line_start = start
        found.append(IndexedWord(start, match.end(), word, line))
    # No word has more than MOST_FORMS forms, each no longer than the word: a
    # text short enough is within both limits without counting.
    if (
        len(found) * MOST_FORMS <= MAX_POSITIONS
        and len(folded) * 4 * MOST_FORMS <= MAX_INDEXED_BYTES
    ):
        return found
    # Counting every form of every word overestimates what the index holds
    # (a form is stored once): only a text that might pass a limit is counted exactly.
    positions = sum(_cost(item.word)[0] for item in found)
    size = sum(_cost(item.word)[1] for item in found)
    if positions <= MAX_POSITIONS and size <= MAX_INDEXED_BYTES:
        return found
    return _within_limits(found)


@lru_cache(maxsize=65_536)
def _cost(word: str) -> tuple[int, int]:
    """(positions, bytes) a word takes in the index at most: its forms, itself included."""
    forms = (*word_forms(word), *bare_forms(word))
    return len(forms), sum(len(form.encode()) for form in forms)


def _within_limits(found: list[IndexedWord]) -> list[IndexedWord]:
    """The words up to the first that would take the index past a limit, counted exactly."""
    seen, positions, size = set(), 0, 0
    for index, item in enumerate(found):
        new = [f for f in (*word_forms(item.word), *bare_forms(item.word)) if f not in seen]
        cost = 1 + len(new) - (item.word in new)
        added = sum(len(form.encode()) for form in new)
        if positions + cost > MAX_POSITIONS or size + added > MAX_INDEXED_BYTES:
            return found[:index]
        positions += cost
        size += added
        seen.update(new)
    return found


def fields_from_folded(folded: str) -> dict[str, str]:
    """The three columns for folded text (what fold() gives, or an entry's own body)."""
    found = indexed_words(folded)
    lines: dict[int, list[str]] = {}
    for item in found:
        lines.setdefault(item.line, []).append(item.word)
    own = {form for item in found for form in word_forms(item.word)}
    bare = {form for item in found for form in bare_forms(item.word)} - own
    body_words = {item.word for item in found}
    return {
        "body": "\n".join(" ".join(line) for line in lines.values()),
        # Sorted: neither column is read in order, and the same text always
        # gives the same entry whatever order its pieces (an annotation's tags) came in.
        "stems": " ".join(sorted(own - body_words)),
        "bare": " ".join(sorted(bare)),
    }


def entry_columns(text: str) -> dict[str, str]:
    """body, stems and bare for `text` as published."""
    return fields_from_folded(fold(text))


def entry_fields(text: str) -> dict[str, str]:
    """body and stems only: what the search table held before migration 0005 added `bare`.

    Migration 0003 of archive and of annotations build their entries with this.
    """
    fields = entry_columns(text)
    del fields["bare"]
    return fields


def put(kind: str, object_id: int, text: str, *, article_id=None, paragraph_id=None) -> None:
    """Index `text` as the entry (kind, object_id); blank text removes the entry."""
    if not text or not text.strip():
        remove(kind, [object_id])
        return
    SearchEntry.objects.update_or_create(
        kind=kind,
        object_id=object_id,
        defaults={"article_id": article_id, "paragraph_id": paragraph_id, **entry_columns(text)},
    )


def put_many(kind: str, rows) -> None:
    """Replace the entries of `kind` for each (object_id, text, article_id, paragraph_id).

    A row whose text is blank loses its entry, as put() does.
    """
    rows = list(rows)
    remove(kind, [row[0] for row in rows])
    rows = [row for row in rows if row[1] and row[1].strip()]
    SearchEntry.objects.bulk_create(
        SearchEntry(
            kind=kind,
            object_id=object_id,
            article_id=article_id,
            paragraph_id=paragraph_id,
            **entry_columns(text),
        )
        for object_id, text, article_id, paragraph_id in rows
    )


def remove(kind: str, object_ids) -> None:
    SearchEntry.objects.filter(kind=kind, object_id__in=list(object_ids)).delete()


def index_article(article) -> None:
    put("article", article.pk, article.title, article_id=article.pk)


def index_paragraphs(article) -> None:
    """Index every paragraph of `article`: used after bulk writes, which send no signals."""
    SearchEntry.objects.filter(kind="paragraph", article=article).delete()
    put_many(
        "paragraph",
        (
            (p.pk, p.text, p.article_id, p.pk)
            for p in Paragraph.objects.filter(article=article).only("pk", "text", "article_id")
        ),
    )


def index_paragraph(paragraph) -> None:
    put(
        "paragraph",
        paragraph.pk,
        paragraph.text,
        article_id=paragraph.article_id,
        paragraph_id=paragraph.pk,
    )


def rebuild_archive() -> None:
    """Index every article title and paragraph again."""
    SearchEntry.objects.filter(kind__in=["article", "paragraph"]).delete()
    put_many("article", ((a.pk, a.title, a.pk, None) for a in Article.objects.only("title")))
    paragraphs = Paragraph.objects.only("pk", "text", "article_id").iterator(chunk_size=2000)
    batch = []
    for paragraph in paragraphs:
        batch.append((paragraph.pk, paragraph.text, paragraph.article_id, paragraph.pk))
        if len(batch) == 2000:
            put_many("paragraph", batch)
            batch = []
    put_many("paragraph", batch)


def compact() -> None:
    """After writing the whole index at once: make it as fast to read as it can be.

    SQLite's FTS5 tables keep what each batch wrote as a segment of its own
    and merge them only little by little; a search then reads every segment
    for each word, and after a rebuild there are hundreds. 'optimize' merges
    them into one (seconds for 200,000 paragraphs). PostgreSQL's planner
    chooses between its indexes by the table's statistics, which must count
    the new rows.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in ("archive_searchentry_fts", "archive_searchentry_trgm"):
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")  # noqa: S608 fixed names
        else:
            cursor.execute("ANALYZE archive_searchentry")
