from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError

from annotations import browse, schemaorg
from annotations.csv_export import published


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
        if output:
            try:
                with open(output, "w", encoding="utf-8") as file:
                    file.writelines(graph)
            except OSError as exc:
                raise CommandError(f"{output}: {exc}") from None
            self.stdout.write(f"{graph.rows} claims written to {output}")
        else:
            for piece in graph:
                self.stdout.write(piece, ending="")
            # The summary goes to stderr, so that standard output is the document alone.
            self.stderr.write(f"{graph.rows} claims written")
