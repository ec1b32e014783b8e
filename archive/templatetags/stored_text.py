"""{{ value|isolated }}: stored text in the admin's templates, its Latin and number runs isolated.

Like `isolate_ltr`, and also for values that arrive already escaped (the history
pages' old and new values): those are unescaped first, so nothing is escaped twice.
A value that carries markup is left as it is.
"""

import html

from django import template
from django.utils.safestring import SafeData

from archive.bidi import isolate_ltr_runs

register = template.Library()


@register.filter
def isolated(value):
    if value is None:
        return ""
    if isinstance(value, SafeData):
        if "<" in value:
            return value
        return isolate_ltr_runs(html.unescape(str(value)))
    return isolate_ltr_runs(str(value))
