"""Who made an imported annotation: this site's own backup gives it back to its editor;
a file from elsewhere keeps the creator's name without handing the annotation to a local
account that happens to have the same login."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from annotations import permissions
from annotations.models import Annotation
from tests.factories import make_annotation, make_article

pytestmark = pytest.mark.django_db


def round_trip(tmp_path, base_url):
    path = tmp_path / "annotations.jsonld"
    call_command("export_annotations", "--base-url", base_url, "-o", str(path))
    Annotation.objects.all().delete()
    call_command("import_annotations", str(path), stdout=io.StringIO())
    return Annotation.objects.get()


@pytest.fixture
def annotated(editor):
    paragraph = make_article().paragraphs.get(position=2)
    return make_annotation(paragraph, "حجم الكارثة الإنسانية", user=editor)


def test_restoring_this_sites_backup_gives_each_annotation_back_to_its_editor(
    tmp_path, editor, annotated
):
    restored = round_trip(tmp_path, settings.SITE_URL)

    assert restored.created_by == editor and restored.creator_name == ""
    assert permissions.can_change(editor, restored)


def test_a_file_from_elsewhere_does_not_hand_annotations_to_a_local_namesake(
    tmp_path, editor, annotated
):
    restored = round_trip(tmp_path, "https://another-qiraa.example")

    assert restored.created_by is None
    assert restored.creator_nickname == editor.username  # still credited by name
    assert not permissions.can_change(editor, restored)


def test_a_file_from_elsewhere_does_not_change_who_made_an_annotation_here(
    tmp_path, editor, other_editor, annotated
):
    path = tmp_path / "annotations.jsonld"
    call_command(
        "export_annotations", "--base-url", "https://another-qiraa.example", "-o", str(path)
    )
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(f'"nickname": "{editor.username}"', f'"nickname": "{other_editor.username}"'),
        encoding="utf-8",
    )

    call_command("import_annotations", str(path), stdout=io.StringIO())

    annotated.refresh_from_db()
    assert annotated.created_by == editor and Annotation.objects.count() == 1
