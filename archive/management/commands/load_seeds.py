from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.importing import find_article_files, import_article_file
from archive.printable import printable_path


class Command(BaseCommand):
    help = "Load the demo corpus in seeds/ (published). Safe to run again: unchanged files are left alone."

    def add_arguments(self, parser):
        parser.add_argument("--folder", default=str(Path(settings.BASE_DIR) / "seeds"))

    def handle(self, *args, folder, **options):
        files, problems = find_article_files([folder])
        for problem in problems:
            self.stderr.write(f"failed {printable_path(problem.path)}: {problem.reason}")
        if problems or not files:
            raise CommandError(f"no seed articles found in {printable_path(folder)}")
        results = [import_article_file(path, publish=True) for path in files]
        failed = [r for r in results if r.outcome == "failed"]
        for result in failed:
            self.stderr.write(f"failed {printable_path(result.path)}: {result.reason}")
        if failed:
            raise CommandError(f"{len(failed)} seed file(s) failed")
        outcomes = ", ".join(f"{printable_path(r.path.name)}: {r.outcome}" for r in results)
        self.stdout.write(f"seed articles: {outcomes}")
