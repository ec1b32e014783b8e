"""A full backup of the site and its restore: nothing lost, nothing half-restored.

Real commands in their own processes against a site of their own (tests/scratch.py),
on the suite's engine: SQLite's online backup, or pg_dump and pg_restore.
"""

import json
import sqlite3
import threading
import time
import urllib.parse

import pytest

from tests.scratch import ON_POSTGRES, Browserless, scratch_site

EDITOR, CURATOR = "muharrir", "muhaqqiq"
CORRECTED = "«تصحيح المحقق»: "

CURATE = """
from django.core.management import call_command
call_command("load_seeds", verbosity=0)
call_command("load_seed_annotations")
from django.contrib.auth import get_user_model
from annotations.models import Actor, Tag
from annotations.roles import ensure_curators_group, ensure_editors_group
from annotations.services import annotation_create
from archive.models import Article
from archive.paragraphs import replace_paragraphs

User = get_user_model()
editor = User.objects.create_user({editor!r}, password={editor_password!r})
editor.groups.add(ensure_editors_group())
curator = User.objects.create_user({curator!r}, password={curator_password!r}, is_staff=True)
curator.groups.add(ensure_curators_group())

first, second = Article.objects.order_by("pk")[:2]
paragraph = first.paragraphs.order_by("position").first()
word = paragraph.text.split()[1]
at = paragraph.text.index(word)
assad = Actor.objects.get(aliases__alias="الأسد")
annotation_create(paragraph=paragraph, user=editor, kind="actor", actor=assad,
                  start=at, end=at + len(word), tags=["مراجعة عاجلة"], note="ملاحظة المحرر")

# A curator's correction of a paragraph: re-anchoring and history.
texts = list(first.paragraphs.order_by("position").values_list("text", flat=True))
texts[-1] = {corrected!r} + texts[-1]
replace_paragraphs(first, texts)

# An article unpublished, and a tag renamed, each recorded with the curator.
second.status = Article.Status.DRAFT
second._history_user = curator
second._change_reason = "إلغاء النشر"
second.save()
tag = Tag.objects.get(name="مراجعة عاجلة")
tag.name = "مراجعة"
tag._history_user = curator
tag.save()
print(Article.objects.filter(status="draft").count(), tag.history.count())
call_command("export_annotations", output={w3c!r})
from django.apps import apps
print(*[app.label for app in apps.get_app_configs()])
"""


def query(site, sql):
    """Rows of `sql` on the site's database, read from this process (no Django start)."""
    if site.sqlite_path:
        with sqlite3.connect(site.sqlite_path) as db:
            return db.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(site.database_url, autocommit=True) as db:
        return [tuple(row) for row in db.execute(sql).fetchall()]


def fingerprint(site):
    """What a refused restore must leave exactly as it was."""
    return (
        query(site, "SELECT id, title, status, updated FROM archive_article ORDER BY id"),
        query(site, "SELECT id, exact, updated FROM annotations_annotation ORDER BY id"),
        query(site, "SELECT id, username, password FROM auth_user ORDER BY id"),
        query(site, "SELECT app, name FROM django_migrations ORDER BY app, name"),
    )


def everything(site, excluded):
    """Every row of every app, as dumpdata writes it, in a stable order."""
    args = ["dumpdata", "--indent", "0"]
    for label in excluded:
        args += ["--exclude", label]
    rows = json.loads(site.manage(*args).stdout)
    return sorted(rows, key=lambda row: (row["model"], str(row["pk"])))


