"""Requests whose address or form carries text no database can store, refused before any view.

A NUL in `?q=` makes PostgreSQL raise instead of answer; SQLite stores it and
the page then shows a string nobody can type. Every path, query parameter
and form field is checked with archive.safe_text, so such a
request gets 400 with a message naming what to change: JSON under /api/ (the
API's error shape), a short Arabic page elsewhere. A form that cannot be read
at all (not UTF-8, too large, broken multipart) gets the same 400 here rather
than whatever the first reader of request.POST would make of it.
"""

from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.http import JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render

from archive.safe_text import Unsafe, find_unsafe

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def describe(problem: Unsafe) -> str:
    """The character that makes a text unusable and where it is, in Arabic."""
    what = {
        "surrogate": f"نصف زوج بديل منفرد (surrogate {problem.code_point}، لا يمثّل حرفًا)",
        "nul": f"محرف NUL ({problem.code_point})",
        "control": f"محرف تحكم ({problem.code_point})",
    }[problem.kind]
    return f"{what} في المحرف {problem.index + 1}"


def shown(text: str) -> str:
    """`text` safe to print in a message: unprintable characters as \\uXXXX escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


class Refusal(Exception):
    def __init__(self, message: str, field: str, code: str):
        super().__init__(message)
        self.message, self.field, self.code = message, field, code


class RefuseHostileInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            check_request(request)
        except Refusal as refusal:
            return refused(request, refusal)
        return self.get_response(request)


def check_request(request) -> None:
    """Raises Refusal for the first unusable character of the path, the query or the form."""
    if problem := find_unsafe(request.path, multiline=False):
        raise Refusal(f"في عنوان الصفحة {describe(problem)}، ولا يُقبل.", "path", problem.kind)
    _check_fields(request.GET, "في المعامل «{name}» من عنوان الصفحة")
    if request.method == "POST" and request.content_type in FORM_TYPES:
        try:
            form = request.POST  # Django drops unprintable characters from file names itself
        except RequestDataTooBig:
            raise Refusal("الطلب أكبر مما يقبله الموقع.", "form", "too_big") from None
        except (BadRequest, SuspiciousOperation, MultiPartParserError, UnreadablePostError):
            # Not UTF-8, too many fields, a broken multipart body, a client gone mid-way.
            raise Refusal(
                "تعذّرت قراءة النموذج المرسل: ترميزه أو صيغته غير صالحة.", "form", "unreadable"
            ) from None
        _check_fields(form, "في الحقل «{name}» من النموذج المرسل")


def _check_fields(fields, where: str) -> None:
    for name, values in fields.lists():
        problem = find_unsafe(name, multiline=False)
        # Values may hold line ends (a textarea, a pasted query); never NUL or a surrogate.
        problem = problem or next(filter(None, map(find_unsafe, values)), None)
        if problem:
            place = where.format(name=shown(name))
            raise Refusal(f"{place} {describe(problem)}، ولا يُقبل.", shown(name), problem.kind)


def refused(request, refusal: Refusal):
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": refusal.message, "fields": {refusal.field: [refusal.code]}},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    return render(request, "400.html", {"reason": refusal.message}, status=400)
