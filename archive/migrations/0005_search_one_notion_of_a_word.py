"""Search: one notion of a word on both databases (filled in by the search work)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("archive", "0004_history")]

    operations = []
