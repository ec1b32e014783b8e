"""Isolate left-to-right runs inside Arabic text at render time.

A Latin name or a number inside an Arabic sentence is wrapped in <bdi> so that
its neighbours' punctuation cannot reorder it ("SY24،" must not become
"،SY24"). The stored text never changes: this runs on the way out, after
escaping.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_LTR_CHAR = r"A-Za-z0-9\u00c0-\u024f\u0660-\u0669\u06f0-\u06f9"
# A run starts and ends with a letter or digit; inside it may hold the
# punctuation that binds Latin words and numbers together ("6.5", "Jean-Luc",
# "Vasily Nebenzia", "11/2020").
LTR_RUN_RE = re.compile(rf"[{_LTR_CHAR}]+(?:[ .,:/\-_'’%][{_LTR_CHAR}]+)*")


def isolate_ltr_runs(text: str) -> SafeString:
    """Escape `text` and wrap each Latin or numeric run in <bdi>."""
    parts, last = [], 0
    for match in LTR_RUN_RE.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<bdi>{escape(match.group())}</bdi>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 every piece was escaped above
