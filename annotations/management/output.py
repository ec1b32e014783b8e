"""Where the claim exports write: a file, or standard output for a pipe."""

from django.core.management.base import CommandError


def write_claims(command, document, output, *, newline=None) -> None:
    """Write `document` (pieces of text; its `rows` counts the claims once written) to the
    file `output`, or to standard output without one. The count goes to standard output
    after a file, and to standard error otherwise, so that standard output is the document alone.
    """
    if output:
        try:
            with open(output, "w", encoding="utf-8", newline=newline) as file:
                file.writelines(document)
        except OSError as exc:
            raise CommandError(f"{output}: {exc}") from None
        command.stdout.write(f"{document.rows} claims written to {output}")
        return
    for piece in document:
        command.stdout.write(piece, ending="")
    command.stderr.write(f"{document.rows} claims written")
