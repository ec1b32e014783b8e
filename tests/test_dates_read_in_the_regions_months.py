"""Article dates read in the month names of the outlet's region: «9 تشرين الثاني 2020» on every
page, as the Syrian seed articles write it; «9 نوفمبر 2020» with QIRAA_MONTH_NAMES=egyptian."""

import datetime
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.dates import get_month_names
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import formats, translation

from readingroom import arabic_dates
from tests.factories import make_actor, make_claim, make_outlet

ROOT = Path(__file__).resolve().parent.parent
NOVEMBER_9 = datetime.date(2020, 11, 9)
LEVANTINE_DAY = "9 تشرين الثاني 2020"
EGYPTIAN_DAY = "9 نوفمبر 2020"


def egyptian():
    """Settings as QIRAA_MONTH_NAMES=egyptian makes them at start."""
    return override_settings(
        QIRAA_MONTH_NAMES="egyptian",
        LOCALE_PATHS=arabic_dates.locale_paths("egyptian", ROOT / "locale"),
    )


@pytest.fixture
def dated_claim():
    """A claim by an actor, tagged, in an SY24 article of 9 November 2020."""
    actor = make_actor("وزارة الدفاع الروسية")
    return make_claim(
        actor=actor, tags=["عودة اللاجئين"], outlet=make_outlet(), published_on=NOVEMBER_9
    )


def pages_with_the_date(claim):
    article = claim.paragraph.article
    return {
        "article list": "/",
        "reading page": article.get_absolute_url(),
        "search": "/search/?q=" + "الحدث",
        "actor page": claim.actor.get_absolute_url(),
        "tag page": reverse("annotations:tag_detail", args=[claim.tags.get().slug]),
        "claims": "/claims/",
    }


def test_the_month_tables_are_cldrs_for_syria_and_egypt():
    assert list(get_month_names("wide", locale="ar_SY").values()) == list(
        arabic_dates.MONTH_NAMES["levantine"]
    )
    assert list(get_month_names("wide", locale="ar_EG").values()) == list(
        arabic_dates.MONTH_NAMES["egyptian"]
    )


@pytest.mark.parametrize(
    "day, shown",
    [
        (datetime.date(2021, 7, 20), "20 تموز 2021"),
        (NOVEMBER_9, LEVANTINE_DAY),
        (datetime.date(2024, 1, 1), "1 كانون الثاني 2024"),
        (datetime.date(2026, 12, 31), "31 كانون الأول 2026"),
        (datetime.date(2011, 3, 15), "15 آذار 2011"),
    ],
)
def test_a_date_reads_day_month_year_with_the_levantine_month(day, shown):
    assert settings.QIRAA_MONTH_NAMES == "levantine"
    assert arabic_dates.arabic_date(day) == shown


@pytest.mark.django_db
def test_every_page_showing_an_article_date_names_the_month_as_syrians_do(client, dated_claim):
    for page, url in pages_with_the_date(dated_claim).items():
        html = client.get(url).content.decode()

        assert f'<time datetime="2020-11-09">{LEVANTINE_DAY}</time>' in html, page
        assert "نوفمبر" not in html, page


@pytest.mark.django_db
def test_machine_readable_dates_stay_iso(client, dated_claim):
    html = client.get(dated_claim.paragraph.article.get_absolute_url()).content.decode()

    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    assert {node.get("datePublished") for node in data["@graph"]} >= {"2020-11-09"}
    assert '<time datetime="2020-11-09">' in html


@pytest.mark.django_db
def test_the_egyptian_month_names_are_a_setting_away(client, dated_claim):
    with egyptian():
        for page, url in pages_with_the_date(dated_claim).items():
            html = client.get(url).content.decode()

            assert f'<time datetime="2020-11-09">{EGYPTIAN_DAY}</time>' in html, page
            assert "تشرين" not in html, page
        with translation.override("ar"):
            assert formats.date_format(NOVEMBER_9) == EGYPTIAN_DAY


def start_django(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "QIRAA_"))}
    clean.update(env, DJANGO_DEBUG="true", DJANGO_SETTINGS_MODULE="readingroom.settings")
    script = (
        "import datetime, django; django.setup()\n"
        "from django.conf import settings; from django.utils import formats, translation\n"
        "translation.activate('ar')\n"
        "print(settings.QIRAA_MONTH_NAMES, '|', formats.date_format(datetime.date(2020, 11, 9)))"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=clean, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, f"levantine | {LEVANTINE_DAY}"),
        ("levantine", f"levantine | {LEVANTINE_DAY}"),
        ("Egyptian", f"egyptian | {EGYPTIAN_DAY}"),
        ("", f"levantine | {LEVANTINE_DAY}"),
    ],
)
def test_qiraa_month_names_is_read_from_the_environment(value, expected):
    result = start_django(**({} if value is None else {"QIRAA_MONTH_NAMES": value}))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_an_unknown_month_style_stops_the_start_naming_the_variable():
    result = start_django(QIRAA_MONTH_NAMES="syrian")

    assert result.returncode != 0
    assert "QIRAA_MONTH_NAMES must be one of levantine, egyptian; got 'syrian'." in result.stderr
