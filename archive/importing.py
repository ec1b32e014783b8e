"""Import article text files into the archive, one transaction per file.

An article is identified by the `url` in its metadata when there is one,
otherwise by its file name, so importing a corrected file updates the same
article, and its annotations re-anchor to their words (annotations.reanchoring). The format is described in README.md ("Importing articles").
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, transaction
from simple_history.utils import bulk_create_with_history

from archive import text as article_text
from archive.import_files import (
    ImportRefused,
    PathProblem,
    find_article_files,
    read_limited,
    refuse_bad_name,
)
from archive.import_metadata import METADATA_KEYS, read_metadata
from archive.models import Article, Outlet, Paragraph
from archive.paragraphs import replace_paragraphs
from archive.printable import one_line
from archive.search import index as search_index
from readingroom import freshness

__all__ = [
    "METADATA_KEYS",
    "ImportRefused",
    "ImportResult",
    "PathProblem",
    "find_article_files",
    "import_article_file",
    "read_article_file",
    "read_metadata",
]


@dataclass(frozen=True)
class ImportResult:
    path: Path
    outcome: str  # imported | updated | unchanged | failed
    article: Article | None = None
    reason: str = ""
    encoding: str = ""
    # For a corrected text: how many annotations ended anchored, moved, orphaned.
    reanchored: dict = field(default_factory=dict)


def read_article_file(path: Path) -> tuple[article_text.ParsedArticle, str]:
    data = read_limited(
        path, settings.ARCHIVE_MAX_IMPORT_BYTES, limit_name="QIRAA_MAX_IMPORT_BYTES"
    )
    if not data.strip():
        raise ImportRefused("empty file")
    try:
        decoded, encoding = article_text.decode(data)
        return article_text.parse(article_text.clean_lines(decoded)), encoding
    except article_text.TextRefused as exc:
        raise ImportRefused(str(exc)) from None


@freshness.site_wide_write()
def import_article_file(path: Path, *, publish: bool = False) -> ImportResult:
    """Import one file; any refusal leaves the database as it was.

    Whatever goes wrong with this file is its result, never an exception, so a
    batch always goes on to the next file and to its summary.
    """
    try:
        refuse_bad_name(path)
        parsed, encoding = read_article_file(path)
        meta = read_metadata(path)
        fields = _fields(path, parsed, meta, publish=publish)
        refuse_overlong(fields)
        with transaction.atomic():
            outcome, article, reanchored = _save_article(path, parsed, meta, fields)
    except ImportRefused as exc:
        return ImportResult(path, "failed", reason=str(exc))
    except DatabaseError as exc:
        # The atomic block has rolled back this file alone.
        return ImportResult(
            path,
            "failed",
            reason=f"the database refused it, nothing was written: {one_line(str(exc))}",
        )
    except Exception as exc:  # one file's surprise must not cost the others
        return ImportResult(
            path,
            "failed",
            reason=f"unexpected error, nothing was written: {type(exc).__name__}: {one_line(str(exc))}",
        )
    return ImportResult(path, outcome, article=article, encoding=encoding, reanchored=reanchored)


def refuse_overlong(fields: dict) -> None:
    """Every value within its column, as PostgreSQL would insist and SQLite would not."""
    for name, value in fields.items():
        limit = getattr(Article._meta.get_field(name), "max_length", None)
        if isinstance(value, str) and limit and len(value) > limit:
            raise ImportRefused(f"{name} is {len(value):,} characters; the limit is {limit:,}")


def _fields(path, parsed, meta, *, publish):
    fields = {
        "title": meta.get("title") or parsed.title,
        "url": meta.get("url", ""),
        "author": meta.get("author", ""),
        "published_on": meta.get("published_on"),
        "source_name": path.name,
    }
    if publish:
        fields["status"] = Article.Status.PUBLISHED
    elif meta.get("status"):
        fields["status"] = meta["status"]
    return fields


def _save_article(path, parsed, meta, fields):
    fields = {**fields, "outlet": _outlet(meta)}

    if fields["url"]:
        article = Article.objects.filter(url=fields["url"]).first()
    else:
        article = Article.objects.filter(url="", source_name=path.name).first()

    if article is None:
        article = Article.objects.create(text_sha256=parsed.sha256, **fields)
        _write_paragraphs(article, parsed.paragraphs)
        return "imported", article, {}

    text_changed = article.text_sha256 != parsed.sha256
    meta_changed = any(getattr(article, name) != value for name, value in fields.items())
    if not text_changed and not meta_changed:
        return "unchanged", article, {}
    reanchored = {}
    if text_changed:
        # Paragraphs are updated in place; annotations re-anchor to their words.
        reanchored = replace_paragraphs(article, parsed.paragraphs)
        article.text_sha256 = parsed.sha256
    for name, value in fields.items():
        setattr(article, name, value)
    article.save()
    return "updated", article, reanchored


def _outlet(meta):
    name = meta.get("outlet")
    if not name:
        return None
    outlet, created = Outlet.objects.get_or_create(
        name=name, defaults={"url": meta.get("outlet_url", "")}
    )
    if not created and meta.get("outlet_url") and outlet.url != meta["outlet_url"]:
        outlet.url = meta["outlet_url"]
        outlet.save(update_fields=["url"])
    return outlet


def _write_paragraphs(article, paragraphs):
    # With history, so a later correction shows what the imported text was.
    bulk_create_with_history(
        [
            Paragraph(article=article, position=number, text=text)
            for number, text in enumerate(paragraphs, start=1)
        ],
        Paragraph,
        default_change_reason="استيراد",
    )
    # bulk_create sends no signals, so the search copy is written here.
    search_index.index_paragraphs(article)
