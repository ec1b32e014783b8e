"""Country names in Arabic for the ISO 3166 alpha-3 codes actors carry: «RUS» → «روسيا».

CLDR (through Babel) names territories by their alpha-2 code and maps every alpha-3 code
to it, so both tables are data we do not keep ourselves.
"""

from functools import cache

from babel import Locale
from babel.core import get_global


@cache
def _names() -> dict[str, str]:
    territories = Locale("ar").territories
    names = {}
    for alpha3, alpha2s in get_global("territory_aliases").items():
        if len(alpha3) == 3 and alpha3.isalpha() and alpha2s and alpha2s[0] in territories:
            names[alpha3.upper()] = territories[alpha2s[0]]
    return names


def country_name(code: str) -> str:
    """The Arabic name of an alpha-3 code; an unknown code is shown as it is."""
    code = (code or "").strip()
    return _names().get(code.upper(), code)
