"""The cue lexicon: reporting verbs as they appear in Arabic news, and the stance each suggests.

A stance is only suggested; the editor decides. Distancing verbs («زعم»,
«ادعى») signal that the outlet does not vouch for the claim; factive ones
(«كشف», «أوضح») present it as fact; most verbs of saying are neutral.
Add verbs here; forms are matched after search folding and without a
leading و or ف.
"""

from archive.normalise import search_key

NEUTRAL, ENDORSING, DISTANCING = "neutral", "endorsing", "distancing"

LEXICON: dict[str, str] = {
    # neutral: verbs of saying and announcing
    **dict.fromkeys(
        [
            "قال",
            "قالت",
            "ذكر",
            "ذكرت",
            "أعلن",
            "أعلنت",
            "أضاف",
            "أضافت",
            "أشار",
            "أشارت",
            "لفت",
            "لفتت",
            "تابع",
            "تابعت",
            "زاد",
            "صرح",
            "صرحت",
            "أكد",
            "أكدت",
            "نقل",
            "نقلت",
            "رأى",
            "رأت",
            "اعتبر",
            "اعتبرت",
            "طلب",
            "طالب",
            "دعا",
            "دعت",
            "تحدث",
            "تحدثت",
            "أفاد",
            "أفادت",
            "نفى",
            "نفت",
        ],
        NEUTRAL,
    ),
    # endorsing: the outlet presents the content as established
    **dict.fromkeys(["كشف", "كشفت", "أوضح", "أوضحت", "بين", "بينت", "أثبت", "أثبتت"], ENDORSING),
    # distancing: the outlet signals doubt
    **dict.fromkeys(
        [
            "زعم",
            "زعمت",
            "ادعى",
            "ادعت",
            "ادعوا",
            "تزعم",
            "يزعم",
            "يدعي",
            "تدعي",
            "استجدى",
            "تذرع",
            "متعللا",
        ],
        DISTANCING,
    ),
}

_KEYS = {search_key(form): stance for form, stance in LEXICON.items()}


def suggest_stance(cue: str) -> str:
    """The stance the cue suggests, or "" when the verb is not in the lexicon."""
    key = search_key(cue.strip())
    if key in _KEYS:
        return _KEYS[key]
    if key[:1] in {"و", "ف"} and key[1:] in _KEYS:
        return _KEYS[key[1:]]
    return ""


def lexicon_for_browser() -> dict[str, str]:
    """Folded forms → stance, for the editor form's suggestion as the cue is typed."""
    return dict(_KEYS)
