"""Reading annotation files: size, encoding, JSON and layout, each refused with a plain reason.

A file is data from anywhere: every string in it is checked (archive.safe_text)
before anything is matched or written, so a lone surrogate, a NUL or a nesting
deeper than any annotation needs is a named problem, never a database error or
a RecursionError.
"""

import json
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from annotations import w3c
from archive.safe_text import MAX_JSON_DEPTH, json_too_deep, unsafe_strings


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


def reason_of(exc) -> str:
    """The messages of a ValidationError, each after the field it is about, so that a
    reader knows where to look."""
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    return " ".join(
        f"{name}: {message}" if name != "__all__" else message
        for name, errors in exc.error_dict.items()
        for error in errors
        for message in error.messages
    )


def collection_id_of(data) -> str:
    """The `id` a collection gives itself ("" for a bare annotation or list): whose export it is."""
    iri = data.get("id") if isinstance(data, dict) else None
    return iri if isinstance(iri, str) else ""


def unsafe_reason(item) -> str | None:
    """Why one annotation of a file cannot be read at all, or None: its type, depth, or a
    string that no database can store, named by its field (`body[2].value`)."""
    if not isinstance(item, dict):
        return _("expected a JSON object")
    if json_too_deep(item):
        return _("nested deeper than %(depth)s levels") % {"depth": MAX_JSON_DEPTH}
    for field, unsafe in unsafe_strings(item):
        reason = {
            "surrogate": _("%(field)s contains a lone surrogate (%(code)s) at character %(index)s"),
            "nul": _("%(field)s contains a NUL character at character %(index)s"),
            "control": _(
                "%(field)s contains a control character (%(code)s) at character %(index)s"
            ),
        }[unsafe.kind]
        return reason % {"field": field, "code": unsafe.code_point, "index": unsafe.index + 1}
    return None


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
    except RecursionError:
        raise AnnotationImportError(
            _("%(name)s is nested deeper than %(depth)s levels")
            % {"name": name, "depth": MAX_JSON_DEPTH}
        ) from None
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise AnnotationImportError(
            _("%(name)s is not valid JSON: %(reason)s") % {"name": name, "reason": str(exc)}
        ) from None


def _json_line(raw: bytes, number: int, *, first: bool = False):
    """One line of a streamed export, decoded and parsed, or a problem naming the line."""
    try:
        text = raw.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as exc:
        raise AnnotationImportError(
            _("line %(number)s is not UTF-8 (byte %(byte)s of the line)")
            % {"number": number, "byte": exc.start + 1}
        ) from None
    text = text.rstrip("\r\n")
    if first:
        text = text[: -len(EXPORT_HEAD_END)] + '"items": []}}'
    else:
        text = text.rstrip(",")
    try:
        return json.loads(text)
    except RecursionError:
        raise AnnotationImportError(
            _("line %(number)s is nested deeper than %(depth)s levels")
            % {"number": number, "depth": MAX_JSON_DEPTH}
        ) from None
    except ValueError as exc:  # JSONDecodeError, or an integer too long to convert
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise AnnotationImportError(
            _("line %(number)s is not valid JSON: %(reason)s")
            % {"number": number, "reason": reason}
        ) from None


EXPORT_HEAD_END = '"items": ['


class FileItems:
    """items() for import_items, with the collection's own `id` (see collection_id_of)."""

    def __init__(self, items, collection_id: str):
        self.items, self.collection_id = items, collection_id

    def __call__(self):
        return self.items()


def file_items(path) -> FileItems:
    """items() for import_items: line by line for export's layout, else the parsed document.

    export_annotations writes its header on the first line, then one annotation
    per line, then the closing brackets; such a file is streamed, whatever its
    size. Any other layout is read whole, within ANNOTATIONS_MAX_IMPORT_BYTES.
    Lines are decoded one by one, so a bad byte anywhere names its line.
    """
    with open(path, "rb") as file:
        head = file.readline()
    if head.rstrip(b"\r\n").endswith(EXPORT_HEAD_END.encode()):
        header = _json_line(head, 1, first=True)
        check_context(header)

        def stream():
            with open(path, "rb") as lines:
                next(lines)
                for number, line in enumerate(lines, start=2):
                    if line.startswith(b"]"):
                        return
                    yield _json_line(line, number)

        return FileItems(stream, collection_id_of(header))
    refuse_if_too_large(path, Path(path).stat().st_size)  # before reading it into memory
    with open(path, "rb") as file:
        data = read_annotation_file(file.read(), name=str(path))
    items = items_of(data)
    return FileItems(lambda: iter(items), collection_id_of(data))
