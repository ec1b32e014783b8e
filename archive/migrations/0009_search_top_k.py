from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("archive", "0008_listing_counts")]

    operations = []
