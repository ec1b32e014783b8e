"""In Chromium, an editor on a 300-paragraph article with 2,000 annotations against the same
article with none: the time until the editor is ready, and from «حفظ» until the new
highlight shows, each as a ratio (targets: ready ≤ 2×, save ≤ 1.5×).

    .venv/bin/python bench/editor_in_chromium.py                # PostgreSQL, then SQLite
    .venv/bin/python bench/editor_in_chromium.py --only sqlite --repeats 7

It measures exactly what tests/browser/test_editor_stays_fast_on_a_long_article_in_chromium.py
asserts (tests/browser/editor_timing.py), against Django's threaded live server in a
scratch database (bench/engines.py); needs /usr/bin/chromium.
"""

import argparse
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.engines import run_each, scratch_database  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    parser.add_argument("--engine", help=argparse.SUPPRESS)  # set for the child runs
    args = parser.parse_args()
    if args.engine:
        return run(args.engine, args.repeats)
    run_each(__file__, args.only, ["--repeats", str(args.repeats)])
    return None


def run(engine, repeats):
    with scratch_database(engine):
        from django.contrib.auth import get_user_model
        from django.contrib.staticfiles.handlers import StaticFilesHandler
        from django.test.testcases import LiveServerThread
        from playwright.sync_api import sync_playwright

        from annotations.roles import ensure_editors_group
        from tests.browser import editor_timing

        password = secrets.token_urlsafe(12)
        editor = get_user_model().objects.create_user("bench-editor", password=password)
        editor.groups.add(ensure_editors_group())
        started = time.perf_counter()
        empty = editor_timing.long_article(0, user=editor, title="مقال طويل بلا توسيمات")
        busy = editor_timing.long_article(
            editor_timing.ANNOTATION_COUNT, user=editor, title="مقال طويل بألفي توسيم"
        )
        built = time.perf_counter() - started

        server = LiveServerThread("127.0.0.1", StaticFilesHandler)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        base = f"http://127.0.0.1:{server.port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
                )
                page = browser.new_context(
                    locale="ar", viewport={"width": 1100, "height": 900}
                ).new_page()
                editor_timing.login(page, base, editor.username, password)
                result = editor_timing.ratios(
                    page, base, empty.get_absolute_url(), busy.get_absolute_url(), repeats
                )
                browser.close()
        finally:
            server.terminate()
        print(
            f"database: {engine}; {editor_timing.PARAGRAPH_COUNT} paragraphs; "
            f"articles built in {built:.1f} s; median of {repeats} in turns"
        )
        print(editor_timing.describe(result))
        print(
            f"targets: ready ≤ ×2 ({'met' if result['ready']['ratio'] <= 2 else 'MISSED'}), "
            f"save ≤ ×1.5 ({'met' if result['save']['ratio'] <= 1.5 else 'MISSED'})"
        )


if __name__ == "__main__":
    main()
