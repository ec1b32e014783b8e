"""Who made an imported annotation: an import keeps the creator a file names as a name, never
hands the annotation to a local account, and never changes who made an annotation already
here. Only an administrator restoring this site's own export may relink the names to the
local users of those logins (import_annotations --relink-creators)."""

import io
import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from annotations import permissions
from annotations.models import Annotation
from tests.factories import make_annotation, make_article

pytestmark = pytest.mark.django_db


def export_to(tmp_path, base_url):
    path = tmp_path / "annotations.jsonld"
    call_command("export_annotations", "--base-url", base_url, "-o", str(path))
    return path


def import_from(path, *args):
    out = io.StringIO()
    call_command("import_annotations", str(path), *args, stdout=out)
    return out.getvalue()


def round_trip(tmp_path, base_url, *args):
    path = export_to(tmp_path, base_url)
    Annotation.objects.all().delete()
    report = import_from(path, *args)
    return Annotation.objects.get(), report


@pytest.fixture
def annotated(editor):
    paragraph = make_article().paragraphs.get(position=2)
    return make_annotation(paragraph, "حجم الكارثة الإنسانية", user=editor)


def test_a_restored_backup_credits_each_creator_by_name_without_an_owner(
    tmp_path, editor, annotated
):
    restored, report = round_trip(tmp_path, settings.SITE_URL)

    assert restored.created_by is None and restored.creator_name == editor.username
    assert restored.creator_nickname == editor.username
    assert not permissions.can_change(editor, restored)
    assert "relinked" not in report


def test_an_administrator_relinks_this_sites_own_backup_to_its_editors(tmp_path, editor, annotated):
    restored, report = round_trip(tmp_path, settings.SITE_URL, "--relink-creators")

    assert restored.created_by == editor and restored.creator_name == ""
    assert permissions.can_change(editor, restored)
    assert "creators relinked to local users 1" in report


def test_relinking_a_file_from_elsewhere_is_refused_and_nothing_is_written(
    tmp_path, editor, annotated
):
    path = export_to(tmp_path, "https://another-qiraa.example")
    Annotation.objects.all().delete()
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_annotations",
            str(path),
            "--relink-creators",
            stdout=io.StringIO(),
            stderr=err,
        )

    assert "creators are relinked only in this site's own export" in err.getvalue()
    assert Annotation.objects.count() == 0


def test_a_file_from_elsewhere_does_not_hand_annotations_to_a_local_namesake(
    tmp_path, editor, annotated
):
    restored, _ = round_trip(tmp_path, "https://another-qiraa.example")

    assert restored.created_by is None
    assert restored.creator_nickname == editor.username  # still credited by name
    assert not permissions.can_change(editor, restored)


def test_a_file_naming_another_creator_does_not_change_who_made_an_annotation_here(
    tmp_path, editor, other_editor, annotated
):
    """This site's own backup, changed to name someone else: the annotation is the same one
    (same id, article and time), and it stays the work of the editor who made it."""
    path = export_to(tmp_path, settings.SITE_URL)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(f'"nickname": "{editor.username}"', f'"nickname": "{other_editor.username}"'),
        encoding="utf-8",
    )

    assert "skipped 1" in import_from(path, "--relink-creators")

    annotated.refresh_from_db()
    assert annotated.created_by == editor and Annotation.objects.count() == 1


def forged_file(other_editor):
    """An annotation a staff editor wrote by hand, claiming to be another editor's, under
    an id that looks like this site's own."""
    paragraph = make_article().paragraphs.get(position=2)
    at = paragraph.text.index("حجم الكارثة الإنسانية")
    item = {
        "id": f"{settings.SITE_URL}/api/annotations/424242/",
        "type": "Annotation",
        "created": "2026-01-05T10:00:00+00:00",
        "modified": "2026-01-05T10:00:00+00:00",
        "creator": {"type": "Person", "nickname": other_editor.username},
        "body": [
            {"type": "TextualBody", "purpose": "classifying", "role": "kind", "value": "claim"}
        ],
        "target": {
            "source": f"{settings.SITE_URL}{paragraph.article.get_absolute_url()}#p-2",
            "selector": [
                {
                    "type": "TextPositionSelector",
                    "start": at,
                    "end": at + len("حجم الكارثة الإنسانية"),
                }
            ],
        },
    }
    return {
        "@context": ["http://www.w3.org/ns/anno.jsonld"],
        "id": f"{settings.SITE_URL}/annotations.jsonld",
        "type": "AnnotationCollection",
        "first": {"type": "AnnotationPage", "items": [item]},
    }


def test_an_admin_upload_cannot_make_another_editor_the_author(client, curator, other_editor):
    client.force_login(curator)
    document = json.dumps(forged_file(other_editor), ensure_ascii=False).encode()

    response = client.post(
        "/admin/annotations/annotation/import/",
        {"file": SimpleUploadedFile("forged.jsonld", document, "application/ld+json")},
    )

    assert response.status_code == 302
    forged = Annotation.objects.get()
    assert forged.created_by is None and forged.creator_name == other_editor.username
    assert not permissions.can_delete(other_editor, forged)
    assert not permissions.can_change(other_editor, forged)
