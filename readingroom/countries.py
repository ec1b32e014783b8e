"""Country names in Arabic for the ISO 3166 alpha-3 codes actors carry: «RUS» → «روسيا».

CLDR (through Babel) names territories by their alpha-2 code and maps every alpha-3 code
to it, so both tables are data we do not keep ourselves. CLDR also maps codes ISO has
withdrawn to a successor («SUN» → RU, «YUG» → RS); naming the Soviet Union «روسيا» would be
wrong, so those keep their code.
"""

from functools import cache

from babel import Locale
from babel.core import get_global

# ISO 3166-3: alpha-3 codes withdrawn from ISO 3166-1 that CLDR still maps to a successor.
WITHDRAWN = frozenset({"ANT", "BUR", "DDR", "FXX", "NTZ", "SCG", "SUN", "TMP", "YMD", "YUG", "ZAR"})


@cache
def _names() -> dict[str, str]:
    territories = Locale("ar").territories
    names = {}
    for alpha3, alpha2s in get_global("territory_aliases").items():
        if len(alpha3) != 3 or not alpha3.isalpha() or alpha3 in WITHDRAWN:
            continue
        if alpha3.startswith("Q"):  # user-assigned (QUU, the European Union): not a country
            continue
        if alpha2s and alpha2s[0] in territories:
            names[alpha3.upper()] = territories[alpha2s[0]]
    return names


def country_name(code: str) -> str:
    """The Arabic name of an alpha-3 code; an unknown code is shown as it is."""
    code = (code or "").strip()
    return _names().get(code.upper(), code)


def _alphabetical(name: str) -> str:
    # Enough for a list of country names: hamza on alef and the article do not decide the order.
    name = name.translate(str.maketrans("أإآ", "ااا"))
    return name[2:] if name.startswith("ال") else name


@cache
def country_choices() -> tuple[tuple[str, str], ...]:
    """(alpha-3, «روسيا») for every country, in Arabic alphabetical order."""
    return tuple(sorted(_names().items(), key=lambda item: _alphabetical(item[1])))
