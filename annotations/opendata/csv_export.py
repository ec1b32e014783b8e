"""Claims as CSV for spreadsheets: one row per claim, from the claims index or the command line.

- **Encoding**: UTF-8 with a byte order mark. Without the BOM, Excel opens a
  CSV in the machine's legacy code page and the Arabic turns to mojibake;
  LibreOffice and Google Sheets also take the BOM as "this is UTF-8". Read the
  file with encoding "utf-8-sig" to drop the BOM in Python.
- **Headers** are stable English keys (COLUMNS), documented with their
  Arabic meaning in the README. A researcher's script selects columns by
  name; ASCII keys do not change when an Arabic label is reworded, need no
  right-to-left handling in code, and match the API's field names. The cells
  hold the Arabic text as published.
- **Values** of the closed lists (actor kind, stance, quote type, source
  specificity) are the codes used by the filters and the API (`distancing`,
  not «متحفّظ»), so a value read from a row can be put back into
  `/claims/?stance=` or `/api/claims/?stance=`.
- **Formula injection**: a cell whose first character (or first after leading
  spaces) is one that makes a spreadsheet read a formula gets a leading
  apostrophe, as OWASP recommends; see `neutralise`.
- **Published only**, for everyone: a file leaves the site and loses the
  «مسودة» badge the pages show, so drafts never go into it. Users' names and
  e-mail addresses are not columns.
- **Flat memory**: claims are read with `.iterator(chunk_size=CHUNK_SIZE)`;
  speaker, source and article come through select_related and tags in one
  query per chunk, so a file costs one query for the claims and one for the
  tags of each chunk of CHUNK_SIZE claims, and text is written as it is read.
"""

import csv
from collections.abc import Iterator

from django.utils import timezone

from annotations.opendata.bulk import chunks, tag_names
from archive.collation import in_alphabetical_order
from archive.models import Article

COLUMNS = (
    "article",
    "outlet",
    "date",
    "speaker",
    "actor_kind",
    "cue",
    "stance",
    "quote_type",
    "source",
    "source_specificity",
    "quote",
    "tags",
    "permalink",
)
BOM = "\ufeff"
TAG_SEPARATOR = "; "
CHUNK_SIZE = 2000
ROWS_PER_WRITE = 200
# OWASP's list for CSV injection (= + - @ tab CR), and NUL (OWASP ASVS 1.2.10).
FORMULA_TRIGGERS = frozenset("=+-@\t\r\0")


def neutralise(value: str) -> str:
    """The cell as text a spreadsheet will not run: a leading ' where it would see a formula.

    Spreadsheets treat a cell starting with = + - @ (and tab or CR, which some
    skip first) as a formula, which can fetch URLs or run commands. Leading
    spaces are looked through as well, since an import may trim them. The
    apostrophe is hidden by spreadsheets; a program reading the file sees it
    and may strip one leading ' from such cells. A quote that really begins
    with «-» therefore reads '- … in a plain-text reader: the lesser harm.
    """
    if value[:1] in FORMULA_TRIGGERS or value.lstrip()[:1] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def published(claims):
    """Claims on published articles only: what a CSV may contain, whoever asks."""
    return claims.filter(paragraph__article__status=Article.Status.PUBLISHED)


def claim_row(claim, base: str, *, tags=(), article_url=None) -> list[str]:
    """One claim's cells, in COLUMNS order, before neutralising. Expects browse.for_rows() relations."""
    article = claim.paragraph.article
    actor, via = claim.actor, claim.via
    return [
        article.title,
        article.outlet.name if article.outlet else "",
        article.published_on.isoformat() if article.published_on else "",
        actor.name if actor else "",
        actor.kind if actor else "",
        claim.cue,
        claim.stance,
        claim.quote,
        via.exact if via else "",
        via.specificity if via else "",
        claim.exact,
        TAG_SEPARATOR.join(in_alphabetical_order(tags)),
        f"{base}{article_url or article.get_absolute_url()}#{claim.anchor}",
    ]


class _Line:
    """csv.writer writes into this and gets the line back, so rows can be streamed."""

    def write(self, line: str) -> str:
        return line


class ClaimsCsv:
    """The CSV text of `claims`, in pieces: iterate once. `rows` counts the claims written.

    Reads CHUNK_SIZE claims at a time (their speaker, source and article
    through select_related), then their tags in one query, and writes them.
    """

    def __init__(self, claims, *, base: str):
        self.claims = claims.prefetch_related(None)  # tags are read per chunk instead
        self.base = base
        self.rows = 0

    def __iter__(self) -> Iterator[str]:
        writer = csv.writer(_Line())
        yield BOM + writer.writerow(COLUMNS)
        # reverse() per row would cost as much as the rest of the row; rows come
        # grouped by article, so remembering the last article's URL is enough.
        article_id, article_url = None, ""
        for chunk in chunks(self.claims.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
            tags = tag_names(chunk)
            lines = []
            for claim in chunk:
                if claim.paragraph.article_id != article_id:
                    article_id = claim.paragraph.article_id
                    article_url = claim.paragraph.article.get_absolute_url()
                row = claim_row(claim, self.base, tags=tags[claim.pk], article_url=article_url)
                lines.append(writer.writerow([neutralise(v) for v in row]))
                if len(lines) == ROWS_PER_WRITE:
                    yield "".join(lines)
                    lines = []
            if lines:
                yield "".join(lines)
            self.rows += len(chunk)


def filename() -> str:
    return f"qiraa-claims-{timezone.localdate().isoformat()}.csv"
