"""Article slugs readers can type: no tatweel or harakat, Western digits.

Old links keep working: a slug no row has is looked up in the articles'
history and as it would be written today, and the page redirects
(archive.slugs.find_by_slug). Going back leaves the new slugs, which every
version reads; nothing is lost.
"""

from django.db import migrations

from archive.slugs import rewrite_slugs


def typeable_article_slugs(apps, schema_editor):
    rewrite_slugs(apps.get_model("archive", "Article"), fallback="article")


class Migration(migrations.Migration):
    dependencies = [("archive", "0006_search_words")]

    operations = [migrations.RunPython(typeable_article_slugs, migrations.RunPython.noop)]
