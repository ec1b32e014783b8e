"""The compiled Arabic (django.mo) says what locale/ar/LC_MESSAGES/django.po says."""

import ast
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parent.parent / "locale" / "ar" / "LC_MESSAGES" / "django.po"


def entries(text):
    """(msgid, msgstr) pairs of a .po file: quoted strings, continued on the lines after."""
    pairs, key, parts = [], None, {}
    for line in [*text.splitlines(), ""]:
        line = line.strip()
        if line.startswith(("msgid ", "msgstr ")):
            key, _, rest = line.partition(" ")
            parts[key] = [ast.literal_eval(rest)]
        elif line.startswith('"') and key:
            parts[key].append(ast.literal_eval(line))
        elif not line and "msgstr" in parts:
            pairs.append(("".join(parts["msgid"]), "".join(parts["msgstr"])))
            key, parts = None, {}
    return [(msgid, msgstr) for msgid, msgstr in pairs if msgid]


def test_every_message_is_translated_and_compiled():
    pairs = entries(PO.read_text(encoding="utf-8"))

    assert len(pairs) >= 20
    with translation.override("ar"):
        for msgid, msgstr in pairs:
            assert msgstr, f"no Arabic for {msgid!r}"
            assert translation.gettext(msgid) == msgstr, (
                f"django.mo is older than django.po: {msgid!r}"
            )
    with translation.override("en"):
        assert all(translation.gettext(msgid) == msgid for msgid, _ in pairs)
