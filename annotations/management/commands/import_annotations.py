from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction

from annotations.opendata.import_files import AnnotationImportError, file_items
from annotations.opendata.importing import import_items


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Import W3C Web Annotation JSON-LD (as export_annotations writes it) onto the articles "
        "already in the archive. All or nothing: any problem is reported, naming the annotation, "
        "and nothing is written. A file as export_annotations writes it is streamed, whatever its "
        "size; any other layout is read whole, up to QIRAA_MAX_ANNOTATION_IMPORT_BYTES. "
        "Creators come back as names, unless --relink-creators."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, then write nothing"
        )
        parser.add_argument(
            "--relink-creators",
            action="store_true",
            help=(
                "give each restored annotation to the local user whose login its file names; "
                "only for this site's own export (its collection id starts with QIRAA_SITE_URL)"
            ),
        )

    @no_translations  # reasons in English on the command line; the admin shows them in Arabic
    def handle(self, *args, file, dry_run=False, relink_creators=False, **options):
        try:
            items = file_items(Path(file))
            with transaction.atomic():
                report = import_items(
                    items,
                    site_url=settings.SITE_URL,
                    relink_creators=relink_creators,
                    collection_id=items.collection_id,
                )
                if dry_run:
                    raise DryRun
        except DryRun:
            self.stdout.write(f"{file} (dry run, nothing written): {report}")
            return
        except OSError as exc:
            raise CommandError(f"{file}: cannot read: {exc.strerror or exc}") from None
        except AnnotationImportError as exc:
            for problem in exc.problems:
                self.stderr.write(f"refused: {problem}")
            raise CommandError(
                f"{file}: {len(exc.problems)} problem(s); nothing was imported"
            ) from None
        self.stdout.write(f"{file}: {report}")
