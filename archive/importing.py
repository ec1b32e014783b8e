"""Import article text files into the archive, one transaction per file.

An article is identified by the `url` in its metadata when there is one,
otherwise by its file name, so importing a corrected file updates the same
article, and its annotations re-anchor to their words (annotations.reanchoring). The format is described in README.md ("Importing articles").
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from archive import text as article_text
from archive.models import Article, Outlet, Paragraph
from archive.paragraphs import replace_paragraphs
from archive.search import index as search_index

METADATA_KEYS = {"title", "outlet", "outlet_url", "url", "published_on", "author", "status"}


class ImportRefused(ValueError):
    """This file cannot be imported; nothing was written for it."""


@dataclass(frozen=True)
class ImportResult:
    path: Path
    outcome: str  # imported | updated | unchanged | failed
    article: Article | None = None
    reason: str = ""
    encoding: str = ""
    # For a corrected text: how many annotations ended anchored, moved, orphaned.
    reanchored: dict = field(default_factory=dict)


def find_article_files(paths: list[str]) -> tuple[list[Path], list[ImportResult]]:
    """Expand folders to the *.txt files below them; report paths that do not exist."""
    files, missing = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.txt") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(ImportResult(path, "failed", reason="no such file or folder"))
    return files, missing


def read_metadata(path: Path) -> dict:
    """Metadata from the sidecar `NAME.json` beside `NAME.txt`, if there is one."""
    sidecar = path.with_suffix(".json")
    if not sidecar.exists():
        return {}
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRefused(f"metadata {sidecar.name} is not valid UTF-8 JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ImportRefused(f"metadata {sidecar.name} must be a JSON object")
    unknown = sorted(set(data) - METADATA_KEYS)
    if unknown:
        raise ImportRefused(
            f"metadata {sidecar.name} has unknown keys {', '.join(unknown)} "
            f"(known: {', '.join(sorted(METADATA_KEYS))})"
        )
    if not all(isinstance(value, str) for value in data.values()):
        raise ImportRefused(f"metadata {sidecar.name}: every value must be a string")
    meta = {key: value.strip() for key, value in data.items()}
    for key in ("url", "outlet_url"):
        if meta.get(key):
            try:
                URLValidator()(meta[key])
            except ValidationError:
                raise ImportRefused(f"metadata {sidecar.name}: {key} is not a URL") from None
    if meta.get("published_on"):
        try:
            meta["published_on"] = datetime.date.fromisoformat(meta["published_on"])
        except ValueError:
            raise ImportRefused(
                f"metadata {sidecar.name}: published_on must be a date like 2021-07-26"
            ) from None
    if meta.get("status") and meta["status"] not in Article.Status.values:
        raise ImportRefused(f"metadata {sidecar.name}: status must be draft or published")
    return meta


def read_article_file(path: Path) -> tuple[article_text.ParsedArticle, str]:
    limit = settings.ARCHIVE_MAX_IMPORT_BYTES
    size = path.stat().st_size
    if size > limit:
        raise ImportRefused(f"{size / 1_048_576:.1f} MB is over the {limit / 1_048_576:g} MB limit")
    data = path.read_bytes()
    if not data.strip():
        raise ImportRefused("empty file")
    try:
        decoded, encoding = article_text.decode(data)
        return article_text.parse(article_text.clean_lines(decoded)), encoding
    except article_text.TextRefused as exc:
        raise ImportRefused(str(exc)) from None


def import_article_file(path: Path, *, publish: bool = False) -> ImportResult:
    """Import one file; any refusal leaves the database as it was."""
    try:
        parsed, encoding = read_article_file(path)
        meta = read_metadata(path)
        with transaction.atomic():
            outcome, article, reanchored = _save_article(path, parsed, meta, publish=publish)
    except ImportRefused as exc:
        return ImportResult(path, "failed", reason=str(exc))
    except OSError as exc:
        return ImportResult(path, "failed", reason=f"cannot read: {exc.strerror or exc}")
    return ImportResult(path, outcome, article=article, encoding=encoding, reanchored=reanchored)


def _save_article(path, parsed, meta, *, publish):
    outlet = _outlet(meta)
    fields = {
        "title": meta.get("title") or parsed.title,
        "outlet": outlet,
        "url": meta.get("url", ""),
        "author": meta.get("author", ""),
        "published_on": meta.get("published_on"),
        "source_name": path.name,
    }
    if publish:
        fields["status"] = Article.Status.PUBLISHED
    elif meta.get("status"):
        fields["status"] = meta["status"]

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
