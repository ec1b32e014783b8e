"""Search: the newest matches of a kind first, read from an index and no further.

A search ranks at most the newest matches of each kind (archive.search.engine).
On PostgreSQL these indexes let the planner walk one kind's entries newest
first and stop at the cap, where the primary key alone would walk past every
newer entry of the other kinds; for a rare word it still takes the few
matches from the GIN index. Paragraphs, nearly every entry, have an index of
their own: the planner, taking a kind that common to cost nothing to filter,
would otherwise walk the primary key. SQLite needs nothing new: its FTS5 table
hands over matches in rowid order, either way. The indexes are copies of what
the table holds, so going back only drops them.
"""

from django.db import migrations

CREATE = [
    "CREATE INDEX IF NOT EXISTS archive_searchentry_kind_newest ON archive_searchentry (kind, id)",
    "CREATE INDEX IF NOT EXISTS archive_searchentry_paragraph_newest"
    " ON archive_searchentry (id) WHERE kind = 'paragraph'",
]
DROP = [
    "DROP INDEX IF EXISTS archive_searchentry_paragraph_newest",
    "DROP INDEX IF EXISTS archive_searchentry_kind_newest",
]


def _postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("archive", "0008_listing_counts")]

    operations = [
        migrations.RunPython(_postgres(CREATE), _postgres(DROP)),
    ]
