"""A reader narrows /claims/ by date in a text box that says «سنة-شهر-يوم», typing Western or
Arabic-Indic digits; a date that does not exist is a message in Arabic, never an error page."""

import datetime
import re
from html import unescape

import pytest

from tests.factories import make_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def july_and_august():
    return (
        make_claim(published_on=datetime.date(2021, 7, 20)),
        make_claim(published_on=datetime.date(2021, 8, 1)),
    )


def get(client, url="/claims/", **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def shown(html):
    return {int(pk) for pk in re.findall(r'<li class="claim-row" id="claim-(\d+)">', html)}


def date_inputs(html):
    return re.findall(r'<input [^>]*name="(?:from|to)"[^>]*>', html)


def test_the_date_boxes_are_text_with_an_arabic_placeholder(client, july_and_august):
    inputs = date_inputs(get(client).content.decode())

    assert len(inputs) == 2
    for tag in inputs:
        assert 'type="text"' in tag
        assert 'placeholder="سنة-شهر-يوم"' in tag
        assert 'type="date"' not in tag


@pytest.mark.parametrize(
    "typed",
    ["2021-07-21", "٢٠٢١-٠٧-٢١", "۲۰۲۱-۰۷-۲۱", " ٢٠٢١-٠٧-٢١ "],
    ids=["western", "arabic-indic", "persian", "spaces around"],
)
def test_a_date_in_any_of_the_digits_arabic_readers_type_filters_the_same(
    client, july_and_august, typed
):
    _, august = july_and_august

    html = get(client, **{"from": typed}).content.decode()

    assert shown(html) == {august.pk}
    assert "filter-problem" not in html
    # Links onward (CSV, JSON, facets) carry the ISO date.
    csv = unescape(re.search(r'<a class="csv-link" href="([^"]+)"', html).group(1))
    assert "from=2021-07-21" in csv


def test_a_range_in_arabic_indic_digits_keeps_both_ends(client, july_and_august):
    july, _ = july_and_august

    html = get(client, **{"from": "٢٠٢١-٠٧-٠١", "to": "٢٠٢١-٠٧-٣١"}).content.decode()

    assert shown(html) == {july.pk}


@pytest.mark.parametrize(
    "typed", ["٢٠٢١-١٣-٤٥", "2021-02-30", "أمس", "٢٠٢١/٠٧/٢٠", "20-07-2021", "٢"]
)
def test_a_date_that_is_not_one_says_so_in_arabic_and_lists_every_claim(
    client, july_and_august, typed
):
    html = get(client, **{"from": typed}).content.decode()

    assert "«من تاريخ»: تاريخ غير صالح (الصيغة سنة-شهر-يوم)" in html
    assert shown(html) == {claim.pk for claim in july_and_august}


def test_the_read_api_and_the_csv_accept_arabic_indic_digits_too(client, july_and_august):
    _, august = july_and_august

    api = get(client, "/api/claims/", **{"from": "٢٠٢١-٠٧-٢١"}).json()
    csv = b"".join(get(client, "/claims.csv", **{"from": "٢٠٢١-٠٧-٢١"}).streaming_content)

    assert [item["id"] for item in api["results"]] == [
        f"http://testserver/api/annotations/{august.pk}/"
    ]
    assert csv.decode("utf-8-sig").count("\n") == 2  # the header and August's claim
