from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("archive", "0007_typeable_slugs")]

    operations = []
