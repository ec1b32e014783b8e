"""The search copy of Arabic text. Never applied to stored text.

Readers type without hamza, harakat or tatweel, and with either digit set;
this folds all of those so that «الاسد» finds «الأسد» and «2021» finds «٢٠٢١».
"""

import re
import unicodedata

_MARKS = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u08d3-\u08ff\u0640]"
)
_FOLDS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)


def search_key(text: str) -> str:
    """Fold `text` for matching: no harakat or tatweel, one alef, one digit set, casefolded."""
    # NFKC first turns presentation forms (ﻻ, ﺍ) into plain letters; NFD would
    # then split hamza-carrying letters, so fold the composed letters.
    text = unicodedata.normalize("NFKC", text)
    text = _MARKS.sub("", text)
    return text.translate(_FOLDS).casefold()
