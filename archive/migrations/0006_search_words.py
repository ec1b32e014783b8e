"""The vocabulary of names and title words that «هل تقصد» suggestions come from."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("archive", "0005_search_one_notion_of_a_word")]

    operations = []
