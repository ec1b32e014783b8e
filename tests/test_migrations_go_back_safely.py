"""Going back a migration of archive or annotations restores, or refuses saying what it would lose.

Real `manage.py migrate` commands, each in its own process, on a database of its
own (SQLite, or PostgreSQL when DATABASE_URL says so). Only our two apps are
walked: the migrations of Django, taggit, simple_history and axes are not ours.
"""

import json

import pytest

from tests.scratch import scratch_site

OUR_APPS = ("archive", "annotations")

# Whether each migration of today refuses to go back on the seeded, filled database.
TODAY = {
    "annotations.0009_tag_history": True,
    "annotations.0008_annotation_times_kept_on_restore": False,
    "annotations.0007_annotation_iri_and_creator_name": True,
    "annotations.0006_curators_group": True,
    "annotations.0005_history": True,
    "annotations.0004_editors_view_articles": False,
    "annotations.0003_search_index": False,
    "annotations.0002_editors_group": True,
    "annotations.0001_initial": True,
    "archive.0004_history": True,
    "archive.0003_search_index": False,
    "archive.0002_search_entry": False,
    "archive.0001_initial": True,
}

# Data in every table and column our migrations create: a curator in Curators
# and an editor in Editors, a renamed tag, history written by people with a
# reason, an annotation whose creator came from an imported file.
FILL = """
from django.contrib.auth import get_user_model
from annotations.models import Actor, ActorAlias, Annotation, Tag
from annotations.roles import ensure_curators_group, ensure_editors_group
from archive.models import Article, Paragraph

User = get_user_model()
curator = User.objects.create_user("amina", password="x", is_staff=True)
curator.groups.add(ensure_curators_group())
editor = User.objects.create_user("khaled", password="x")
editor.groups.add(ensure_editors_group())


def save(obj, user, reason):
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


tag = Tag.objects.order_by("pk").first()
tag.name = tag.name + " والإقليمية"
save(tag, curator, "توحيد أسماء الوسوم")
article = Article.objects.order_by("pk").first()
article.url = "https://www.sy-24.com/news/123456/"
article.author = "مراسل قراءة"
save(article, curator, "إضافة رابط المقال وكاتبه")
save(Paragraph.objects.order_by("pk").first(), curator, "مراجعة الفقرة")
save(Actor.objects.order_by("pk").first(), curator, "مراجعة الفاعل")
save(ActorAlias.objects.order_by("pk").first(), curator, "مراجعة الاسم البديل")
annotation = Annotation.objects.order_by("pk").first()
annotation.note = "ملاحظة من المحرر عن هذا الادعاء"
annotation.created_by = annotation.updated_by = editor
annotation.creator_name = "محرر من أرشيف آخر"
save(annotation, editor, "تصحيح الملاحظة")

import json
print(json.dumps({"tag_history": Tag.history.count(), "iris": Annotation.objects.exclude(iri="").count()}))
"""


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """The seeds with FILL's data, and the counts FILL printed; each test takes a copy."""
    with scratch_site(tmp_path_factory.mktemp("seeded")) as site:
        site.seed()
        counts = json.loads(site.shell(FILL).splitlines()[-1])
        yield site, counts


def dumpdata(site) -> list:
    """Every app's rows, in a stable order."""
    rows = json.loads(site.manage("dumpdata").stdout)
    return sorted(rows, key=lambda row: (row["model"], json.dumps(row["pk"])))


def state(site) -> dict:
    """Our apps' applied migrations, and {group: its permissions' codenames}."""
    printed = site.shell(
        "import json\n"
        "from django.contrib.auth.models import Group\n"
        "from django.db import connection\n"
        "from django.db.migrations.recorder import MigrationRecorder\n"
        "applied = MigrationRecorder(connection).applied_migrations()\n"
        "print(json.dumps({\n"
        f"    'applied': sorted('.'.join(m) for m in applied if m[0] in {OUR_APPS!r}),\n"
        "    'groups': {g.name: sorted(g.permissions.values_list('codename', flat=True))\n"
        "               for g in Group.objects.all()}}))\n"
    )
    return json.loads(printed.splitlines()[-1])


