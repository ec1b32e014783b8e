"""A command run without the settings it needs stops with a message saying what to set."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_missing_secret_key_is_one_clear_line_not_a_traceback():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "QIRAA_"))}
    env["DJANGO_DEBUG"] = "false"

    done = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "DJANGO_SECRET_KEY must be set" in done.stderr
    assert "DJANGO_DEBUG=true" in done.stderr  # how to run it locally
