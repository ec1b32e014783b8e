"""`manage.py migrate` rewrites the slugs of an existing archive so readers can type them.

A database from before, holding articles, actors and tags whose slugs carry
tatweel («كـبـيـر»), Arabic-Indic digits («٢٦») or harakat («مُدِير»), some
of them colliding with another row's slug once rewritten. Real `migrate`
commands on a database of their own (SQLite, or PostgreSQL when
DATABASE_URL says so), as tests/test_migrations_go_back_safely.py runs them;
the migrations are also held there, by tests/migration_walk.py, to going
back without losing anything.
"""

import json

import pytest

from tests.scratch import scratch_site

BEFORE = [("archive", "0006_search_words"), ("annotations", "0010_actor_and_tag_sort_keys")]

# Rows as the site before this change could hold them (curators typed slugs in
# the admin, files named actors by their IRIs). The ORM writes them as given.
OLD_ROWS = """
# The models as the old schema has them: today's classes would also write today's
# columns and count tables, which that schema lacks.
from django.db import connection
from django.db.migrations.loader import MigrationLoader

loader = MigrationLoader(connection)
old = loader.project_state(list(loader.applied_migrations)).apps
Article = old.get_model("archive", "Article")
Actor = old.get_model("annotations", "Actor")
Tag = old.get_model("annotations", "Tag")

for title, slug in [("الأول", "كـبـيـر"), ("الثاني", "كبير"), ("الثالث", "٢٦-تموز"),
                    ("الرابع", "مُدِير"), ("الخامس", "ـــ")]:
    Article.objects.create(title=title, slug=slug, source_name=slug)
for name, slug in [("كبير", "كـبـيـر"), ("الفرقة 26", "الفرقة-٢٦"), ("مدير", "مدير")]:
    Actor.objects.create(name=name, slug=slug)
for name, slug in [("مدير", "مُدِير"), ("مدير عام", "مدير"), ("تموز", "تـمـوز-۲۶")]:
    Tag.objects.create(name=name, slug=slug)
"""

SLUGS = """
import json
from annotations.models import Actor, Tag
from archive.models import Article

print(json.dumps({model.__name__: list(model.objects.order_by("pk").values_list("slug", flat=True))
                  for model in (Article, Actor, Tag)}, ensure_ascii=False))
"""

REWRITTEN = {
    # A row whose slug was already typeable keeps it; the others, in order of
    # id, take the typeable form or the next free «-2».
    "Article": ["كبير-2", "كبير", "26-تموز", "مدير", "article"],
    "Actor": ["كبير", "الفرقة-26", "مدير"],
    "Tag": ["مدير-2", "مدير", "تموز-26"],
}


def slugs(site) -> dict:
    return json.loads(site.shell(SLUGS).splitlines()[-1])


@pytest.fixture(scope="module")
def old_site(tmp_path_factory):
    with scratch_site(tmp_path_factory.mktemp("old-slugs")) as site:
        site.manage("migrate")
        for app, name in BEFORE:
            site.manage("migrate", app, name)
        site.shell(OLD_ROWS)
        yield site


def test_migrate_rewrites_tatweel_harakat_and_indic_digits_resolving_collisions(tmp_path, old_site):
    with scratch_site(tmp_path, template=old_site) as site:
        assert slugs(site)["Article"][0] == "كـبـيـر"
        site.manage("migrate")

        assert slugs(site) == REWRITTEN


def test_going_back_keeps_the_new_slugs_and_migrating_again_changes_nothing(tmp_path, old_site):
    with scratch_site(tmp_path, template=old_site) as site:
        site.manage("migrate")
        for app, name in BEFORE:
            site.manage("migrate", app, name)
        assert slugs(site) == REWRITTEN

        site.manage("migrate")
        assert slugs(site) == REWRITTEN
