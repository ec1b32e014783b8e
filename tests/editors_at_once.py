"""Several editors at work on one served site at the same moment: their sessions, the words
they annotate, and requests released together. Used by tests/test_concurrent_editors.py,
tests/test_database_busy.py and bench/concurrency.py.
"""

import re
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

from tests.scratch import Browserless

# Editors' usernames, in Arabic transliteration as real desks name them.
EDITOR_PREFIX = "muharrir"


def add_editors(site, count: int, *, curators: int = 0) -> list[tuple[str, str]]:
    """`count` editors (group Editors), the first `curators` of them staff, made in one process.

    Returns (username, password) pairs. They share one password, hashed once: a password
    hash is made slow on purpose, and sixteen of them would double the setup's time.
    """
    import secrets

    password = secrets.token_urlsafe(12)
    names = [f"{EDITOR_PREFIX}{n}" for n in range(count)]
    site.shell(
        "from django.contrib.auth import get_user_model\n"
        "from django.contrib.auth.hashers import make_password\n"
        "from annotations.roles import ensure_editors_group\n"
        f"group, hashed = ensure_editors_group(), make_password({password!r})\n"
        f"for n, name in enumerate({names!r}):\n"
        "    u, _ = get_user_model().objects.get_or_create(username=name)\n"
        f"    u.password = hashed; u.is_staff = n < {curators}; u.save()\n"
        "    u.groups.add(group)\n"
    )
    return [(name, password) for name in names]


def logged_in(base: str, accounts) -> list[Browserless]:
    """One session per account, logged in through the login form, all at once."""

    def login(account):
        client = Browserless(base)
        client.login(*account)
        return client

    with ThreadPoolExecutor(max_workers=len(accounts)) as pool:
        return list(pool.map(login, accounts))


def word_spans(client: Browserless) -> list[tuple[str, int, int, int, str]]:
    """Every Arabic word of the published articles: (slug, paragraph position, start, end, word)."""
    status, _, listing = client.json("GET", "/api/articles/")
    assert status == 200, listing
    spans = []
    for article in listing["results"]:
        slug = article["slug"]
        status, _, detail = client.json("GET", f"/api/articles/{urllib.parse.quote(slug)}/")
        assert status == 200, detail
        for paragraph in detail["paragraphs"]:
            # A letter, then letters, harakat or tatweel: a span never splits a letter from its mark.
            for word in re.finditer(r"[\u0621-\u064a][\u0621-\u0652\u0640]{2,}", paragraph["text"]):
                spans.append((slug, paragraph["position"], word.start(), word.end(), word[0]))
    return spans


def new_annotation(span, note: str, *, kind="claim") -> dict:
    """A W3C annotation of one word, in the shape the editor on the reading page sends."""
    slug, position, start, end, exact = span
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "body": [
            {"type": "TextualBody", "purpose": "classifying", "role": "kind", "value": kind},
            {"type": "TextualBody", "purpose": "commenting", "value": note},
        ],
        "target": {
            "source": f"/articles/{slug}/#p-{position}",
            "selector": [
                {"type": "TextQuoteSelector", "exact": exact},
                {"type": "TextPositionSelector", "start": start, "end": end},
            ],
        },
    }


def changed(annotation: dict, note: str) -> dict:
    """The annotation as the API returned it, with a new note: a PUT to the version it carries."""
    body = [b for b in annotation["body"] if b.get("purpose") != "commenting"]
    body.append({"type": "TextualBody", "purpose": "commenting", "value": note})
    return {**annotation, "body": body}


def annotation_path(annotation: dict) -> str:
    return urllib.parse.urlsplit(annotation["id"]).path


def together(calls, *, timeout: float = 60):
    """Run each zero-argument call in its own thread, released at the same instant.

    Returns their results in order. Raises if any call has not answered within `timeout`.
    """
    gate = threading.Barrier(len(calls))

    def released(call):
        gate.wait(timeout=timeout)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(released, call) for call in calls]
        deadline = time.monotonic() + timeout
        return [f.result(timeout=max(0.1, deadline - time.monotonic())) for f in futures]
