"""Decoding and cleaning article text, before anything touches the database.

Text is kept exactly as published: harakat, tatweel, quotation marks and
doubled quotes all survive. Only what is not content changes: the encoding
becomes Unicode NFC, line endings become LF, surrounding spaces and blank
lines go.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

ARABIC_LETTERS = "\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff\u0750-\u077f\u08a0-\u08c9"
ARABIC_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u08ca-\u08ff\u0640"
LATIN_LETTERS = "A-Za-z\u00c0-\u024f"
# A word: two or more letters of one script, harakat and tatweel allowed between them.
WORD_RE = re.compile(
    rf"[{ARABIC_LETTERS}](?:[{ARABIC_MARKS}]*[{ARABIC_LETTERS}])+|[{LATIN_LETTERS}]{{2,}}"
)
ARABIC_LETTER_RE = re.compile(f"[{ARABIC_LETTERS}]")

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
ALLOWED_CONTROLS = {"\n", "\r", "\t"}

# A first line is a headline when it is short and does not end a sentence.
HEADLINE_MAX_CHARS = 150
HEADLINE_MAX_WORDS = 20
SENTENCE_END = ".!?؟…:؛،۔"
CLOSERS = "\"'”’»)]›"
DERIVED_TITLE_MAX_CHARS = 90


class TextRefused(ValueError):
    """The bytes cannot become an article; the message says why, in one line."""


# One well-formed UTF-8 character of two to four bytes (RFC 3629: no overlong
# forms, no surrogates, nothing above U+10FFFF).
UTF8_MULTIBYTE_RE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
HIGH_BYTES = bytes(range(0x80, 0x100))
# Above this share of its non-ASCII bytes in well-formed UTF-8 characters, a file
# that fails to decode is damaged UTF-8. Arabic UTF-8 is near 100% (every letter
# is a lead byte D8–DB and a continuation byte 80–BF); Windows-1256 Arabic
# prose near 2% (its letters are C1–FE, next to each other, and only a letter
# before «،» or «»» happens to form a pair): the two seed articles in
# Windows-1256 measure 1.8% and 2.0%.
DAMAGED_UTF8_SHARE = 0.5
# Arabic UTF-8 read as Windows-1256 turns every letter's lead byte into «ط» or
# «ظ» (D8, D9); in Arabic prose the two are rare (about 1% of letters).
MOJIBAKE_LETTERS = "طظ"
MOJIBAKE_SHARE = 0.25


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) or refuse.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are taken as they are.
    Windows-1256 maps nearly every byte to something and would accept
    anything, so it is tried only for bytes that are not UTF-8, not even
    damaged UTF-8 (a file cut short, a bad byte in the middle), and only when
    the result reads as Arabic prose: damaged UTF-8 read as Windows-1256 still
    looks Arabic («ط¨ظˆطھظٹظ†»), and would be stored as garbage.
    """
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise TextRefused(
                f"starts with a UTF-16 byte order mark but is not UTF-16 "
                f"({exc.reason} at byte {exc.start})"
            ) from None
    if b"\x00" in data:
        raise TextRefused("binary data (contains NUL bytes), not a text file")
    if data.startswith(UTF8_BOM):
        try:
            return data[len(UTF8_BOM) :].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError as exc:
            problem = _utf8_problem(data, exc, offset=len(UTF8_BOM))
            raise TextRefused(
                f"starts with a UTF-8 byte order mark but is not UTF-8: {problem}"
            ) from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        problem = _utf8_problem(data, exc)
    if _damaged_utf8(data):
        raise TextRefused(f"not valid UTF-8: {problem}")
    text = data.decode("cp1256")  # every byte has a character in this code page
    if _reads_as_arabic(text) and not _looks_like_mojibake(text):
        return text, "Windows-1256"
    raise TextRefused(
        f"not UTF-8 ({problem}), UTF-16 with a byte order mark, or Windows-1256 Arabic text"
    )


def _utf8_problem(data: bytes, exc: UnicodeDecodeError, *, offset: int = 0) -> str:
    """Where decoding stopped, in bytes from the start of the file, and its line."""
    start = exc.start + offset
    line = data.count(b"\n", 0, start) + 1
    if exc.reason == "unexpected end of data":
        return f"truncated at byte {start}: the file ends inside a character (line {line})"
    return f"{exc.reason} 0x{data[start]:02X} at byte {start} (line {line})"


def _damaged_utf8(data: bytes) -> bool:
    high = len(data) - len(data.translate(None, HIGH_BYTES))
    if not high:
        return False
    in_characters = sum(len(match) for match in UTF8_MULTIBYTE_RE.findall(data))
    return in_characters / high >= DAMAGED_UTF8_SHARE


def _reads_as_arabic(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    arabic = len(ARABIC_LETTER_RE.findall(text))
    spaces = sum(1 for c in text if c.isspace())
    # Prose has spaces between words; random bytes almost never do.
    return arabic / len(letters) >= 0.6 and spaces / len(text) >= 0.05


def _looks_like_mojibake(text: str) -> bool:
    arabic = len(ARABIC_LETTER_RE.findall(text))
    lead_letters = sum(text.count(letter) for letter in MOJIBAKE_LETTERS)
    return arabic > 0 and lead_letters / arabic >= MOJIBAKE_SHARE


def clean_lines(text: str) -> list[str]:
    """NFC, LF line ends, one entry per non-blank line, refusing what cannot be prose."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    for number, line in enumerate(text.split("\n"), start=1):
        for char in line:
            if unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS:
                raise TextRefused(f"control character U+{ord(char):04X} on line {number}")
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise TextRefused("empty: no text after removing blank lines")
    if not any(WORD_RE.search(line) for line in lines):
        raise TextRefused("no Arabic or Latin words in the text")
    return lines


def looks_like_headline(line: str) -> bool:
    stripped = line.rstrip(CLOSERS + " ")
    return (
        len(line) <= HEADLINE_MAX_CHARS
        and len(line.split()) <= HEADLINE_MAX_WORDS
        and not stripped.endswith(tuple(SENTENCE_END))
    )


def title_from_sentence(paragraph: str) -> str:
    """A title made from the first sentence, shortened at a word boundary."""
    match = re.search(r"[.!?؟](?=\s|$)", paragraph)
    sentence = paragraph[: match.start()] if match else paragraph
    sentence = sentence.strip().rstrip("،,:؛ ")
    if len(sentence) <= DERIVED_TITLE_MAX_CHARS:
        return sentence
    cut = sentence[:DERIVED_TITLE_MAX_CHARS]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip("،,:؛ ") + "…"


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    paragraphs: list[str]
    has_headline: bool
    sha256: str


def parse(lines: list[str]) -> ParsedArticle:
    """Title and paragraphs from cleaned lines.

    A lone line is always a paragraph: an article is never only a headline.
    """
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    if len(lines) > 1 and looks_like_headline(lines[0]):
        return ParsedArticle(lines[0], lines[1:], True, digest)
    return ParsedArticle(title_from_sentence(lines[0]), lines, False, digest)
