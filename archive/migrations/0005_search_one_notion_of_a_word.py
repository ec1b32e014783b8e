"""Search: one notion of a word on both databases.

Python decides what a word is and what it may match (archive.normalise,
archive.search.index); the databases only index the words it wrote:

- a third column, `bare`, for the bases of words with a bare بـ/لـ/كـ;
- PostgreSQL: the tsvector is built by archive_search_words() from the
  space-separated words, with no parser or dictionary (the built-in `arabic`
  configuration stemmed words its own way, and even the `simple` parser
  splits words at letters and digits its locale does not know: «৴», «୲» and
  some 700 more); weights A, B and C are the words, their other forms and
  the bare bases;
- SQLite: the FTS5 table gains the column and uses the `ascii` tokenizer,
  which splits only at ASCII spaces and punctuation, where unicode61 split at
  characters its Unicode 6.1 tables do not know;
- every entry is written again from its own folded text, so the articles,
  paragraphs, actors and annotation notes indexed before are found as new
  ones are. This reads SearchEntry alone: no other model's later changes can
  break it, and the words are the site's own (archive.search.index), since a
  search copy written any other way would not be found by the site's search.

Backwards, the `arabic` index of migration 0003 comes back over the same
rows; `bare` goes, and it is a copy of the words, so nothing is lost.
"""

from django.db import migrations, models

OLD_POSTGRES = [
    """ALTER TABLE archive_searchentry ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('arabic'::regconfig, body), 'A')
        || setweight(to_tsvector('arabic'::regconfig, stems), 'B')
    ) STORED""",
    "CREATE INDEX archive_searchentry_vector ON archive_searchentry USING GIN (vector)",
]
DROP_POSTGRES = [
    "DROP INDEX IF EXISTS archive_searchentry_vector",
    "ALTER TABLE archive_searchentry DROP COLUMN IF EXISTS vector",
]
NEW_POSTGRES = [
    # 'word':1 'word':2 … from words one space or line apart: a tsvector
    # literal, read without a parser. Words are letters and digits; quotes and
    # backslashes are escaped all the same, so that no row can make it fail.
    # The index keeps each entry within 16,383 positions.
    r"""CREATE OR REPLACE FUNCTION archive_search_words(words text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT COALESCE(CAST(string_agg(
            '''' || replace(replace(word, '\', '\\'), '''', '''''') || ''':' || place, ' '
        ) AS tsvector), '')
        FROM unnest(regexp_split_to_array(btrim(words, E' \n'), E'[ \n]+'))
            WITH ORDINALITY AS w(word, place)
        WHERE word <> ''
    $$""",
    """ALTER TABLE archive_searchentry ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(archive_search_words(body), 'A')
        || setweight(archive_search_words(stems), 'B')
        || setweight(archive_search_words(bare), 'C')
    ) STORED""",
    "CREATE INDEX archive_searchentry_vector ON archive_searchentry USING GIN (vector)",
]
DROP_NEW_POSTGRES = [*DROP_POSTGRES, "DROP FUNCTION IF EXISTS archive_search_words(text)"]


def _sqlite_tables(columns, tokenizer):
    """The FTS5 and trigram tables over `columns` and the triggers that keep them current.

    Only the fixed column names of this module are formatted into the SQL.
    """
    listed = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    fts = "INSERT INTO archive_searchentry_fts"
    delete_fts = (
        f"{fts}(archive_searchentry_fts, rowid, {listed}) VALUES ('delete', old.id, {old});"
    )
    insert_fts = f"{fts}(rowid, {listed}) VALUES (new.id, {new});"
    delete_trgm = (
        "INSERT INTO archive_searchentry_trgm(archive_searchentry_trgm, rowid, body)"
        " VALUES ('delete', old.id, old.body);"
    )
    insert_trgm = "INSERT INTO archive_searchentry_trgm(rowid, body) VALUES (new.id, new.body);"
    return [
        # `kind` is indexed too, so a search for actors intersects two word lists
        # instead of reading every matching row to learn its kind.
        f"""CREATE VIRTUAL TABLE archive_searchentry_fts USING fts5(
            {listed}, content='archive_searchentry', content_rowid='id', tokenize='{tokenizer}'
        )""",
        # Trigrams of the words answer the approximate search (a word inside
        # longer words), as pg_trgm does on PostgreSQL.
        """CREATE VIRTUAL TABLE archive_searchentry_trgm USING fts5(
            body, content='archive_searchentry', content_rowid='id', tokenize='trigram'
        )""",
        f"""CREATE TRIGGER archive_searchentry_fts_insert AFTER INSERT ON archive_searchentry
        BEGIN {insert_fts} {insert_trgm} END""",
        f"""CREATE TRIGGER archive_searchentry_fts_delete AFTER DELETE ON archive_searchentry
        BEGIN {delete_fts} {delete_trgm} END""",
        f"""CREATE TRIGGER archive_searchentry_fts_update AFTER UPDATE ON archive_searchentry
        BEGIN {delete_fts} {insert_fts} {delete_trgm} {insert_trgm} END""",
        "INSERT INTO archive_searchentry_fts(archive_searchentry_fts) VALUES ('rebuild')",
        "INSERT INTO archive_searchentry_trgm(archive_searchentry_trgm) VALUES ('rebuild')",
    ]


DROP_SQLITE = [
    "DROP TRIGGER IF EXISTS archive_searchentry_fts_update",
    "DROP TRIGGER IF EXISTS archive_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS archive_searchentry_fts_insert",
    "DROP TABLE IF EXISTS archive_searchentry_trgm",
    "DROP TABLE IF EXISTS archive_searchentry_fts",
]
OLD_SQLITE = _sqlite_tables(["body", "stems", "kind"], "unicode61 remove_diacritics 0")
NEW_SQLITE = _sqlite_tables(["body", "stems", "bare", "kind"], "ascii")


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


REWRITE_BATCH = 1000


def rewrite_entries(apps, schema_editor):
    """Every entry's columns again, from the folded text it already holds."""
    from archive.search.index import entry_columns

    SearchEntry = apps.get_model("archive", "SearchEntry")
    last = 0
    while True:
        batch = list(SearchEntry.objects.filter(pk__gt=last).order_by("pk")[:REWRITE_BATCH])
        if not batch:
            return
        for entry in batch:
            for name, value in entry_columns(entry.body).items():
                setattr(entry, name, value)
        SearchEntry.objects.bulk_update(batch, ["body", "stems", "bare"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("archive", "0004_history")]

    operations = [
        # The old index goes first: on SQLite, adding a column rebuilds the
        # table, which would drop the triggers anyway.
        migrations.RunPython(
            _run({"postgresql": DROP_POSTGRES, "sqlite": DROP_SQLITE}),
            _run({"postgresql": OLD_POSTGRES, "sqlite": OLD_SQLITE}),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="bare",
            field=models.TextField(blank=True, default=""),
        ),
        # Written before the new index exists, which then reads each row once.
        migrations.RunPython(rewrite_entries, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"postgresql": NEW_POSTGRES, "sqlite": NEW_SQLITE}),
            _run({"postgresql": DROP_NEW_POSTGRES, "sqlite": DROP_SQLITE}),
        ),
    ]
