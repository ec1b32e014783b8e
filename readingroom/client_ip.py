"""The address a request came from, as login throttling and the reset limit count it.

Behind our TLS proxy (DJANGO_BEHIND_TLS_PROXY) every request arrives from the proxy, so
REMOTE_ADDR would put every editor behind one address: one attacker would lock everyone
out. The proxy appends the address it saw to X-Forwarded-For; the entries before it are
whatever the client sent, so only the last one is believed. Without the proxy the header
is ignored: a client could otherwise pick a fresh address for every guess.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if _is_address(last):
            return last
    remote = request.META.get("REMOTE_ADDR", "")
    return remote if _is_address(remote) else None


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
