from django.core.management.base import BaseCommand, CommandError
from django.utils.encoding import uri_to_iri

from archive.importing import find_article_files, import_article_file
from archive.printable import printable_path


class Command(BaseCommand):
    help = (
        "Import Arabic article text files (UTF-8, UTF-16 with BOM or Windows-1256). "
        "Folders are searched recursively for *.txt. Metadata may sit beside each file "
        "in NAME.json. Each file is imported or refused on its own; exits non-zero when "
        "any file failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
        parser.add_argument(
            "--publish", action="store_true", help="publish the articles (default: draft)"
        )

    def handle(self, *args, paths, publish=False, **options):
        files, problems = find_article_files(paths)
        # Names are printed escaped: a name that is not UTF-8 must not stop the batch.
        failed = [printable_path(problem.path) for problem in problems]
        for problem, name in zip(problems, failed, strict=True):
            self.stderr.write(f"failed    {name}: {problem.reason}")
        counts = dict.fromkeys(("imported", "updated", "unchanged", "failed"), 0)
        counts["failed"] = len(problems)
        total = len(files)
        for number, path in enumerate(files, start=1):
            result = import_article_file(path, publish=publish)
            counts[result.outcome] += 1
            name = printable_path(path)
            progress = f"[{number}/{total}]"
            if result.outcome == "failed":
                failed.append(name)
                self.stderr.write(f"{progress} failed    {name}: {result.reason}")
                continue
            self.stdout.write(
                f"{progress} {result.outcome:<9} {name} ({result.encoding}) "
                f"→ {uri_to_iri(result.article.get_absolute_url())}"
            )
            if result.reanchored:
                states = ", ".join(f"{n} {state}" for state, n in result.reanchored.items())
                self.stdout.write(f"          annotations re-anchored: {states}")
        self.stdout.write(", ".join(f"{outcome} {count}" for outcome, count in counts.items()))
        if failed:
            raise CommandError(f"{len(failed)} failed: {', '.join(failed)}")
