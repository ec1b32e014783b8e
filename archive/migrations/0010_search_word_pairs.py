"""Search: phrases found through an index of the text's word pairs on PostgreSQL.

PostgreSQL's GIN index on the tsvector knows which entries hold a word, not
where: for a phrase of two common words («"عودة اللاجئين"») it handed over
every entry with both, a third of the archive, and each was read again to
test the order. `pairs` holds each two words that stand side by side in
`body` (as «عوده_اللاجيين»: words are letters and digits, never «_»), so a
phrase's entries come straight from its pairs' index, and only those few are
tested for the whole phrase. A pair longer than a lexeme may be (2,047
bytes) is left out: no query is that long. An entry too long for its pairs
to fit in a tsvector holds the lexeme «_» instead, which every phrase query
also accepts, so nothing that matched before is left out. SQLite's FTS5 keeps word positions in its
index and needs nothing new. The column is a copy of `body`, so going back
only drops it.
"""

from django.db import migrations

# Bodies longer than this hold «_»: a pair costs at most twice its words'
# bytes plus a few of its own, and a tsvector holds at most 1 MB.
LONGEST_PAIRED_BODY = 400_000

CREATE = [
    # Words one space or line apart, as archive_search_words() reads them (0005).
    rf"""CREATE OR REPLACE FUNCTION archive_search_pairs(words text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT CASE WHEN octet_length(words) > {LONGEST_PAIRED_BODY} THEN CAST('_' AS tsvector)
        ELSE COALESCE((
            SELECT CAST(string_agg(
                '''' || replace(replace(pair, '\', '\\'), '''', '''''') || '''', ' '
            ) AS tsvector)
            FROM (
                SELECT word || '_' || lead(word) OVER (ORDER BY place) AS pair
                FROM unnest(regexp_split_to_array(btrim(words, E' \n'), E'[ \n]+'))
                    WITH ORDINALITY AS w(word, place)
                WHERE word <> ''
            ) AS p
            WHERE octet_length(pair) <= 2047
        ), '') END
    $$""",  # noqa: S608 only the fixed constant above is formatted in
    """ALTER TABLE archive_searchentry ADD COLUMN pairs tsvector
        GENERATED ALWAYS AS (archive_search_pairs(body)) STORED""",
    "CREATE INDEX archive_searchentry_pairs ON archive_searchentry USING GIN (pairs)",
]
DROP = [
    "DROP INDEX IF EXISTS archive_searchentry_pairs",
    "ALTER TABLE archive_searchentry DROP COLUMN IF EXISTS pairs",
    "DROP FUNCTION IF EXISTS archive_search_pairs(text)",
]


def _postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("archive", "0009_search_top_k")]

    operations = [
        migrations.RunPython(_postgres(CREATE), _postgres(DROP)),
    ]
