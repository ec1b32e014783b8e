"""Addresses every page's frame links to, worked out once per process.

base.html links to the same dozen places on every page: the lists, search, the
login page and its static files. Reversing a URL name and looking a file up in
the static manifest cost more than the rest of the frame; neither changes while
the process runs (the URLconf, the script prefix it is served under and the
manifest are fixed), so each is worked out once and remembered. A test that
swaps settings starts afresh.
"""

import functools

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse

register = template.Library()


@functools.cache
def _url(name: str, prefix: str) -> str:
    return reverse(name)


@functools.cache
def _static(path: str, prefix: str) -> str:
    return static(path)


@register.simple_tag
def fixed_url(name: str) -> str:
    """{% url name %} for a URL without arguments."""
    return _url(name, get_script_prefix())


@register.simple_tag
def fixed_static(path: str) -> str:
    """{% static path %}."""
    return _static(path, get_script_prefix())


@receiver(setting_changed, dispatch_uid="fixed-links-forget")
def _forget(setting, **kwargs):
    if setting in {"ROOT_URLCONF", "STATIC_URL", "STORAGES", "STATIC_ROOT", "FORCE_SCRIPT_NAME"}:
        _url.cache_clear()
        _static.cache_clear()