def assert_refused(result, message):
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert message in result.stderr, result.stderr
    assert "Nothing of it has been changed." in result.stderr
    assert "To return to the latest version, run 'manage.py migrate'." in result.stderr
    assert (
        "back up first (manage.py backup_site FILE; README, 'Backup and restore')" in result.stderr
    )


def test_an_empty_database_goes_back_to_zero_and_forward_again(tmp_path):
    with scratch_site(tmp_path) as site:
        site.manage("migrate")
        latest = state(site)
        assert set(TODAY) <= set(latest["applied"])
        assert set(latest["groups"]) == {"Curators", "Editors"}

        site.manage("migrate", "annotations", "zero")
        site.manage("migrate", "archive", "zero")
        assert state(site) == {"applied": [], "groups": {}}

        site.manage("migrate")
        assert state(site) == latest


def test_going_back_on_real_data_refuses_naming_what_would_be_lost_and_keeps_everything(
    tmp_path, seeded
):
    template, counts = seeded
    with scratch_site(tmp_path, template=template) as site:
        assert counts["tag_history"] > 20 and counts["iris"] == 81
        before = dumpdata(site)
        tag_history = (
            "annotations 0009_tag_history would lose data if it went back: it would delete "
            f"{counts['tag_history']} history records of tags (table annotations_historicaltag)"
        )

        # The commands, and going back to zero: the newest migration that
        # would lose data is the first undone, so each stops there with nothing undone.
        for targets in [
            [("annotations", "0005")],
            [("archive", "0003")],
            [("annotations", "zero"), ("archive", "zero")],
        ]:
            for app, target in targets:
                result = site.manage("migrate", app, target, check=False)
                assert_refused(result, tag_history)
                assert "QIRAA_MIGRATE_BACK_ANYWAY=annotations.0009" in result.stderr
                assert "Unapplying annotations.0009_tag_history..." in result.stdout
            site.manage("migrate")
            assert dumpdata(site) == before, f"migrate {targets} lost data"

        # Given up deliberately, the tag history goes; the migration after it that
        # would lose data refuses in turn, and what was undone before it comes back.
        result = site.manage(
            "migrate",
            "annotations",
            "0005",
            check=False,
            env={"QIRAA_MIGRATE_BACK_ANYWAY": "annotations.0009"},
        )
        assert_refused(
            result,
            "annotations 0007_annotation_iri_and_creator_name would lose data if it went back: "
            "it would drop the IRIs of 81 annotations (column iri); drop the creators named by "
            "imported files of 1 annotation (column creator_name); drop the IRIs of ",
        )
        assert "Unapplying annotations.0008_annotation_times_kept_on_restore... OK" in result.stdout
        site.manage("migrate")
        after = dumpdata(site)
        assert [r for r in after if r["model"] == "annotations.historicaltag"] == []
        assert after == [r for r in before if r["model"] != "annotations.historicaltag"]


def test_every_migration_goes_back_whole_or_refuses_naming_all_it_would_lose(tmp_path, seeded):
    """Each migration of ours, on a database with data in every column, undone alone.

    A migration added later whose backwards step drops data without refusing
    fails here, and so does one that refuses but loses more than it names.
    """
    with scratch_site(tmp_path, template=seeded[0]) as site:
        printed = site.shell("from tests.migration_walk import walk\nwalk()")
        report = json.loads(printed.splitlines()[-1])

    assert report["empty_columns"] == [], "give these columns data in FILL, or the walk is blind"
    steps = {step["migration"]: step for step in report["steps"]}
    for name, step in steps.items():
        if step["refused"] is None:
            assert step["lost"] == [], f"{name} went back and lost data: {step['lost']}"
        else:
            assert step["refused"].startswith(f"{name.replace('.', ' ')} would lose data")
            assert step["changed_by_refusal"] == [], f"{name} refused after changing data"
            assert step["lost_besides_named"] == [], f"{name} lost more than it named"
    # What today's migrations do on this data; later ones are held to the rules above.
    refusing = {name: bool(step["refused"]) for name, step in steps.items()}
    assert {name: refusing.get(name) for name in TODAY} == TODAY
    assert (
        "take 1 user out of the group Curators"
        in steps["annotations.0006_curators_group"]["refused"]
    )
    assert "delete 2 articles (table archive_article)" in steps["archive.0001_initial"]["refused"]
