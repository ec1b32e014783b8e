"""The annotation API: W3C Web Annotation JSON-LD over session login and CSRF.

Every answer is JSON, errors included: {"error": "…", "fields": {…}} with
400 (invalid), 403 (not allowed), 404 (missing), 409 (the text no longer
matches the quote, or someone saved the annotation since the writer loaded
it: code "stale") or 428 (a change or deletion without the `modified` it was
made to).
See docs/api.md.
"""

import json
import re
from functools import wraps
from urllib.parse import unquote, urlsplit

from django.contrib.auth import get_user_model
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.http.request import RawPostDataException
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from annotations import anchoring, permissions, services, w3c
from annotations.models import Actor, ActorAlias, Annotation, public_nickname
from archive.collation import alphabetical
from archive.models import Article, Paragraph
from archive.normalise import search_key
from archive.safe_text import MAX_JSON_DEPTH, find_unsafe, unsafe_strings
from readingroom.hostile_input import describe, shown
from readingroom.page_nouns import CHARACTER
from readingroom.plural import count_of

User = get_user_model()
JSONLD = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
MAX_BODY_BYTES = 64 * 1024
# Longer than any address of this site; also keeps `p-N` and ids short enough to read as numbers.
MAX_IRI_LENGTH = 2000
ACTOR_SUGGESTIONS = 12


class ApiError(Exception):
    def __init__(self, status, message, fields=None, **extra):
        super().__init__(message)
        self.status, self.message, self.fields = status, message, fields or {}
        self.extra = extra  # more top-level keys of the JSON error, e.g. code="stale"


def error_response(status, message, fields=None, **extra):
    body = {"error": message, **extra}
    if fields:
        body["fields"] = fields
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def json_response(data, status=200, content_type=JSONLD):
    return JsonResponse(
        data, status=status, content_type=content_type, json_dumps_params={"ensure_ascii": False}
    )


def api_view(*methods):
    """JSON in and out; errors become JSON with the right status."""

    def decorate(view):
        @require_http_methods(methods)
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except ApiError as exc:
                return error_response(exc.status, exc.message, exc.fields, **exc.extra)
            except Http404:
                return error_response(404, "غير موجود.")
            except ValidationError as exc:
                return validation_error_response(exc)

        return wrapper

    return decorate


def validation_error_response(exc: ValidationError):
    if hasattr(exc, "error_dict"):
        fields = {
            name: [e.message % (e.params or {}) for e in errors]
            for name, errors in exc.error_dict.items()
        }
        codes = {e.code for errors in exc.error_dict.values() for e in errors}
    else:
        fields, codes = {}, {e.code for e in exc.error_list}
    messages = [m for ms in fields.values() for m in ms] or exc.messages
    status = 409 if "text_mismatch" in codes else 400
    return error_response(status, " ".join(messages), fields)


def read_json(request):
    """The request's JSON, refused with 400 unless every string in it can be stored.

    Nesting is measured before parsing (Python's parser recurses, and would
    fail on a body of 20,000 brackets), and each string is checked for NUL,
    lone surrogates and control characters, named by the field they are in.
    """
    too_big = f"الطلب أكبر من {MAX_BODY_BYTES // 1024} كيلوبايت."
    try:
        if len(request.body) > MAX_BODY_BYTES:
            raise ApiError(400, too_big)
    except RequestDataTooBig:
        raise ApiError(400, too_big) from None
    except RawPostDataException:  # sent as multipart/form-data, already read as a form
        raise ApiError(400, "أرسل JSON في جسم الطلب، لا نموذج multipart/form-data.") from None
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"ليس JSON صالحًا بترميز UTF-8: {exc}") from None
    if nests_deeper_than(text, MAX_JSON_DEPTH):
        raise ApiError(400, f"JSON متداخل أعمق من {MAX_JSON_DEPTH} مستوى؛ لا يحتاج توسيم إلى ذلك.")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ApiError(400, f"ليس JSON صالحًا بترميز UTF-8: {exc}") from None
    except ValueError:  # an integer of thousands of digits, which Python refuses to read
        raise ApiError(400, "في JSON عدد أطول مما يُقرأ.") from None
    refuse_unsafe_strings(data)
    return data


# A JSON string, escapes included: brackets inside one do not nest.
JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
JSON_BRACKET = re.compile(r"[\[\]{}]")


