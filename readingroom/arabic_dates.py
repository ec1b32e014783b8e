"""Article dates as Arabic readers of the outlet's region write them: «9 تشرين الثاني 2020».

Syria, Lebanon, Jordan, Palestine and Iraq name the months as the Syriac calendar does
(«تموز», «تشرين الثاني»); Egypt and most of the Arab world use the Latin names
(«يوليو», «نوفمبر»). The archive is about Syria, so the Levantine names are the default;
QIRAA_MONTH_NAMES=egyptian switches every page and the admin to the other form. Both
tables are CLDR's (ar_SY and ar_EG), which a test checks against Babel.

Digits stay Western («9», «2020»), as everywhere else on the site and in the articles
themselves; the ISO date (schema.org, <time datetime>) never goes through here.
"""

import datetime
from pathlib import Path

from django.conf import settings

LEVANTINE = "levantine"
EGYPTIAN = "egyptian"

MONTH_NAMES = {
    LEVANTINE: (
        "كانون الثاني",
        "شباط",
        "آذار",
        "نيسان",
        "أيار",
        "حزيران",
        "تموز",
        "آب",
        "أيلول",
        "تشرين الأول",
        "تشرين الثاني",
        "كانون الأول",
    ),
    EGYPTIAN: (
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ),
}
STYLES = tuple(MONTH_NAMES)

# Django's own Arabic names the months the Egyptian way; the admin's month names come from
# gettext, so each style has a locale folder of its own that overrides Django's
# (locale/ holds the default, Levantine; this one is put in front for the Egyptian form).
EGYPTIAN_LOCALE = Path(__file__).resolve().parent / "egyptian_months" / "locale"


def locale_paths(style: str, project_locale: Path) -> list[Path]:
    """LOCALE_PATHS for a month style: the first folder that translates a month wins."""
    if style == EGYPTIAN:
        return [EGYPTIAN_LOCALE, project_locale]
    return [project_locale]


def month_name(month: int, style: str | None = None) -> str:
    return MONTH_NAMES[style or settings.QIRAA_MONTH_NAMES][month - 1]


def arabic_date(day: datetime.date | None, style: str | None = None) -> str:
    """«20 تموز 2021» (or «20 يوليو 2021»); an empty string for no date."""
    if day is None:
        return ""
    return f"{day.day} {month_name(day.month, style)} {day.year}"
