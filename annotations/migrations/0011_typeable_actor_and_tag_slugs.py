"""Actor and tag slugs readers can type: no tatweel or harakat, Western digits.

As archive 0007 does for articles: old links redirect, and going back leaves
the new slugs, which every version reads.
"""

from django.db import migrations

from archive.slugs import rewrite_slugs


def typeable_slugs(apps, schema_editor):
    rewrite_slugs(apps.get_model("annotations", "Actor"), fallback="actor")
    rewrite_slugs(apps.get_model("annotations", "Tag"), fallback="tag")


class Migration(migrations.Migration):
    dependencies = [("annotations", "0010_actor_and_tag_sort_keys")]

    operations = [migrations.RunPython(typeable_slugs, migrations.RunPython.noop)]
