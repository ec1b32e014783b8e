"""Finding and reading the files of an article import, each refused on its own with a reason.

Nothing here touches the database. A folder is walked without following links
to other folders; every `*.txt` below it is listed, even one that cannot be
read (a broken link, a link loop, a pipe), so that the import reports it by
name instead of skipping it unseen.
"""

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from archive.printable import printable
from archive.safe_text import find_unsafe

ARTICLE_SUFFIX = ".txt"


class ImportRefused(ValueError):
    """This file cannot be imported; nothing was written for it."""


@dataclass(frozen=True)
class PathProblem:
    """A path given or found that is not a file to import: missing, or a folder that cannot be read."""

    path: Path
    reason: str


def find_article_files(paths: list[str]) -> tuple[list[Path], list[PathProblem]]:
    """The files named and the `*.txt` files below the folders named, sorted per folder."""
    files, problems = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found, unreadable = _walk(path)
            files.extend(found)
            problems.extend(unreadable)
        elif path.exists() or path.is_symlink():
            # A broken link or a link loop is named with its reason when it is read.
            files.append(path)
        else:
            problems.append(PathProblem(path, "no such file or folder"))
    return files, problems


def _walk(folder: Path) -> tuple[list[Path], list[PathProblem]]:
    unreadable = []

    def report(exc: OSError):
        where = Path(exc.filename) if exc.filename else folder
        unreadable.append(PathProblem(where, f"cannot read this folder: {_os_reason(exc)}"))

    found = []
    for top, _folders, names in os.walk(folder, onerror=report):
        found.extend(Path(top) / name for name in names if name.endswith(ARTICLE_SUFFIX))
    return sorted(found), unreadable


def refuse_bad_name(path: Path) -> None:
    """The file name is kept as the article's source: it must be UTF-8 text on one line."""
    raw = os.fsencode(path.name)
    try:
        name = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            f"the file name is not UTF-8 (byte 0x{raw[exc.start]:02X} at byte {exc.start} of the name)"
        ) from None
    if problem := find_unsafe(name, multiline=False):
        raise ImportRefused(f"the file name has {problem.describe()}")


def read_limited(path: Path, limit: int, *, what: str = "", limit_name: str = "") -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or ImportRefused saying why not.

    The file is opened once and checked through its descriptor, so a pipe
    named like a text file cannot make the import wait forever, and a file
    that grows after its size was checked is still cut at the limit.
    """
    prefix = f"{what} " if what else ""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise ImportRefused(f"{prefix}cannot be read: {_os_reason(exc, path)}") from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise ImportRefused(f"{prefix}is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise ImportRefused(f"{prefix}is not a regular file (a pipe, socket or device)")
        if info.st_size > limit:
            raise ImportRefused(_too_large(what, info.st_size, limit, limit_name))
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            data = file.read(limit + 1)
    except OSError as exc:
        raise ImportRefused(f"{prefix}cannot be read: {_os_reason(exc, path)}") from None
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise ImportRefused(_too_large(what, len(data), limit, limit_name))
    return data


def _too_large(what: str, size: int, limit: int, limit_name: str) -> str:
    if limit >= 1_048_576:
        sizes = f"{size / 1_048_576:.1f} MB, over the {limit / 1_048_576:g} MB limit"
    else:
        sizes = f"{size:,} bytes, over the {limit:,} byte limit"
    setting = f" ({limit_name})" if limit_name else ""
    return f"{what} is {sizes}{setting}" if what else f"{sizes}{setting}"


def _os_reason(exc: OSError, path: Path | None = None) -> str:
    if exc.errno == errno.ELOOP:
        return "a loop of symbolic links"
    if exc.errno == errno.ENOENT and path is not None and os.path.islink(path):
        return f"a broken symbolic link (to {printable(os.readlink(path))})"
    if exc.errno == errno.EACCES:
        return "permission denied"
    return printable(exc.strerror or str(exc))
