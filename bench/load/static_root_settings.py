"""The production settings with STATIC_ROOT in a folder of the benchmark's own.

readingroom/settings.py fixes STATIC_ROOT to staticfiles/ beside the code, which
other runs share; the load benchmark collects the static files, and saves the
pages it compares them with, into a temporary folder named by
$QIRAA_BENCH_STATIC_ROOT instead. Nothing else differs from production.
"""

import os

from readingroom.settings import *  # noqa: F403

STATIC_ROOT = os.environ["QIRAA_BENCH_STATIC_ROOT"]
