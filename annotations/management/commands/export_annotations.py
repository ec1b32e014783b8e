from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand

from annotations.models import Annotation
from annotations.opendata.exporting import hidden_actors, stream_collection
from annotations.reading import browse


class Command(BaseCommand):
    help = (
        "Write every annotation as one W3C Web Annotation collection (JSON-LD), streamed. "
        "A backup: drafts and orphaned annotations are included, marked, unless --published."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")
        parser.add_argument(
            "--published",
            action="store_true",
            help="only annotations that readers see: published articles, not orphaned",
        )
        parser.add_argument("--base-url", default=settings.SITE_URL, help="address for IRIs")

    def handle(self, *args, output=None, published=False, base_url, **options):
        # --published: what an anonymous reader is shown (published articles, no orphans).
        annotations = (
            browse.shown_annotations(AnonymousUser()) if published else Annotation.objects.all()
        )
        base = base_url.rstrip("/")
        pieces = stream_collection(
            annotations,
            base=base,
            collection_id=f"{base}/annotations.jsonld",
            label="Qira'a annotations",
            hidden=hidden_actors(published_only=published),
        )
        if output is None:
            for piece in pieces:
                self.stdout.write(piece, ending="")
            return
        with open(output, "w", encoding="utf-8") as out:
            for piece in pieces:
                out.write(piece)