def refused(result, *expected):
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    for words in expected:
        assert words in result.stderr, result.stderr
    return result.stderr


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """A seeded site that editors and curators have worked on, served, with one backup taken."""
    folder = tmp_path_factory.mktemp("desk")
    with scratch_site(folder, "desk") as site:
        # As site.seed(), with the seeds loaded in the same process as the curators' work.
        site.manage("migrate", "--noinput")
        site.w3c = folder / "desk.jsonld"
        site.passwords = {EDITOR: "editor-pass-عربي-1", CURATOR: "curator-pass-عربي-2"}
        *_, counts, labels = site.shell(
            CURATE.format(
                editor=EDITOR,
                editor_password=site.passwords[EDITOR],
                curator=CURATOR,
                curator_password=site.passwords[CURATOR],
                corrected=CORRECTED,
                w3c=str(site.w3c),
            )
        ).splitlines()
        assert counts.split() == ["1", "2"]  # one draft; the tag created, then renamed
        labels = labels.split()
        site.excluded = [label for label in ("sessions", "axes") if label in labels]
        site.backup = folder / "desk.backup"
        site.manage("backup_site", site.backup)
        site.base = site.serve(workers=2)
        yield site


def test_restore_brings_back_every_row_after_the_site_was_damaged(desk, tmp_path):
    """Backup → annotations deleted, titles changed, the draft published, history erased, a user
    added → restore: every row as before (the draft, the curator's correction and the history
    too), passwords still let people in, and search still finds «الاسد». The same backup
    restored into a new, empty database gives the same rows."""
    before = everything(desk, desk.excluded)
    backup = tmp_path / "before-the-damage.backup"
    written = desk.manage("backup_site", backup).stdout
    assert f"wrote {backup} (" in written
    assert backup.stat().st_mode & 0o077 == 0  # password hashes: readable by its owner only
    annotations = len([row for row in before if row["model"] == "annotations.annotation"])
    articles = len([row for row in before if row["model"] == "archive.article"])
    users = len([row for row in before if row["model"] == "auth.user"])
    assert f"{articles} articles, {annotations} annotations, {users} users" in written
    assert annotations == 82 and articles == 2 and users == 2

    desk.shell(
        "from django.contrib.auth import get_user_model\n"
        "from annotations.models import Annotation, Tag\n"
        "from archive.models import Article\n"
        "Annotation.objects.filter(kind='claim').delete()\n"
        "for a in Article.objects.all(): a.title = 'عنوان مزيف'; a.status = 'published'; a.save()\n"
        "Tag.history.all().delete()\n"
        "get_user_model().objects.create_user('dakhil', password='intruder-pass-1')\n"
    )
    damaged = fingerprint(desk)
    assert "عنوان مزيف" in str(damaged[0]) and "dakhil" in str(damaged[2])
    assert query(desk, "SELECT count(*) FROM archive_article WHERE status = 'draft'") == [(0,)]

    restored = desk.manage("restore_site", backup, "--yes").stdout
    assert f"{articles} articles, {annotations} annotations, {users} users" in restored
    assert "migrate" not in restored  # same code, nothing to migrate

    assert everything(desk, desk.excluded) == before
    with scratch_site(tmp_path, "new-machine") as new:  # an empty database, never migrated
        assert "restored" in new.manage("restore_site", backup, "--yes").stdout
        assert everything(new, desk.excluded) == before
    assert query(desk, "SELECT count(*) FROM archive_article WHERE status = 'draft'") == [(1,)]
    corrected = query(desk, "SELECT text FROM archive_paragraph")
    assert sum(text.startswith(CORRECTED) for (text,) in corrected) == 1
    renamed = (
        "SELECT name FROM annotations_historicaltag WHERE name LIKE 'مراجعة%' ORDER BY history_id"
    )
    assert query(desk, renamed) == [("مراجعة عاجلة",), ("مراجعة",)]
    assert query(
        desk,
        "SELECT count(*) FROM archive_historicalarticle h JOIN auth_user u "  # noqa: S608
        f"ON u.id = h.history_user_id WHERE u.username = '{CURATOR}' AND h.status = 'draft'",
    ) == [(1,)]
    curator = Browserless(desk.base)
    curator.login(CURATOR, desk.passwords[CURATOR])
    status, _, _ = curator.request("GET", "/admin/archive/article/")
    assert status == 200
    intruder = Browserless(desk.base)
    intruder.request("GET", "/accounts/login/")
    status, _, _ = intruder.request(
        "POST",
        "/accounts/login/",
        data={
            "username": "dakhil",
            "password": "intruder-pass-1",
            "csrfmiddlewaretoken": intruder.csrf(),
        },
    )
    assert status == 200  # the form again: the user added after the backup is gone
    status, _, page = Browserless(desk.base).request(
        "GET", "/search/?q=" + urllib.parse.quote("الاسد")
    )
    page = page.decode()
    assert status == 200 and "<mark>الأسد</mark>" in page
    assert "عنوان مزيف" not in page