def nests_deeper_than(text: str, limit: int) -> bool:
    """Whether JSON `text` opens more than `limit` lists and objects inside each other."""
    depth = 0
    for bracket in JSON_BRACKET.finditer(JSON_STRING.sub("", text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > limit:
            return True
    return False


# What the messages call each field, by the name `fields` gives it.
FIELD_LABELS = {
    "note": "الملاحظة",
    "tags": "الوسم",
    "cue": "فعل الإسناد",
    "kind": "النوع",
    "stance": "الموقف",
    "quote": "نوع الاقتباس",
    "specificity": "تحديد المصدر",
    "actor": "الفاعل",
    "via": "توسيم المصدر (via)",
    "exact": "النص المحدد",
    "prefix": "ما قبل النص المحدد",
    "suffix": "ما بعد النص المحدد",
    "target": "رابط الفقرة (target)",
    "body": "أجسام التوسيم (body)",
    "name": "اسم الفاعل",
    "aliases": "الاسم البديل",
}
BODY_ROLES = (*w3c.CLASSIFYING_ROLES, "cue", "actor", "via")


def refuse_unsafe_strings(data) -> None:
    """400 naming the field of the first string a database could not store or a page show."""
    for path, problem in unsafe_strings(data):
        field = field_of(data, path)
        label = FIELD_LABELS.get(field, f"الحقل {field}")
        where = label if shown(path) == field else f"{label} ({shown(path)})"
        raise ApiError(
            400,
            f"في {where} {describe(problem)}، ولا يُقبل نص فيه مثله.",
            {field: [problem.kind]},
        )


def field_of(data, path: str) -> str:
    """The field a path of unsafe_strings() is in, as the API names it: body[3].value → note."""
    head = re.match(r"([^.\[]*)(?:\[(\d+)\])?", path)
    if head[1] == "body" and isinstance(data, dict):
        body = data.get("body")
        if head[2] is not None:
            body = body[int(head[2])] if isinstance(body, list) else None
        if isinstance(body, dict):
            purpose, role = body.get("purpose"), body.get("role")
            if purpose == "tagging":
                return "tags"
            if purpose == "commenting":
                return "note"
            if role in BODY_ROLES:
                return role
        return "body"
    if head[1] == "target":
        quote = re.search(r"\.(exact|prefix|suffix)$", path)
        return quote[1] if quote else "target"
    return shown(head[1]) or "body"


def refuse_unusable_shape(data) -> None:
    """What the W3C parser would trip on rather than refuse: selector types that are not
    text, addresses too long, on several lines or not addresses at all."""
    if not isinstance(data, dict):
        return  # w3c.parse refuses it with its own message
    target = data.get("target")
    if isinstance(target, dict):
        selectors = target.get("selector")
        for selector in selectors if isinstance(selectors, list) else [selectors]:
            if isinstance(selector, dict) and not isinstance(selector.get("type", ""), str):
                raise ApiError(
                    400,
                    "نوع المحدِّد (selector.type) نص: TextQuoteSelector أو TextPositionSelector.",
                    {"target": ["invalid selector type"]},
                )
    for field, iri in references_in(data):
        refuse_unusable_iri(field, iri)


def references_in(data):
    """(field, IRI) for target.source and every body's source (a string, or an object's id)."""
    target = data.get("target")
    if isinstance(target, dict) and isinstance(target.get("source"), str):
        yield "target", target["source"]
    bodies = data.get("body")
    for body in bodies if isinstance(bodies, list) else [bodies]:
        if not isinstance(body, dict):
            continue
        source = body.get("source")
        if isinstance(source, dict):
            source = source.get("id")
        if isinstance(source, str):
            yield (body["role"] if body.get("role") in ("actor", "via") else "body"), source


def refuse_unusable_iri(field: str, iri: str) -> None:
    label = FIELD_LABELS.get(field, field)
    if len(iri) > MAX_IRI_LENGTH:
        raise ApiError(400, f"رابط {label} أطول من {MAX_IRI_LENGTH} محرف.", {field: ["too long"]})
    try:
        path = unquote(urlsplit(iri).path)
    except ValueError:  # e.g. an unclosed [ where an IPv6 host would be
        raise ApiError(
            400, f"رابط {label} غير مفهوم: {iri[:200]!r}.", {field: ["invalid"]}
        ) from None
    # Percent-encoding can carry what the JSON string did not (%00 is a NUL once decoded).
    for text in (iri, path):
        if problem := find_unsafe(text, multiline=False):
            raise ApiError(
                400,
                f"في رابط {label} {describe(problem)}، ولا يُقبل.",
                {field: [problem.kind]},
            )


def refuse_unfit_fields(incoming) -> None:
    """A reporting verb is a word or two on one line; short fields fit their columns."""
    if problem := find_unsafe(incoming.fields.get("cue", ""), multiline=False):
        raise ApiError(
            400,
            f"في فعل الإسناد {describe(problem)}، وهو كلمة أو كلمتان على سطر واحد.",
            {"cue": [problem.kind]},
        )
    for name in ("cue", "prefix", "suffix"):
        limit = Annotation._meta.get_field(name).max_length
        length = len(incoming.fields.get(name, ""))
        if length > limit:
            raise ApiError(
                400,
                f"{FIELD_LABELS[name]} ({name}) أطول من {count_of(limit, CHARACTER)} "
                f"({count_of(length, CHARACTER)}).",
                {name: ["too long"]},
            )


def read_annotation(request):
    """The request's annotation, parsed: read_json's checks, then the shape's."""
    data = read_json(request)
    refuse_unusable_shape(data)
    incoming = w3c.parse(data)
    refuse_unfit_fields(incoming)
    return incoming


def require(allowed: bool, message="ليست لديك صلاحية لهذا."):
    if not allowed:
        raise ApiError(403, message)


def base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def visible_annotations(request):
    return Annotation.objects.visible_to(request.user).for_rendering()


@api_view("GET")
def article_annotations(request, slug):
    article = get_object_or_404(Article.objects.visible_to(request.user), slug=slug)
    base = base_url(request)
    items = [
        w3c.to_jsonld(a, base, with_context=False)
        for a in visible_annotations(request).for_article(article)
    ]
    url = request.build_absolute_uri()
    collection = {
        "@context": w3c.CONTEXT,
        "id": url,
        "type": "AnnotationCollection",
        "label": article.title,
        "total": len(items),
        "first": {"id": url, "type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    if not article.is_published:
        collection["articleStatus"] = w3c.DRAFT
    return json_response(collection)


@api_view("POST")
def annotation_create(request):
    require(request.user.is_authenticated, "سجّل الدخول محررًا لإضافة توسيم.")
    require(permissions.can_annotate(request.user))
    incoming = read_annotation(request)
    paragraph = resolve_paragraph(request, incoming)
    annotation = services.annotation_create(
        paragraph=paragraph,
        user=request.user,
        tags=incoming.tags,
        **locate_quote_only(paragraph, resolved_fields(request, incoming)),
    )
    annotation = visible_annotations(request).get(pk=annotation.pk)
    response = json_response(w3c.to_jsonld(annotation, base_url(request)), status=201)
    response["Location"] = w3c.annotation_iri(annotation, base_url(request))
    return response


@api_view("GET", "PUT", "DELETE")
def annotation_detail(request, pk):
    annotation = get_object_or_404(visible_annotations(request), pk=pk)
    if request.method == "GET":
        return json_response(w3c.to_jsonld(annotation, base_url(request)))
    require(request.user.is_authenticated, "سجّل الدخول محررًا لتعديل التوسيمات.")
    if request.method == "DELETE":
        require(
            permissions.can_delete(request.user, annotation),
            "لا يحذف المحرر إلا توسيماته؛ المشرفون يحذفون أي توسيم.",
        )
        try:
            services.annotation_delete(annotation, expected_updated=loaded_version_of(request))
        except services.StaleAnnotation as stale:
            raise stale_error(stale) from None
        except Annotation.DoesNotExist:
            raise Http404 from None  # deleted while this request ran
        return json_response({"deleted": pk}, status=200)
    require(
        permissions.can_change(request.user, annotation),
        "لا يعدّل المحرر إلا توسيماته؛ المشرفون يعدّلون أي توسيم.",
    )
    incoming = read_annotation(request)
    if incoming.modified is None:
        raise ApiError(428, MODIFIED_REQUIRED, {"modified": ["required"]}, code="modified_required")
    loaded_version = w3c.parse_modified(incoming.modified)
    paragraph = resolve_paragraph(request, incoming)
    if paragraph.pk != annotation.paragraph_id:
        raise ApiError(400, "لا يُنقل التوسيم إلى فقرة أخرى؛ احذفه وأنشئ غيره.")
    fields = {
        "cue": "",
        "stance": "",
        "quote": "",
        "specificity": "",
        "note": "",
        **locate_quote_only(paragraph, resolved_fields(request, incoming)),
    }
    try:
        services.annotation_update(
            annotation,
            user=request.user,
            tags=incoming.tags,
            expected_updated=loaded_version,
            **fields,
        )
    except services.StaleAnnotation as stale:
        raise stale_error(stale) from None
    except Annotation.DoesNotExist:
        raise Http404 from None  # deleted while this request ran
    annotation = visible_annotations(request).get(pk=annotation.pk)
    return json_response(w3c.to_jsonld(annotation, base_url(request)))


def loaded_version_of(request):
    """A DELETE's ?modified=: the version the deleter loaded (a PUT sends it in its body)."""
    modified = request.GET.get("modified")
    if modified is None:
        raise ApiError(428, MODIFIED_REQUIRED, {"modified": ["required"]}, code="modified_required")
    return w3c.parse_modified(modified)


MODIFIED_REQUIRED = (
    "أرسل مع التعديل قيمة modified التي حمّلتها مع التوسيم، ليتحقق الخادم من أنك تعدّل نسخته الأخيرة."
)


def stale_error(stale) -> ApiError:
    """409 for a change made to an old version: who saved since, and the version to reload."""
    who = User.objects.filter(pk=stale.updated_by_id).values_list("username", flat=True).first()
    by = f"«{public_nickname(who, stale.updated_by_id)}»" if who else "مستخدم آخر"
    message = (
        f"عدّل {by} هذا التوسيم بعد أن فتحتَه، فلم يُحفظ تعديلك كي لا يضيع تعديله. "
        "أعد تحميل الصفحة لترى نسخته الحالية، ثم أعد تعديلك."
    )
    return ApiError(
        409,
        message,
        {"modified": ["stale"]},
        code="stale",
        modified=stale.updated.isoformat(),
    )


def resolve_paragraph(request, incoming) -> Paragraph:
    slug, position = incoming.target
    paragraph = (
        Paragraph.objects.filter(article__in=Article.objects.visible_to(request.user))
        .filter(article__slug=slug, position=position)
        .first()
    )
    if paragraph is None:
        raise ApiError(
            400,
            f"الفقرة {position} من المقال «{slug}» غير موجودة.",
            {"target": ["paragraph not found"]},
        )
    return paragraph


def locate_quote_only(paragraph, fields):
    """A TextQuoteSelector alone: the span is where its quote and context are found."""
    if "start" in fields:
        return fields
    found = anchoring.find_quote(
        paragraph.text, fields.get("exact", ""), fields.get("prefix", ""), fields.get("suffix", "")
    )
    if found is None:
        raise ApiError(409, "النص المحدد غير موجود في الفقرة.", {"exact": ["not found"]})
    return {**fields, "start": found[0], "end": found[1]}


def resolved_fields(request, incoming) -> dict:
    fields = dict(incoming.fields)
    fields["actor"] = None
    fields["via"] = None
    if incoming.actor is not None:
        slug = w3c.actor_slug_from(incoming.actor)
        actor = Actor.objects.filter(slug=slug).first() if slug else None
        if actor is None:
            raise ApiError(
                400, "الفاعل غير موجود؛ أنشئه أولًا عبر /api/actors/.", {"actor": ["unknown actor"]}
            )
        fields["actor"] = actor
    if incoming.via is not None:
        pk = w3c.annotation_pk_from(incoming.via)
        via = (
            Annotation.objects.visible_to(request.user)
            .select_related("paragraph")
            .filter(pk=pk)
            .first()
            if pk
            else None
        )
        if via is None:
            raise ApiError(400, "توسيم المصدر غير موجود.", {"via": ["unknown annotation"]})
        fields["via"] = via
    return fields


@api_view("GET", "POST")
def actors(request):
    if request.method == "POST":
        require(request.user.is_authenticated, "سجّل الدخول محررًا لإضافة فاعل.")
        require(permissions.can_add_actor(request.user))
        data = read_json(request)
        if (
            not isinstance(data, dict)
            or not isinstance(data.get("name"), str)
            or not data["name"].strip()
        ):
            raise ApiError(400, "يلزم اسم الفاعل.", {"name": ["required"]})
        kind = data.get("kind") or Actor.Kind.OTHER
        if not isinstance(kind, str) or kind not in Actor.Kind.values:
            raise ApiError(400, f"نوع فاعل غير معروف: {kind!r:.100}.", {"kind": ["unknown"]})
        aliases = data.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ApiError(400, "الأسماء البديلة قائمة نصوص.", {"aliases": ["invalid"]})
        actor = services.actor_create(name=data["name"], kind=kind, aliases=aliases)
        return json_response(
            actor_summary(actor, [a.alias for a in actor.aliases.all()], base_url(request)),
            status=201,
            content_type="application/json",
        )
    query = search_key(request.GET.get("q", "").strip())[:100]
    matches = (
        Actor.objects.visible_to(request.user).prefetch_related("aliases").order_by(*alphabetical())
    )
    if query:
        matches = matches.filter(
            Q(pk__in=ActorAlias.objects.filter(search_key__contains=query).values("actor"))
        )
    base = base_url(request)
    results = [
        actor_summary(a, [x.alias for x in a.aliases.all()], base)
        for a in matches[:ACTOR_SUGGESTIONS]
    ]
    return json_response({"results": results}, content_type="application/json")


def actor_summary(actor, aliases, base):
    return {
        "id": f"{base}{actor.get_absolute_url()}",
        "slug": actor.slug,
        "name": actor.name,
        "kind": actor.kind,
        "kindLabel": actor.get_kind_display(),
        "aliases": aliases,
    }


def csrf_failure(request, reason=""):
    """CSRF refusals: JSON for the API, a page in Arabic elsewhere."""
    if request.path.startswith("/api/"):
        return error_response(403, "رمز الحماية CSRF مفقود أو غير صالح؛ أعد تحميل الصفحة.")
    from django.shortcuts import render

    return render(request, "403_csrf.html", status=403)
