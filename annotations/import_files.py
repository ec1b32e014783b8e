"""Reading annotation files: size, encoding, JSON and layout, each refused with a plain reason."""

import json
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from annotations import w3c


class Problem(str):
    """One reason a file is refused, as "label: reason"; the admin shows the two parts apart,
    so that an annotation's Latin id and an Arabic reason each keep their direction."""

    def __new__(cls, label, reason):
        problem = super().__new__(cls, f"{label}: {reason}")
        problem.label, problem.reason = label, reason
        return problem

    def __getnewargs__(self):
        return self.label, self.reason


class AnnotationImportError(ValueError):
    """The file cannot be imported; nothing was written. `problems` names each annotation and why."""

    def __init__(self, problems):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


def items_of(data) -> list:
    if isinstance(data, list):
        for item in data:
            check_context(item)
        return data
    check_context(data)
    if data.get("type") == "AnnotationCollection":
        first = data.get("first", {})
        items = first.get("items") if isinstance(first, dict) else None
        if not isinstance(items, list):
            raise AnnotationImportError(_("the collection has no first page of items"))
        return items
    if data.get("type") == "Annotation":
        return [data]
    raise AnnotationImportError(
        _("expected an AnnotationCollection, an Annotation or a list of them")
    )


def check_context(data):
    if not isinstance(data, dict):
        raise AnnotationImportError(_("expected JSON objects (annotations or a collection)"))
    context = data.get("@context")
    contexts = context if isinstance(context, list) else [context]
    if w3c.ANNO_CONTEXT not in contexts:
        raise AnnotationImportError(
            _("wrong @context: the W3C Web Annotation context %(context)s is missing")
            % {"context": w3c.ANNO_CONTEXT}
        )


def refuse_if_too_large(name, size: int) -> None:
    """Files read whole (not streamed) must fit within ANNOTATIONS_MAX_IMPORT_BYTES."""
    limit = settings.ANNOTATIONS_MAX_IMPORT_BYTES
    if size > limit:
        raise AnnotationImportError(
            _(
                "%(name)s is %(size)s bytes; the limit is %(limit)s (QIRAA_MAX_ANNOTATION_IMPORT_BYTES)"
            )
            % {"name": name, "size": f"{size:,}", "limit": f"{limit:,}"}
        )


def read_annotation_file(raw: bytes, *, name: str = "") -> object:
    """The JSON of an annotation file, or AnnotationImportError saying plainly what is wrong."""
    name = name or _("the file")
    refuse_if_too_large(name, len(raw))
    if not raw.strip():
        raise AnnotationImportError(_("%(name)s is empty") % {"name": name})
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnnotationImportError(
            _("%(name)s is not UTF-8 (byte %(byte)s)") % {"name": name, "byte": exc.start}
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        # The parser's own reason stays in English: it names JSON's terms.
        raise AnnotationImportError(
            _("%(name)s is not valid JSON: %(reason)s at line %(line)s, column %(column)s")
            % {"name": name, "reason": exc.msg, "line": exc.lineno, "column": exc.colno}
        ) from None


EXPORT_HEAD_END = '"items": ['


def file_items(path):
    """items() for import_items: line by line for export's layout, else the parsed document.

    export_annotations writes its header on the first line, then one annotation
    per line, then the closing brackets; such a file is streamed, whatever its
    size. Any other layout is read whole, within ANNOTATIONS_MAX_IMPORT_BYTES.
    """
    with open(path, "rb") as file:
        head = file.readline().decode("utf-8-sig", errors="replace").rstrip("\n")
    if head.endswith(EXPORT_HEAD_END):
        header = json.loads(head[: -len(EXPORT_HEAD_END)] + '"items": []}}')
        check_context(header)

        def stream():
            with open(path, encoding="utf-8-sig") as lines:
                next(lines)
                for number, line in enumerate(lines, start=2):
                    line = line.rstrip("\n").rstrip(",")
                    if line.startswith("]"):
                        return
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise AnnotationImportError(
                            _("line %(number)s is not valid JSON: %(reason)s")
                            % {"number": number, "reason": exc.msg}
                        ) from None

        return stream
    refuse_if_too_large(path, Path(path).stat().st_size)  # before reading it into memory
    with open(path, "rb") as file:
        items = items_of(read_annotation_file(file.read(), name=str(path)))
    return lambda: iter(items)
