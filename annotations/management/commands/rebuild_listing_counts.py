"""manage.py rebuild_listing_counts: count everything the list pages show again, from nothing."""

from django.core.management.base import BaseCommand
from django.db import transaction

from annotations import counts
from archive import counts as archive_counts
from readingroom import freshness


class Command(BaseCommand):
    help = (
        "Count again, from the rows themselves, what the list pages show: articles, "
        "claims and mentions per actor, annotations per tag and article, the claims' facets. "
        "The writes keep these counts; run this after writing rows in bulk by other means."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            archive_counts.rebuild()
            counts.rebuild()
        freshness.bump("articles", "annotations")
        self.stdout.write("Listing counts rebuilt.")
