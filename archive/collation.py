"""Arabic alphabetical order, the same on SQLite and PostgreSQL.

Code points put Arabic letters almost in their alphabetical order; the
exceptions are the hamza forms (آ أ إ before ا, ؤ and ئ far from و and ي),
ة before ت, ى between و and ي, harakat and tatweel, and the article «ال»
that makes «السوريون» an alef word. `sort_key` folds those away
(archive.normalise.search_key does most of it), so a plain comparison of
keys is the dictionary's order. Each row stores its key; `CodePoints`
makes PostgreSQL compare it code point by code point, as SQLite does, rather
than by the database's locale.

Decided here: ة sorts as ه (as search folds it), ى as ي, ء as ا; the
Persian letters of foreign names (ڤ پ چ ژ گ) beside the Arabic letter they
stand in for; «ال» is ignored at the start of every word. Words beginning
with a digit come first, then Arabic words, then Latin and other scripts,
word by word: «24 ساعة» before «ابتسام», «وسم يحيى» before «وسم BBC».
"""

import re

from django.db.models import CharField, F, Func

from archive.normalise import search_key

SORT_KEY_MAX_LENGTH = 255

_SORT_FOLDS = str.maketrans({"ء": "ا", "ڤ": "ف", "پ": "ب", "چ": "ج", "ژ": "ز", "گ": "ك"})
_WORD = re.compile(r"[^\W_]+")
_ARTICLE = "ال"
# «ال» is dropped only when two letters remain: «الله» keeps a word to sort by.
_MIN_AFTER_ARTICLE = 2


def _group(first: str) -> str:
    """Digits, then Arabic, then everything else, whatever their code points."""
    if first.isdigit():
        return "0"
    if "\u0600" <= first <= "\u06ff" or "\u0750" <= first <= "\u08ff":
        return "1"
    return "2"


def sort_key(name: str) -> str:
    """What `name` is sorted by: folded letters, words without «ال», each after its script's group."""
    words = _WORD.findall(search_key(name).translate(_SORT_FOLDS))
    words = [
        word[len(_ARTICLE) :]
        if word.startswith(_ARTICLE) and len(word) - len(_ARTICLE) >= _MIN_AFTER_ARTICLE
        else word
        for word in words
    ]
    # Each word carries its script's group, so «وسم BBC» follows «وسم يحيى» too.
    return " ".join(_group(word[0]) + word for word in words)[:SORT_KEY_MAX_LENGTH]


class CodePoints(Func):
    """A text column compared code point by code point on every database.

    SQLite compares text that way already; PostgreSQL would use the
    database's locale, which orders the same keys differently.
    """

    output_field = CharField()

    def __init__(self, expression):
        super().__init__(F(expression) if isinstance(expression, str) else expression)

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f'{sql} COLLATE "C"', params


def alphabetical(prefix: str = "") -> list:
    """order_by() arguments for rows with sort_key and name: the key, then the name, then id."""
    return [CodePoints(f"{prefix}sort_key"), CodePoints(f"{prefix}name"), f"{prefix}pk"]


def in_alphabetical_order(names) -> list[str]:
    """`names` sorted as alphabetical() sorts rows: by sort key, then as written."""
    return sorted(names, key=lambda name: (sort_key(name), name))
