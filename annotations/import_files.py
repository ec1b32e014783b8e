"""Reading annotation files: size, encoding, JSON and layout, each refused with a plain reason."""

import json
from pathlib import Path

from django.conf import settings

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
            raise AnnotationImportError("the collection has no first page of items")
        return items
    if data.get("type") == "Annotation":
        return [data]
    raise AnnotationImportError("expected an AnnotationCollection, an Annotation or a list of them")


def check_context(data):
    if not isinstance(data, dict):
        raise AnnotationImportError("expected JSON objects (annotations or a collection)")
    context = data.get("@context")
    contexts = context if isinstance(context, list) else [context]
    if w3c.ANNO_CONTEXT not in contexts:
        raise AnnotationImportError(
            f"wrong @context: the W3C Web Annotation context {w3c.ANNO_CONTEXT} is missing"
        )


def refuse_if_too_large(name, size: int) -> None:
    """Files read whole (not streamed) must fit within ANNOTATIONS_MAX_IMPORT_BYTES."""
    limit = settings.ANNOTATIONS_MAX_IMPORT_BYTES
    if size > limit:
        raise AnnotationImportError(
            f"{name} is {size:,} bytes; the limit is {limit:,} (QIRAA_MAX_ANNOTATION_IMPORT_BYTES)"
        )


def read_annotation_file(raw: bytes, *, name: str = "the file") -> object:
    """The JSON of an annotation file, or AnnotationImportError saying plainly what is wrong."""
    refuse_if_too_large(name, len(raw))
    if not raw.strip():
        raise AnnotationImportError(f"{name} is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnnotationImportError(f"{name} is not UTF-8 (byte {exc.start})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnnotationImportError(
            f"{name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
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
                            f"line {number} is not valid JSON: {exc.msg}"
                        ) from None

        return stream
    refuse_if_too_large(path, Path(path).stat().st_size)  # before reading it into memory
    with open(path, "rb") as file:
        items = items_of(read_annotation_file(file.read(), name=str(path)))
    return lambda: iter(items)
