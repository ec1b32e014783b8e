"""Every migration of archive and annotations, undone and applied again, one at a time.

Run inside `manage.py shell` on a scratch database holding data (see
tests/test_migrations_go_back_safely.py); prints one JSON report. Each migration,
from the newest down to the first, is undone alone:

- if it goes back, it is applied again and every table must hold what it held before;
- if it refuses, the database must be as it was, and, gone back all the same
  (QIRAA_MIGRATE_BACK_ANYWAY) and applied again, it must have lost nothing but
  what its message named.

Only our two apps are walked: the others' migrations (Django's, taggit's,
simple_history's, axes') are not ours to change.
"""

import json
import os

from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from archive.migration_guards import ANYWAY_VARIABLE, MigrationRefused

OUR_APPS = ("archive", "annotations")
# The search copy is rebuilt by migrations: its row numbers and the order of
# tags inside an entry may change, what it finds may not. The full-text tables
# behind it are the database's own structures over the same rows.
SEARCH_TABLE = "archive_searchentry"
# Words of the seeds (titles, paragraphs, actors' names, tags) searched for in
# every state where search exists: the full-text index must find the same.
SEARCHED = ["بوتين", "اللاجئين", "روسيا", "الإنساني", "الأسد"]


def plan():
    """Our migrations in an order that applies each after what it depends on."""
    graph = MigrationLoader(connection).graph
    nodes = []
    for leaf in sorted(graph.leaf_nodes()):
        if leaf[0] in OUR_APPS:
            nodes += [n for n in graph.forwards_plan(leaf) if n[0] in OUR_APPS and n not in nodes]
    return nodes


def link_tables():
    """Tables Django makes for many-to-many fields: a link is its pair, not its row number."""
    return {
        field.remote_field.through._meta.db_table
        for model in apps.get_models()
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    }


def dump():
    """{table: rows} of every table but the migration log."""
    links = link_tables()
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table == "django_migrations" or table.startswith(f"{SEARCH_TABLE}_"):
                continue
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = [dict(zip(columns, map(str, row), strict=True)) for row in cursor.fetchall()]
            if table in links:
                for row in rows:
                    row.pop("id")
            if table == SEARCH_TABLE:
                for row in rows:
                    row.pop("id")
                    row.pop("vector", None)  # PostgreSQL's tsvector, computed from these
                    row["body"] = "\n".join(sorted(row["body"].split("\n")))
                    row["stems"] = " ".join(sorted(row["stems"].split()))
            tables[table] = rows
    # Today's search reads the index as the latest search migration builds it.
    applied = MigrationRecorder(connection).applied_migrations()
    if ("archive", "0005_search_one_notion_of_a_word") in applied:
        tables["what search finds"] = found_by_search()
    # A group is known by its name (its natural key): deleted and made again by
    # its migration, with the same members and permissions, it is the same group.
    if "auth_group" in tables:
        names = {row.pop("id"): row["name"] for row in tables["auth_group"]}
        for table in ("auth_group_permissions", "auth_user_groups"):
            for row in tables.get(table, []):
                row["group_id"] = names.get(row["group_id"], row["group_id"])
    return tables


def found_by_search():
    """{word, kind, exact or approximate: the ids found}, through the site's own search."""
    from archive.search.engine import entry_hits
    from archive.search.query import parse

    found = []
    for word in SEARCHED:
        for kind in ("article", "paragraph", "actor", "annotation"):
            for approximate in (False, True):
                hits, _, _ = entry_hits(
                    parse(word),
                    kind,
                    published_only=False,
                    limit=1000,
                    offset=0,
                    approximate=approximate,
                )
                ids = " ".join(
                    str(hit.object_id) for hit in sorted(hits, key=lambda h: h.object_id)
                )
                found.append({"word": word, "kind": kind, "approximate": approximate, "ids": ids})
    return found


def without(tables, losses):
    """`tables` less what the losses named (a column, or whole tables)."""
    kept = {}
    for table, rows in tables.items():
        named = [loss for loss in losses if table in loss["tables"]]
        if any(not loss["column"] for loss in named):
            continue
        columns = {loss["column"] for loss in named}
        kept[table] = [{k: v for k, v in row.items() if k not in columns} for row in rows]
    return kept


def differences(before, after):
    """What changed, table by table, with a few rows: empty when nothing did."""
    found = []
    for table in sorted(set(before) | set(after)):
        if table not in after:
            found.append(f"table {table} is gone")
            continue
        if table not in before:
            found.append(f"table {table} is new")
            continue
        old = sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in before[table])
        new = sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in after[table])
        if old != new:
            lost = [r for r in old if r not in new]
            gained = [r for r in new if r not in old]
            found.append(
                f"{table}: {len(lost)} rows lost, {len(gained)} new; for instance "
                f"{[r[:300] for r in lost[:2]]} became {[r[:300] for r in gained[:2]]}"
            )
    return found


def empty_columns():
    """Columns of our tables that hold no value anywhere: the walk could not see them lost."""
    empty = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if not table.startswith(tuple(f"{app}_" for app in OUR_APPS)):
                continue
            if table.startswith(f"{SEARCH_TABLE}_"):
                continue
            for column in connection.introspection.get_table_description(cursor, table):
                name = connection.ops.quote_name(column.name)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} "  # noqa: S608
                    f"WHERE {name} IS NOT NULL AND CAST({name} AS TEXT) <> ''"
                )
                if not cursor.fetchone()[0]:
                    empty.append(f"{table}.{column.name}")
    return empty


def migrate(app, target):
    call_command("migrate", app, target, verbosity=0, interactive=False)


def walk():
    report = {"empty_columns": empty_columns(), "steps": []}
    nodes = plan()
    for i in reversed(range(len(nodes))):
        app, name = nodes[i]
        earlier = [n for n in nodes[:i] if n[0] == app]
        below = earlier[-1][1] if earlier else "zero"
        step = {"migration": f"{app}.{name}", "refused": None}
        before = dump()
        try:
            migrate(app, below)
        except MigrationRefused as refused:
            step["refused"] = str(refused)
            step["losses"] = [
                {"what": loss.what, "tables": list(loss.tables), "column": loss.column}
                for loss in refused.losses
            ]
            step["changed_by_refusal"] = differences(before, dump())
            os.environ[ANYWAY_VARIABLE] = f"{app}.{name}"
            try:
                migrate(app, below)
            finally:
                del os.environ[ANYWAY_VARIABLE]
            migrate(app, name)
            step["lost_besides_named"] = differences(
                without(before, step["losses"]), without(dump(), step["losses"])
            )
        else:
            migrate(app, name)
            step["lost"] = differences(before, dump())
        migrate(app, below)
        report["steps"].append(step)
    print(json.dumps(report, ensure_ascii=False))
