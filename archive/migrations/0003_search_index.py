"""The full-text index over SearchEntry, written for each database.

PostgreSQL: a stored tsvector generated from the folded text (weight A) and
the bases of prefixed words (weight B) with the built-in `arabic`
configuration, a GIN index on it, and a trigram index for the fallback.

SQLite: an FTS5 table over the same two columns and the kind, and an FTS5
trigram table over the folded text for the fallback, kept current by
triggers, so every ORM write to SearchEntry reaches them.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE archive_searchentry ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('arabic'::regconfig, body), 'A')
        || setweight(to_tsvector('arabic'::regconfig, stems), 'B')
    ) STORED""",
    "CREATE INDEX archive_searchentry_vector ON archive_searchentry USING GIN (vector)",
    "CREATE INDEX archive_searchentry_body_trgm ON archive_searchentry USING GIN (body gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS archive_searchentry_body_trgm",
    "DROP INDEX IF EXISTS archive_searchentry_vector",
    "ALTER TABLE archive_searchentry DROP COLUMN IF EXISTS vector",
]

SQLITE_FORWARD = [
    # `kind` is indexed too, so a search for actors intersects two word lists
    # instead of reading every matching row to learn its kind.
    """CREATE VIRTUAL TABLE archive_searchentry_fts USING fts5(
        body, stems, kind, content='archive_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )""",
    # Trigrams of the folded text answer the approximate search (a word
    # inside longer words), as pg_trgm does on PostgreSQL.
    """CREATE VIRTUAL TABLE archive_searchentry_trgm USING fts5(
        body, content='archive_searchentry', content_rowid='id', tokenize='trigram'
    )""",
    """CREATE TRIGGER archive_searchentry_fts_insert AFTER INSERT ON archive_searchentry BEGIN
        INSERT INTO archive_searchentry_fts(rowid, body, stems, kind)
        VALUES (new.id, new.body, new.stems, new.kind);
        INSERT INTO archive_searchentry_trgm(rowid, body) VALUES (new.id, new.body);
    END""",
    """CREATE TRIGGER archive_searchentry_fts_delete AFTER DELETE ON archive_searchentry BEGIN
        INSERT INTO archive_searchentry_fts(archive_searchentry_fts, rowid, body, stems, kind)
        VALUES ('delete', old.id, old.body, old.stems, old.kind);
        INSERT INTO archive_searchentry_trgm(archive_searchentry_trgm, rowid, body)
        VALUES ('delete', old.id, old.body);
    END""",
    """CREATE TRIGGER archive_searchentry_fts_update AFTER UPDATE ON archive_searchentry BEGIN
        INSERT INTO archive_searchentry_fts(archive_searchentry_fts, rowid, body, stems, kind)
        VALUES ('delete', old.id, old.body, old.stems, old.kind);
        INSERT INTO archive_searchentry_fts(rowid, body, stems, kind)
        VALUES (new.id, new.body, new.stems, new.kind);
        INSERT INTO archive_searchentry_trgm(archive_searchentry_trgm, rowid, body)
        VALUES ('delete', old.id, old.body);
        INSERT INTO archive_searchentry_trgm(rowid, body) VALUES (new.id, new.body);
    END""",
    "INSERT INTO archive_searchentry_fts(archive_searchentry_fts) VALUES ('rebuild')",
    "INSERT INTO archive_searchentry_trgm(archive_searchentry_trgm) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS archive_searchentry_fts_update",
    "DROP TRIGGER IF EXISTS archive_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS archive_searchentry_fts_insert",
    "DROP TABLE IF EXISTS archive_searchentry_trgm",
    "DROP TABLE IF EXISTS archive_searchentry_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def build_index(apps, schema_editor):
    """Index the articles and paragraphs that existed before search did."""
    from archive.search.index import entry_fields

    Article = apps.get_model("archive", "Article")
    Paragraph = apps.get_model("archive", "Paragraph")
    SearchEntry = apps.get_model("archive", "SearchEntry")
    entries = [
        SearchEntry(kind="article", object_id=a.pk, article_id=a.pk, **entry_fields(a.title))
        for a in Article.objects.only("pk", "title")
    ]
    entries += [
        SearchEntry(
            kind="paragraph",
            object_id=p.pk,
            article_id=p.article_id,
            paragraph_id=p.pk,
            **entry_fields(p.text),
        )
        for p in Paragraph.objects.only("pk", "article_id", "text").iterator()
    ]
    SearchEntry.objects.bulk_create(entries, batch_size=1000)


def drop_index(apps, schema_editor):
    """Backwards: the entries build_index writes, so that applying it again can write them.

    They are a copy of the articles' words; nothing is lost.
    """
    apps.get_model("archive", "SearchEntry").objects.filter(kind__in=["article", "paragraph"]).delete()


class Migration(migrations.Migration):
    dependencies = [("archive", "0002_search_entry")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
        migrations.RunPython(build_index, drop_index),
    ]
