from django.core.management.base import BaseCommand, CommandError
from django.utils.encoding import uri_to_iri

from archive.importing import find_article_files, import_article_file


class Command(BaseCommand):
    help = (
        "Import Arabic article text files (UTF-8, UTF-16 with BOM or Windows-1256). "
        "Folders are searched recursively for *.txt. Metadata may sit beside each file "
        "in NAME.json. Exits non-zero when any file failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
        parser.add_argument(
            "--publish", action="store_true", help="publish the articles (default: draft)"
        )

    def handle(self, *args, paths, publish=False, **options):
        files, results = find_article_files(paths)
        for result in results:
            self.stderr.write(f"failed    {result.path}: {result.reason}")
        total = len(files)
        for number, path in enumerate(files, start=1):
            result = import_article_file(path, publish=publish)
            results.append(result)
            progress = f"[{number}/{total}]"
            if result.outcome == "failed":
                self.stderr.write(f"{progress} failed    {path}: {result.reason}")
            else:
                self.stdout.write(
                    f"{progress} {result.outcome:<9} {path} ({result.encoding}) "
                    f"→ {uri_to_iri(result.article.get_absolute_url())}"
                )
                if result.reanchored:
                    states = ", ".join(f"{n} {state}" for state, n in result.reanchored.items())
                    self.stdout.write(f"          annotations re-anchored: {states}")
        counts = {
            outcome: sum(r.outcome == outcome for r in results)
            for outcome in ("imported", "updated", "unchanged", "failed")
        }
        summary = ", ".join(f"{outcome} {count}" for outcome, count in counts.items())
        self.stdout.write(summary)
        if counts["failed"]:
            failed = ", ".join(str(r.path) for r in results if r.outcome == "failed")
            raise CommandError(f"{counts['failed']} failed: {failed}")
