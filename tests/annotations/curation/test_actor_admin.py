"""Curators keep actors tidy: counts of claims and mentions, filters, search by any alias, aliases inline."""

import pytest
from django.urls import reverse

from annotations.models import Actor
from tests.admin.forms import form_data
from tests.factories import make_actor, make_annotation, make_article, make_claim

CHANGELIST = "admin:annotations_actor_changelist"


def rows(client, **params):
    response = client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


@pytest.fixture
def actors():
    russia = make_actor("وزارة الدفاع الروسية", aliases=["الدفاع الروسية"])
    russia.country = "RUS"
    russia.save()
    assad = make_actor("بشار الأسد", kind="person", aliases=["رأس النظام", "الأسد"])
    assad.country = "SYR"
    assad.save()
    observers = make_actor("مراقبون", kind="unnamed_collective")
    make_claim(actor=russia)  # one claim by the ministry
    article = make_article(paragraphs=["التقى بشار الأسد وفدا روسيا، وقال الأسد إن الوفد مرحب به"])
    paragraph = article.paragraphs.get()
    make_annotation(paragraph, "بشار الأسد", kind="actor", actor=assad)
    make_annotation(paragraph, "الأسد", kind="actor", actor=assad, occurrence=2)
    return {"russia": russia, "assad": assad, "observers": observers}


@pytest.mark.django_db
def test_the_list_counts_claims_sources_and_mentions(client, head_curator, actors):
    client.force_login(head_curator)
    by_name = {a.name: a for a in rows(client)}
    assert (
        by_name["وزارة الدفاع الروسية"].claim_count,
        by_name["وزارة الدفاع الروسية"].actor_count,
    ) == (1, 0)
    assert (by_name["بشار الأسد"].claim_count, by_name["بشار الأسد"].actor_count) == (0, 2)
    assert by_name["مراقبون"].claim_count == 0


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_the_list_runs_a_constant_number_of_queries(
    client, head_curator, django_assert_max_num_queries, count
):
    article = make_article(paragraphs=["قال المتحدث باسم الوزارة إن الوفد وصل إلى دمشق"])
    paragraph = article.paragraphs.get()
    for n in range(count):
        actor = make_actor(f"جهة رسمية {n}", aliases=[f"الجهة {n}"])
        make_annotation(paragraph, "المتحدث", kind="actor", actor=actor)
    client.force_login(head_curator)
    with django_assert_max_num_queries(8):
        response = client.get(reverse(CHANGELIST))
    assert len(response.context["cl"].result_list) == count


@pytest.mark.django_db
def test_filters_on_kind_and_country(client, head_curator, actors):
    client.force_login(head_curator)
    assert rows(client, kind__exact="person") == [actors["assad"]]
    assert rows(client, country="RUS") == [actors["russia"]]
    assert rows(client, country="-") == [actors["observers"]]


@pytest.mark.django_db
def test_search_matches_name_or_alias_with_hamza_ignored(client, head_curator, actors):
    """«راس النظام» finds بشار الأسد through the alias «رأس النظام»; «الدفاع» finds the ministry."""
    client.force_login(head_curator)
    assert rows(client, q="راس النظام") == [actors["assad"]]
    assert rows(client, q="الاسد") == [actors["assad"]]
    assert rows(client, q="الدفاع") == [actors["russia"]]


@pytest.mark.django_db
def test_aliases_are_edited_inline_and_a_folded_duplicate_is_refused(client, head_curator, actors):
    """Adding «الاسد» beside «الأسد» is the same alias once hamza is folded: refused, nothing saved."""
    assad = actors["assad"]
    url = reverse("admin:annotations_actor_change", args=[assad.pk])
    client.force_login(head_curator)
    data = form_data(client.get(url).content.decode(), "actor_form")
    extra = int(data["aliases-TOTAL_FORMS"]) - 1
    data[f"aliases-{extra}-alias"] = "الاسد"
    data["_save"] = "حفظ"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "بعد توحيد الهمزات والحركات" in response.content.decode()
    assert assad.aliases.count() == 3

    data[f"aliases-{extra}-alias"] = "الرئيس السوري"
    assert client.post(url, data).status_code == 302
    assert set(Actor.objects.get(pk=assad.pk).aliases.values_list("alias", flat=True)) == {
        "بشار الأسد",
        "رأس النظام",
        "الأسد",
        "الرئيس السوري",
    }
