#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readingroom.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        # A missing or bad setting: its message says what to set; a traceback would bury it.
        sys.exit(f"Qira'a is not configured: {exc}")
    except BrokenPipeError:
        # The reader stopped early (`export_annotations | head`): nothing is wrong with the
        # command. Point stdout at /dev/null, or Python reports the pipe again at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    main()
