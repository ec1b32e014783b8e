from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0011_typeable_actor_and_tag_slugs"),
        ("archive", "0008_listing_counts"),
    ]

    operations = []
