"""A curator types a slug in the admin: it is saved as readers type it, and a clash or a slug
of only tatweel and harakat is a message on the form, never a 500."""

import pytest
from django.urls import reverse

from annotations.models import Actor, Tag
from archive.models import Article
from tests.admin.forms import form_data
from tests.factories import make_actor, make_article

pytestmark = pytest.mark.django_db


def post_change(client, url, form_id, **changes):
    data = form_data(client.get(url).content.decode(), form_id)
    data.update(changes, _save="حفظ")
    return client.post(url, data)


def test_an_actor_slug_typed_with_tatweel_and_indic_digits_is_saved_typeable(client, head_curator):
    actor = make_actor("كبير المفاوضين")
    client.force_login(head_curator)
    url = reverse("admin:annotations_actor_change", args=[actor.pk])

    response = post_change(client, url, "actor_form", slug="كـبـيـر ٢٦")

    assert response.status_code == 302
    assert Actor.objects.get(pk=actor.pk).slug == "كبير-26"


def test_an_article_slug_typed_with_harakat_is_saved_without_them(client, head_curator):
    article = make_article(title="مؤتمر اللاجئين")
    client.force_login(head_curator)
    url = reverse("admin:archive_article_change", args=[article.pk])

    response = post_change(client, url, "article_form", slug="مُؤْتَمَر-اللاجئين")

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).slug == "مؤتمر-اللاجئين"


def test_a_slug_that_is_another_rows_once_typed_out_is_refused_on_the_form(client, head_curator):
    """«كـبـيـر» would be «كبير», which another actor has: the form says so and nothing changes."""
    assert make_actor("كبير").slug == "كبير"
    other = make_actor("صغير")
    client.force_login(head_curator)
    url = reverse("admin:annotations_actor_change", args=[other.pk])

    response = post_change(client, url, "actor_form", slug="كـبـيـر")

    assert response.status_code == 200
    assert "موجود" in response.content.decode()
    assert Actor.objects.get(pk=other.pk).slug == other.slug


def test_a_tag_slug_of_only_tatweel_is_a_message_on_the_form(client, head_curator):
    tag = Tag.objects.create(name="مدير")
    client.force_login(head_curator)
    url = reverse("admin:annotations_tag_change", args=[tag.pk])

    response = post_change(client, url, "tag_form", slug="ـــ")

    assert response.status_code == 200
    assert "لا يبقى من هذا المعرّف ما يُكتب في رابط" in response.content.decode()
    assert Tag.objects.get(pk=tag.pk).slug == tag.slug
