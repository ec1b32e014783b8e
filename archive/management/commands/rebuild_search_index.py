from django.core.management.base import BaseCommand
from django.db import transaction

from archive.models import SearchEntry
from archive.search import index, vocabulary
from archive.search.groups import result_groups
from readingroom import freshness


class Command(BaseCommand):
    help = "Write the search copy of every article, paragraph, actor and annotation again."

    def handle(self, *args, **options):
        with transaction.atomic():
            index.rebuild_archive()
            for group in result_groups.values():
                group.rebuild()
            words = vocabulary.rebuild()
            index.compact()
            # Written in bulk, which no receiver sees: the search pages cached go here.
            freshness.bump("search")
        counts = {kind: SearchEntry.objects.filter(kind=kind).count() for kind in self._kinds()}
        summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        self.stdout.write(f"search index rebuilt: {summary}; {words} words for suggestions")

    def _kinds(self):
        return ["article", "paragraph", *(group.kind for group in result_groups.values())]
