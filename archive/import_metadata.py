"""An article's metadata sidecar (`NAME.json` beside `NAME.txt`), checked before the database sees it.

Every value is refused here for what would otherwise fail, or be stored
wrongly, only on one database: a lone surrogate (neither can encode it), a NUL
(PostgreSQL refuses it, SQLite stores it), a value longer than its column
(PostgreSQL refuses it, SQLite stores it whole). The limits are the models'
own `max_length`, so both databases get the same answer.
"""

import datetime
import json
import os
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from archive.import_files import ImportRefused, read_limited
from archive.models import Article, Outlet
from archive.printable import printable
from archive.safe_text import find_unsafe

# Seven short strings; anything far larger is not a sidecar.
MAX_METADATA_BYTES = 64 * 1024

# Each key and the column it is stored in.
COLUMNS = {
    "title": Article._meta.get_field("title"),
    "author": Article._meta.get_field("author"),
    "url": Article._meta.get_field("url"),
    "published_on": None,
    "status": None,
    "outlet": Outlet._meta.get_field("name"),
    "outlet_url": Outlet._meta.get_field("url"),
}
METADATA_KEYS = set(COLUMNS)

# The README promises http(s) only; a host is required (URLValidator insists on one).
web_address = URLValidator(schemes=["http", "https"])


def sidecar_of(path: Path) -> Path:
    return path.with_suffix(".json")


def read_metadata(path: Path) -> dict:
    """Metadata from the sidecar beside `path`, if there is one, checked value by value."""
    sidecar = sidecar_of(path)
    if not os.path.lexists(sidecar):
        return {}
    label = f"metadata {printable(sidecar.name)}"
    raw = read_limited(sidecar, MAX_METADATA_BYTES, what=label)
    data = _parse(raw, label)
    if not isinstance(data, dict):
        raise ImportRefused(f"{label} must be a JSON object, not {json_type(data)}")
    unknown = sorted(set(data) - METADATA_KEYS)
    if unknown:
        raise ImportRefused(
            f"{label} has unknown keys {', '.join(printable(key) for key in unknown)} "
            f"(known: {', '.join(sorted(METADATA_KEYS))})"
        )
    meta = {key: _checked(key, value, label) for key, value in data.items()}
    return _converted(meta, label)


def _parse(raw: bytes, label: str):
    try:
        # A byte order mark is what Windows editors write; it is not part of the JSON.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            f"{label} is not UTF-8 (byte 0x{raw[exc.start]:02X} at byte {exc.start})"
        ) from None
    try:
        return json.loads(text, object_pairs_hook=_refuse_repeated_keys)
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            f"{label} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise ImportRefused(f"{label} is not a JSON object: it nests too deeply") from None
    except RepeatedKey as exc:
        # Which of the two values was meant cannot be known.
        raise ImportRefused(f"{label} has the key {printable(exc.key)} twice") from None


class RepeatedKey(ValueError):
    def __init__(self, key):
        super().__init__(key)
        self.key = key


def _refuse_repeated_keys(pairs):
    seen = set()
    for key, _ in pairs:
        if key in seen:
            raise RepeatedKey(key)
        seen.add(key)
    return dict(pairs)


def json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a string"


def _checked(key: str, value, label: str) -> str:
    if not isinstance(value, str):
        raise ImportRefused(f"{label}: {key} must be a string, not {json_type(value)}")
    if problem := find_unsafe(value, multiline=False):
        raise ImportRefused(f"{label}: {key} has {problem.describe()}")
    value = value.strip()
    column = COLUMNS[key]
    if column is not None and len(value) > column.max_length:
        raise ImportRefused(
            f"{label}: {key} is {len(value):,} characters; the limit is {column.max_length:,}"
        )
    return value


def _converted(meta: dict, label: str) -> dict:
    for key in ("url", "outlet_url"):
        if meta.get(key):
            try:
                web_address(meta[key])
            except ValidationError:
                raise ImportRefused(
                    f"{label}: {key} is not a URL (an http:// or https:// address with a host)"
                ) from None
    if meta.get("published_on"):
        try:
            meta["published_on"] = datetime.date.fromisoformat(meta["published_on"])
        except ValueError:
            raise ImportRefused(f"{label}: published_on must be a date like 2021-07-26") from None
    if meta.get("status") and meta["status"] not in Article.Status.values:
        raise ImportRefused(f"{label}: status must be draft or published")
    return meta
