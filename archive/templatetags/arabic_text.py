from django import template
from django.utils.safestring import SafeString

from archive.bidi import isolate_ltr_runs

register = template.Library()


@register.filter
def isolate_ltr(value) -> SafeString:
    """{{ paragraph.text|isolate_ltr }}: escaped text with Latin and number runs in <bdi>."""
    return isolate_ltr_runs("" if value is None else str(value))
