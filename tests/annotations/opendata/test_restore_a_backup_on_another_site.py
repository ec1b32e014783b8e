"""A desk's W3C backup restored on a second site loses nothing: what the issue measured, end to
end, with real commands and a real server. An editor makes 30 claims then 30 sources through
the API on site 1; its export, imported on a fresh site 2 with the seeds, gives all 141
annotations back, and site 2's export is site 1's, byte for byte."""

import json
import time

from tests.scratch import Browserless, scratch_site

SPANS = """
import json
from annotations.models import Annotation
from archive.models import Paragraph
spans = []
for paragraph in Paragraph.objects.select_related("article").order_by("article__slug", "position"):
    at = 0
    for word in paragraph.text.split():
        start = paragraph.text.index(word, at)
        at = start + len(word)
        if len(word) > 4 and len(spans) < 60:
            spans.append([paragraph.article.slug, paragraph.position, start, at, word])
sources = {
    a.paragraph.article.slug: a.pk
    for a in Annotation.objects.filter(kind="source").select_related("paragraph__article")
}
print(json.dumps({"spans": spans, "sources": sources}, ensure_ascii=False))
"""

COUNT = "from annotations.models import Annotation; print(Annotation.objects.count())"


def printed(site, code) -> str:
    """The last line the code printed (manage.py shell may say first what it imported)."""
    return site.shell(code).strip().splitlines()[-1]


def textual(purpose, role, value):
    return {"type": "TextualBody", "purpose": purpose, "role": role, "value": value}


def annotation(base, span, kind, n, via=None):
    slug, position, start, end, word = span
    bodies = [textual("classifying", "kind", kind)]
    if kind == "claim":
        bodies += [
            textual("describing", "cue", "وقال"),
            textual("classifying", "stance", "neutral"),
        ]
        if via is not None:
            bodies.append(
                {
                    "type": "SpecificResource",
                    "purpose": "linking",
                    "role": "via",
                    "source": f"{base}/api/annotations/{via}/",
                }
            )
    else:
        bodies.append(textual("classifying", "specificity", "media_relay"))
    bodies.append({"type": "TextualBody", "purpose": "tagging", "value": f"وسم {n % 4}"})
    bodies.append({"type": "TextualBody", "purpose": "commenting", "value": f"ملاحظة رقم {n}"})
    return {
        "type": "Annotation",
        "motivation": "classifying",
        "body": bodies,
        "target": {
            "source": f"{base}/articles/{slug}/#p-{position}",
            "selector": [
                {"type": "TextQuoteSelector", "exact": word},
                {"type": "TextPositionSelector", "start": start, "end": end},
            ],
        },
    }


def test_a_backup_of_claims_and_sources_made_through_the_api_restores_whole(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    with (
        scratch_site(tmp_path / "one", "one") as one,
        scratch_site(tmp_path / "two", "two") as two,
    ):
        one.seed()
        password = one.add_editor("muharrir")
        plan = json.loads(printed(one, SPANS))
        base = one.serve(workers=1)
        editor = Browserless(base)
        editor.login("muharrir", password)
        spans = plan["spans"]
        for n, span in enumerate(spans[:30]):
            via = plan["sources"].get(span[0]) if n % 3 == 0 else None
            status, _, body = editor.json(
                "POST", "/api/annotations/", annotation(base, span, "claim", n, via)
            )
            assert status == 201, body
        for n, span in enumerate(spans[30:], start=30):
            status, _, body = editor.json(
                "POST", "/api/annotations/", annotation(base, span, "source", n)
            )
            assert status == 201, body
        one.stop()
        backup = tmp_path / "backup.jsonld"
        one.manage("export_annotations", "-o", backup)

        two.seed()
        started = time.monotonic()
        report = two.manage("import_annotations", backup).stdout
        seconds = time.monotonic() - started

        assert "created 60," in report, report
        assert printed(two, COUNT) == "141"
        restored = tmp_path / "restored.jsonld"
        two.manage("export_annotations", "-o", restored)
        assert restored.read_bytes() == backup.read_bytes()

        again = two.manage("import_annotations", backup).stdout
        assert "created 0, updated 0, skipped 141" in again, again
        two.manage("export_annotations", "-o", restored)
        assert restored.read_bytes() == backup.read_bytes()
        print(f"restore of 141 annotations: {seconds:.1f} s")
