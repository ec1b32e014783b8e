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


def test_a_command_read_only_in_part_by_a_pipe_stops_quietly(tmp_path):
    """`export_annotations | head` ends without a traceback when head stops reading."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "QIRAA_"))}
    env.update(DJANGO_DEBUG="true", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")

    def manage(*args, **kwargs):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, timeout=120, **kwargs
        )

    for setup in (["migrate", "-v0"], ["load_seeds"], ["load_seed_annotations"]):
        manage(*setup, check=True, capture_output=True)
    writer = subprocess.Popen(
        [sys.executable, "manage.py", "export_annotations"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    writer.stdout.read(100)  # the export of the seeds is far larger than a pipe holds
    writer.stdout.close()
    stderr = writer.stderr.read().decode()
    writer.wait(timeout=60)

    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr
    assert writer.returncode == 1
