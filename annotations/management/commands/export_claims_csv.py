from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from annotations.management.output import write_claims
from annotations.opendata import csv_export
from annotations.reading.claims import ClaimSearch

# The claims index's filters (annotations/reading/claims.py), as --options.
FILTERS = ("speaker", "actor_kind", "stance", "specificity", "outlet", "tag", "from", "to")


class Command(BaseCommand):
    help = (
        "Write the published claims as CSV for spreadsheets (UTF-8 with BOM, one row per claim), "
        "with the filters of /claims/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write; standard output by default")
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="site address for the permalinks (default: QIRAA_SITE_URL)",
        )
        for name in FILTERS:
            parser.add_argument(
                f"--{name.replace('_', '-')}",
                dest=f"filter_{name}",
                metavar="DATE" if name in ("from", "to") else name.upper(),
                help=f"as ?{name}= on /claims/",
            )

    def handle(self, *args, output, base_url, **options):
        query = QueryDict(mutable=True)
        for name in FILTERS:
            if options.get(f"filter_{name}") is not None:
                query[name] = options[f"filter_{name}"]
        # As an anonymous reader: published articles only, and filter values a reader may name.
        search = ClaimSearch(query, user=AnonymousUser(), path="/claims/")
        if search.problems:
            raise CommandError(f"nothing written: {search.problem_text()}")
        rows = csv_export.ClaimsCsv(
            csv_export.published(search.results()), base=base_url.rstrip("/")
        )
        write_claims(self, rows, output, newline="")  # the CSV writer ends rows with CRLF
