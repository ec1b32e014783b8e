"""Helpers for API tests: annotation bodies in the W3C shape the editor sends."""

import json

from django.test import Client


def target(paragraph, start, end, exact):
    return {
        "source": f"http://testserver{paragraph.article.get_absolute_url()}#p-{paragraph.position}",
        "selector": [
            {"type": "TextQuoteSelector", "exact": exact},
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }


def annotation_body(
    paragraph,
    exact,
    *,
    kind="claim",
    actor=None,
    via=None,
    tags=(),
    note="",
    cue="",
    start=None,
    end=None,
    modified=None,
):
    """An annotation in the editor's shape; for a PUT, `modified` is the version it changes."""
    at = paragraph.text.index(exact) if start is None else start
    body = [{"type": "TextualBody", "purpose": "classifying", "role": "kind", "value": kind}]
    if actor is not None:
        body.append(
            {
                "type": "SpecificResource",
                "purpose": "identifying",
                "role": "actor",
                "source": f"http://testserver{actor.get_absolute_url()}",
            }
        )
    if via is not None:
        body.append(
            {
                "type": "SpecificResource",
                "purpose": "linking",
                "role": "via",
                "source": f"http://testserver/api/annotations/{via.pk}/",
            }
        )
    if cue:
        body.append({"type": "TextualBody", "purpose": "describing", "role": "cue", "value": cue})
    body.extend({"type": "TextualBody", "purpose": "tagging", "value": t} for t in tags)
    if note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": note})
    data = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "body": body,
        "target": target(paragraph, at, at + len(exact) if end is None else end, exact),
    }
    if modified is not None:
        data["modified"] = modified.isoformat() if hasattr(modified, "isoformat") else modified
    return data


def version(annotation) -> str:
    """The `modified` the API shows for an annotation now: what a PUT sends back."""
    annotation.refresh_from_db(fields=["updated"])
    return annotation.updated.isoformat()


def send(client: Client, method, url, data):
    payload = data if isinstance(data, (bytes, str)) else json.dumps(data, ensure_ascii=False)
    return getattr(client, method)(url, payload, content_type="application/ld+json")


def client_for(user) -> Client:
    """A browser session of its own, logged in as `user`: two people at work at once."""
    client = Client()
    client.force_login(user)
    return client
