"""The compiled Arabic (each .mo) says what its .po says: locale/ and the Egyptian month names."""

import ast
import gettext
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "ar" / "LC_MESSAGES" / "django.po"
EVERY_PO = [
    PO,
    ROOT / "locale" / "ar" / "LC_MESSAGES" / "djangojs.po",
    *sorted((ROOT / "readingroom" / "egyptian_months" / "locale").glob("ar/LC_MESSAGES/*.po")),
]


def entries(text):
    """(context, msgid, msgid_plural, [msgstr…]) of each entry of a .po file (entries end at a
    blank line; strings continue on the lines after)."""
    found, key, parts = [], None, {}

    def close():
        if "".join(parts.get("msgid", [])):  # the header has an empty msgid
            forms = sorted(k for k in parts if k.startswith("msgstr"))
            found.append(
                (
                    "".join(parts["msgctxt"]) if "msgctxt" in parts else None,
                    "".join(parts["msgid"]),
                    "".join(parts["msgid_plural"]) if "msgid_plural" in parts else None,
                    ["".join(parts[k]) for k in forms],
                )
            )

    for line in [*text.splitlines(), ""]:
        line = line.strip()
        if line.startswith(("msgctxt ", "msgid ", "msgid_plural ", "msgstr")):
            key, _, rest = line.partition(" ")
            parts[key] = [ast.literal_eval(rest)]
        elif line.startswith('"') and key:
            parts[key].append(ast.literal_eval(line))
        elif not line:
            close()
            key, parts = None, {}
    return found


def test_every_message_is_translated_and_compiled():
    pairs = entries(PO.read_text(encoding="utf-8"))

    assert len(pairs) >= 20
    with translation.override("ar"):
        for context, msgid, _, (msgstr,) in pairs:
            assert msgstr, f"no Arabic for {msgid!r}"
            shown = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            assert shown == msgstr, f"django.mo is older than django.po: {msgid!r}"
    with translation.override("en"):
        assert all(translation.gettext(msgid) == msgid for _, msgid, _, _ in pairs)


@pytest.mark.parametrize("po", EVERY_PO, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_compiled_catalogue_matches_its_source(po):
    with po.with_suffix(".mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)

    for context, msgid, plural, msgstrs in entries(po.read_text(encoding="utf-8")):
        assert all(msgstrs), f"no Arabic for {msgid!r} in {po.name}"
        if plural is None:
            shown = catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
            assert shown == msgstrs[0], f"{po.name}: the .mo is older than the .po for {msgid!r}"
        else:
            # One number of each of Arabic's six forms: 0, 1, 2, 3–10, 11–99, 100 and on.
            for form, n in enumerate((0, 1, 2, 3, 11, 100)):
                assert catalogue.ngettext(msgid, plural, n) == msgstrs[form], (po.name, msgid, n)
