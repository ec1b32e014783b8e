"""Names and values from files, made safe to print on one line of a terminal.

A file name is bytes: one that is not UTF-8 reaches Python with its bad bytes
as lone surrogates (surrogateescape), which no stream can write, and a name or
a metadata key may hold an escape sequence that would drive the terminal. The
commands print every such name through `printable`, so a refusal can always
say which file it is about.
"""

from pathlib import Path

# os.fsdecode turns byte 0x80–0xFF that is not UTF-8 into U+DC80–U+DCFF.
ESCAPED_BYTES = range(0xDC80, 0xDD00)


def printable(text: str) -> str:
    """`text` with every character a terminal would not show as itself written as an escape.

    A byte of a name that was not UTF-8 reads `\\xff`, as it is in the name's
    bytes; a control, format or unpaired surrogate character reads `\\x1b`,
    `\\u202e`, `\\ud800`. Spaces and all printable letters, Arabic included, stay.
    """
    if text.isprintable():
        return text
    shown = []
    for char in text:
        if char.isprintable():
            shown.append(char)
        elif ord(char) in ESCAPED_BYTES:
            shown.append(f"\\x{ord(char) - 0xDC00:02x}")
        else:
            shown.append(char.encode("unicode_escape").decode("ascii"))
    return "".join(shown)


def printable_path(path: Path | str) -> str:
    return printable(str(path))


def one_line(message: str, limit: int = 300) -> str:
    """The first line of a message from elsewhere (a database error), printable and short."""
    first = (message.strip().splitlines() or [""])[0]
    first = printable(first)
    return first if len(first) <= limit else first[: limit - 1] + "…"