REFUSALS = """
import json
from django.core.management import CommandError, call_command
from django.db import connection

with connection.cursor() as cursor:  # a backup as a newer version of the code would write it
    cursor.execute(
        "INSERT INTO django_migrations (app, name, applied) "
        "VALUES ('annotations', '9999_from_a_newer_version', CURRENT_TIMESTAMP)"
    )
try:
    call_command("backup_site", {future!r})
finally:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE name = '9999_from_a_newer_version'")

said = {{}}
for case, command, path, options in {cases!r}:
    try:
        call_command(command, path, **options)
        said[case] = None
    except CommandError as refusal:
        said[case] = str(refusal)
print(json.dumps(said, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def refusals(desk, tmp_path_factory):
    """Every file and target the commands must refuse, each run through the command in one
    process (Django starts once): what each said, and the site before and after them all."""
    folder = tmp_path_factory.mktemp("refused")
    (folder / "notes.txt").write_text("قائمة المقالات لهذا الأسبوع\n", encoding="utf-8")
    (folder / "empty.backup").write_bytes(b"")
    whole = desk.backup.read_bytes()
    (folder / "truncated.backup").write_bytes(whole[: len(whole) // 2])
    other = folder / "other-engine.backup"
    if ON_POSTGRES:
        with sqlite3.connect(other) as db:
            db.execute("CREATE TABLE django_migrations (app, name)")
    else:
        other.write_bytes(b"PGDMP\x01\x0e\x00\x04\x08\x01\x01\x01" + bytes(200))
    (folder / "kept.backup").write_bytes(b"yesterday's backup")
    (folder / "replaced.backup").write_bytes(b"last week's backup")
    restore = {"yes": True}
    cases = [
        ("w3c", "restore_site", str(desk.w3c), restore),
        ("text", "restore_site", str(folder / "notes.txt"), restore),
        ("empty", "restore_site", str(folder / "empty.backup"), restore),
        ("absent", "restore_site", str(folder / "absent.backup"), restore),
        ("other engine", "restore_site", str(other), restore),
        ("truncated", "restore_site", str(folder / "truncated.backup"), restore),
        ("newer", "restore_site", str(folder / "future.backup"), restore),
        ("exists", "backup_site", str(folder / "kept.backup"), {}),
        ("forced", "backup_site", str(folder / "replaced.backup"), {"force": True}),
        ("no folder", "backup_site", str(folder / "no-such-folder" / "x.backup"), {}),
    ]
    if desk.sqlite_path:
        cases.append(("live itself", "backup_site", str(desk.sqlite_path), {"force": True}))
    before = fingerprint(desk)
    output = desk.shell(REFUSALS.format(future=str(folder / "future.backup"), cases=cases))
    said = json.loads(output.splitlines()[-1])
    return {"said": said, "before": before, "after": fingerprint(desk), "folder": folder}


def test_refused_restores_and_backups_leave_the_site_unchanged(refusals):
    assert refusals["after"] == refusals["before"]


def test_restore_refuses_a_w3c_export(refusals, desk):
    """On the command line: one line, exit status 1, no traceback, the live data untouched."""
    assert "W3C annotation export" in refusals["said"]["w3c"]
    before = fingerprint(desk)
    refused(
        desk.manage("restore_site", desk.w3c, "--yes", check=False),
        "CommandError: ",
        "is not a backup made by backup_site: it is a W3C annotation export",
        "import_annotations",
    )
    assert fingerprint(desk) == before


def test_restore_refuses_a_file_that_is_no_backup(refusals):
    said = refusals["said"]
    assert "is not a backup made by backup_site" in said["text"]
    assert "neither a SQLite database nor a pg_dump custom archive" in said["text"]
    assert said["empty"].endswith("it is an empty file")
    assert "does not exist" in said["absent"]


def test_restore_refuses_the_other_engines_backup(refusals):
    if ON_POSTGRES:
        expected = "a SQLite backup restores only into SQLite"
    else:
        expected = "a PostgreSQL backup restores only into PostgreSQL"
    assert expected in refusals["said"]["other engine"]
    assert "export_annotations" in refusals["said"]["other engine"]


def test_restore_refuses_a_truncated_backup(refusals):
    said = refusals["said"]["truncated"]
    assert "truncated or damaged" in said and "nothing was restored" in said


def test_restore_refuses_a_backup_from_a_newer_version(refusals):
    """A backup whose migrations this code lacks is refused, naming them; nothing changes."""
    said = refusals["said"]["newer"]
    assert "newer version" in said and "annotations.9999_from_a_newer_version" in said


def test_backup_refuses_to_overwrite_an_existing_file_unless_forced(refusals):
    folder = refusals["folder"]
    assert "already exists" in refusals["said"]["exists"]
    assert "--force" in refusals["said"]["exists"]
    assert (folder / "kept.backup").read_bytes() == b"yesterday's backup"
    assert refusals["said"]["forced"] is None
    assert (folder / "replaced.backup").read_bytes()[:5] in (b"SQLit", b"PGDMP")
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []  # no partials


@pytest.mark.skipif(ON_POSTGRES, reason="a SQLite site's database is a file")
def test_backup_refuses_to_write_over_the_live_database(refusals):
    assert "the site's live database itself" in refusals["said"]["live itself"]


def test_backup_refuses_a_missing_folder(refusals, desk, tmp_path):
    assert "does not exist" in refusals["said"]["no folder"]
    refused(
        desk.manage("backup_site", tmp_path / "no-such-folder" / "x.backup", check=False),
        "CommandError: the folder",
        "does not exist; no backup written",
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not ON_POSTGRES, reason="pg_dump is needed only on PostgreSQL")
def test_backup_says_which_package_when_pg_dump_is_missing(desk, tmp_path):
    result = desk.manage(
        "backup_site", tmp_path / "x.backup", check=False, env={"PATH": "/nonexistent"}
    )
    refused(result, "pg_dump is not installed", "postgresql-client")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not ON_POSTGRES, reason="pg_dump runs only on PostgreSQL")
def test_backup_reports_pg_dump_failing_and_leaves_no_file(desk, tmp_path):
    """A table locked past --lock-timeout: pg_dump gives up, its reason is shown, no file is left."""
    import psycopg

    with psycopg.connect(desk.database_url) as holder:
        holder.execute("LOCK TABLE taggit_tag IN ACCESS EXCLUSIVE MODE")
        result = desk.manage(
            "backup_site", tmp_path / "x.backup", "--lock-timeout", "1", check=False
        )
    message = refused(result, "pg_dump failed", "canceling statement")
    assert len(message) < 1000
    assert list(tmp_path.iterdir()) == []


def test_restore_asks_for_the_database_name(desk):
    """Without --yes, only the database's name typed back restores; anything else refuses."""
    before = fingerprint(desk)
    result = desk.manage("restore_site", desk.backup, check=False, input="yes\n")
    refused(result, "not confirmed")
    assert "Type the database name" in result.stdout
    assert fingerprint(desk) == before
    name = desk.database_url.rsplit("/", 1)[-1]
    restored = desk.manage("restore_site", desk.backup, input=f"{name}\n").stdout
    assert f"restored {desk.backup}" in restored


