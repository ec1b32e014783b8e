"""What the public is told about who annotated and about actors: no e-mail address, no draft-only actor.

A login may be an e-mail address (Django allows «@» in usernames); readers, the
API, the JSON-LD files and even a backup name such an editor «محرر N». An actor
known only from drafts is hidden from readers, also as the parent of one they see.
"""

import io
import json

import pytest
from django.core.management import call_command

from annotations.models import Actor
from archive.models import Article
from tests.factories import make_actor, make_annotation, make_article

pytestmark = pytest.mark.django_db
ADDRESS = "ali@example.org"


def export(*args):
    out = io.StringIO()
    call_command("export_annotations", "--base-url", "https://qiraa.example", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def annotated_by_an_address(django_user_model):
    from annotations.roles import ensure_editors_group

    user = django_user_model.objects.create_user(ADDRESS, password="x")
    user.groups.add(ensure_editors_group())
    article = make_article()
    annotation = make_annotation(
        article.paragraphs.get(position=2), "حجم الكارثة الإنسانية", user=user
    )
    return article, annotation, user


def test_a_login_that_is_an_address_never_leaves_the_site(client, annotated_by_an_address):
    article, annotation, user = annotated_by_an_address
    shown = f"محرر {user.pk}"

    outputs = {
        "reading page": client.get(article.get_absolute_url()).content.decode(),
        "API": client.get(f"/api/annotations/{annotation.pk}/").content.decode(),
        "collection": client.get(f"/api/articles/{article.slug}/annotations/").content.decode(),
        "JSON-LD": client.get(f"{article.get_absolute_url()}annotations.jsonld").content.decode(),
        "published export": export("--published"),
        "backup": export(),
    }

    for where, text in outputs.items():
        assert ADDRESS not in text and "example.org" not in text, where
        assert shown in json.dumps(text, ensure_ascii=False), where


def test_an_ordinary_login_is_shown_as_it_is(client, editor):
    article = make_article()
    make_annotation(article.paragraphs.get(position=2), "حجم الكارثة الإنسانية", user=editor)

    page = client.get(article.get_absolute_url()).content.decode()

    assert f"<bdi>{editor.username}</bdi>" in page
    assert f'"nickname": "{editor.username}"' in export()


@pytest.fixture
def child_of_a_draft_only_parent():
    parent = make_actor("جهة لا تظهر إلا في مسودة", kind="government_body", aliases=["الاسم الخفي"])
    Actor.objects.filter(pk=parent.pk).update(description="وصف لا يراه القراء")
    draft = make_article(status=Article.Status.DRAFT)
    make_annotation(draft.paragraphs.get(position=2), "بوتين", kind="actor", actor=parent)
    child = make_actor("وزارة الدفاع الروسية")
    Actor.objects.filter(pk=child.pk).update(parent=parent)
    article = make_article()
    make_annotation(
        article.paragraphs.get(position=1), "وزارة الدفاع الروسية", kind="actor", actor=child
    )
    return article, parent


def test_a_draft_only_parent_is_not_described_to_readers(
    client, curator, child_of_a_draft_only_parent
):
    article, parent = child_of_a_draft_only_parent
    url = f"{article.get_absolute_url()}annotations.jsonld"

    public = client.get(url).content.decode()
    assert parent.name not in public and "الاسم الخفي" not in public
    assert parent.name not in export("--published")
    assert "وزارة الدفاع الروسية" in public  # the child itself is shown

    client.force_login(curator)
    assert parent.name in client.get(url).content.decode()  # curators see drafts
    assert "الاسم الخفي" in export()  # the backup describes every actor


def test_a_refused_change_names_the_other_editor_without_their_address(
    client, editor, django_user_model
):
    from urllib.parse import quote

    from tests.annotations.api import annotation_body, send, version

    other = django_user_model.objects.create_user(ADDRESS, password="x", is_staff=True)
    from annotations.roles import ensure_editors_group

    other.groups.add(ensure_editors_group())
    paragraph = make_article().paragraphs.get(position=2)
    annotation = make_annotation(paragraph, "حجم الكارثة الإنسانية", user=editor)
    loaded = version(annotation)
    client.force_login(other)
    body = annotation_body(paragraph, "حجم الكارثة الإنسانية", note="تصحيح", modified=loaded)
    assert send(client, "put", f"/api/annotations/{annotation.pk}/", body).status_code == 200

    client.force_login(editor)
    refused = client.delete(f"/api/annotations/{annotation.pk}/?modified={quote(loaded)}")

    assert refused.status_code == 409
    assert ADDRESS not in refused.content.decode()
    assert f"«محرر {other.pk}»" in refused.json()["error"]
