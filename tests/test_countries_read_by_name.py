"""An actor's country reads by its Arabic name: «البلد: روسيا», not «RUS», on the actor page and in
the admin's list, filter and form, where curators choose the country by name."""

import pytest
from django.urls import reverse

from annotations.models import Actor
from readingroom.countries import country_choices, country_name
from tests.admin.forms import form_data
from tests.factories import make_actor

pytestmark = pytest.mark.django_db


def with_country(name, code, **fields):
    actor = make_actor(name, **fields)
    Actor.objects.filter(pk=actor.pk).update(country=code)
    actor.refresh_from_db()
    return actor


@pytest.mark.parametrize(
    "code, shown",
    [
        ("RUS", "روسيا"),
        ("SYR", "سوريا"),
        ("TUR", "تركيا"),
        ("USA", "الولايات المتحدة"),
        ("IRN", "إيران"),
        # The Soviet Union is not Russia: a withdrawn code keeps its letters.
        ("SUN", "SUN"),
        ("ABC", "ABC"),
    ],
)
def test_the_actor_page_names_the_country_in_arabic(client, code, shown):
    actor = with_country("فلاديمير بوتين", code, kind="person")

    html = client.get(actor.get_absolute_url()).content.decode()

    assert f"<span>البلد: <bdi>{shown}</bdi></span>" in html


def test_the_country_list_holds_countries_only_by_arabic_name():
    names = dict(country_choices())

    assert names["SYR"] == "سوريا" and names["RUS"] == "روسيا" and names["LBN"] == "لبنان"
    assert "QUU" not in names and "SUN" not in names
    assert country_name("rus") == "روسيا"
    # The article and hamza do not decide the order: الأردن sits among the alefs, before إيران.
    order = [code for code, _ in country_choices()]
    assert order.index("JOR") < order.index("IRN") < order.index("BRA")


def test_the_admin_list_and_filter_name_countries(client, head_curator):
    with_country("وزارة الدفاع الروسية", "RUS")
    with_country("بشار الأسد", "SYR", kind="person")
    client.force_login(head_curator)

    html = client.get(reverse("admin:annotations_actor_changelist")).content.decode()

    assert '<td class="field-country_in_arabic">روسيا</td>' in html
    assert '<td class="field-country_in_arabic">سوريا</td>' in html
    assert 'href="?country=RUS"' in html and ">روسيا</a>" in html
    assert ">RUS<" not in html and ">SYR<" not in html


def test_a_curator_chooses_the_country_by_name_and_the_code_is_kept(client, head_curator):
    actor = with_country("بشار الأسد", "", kind="person")
    client.force_login(head_curator)
    url = reverse("admin:annotations_actor_change", args=[actor.pk])
    page = client.get(url).content.decode()

    assert '<option value="SYR">سوريا</option>' in page
    data = form_data(page, "actor_form")
    data["country"] = "SYR"
    data["_save"] = "حفظ"
    response = client.post(url, data)

    assert response.status_code == 302
    actor.refresh_from_db()
    assert actor.country == "SYR"


def test_an_actor_with_a_code_not_in_the_list_keeps_it_when_saved(client, head_curator):
    actor = with_country("الاتحاد السوفيتي", "SUN", kind="state")
    client.force_login(head_curator)
    url = reverse("admin:annotations_actor_change", args=[actor.pk])
    data = form_data(client.get(url).content.decode(), "actor_form")
    data["_save"] = "حفظ"

    response = client.post(url, data)

    assert response.status_code == 302
    actor.refresh_from_db()
    assert actor.country == "SUN"
