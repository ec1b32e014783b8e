from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand

from annotations.management.output import write_claims
from annotations.opendata import schemaorg
from annotations.opendata.csv_export import published
from annotations.reading import browse


class Command(BaseCommand):
    help = (
        "Write every published claim as schema.org Claim JSON-LD: one document "
        '{"@context": "https://schema.org", "@graph": [...]}, streamed.'
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write; standard output by default")
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="site address for the URLs (default: QIRAA_SITE_URL)",
        )

    def handle(self, *args, output, base_url, **options):
        # As an anonymous reader sees them: published articles, orphans left out.
        claims = browse.for_rows(
            published(browse.shown_annotations(AnonymousUser()).filter(kind=browse.CLAIM))
        )
        graph = schemaorg.ClaimsGraph(claims, base=base_url.rstrip("/"))
        write_claims(self, graph, output)
