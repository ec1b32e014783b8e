"""Expanding our JSON-LD offline, with the W3C context from tests/fixtures."""

import json
from pathlib import Path

from pyld import jsonld

from annotations import w3c

W3C_CONTEXT = json.loads((Path(__file__).parents[1] / "fixtures" / "anno.jsonld").read_text())
KEYWORDS = {"@context", "@id", "@type", "@value", "@list", "@graph"}


def offline_loader(url, options=None):
    if url.rstrip("/") != w3c.ANNO_CONTEXT:
        raise AssertionError(f"a test tried to fetch {url}")
    return {"contextUrl": None, "documentUrl": url, "document": W3C_CONTEXT}


def expand(document):
    return jsonld.expand(document, {"documentLoader": offline_loader})


def defined_terms() -> set[str]:
    return set(W3C_CONTEXT["@context"]) | set(w3c.EXTENSION_CONTEXT)


def undefined_terms(document) -> set[str]:
    """Keys of `document` that no context defines: a JSON-LD processor would drop them."""
    terms, found = defined_terms(), set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    continue
                if key not in terms and key not in KEYWORDS:
                    found.add(key)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    return found
