"""Running import_articles in a test as a person would: its output and its refusal."""

import io

from django.core.management import CommandError, call_command


def run(*paths, **options):
    """Run the command, returning (stdout, stderr, CommandError or None)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, paths), stdout=out, stderr=err, **options)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None
