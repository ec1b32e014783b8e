"""The admin writes dates and times as the pages do: «9 تشرين الثاني 2020», «1 كانون الأول 2026، 14:05»;
its calendar names Levantine months and starts the week on Saturday, and its time-zone note
counts hours by Arabic's six plural forms."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from readingroom.arabic_dates import MONTH_NAMES
from tests.factories import make_article, make_outlet

LEVANTINE = MONTH_NAMES["levantine"]
EGYPTIAN_OR_LATIN = re.compile(
    r"يناير|فبراير|مارس|إبريل|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر"
    r"|January|February|March|April|June|July|August|September|October|November|December"
)
# «1 كانون الأول 2026، 14:05»: day, month, year, an Arabic comma, a 24-hour time.
DATETIME = re.compile(rf"\b\d{{1,2}} (?:{'|'.join(LEVANTINE)}) \d{{4}}، \d{{2}}:\d{{2}}")


ARABIC_PLURAL_FORMULA = (
    "n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5"
)


def arabic_plural_form(n: int) -> int:
    if n in (0, 1, 2):
        return n
    if 3 <= n % 100 <= 10:
        return 3
    return 4 if 11 <= n % 100 <= 99 else 5


@pytest.fixture
def article():
    return make_article(outlet=make_outlet(), published_on=datetime.date(2020, 11, 9))


def admin_page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.django_db
def test_the_article_list_shows_publication_dates_day_month_year(client, head_curator, article):
    html = admin_page(client, head_curator, reverse("admin:archive_article_changelist"))

    assert "9 تشرين الثاني 2020" in html
    assert not EGYPTIAN_OR_LATIN.search(html)


@pytest.mark.django_db
def test_created_and_changed_times_read_in_arabic_on_the_change_form_and_history(
    client, head_curator, article
):
    change_form = admin_page(
        client, head_curator, reverse("admin:archive_article_change", args=[article.pk])
    )
    history = admin_page(
        client, head_curator, reverse("admin:archive_article_history", args=[article.pk])
    )

    for html in (change_form, history):
        assert DATETIME.search(html), html[:200]
        assert not EGYPTIAN_OR_LATIN.search(html)
        assert " م<" not in html and " ص<" not in html  # no 12-hour «2:05 م»


@pytest.mark.django_db
def test_the_editors_activity_page_dates_each_change_in_arabic(client, head_curator, article):
    html = admin_page(client, head_curator, reverse("admin:activity"))

    assert DATETIME.search(html)
    assert not EGYPTIAN_OR_LATIN.search(html)


@pytest.mark.django_db
def test_the_date_filter_and_the_date_field_keep_iso_dates(client, head_curator, article):
    html = admin_page(
        client, head_curator, reverse("admin:archive_article_change", args=[article.pk])
    )

    assert 'name="published_on" value="2020-11-09"' in html


def javascript_catalogue(client, user):
    js = admin_page(client, user, reverse("admin:jsi18n"))
    decode = json.JSONDecoder().raw_decode
    catalogue, _ = decode(js, js.index("{", js.index("const newcatalog = ")))
    formats, _ = decode(js, js.index("{", js.index("django.formats = ")))
    formula = re.search(r"const v = (.*?);\n", js).group(1)
    return catalogue, formats, formula


@pytest.mark.django_db
def test_the_calendar_names_levantine_months_and_starts_on_saturday(client, head_curator):
    catalogue, formats, _ = javascript_catalogue(client, head_curator)

    english = ["January", "February", "March", "April", "May", "June", "July", "August"]
    english += ["September", "October", "November", "December"]
    assert [catalogue[month] for month in english] == list(LEVANTINE)
    assert catalogue["abbrev. month July\x04Jul"] == "تموز"
    assert formats["FIRST_DAY_OF_WEEK"] == 6
    assert formats["DATE_INPUT_FORMATS"][0] == "%Y-%m-%d"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "hours, behind, ahead",
    [
        (1, "بساعة واحدة", "بساعة واحدة"),
        (2, "بساعتين", "بساعتين"),
        (3, "بـ3 ساعات", "بـ3 ساعات"),
        (10, "بـ10 ساعات", "بـ10 ساعات"),
        (11, "بـ11 ساعة", "بـ11 ساعة"),
        (100, "بـ100 ساعة", "بـ100 ساعة"),
    ],
)
def test_the_time_zone_note_counts_hours_by_the_arabic_plural_rules(
    client, head_curator, hours, behind, ahead
):
    catalogue, _, formula = javascript_catalogue(client, head_curator)
    # The formula the admin's JavaScript picks a form with: Arabic's, as gettext defines it.
    assert formula == ARABIC_PLURAL_FORMULA
    form = arabic_plural_form(hours)

    shown_behind = catalogue["Note: You are %s hour behind server time."][form].replace(
        "%s", str(hours)
    )
    shown_ahead = catalogue["Note: You are %s hour ahead of server time."][form].replace(
        "%s", str(hours)
    )
    assert shown_behind == f"ملاحظة: توقيتك متأخر عن توقيت الخادم {behind}."
    assert shown_ahead == f"ملاحظة: توقيتك متقدم على توقيت الخادم {ahead}."


@pytest.mark.django_db
def test_the_date_hierarchy_and_relative_formats_use_levantine_months(settings):
    from django.utils import formats, translation

    moment = timezone.make_aware(datetime.datetime(2026, 12, 1, 14, 5))
    with translation.override("ar"):
        assert formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") == (
            "1 كانون الأول 2026، 14:05"
        )
        assert formats.date_format(moment.date(), "YEAR_MONTH_FORMAT") == "كانون الأول 2026"
        assert formats.date_format(moment.date(), "MONTH_DAY_FORMAT") == "1 كانون الأول"
        assert formats.date_format(moment.date(), "SHORT_DATE_FORMAT") == "2026-12-01"
        assert formats.number_format(6.5) == "6.5"