def test_a_backup_taken_while_editors_write_restores_consistently(desk, tmp_path):
    """Editors keep annotating through the served site while the backup runs: the restore
    has every annotation saved before the backup began, each whole (its history and tags)."""
    editor = Browserless(desk.base)
    editor.login(EDITOR, desk.passwords[EDITOR])
    _, _, article = editor.json("GET", "/api/articles/")
    slug = article["results"][0]["slug"]
    _, _, detail = editor.json("GET", f"/api/articles/{urllib.parse.quote(slug)}/")
    spans = [
        (paragraph["position"], paragraph["text"], word)
        for paragraph in detail["paragraphs"]
        for word in paragraph["text"].split()
        if len(word) > 3
    ]
    saved, failures, stop = [], [], threading.Event()

    def write():
        for position, text, word in spans:
            if stop.is_set():
                return
            start = text.index(word)
            status, _, body = editor.json(
                "POST",
                "/api/annotations/",
                {
                    "@context": "http://www.w3.org/ns/anno.jsonld",
                    "type": "Annotation",
                    "body": [
                        {
                            "type": "TextualBody",
                            "purpose": "classifying",
                            "role": "kind",
                            "value": "claim",
                        },
                        {"type": "TextualBody", "purpose": "tagging", "value": "أثناء النسخ"},
                    ],
                    "target": {
                        "source": f"{desk.base}/articles/{slug}/#p-{position}",
                        "selector": [
                            {"type": "TextQuoteSelector", "exact": word},
                            {
                                "type": "TextPositionSelector",
                                "start": start,
                                "end": start + len(word),
                            },
                        ],
                    },
                },
            )
            if status == 201:
                saved.append((time.monotonic(), int(body["id"].rstrip("/").rsplit("/", 1)[-1])))
            else:
                failures.append((status, body))

    writer = threading.Thread(target=write)
    writer.start()
    while len(saved) < 3 and writer.is_alive():
        time.sleep(0.05)
    began = time.monotonic()
    backup = tmp_path / "while-writing.backup"
    written = desk.manage("backup_site", backup).stdout
    ended = time.monotonic()
    time.sleep(0.3)
    stop.set()
    writer.join()
    assert not failures, failures[:3]
    before_backup = {pk for at, pk in saved if at < began}
    after_backup = {pk for at, pk in saved if at > ended}
    assert before_backup and after_backup, "the writes did not span the backup"

    restored = desk.manage("restore_site", backup, "--yes").stdout
    count = int(written.split(" annotations")[0].rsplit(" ", 1)[-1])
    assert f"{count} annotations" in restored
    ids = {pk for (pk,) in query(desk, "SELECT id FROM annotations_annotation")}
    assert before_backup <= ids
    assert not after_backup & ids
    ours = query(
        desk,
        "SELECT a.id, (SELECT count(*) FROM annotations_historicalannotation h "  # noqa: S608
        "WHERE h.id = a.id AND h.history_type = '+'), (SELECT count(*) FROM "
        "annotations_taggedannotation t WHERE t.object_id = a.id) FROM annotations_annotation a "
        "WHERE a.id IN (" + ",".join(map(str, sorted(ids & {pk for _, pk in saved}))) + ")",
    )
    assert ours and all(created == 1 and tagged == 1 for _, created, tagged in ours), ours
    if not ON_POSTGRES:
        assert query(desk, "PRAGMA foreign_key_check") == []
        assert query(desk, "PRAGMA integrity_check") == [("ok",)]


def test_an_older_backup_restores_and_migrate_brings_it_up_to_date(desk, tmp_path):
    """A backup from before the latest migration restores, says to migrate, and migrate works:
    the table added since does not stand in its way."""
    # As the previous version left it: tag history (0009) not there yet.
    desk.manage(
        "migrate",
        "--noinput",
        "annotations",
        "0008",
        env={"QIRAA_MIGRATE_BACK_ANYWAY": "annotations.0009"},
    )
    try:
        older = tmp_path / "older.backup"
        desk.manage("backup_site", older)
        desk.manage("migrate", "--noinput")  # the code of today
        restored = desk.manage("restore_site", older, "--yes").stdout
        assert "run manage.py migrate" in restored
        desk.manage("migrate", "--noinput")
        assert ("annotations", "0009_tag_history") in query(
            desk, "SELECT app, name FROM django_migrations"
        )
        assert query(desk, "SELECT count(*) FROM annotations_historicaltag") == [(0,)]
    finally:
        desk.manage("restore_site", desk.backup, "--yes")  # the desk as the other tests know it
