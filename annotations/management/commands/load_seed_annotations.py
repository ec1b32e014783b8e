import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, no_translations

from annotations.opendata.import_files import AnnotationImportError
from annotations.opendata.importing import import_collection


class Command(BaseCommand):
    help = "Load the demo annotations in seeds/annotations.jsonld. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", default=str(Path(settings.BASE_DIR) / "seeds" / "annotations.jsonld")
        )

    @no_translations  # reasons in English on the command line; the admin shows them in Arabic
    def handle(self, *args, file, **options):
        try:
            data = json.loads(Path(file).read_text(encoding="utf-8"))
            report = import_collection(data)
        except (OSError, json.JSONDecodeError, AnnotationImportError) as exc:
            raise CommandError(f"{file}: {exc}") from None
        self.stdout.write(f"seed annotations: {report}")
