"""Text that no database or browser can take, found before it reaches either.

Every way in (the API, article files and their metadata, annotation files)
checks its strings here, so a lone surrogate, a NUL or a stray control
character is refused with a reason naming the field, on SQLite and on
PostgreSQL alike: PostgreSQL would refuse NUL with an error, SQLite would
store it, and neither can encode a lone surrogate.
"""

import re
import unicodedata
from dataclasses import dataclass

# Deeper JSON than any annotation needs; Python's parser would recurse until it fails.
MAX_JSON_DEPTH = 32
ALLOWED_CONTROLS = frozenset("\n\r\t")


@dataclass(frozen=True)
class Unsafe:
    """The first character that makes a string unusable, and where it is (0-based)."""

    kind: str  # "surrogate", "nul" or "control"
    index: int
    char: str

    @property
    def code_point(self) -> str:
        return f"U+{ord(self.char):04X}"

    def describe(self) -> str:
        """In English, for the commands; callers translate for the pages."""
        what = {
            "surrogate": "a lone surrogate",
            "nul": "a NUL character",
            "control": "a control character",
        }[self.kind]
        return f"{what} ({self.code_point}) at character {self.index + 1}"


def find_unsafe(value: str, *, multiline: bool = True) -> Unsafe | None:
    """The first surrogate, NUL or control character of `value`, or None.

    Tab and line ends are text where `multiline` (paragraphs, notes); a
    one-line field (a title, a name) refuses them too.
    """
    # One search in C: Cc is U+0000-001F and U+007F-009F, Cs is U+D800-DFFF.
    match = (_UNSAFE_MULTILINE if multiline else _UNSAFE_ONE_LINE).search(value)
    if match is None:
        return None
    char = match.group()
    if char == "\x00":
        return Unsafe("nul", match.start(), char)
    if unicodedata.category(char) == "Cs":
        return Unsafe("surrogate", match.start(), char)
    return Unsafe("control", match.start(), char)


_UNSAFE_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# The same less ALLOWED_CONTROLS: tab (U+0009), line feed (U+000A), carriage return (U+000D).
_UNSAFE_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def json_too_deep(value, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether parsed JSON nests lists and objects deeper than `limit`, walked without recursion."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def unsafe_strings(value, path: str = ""):
    """(path, Unsafe) for every string in parsed JSON, keys included, that find_unsafe refuses.

    Paths read like `body[2].value`, so a message can name the field.
    """
    stack = [(value, path)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, str):
            if problem := find_unsafe(node):
                yield where or "(value)", problem
        elif isinstance(node, dict):
            for key, child in node.items():
                name = f"{where}.{key}" if where else str(key)
                if problem := find_unsafe(str(key), multiline=False):
                    yield name, problem
                stack.append((child, name))
        elif isinstance(node, list):
            stack.extend((child, f"{where}[{i}]") for i, child in enumerate(node))
