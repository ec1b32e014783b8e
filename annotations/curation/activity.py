"""«ما فعله المحررون»: every recorded change to the archive, newest first, by whom.

One admin page over the history of articles, paragraphs, annotations, actors,
aliases and tags (django-simple-history's tables), filtered by user, kind of
object, kind of change and period. Each row links to the object (or, once
deleted, to its history) and lists the fields the change touched, old → new.
The page runs a fixed number of queries whatever its length: one union for
the page, then a few per kind of object.
"""

from datetime import timedelta

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.db.models import CharField, Value
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from annotations.models import Actor, ActorAlias, Annotation, Tag
from archive.models import Article, Paragraph
from readingroom.admin_display import short

TRACKED = {
    "article": Article,
    "paragraph": Paragraph,
    "annotation": Annotation,
    "actor": Actor,
    "actoralias": ActorAlias,
    "tag": Tag,
}
ACTIONS = {"+": "أنشأ", "~": "عدّل", "-": "حذف"}
PERIODS = {"1": "اليوم", "7": "آخر ٧ أيام", "30": "آخر ٣٠ يومًا"}
PER_PAGE = 50
VALUE_LENGTH = 80
# Bookkeeping columns every save changes; the page shows what the writer changed.
QUIET_FIELDS = {"updated", "updated_by", "created", "text_sha256", "search_key"}


def visible_models(user) -> dict:
    """The kinds whose history `user` may read: view permission on the model or its history."""
    visible = {}
    for key, model in TRACKED.items():
        opts, history_opts = model._meta, model.history.model._meta
        if user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
            f"{history_opts.app_label}.view_{history_opts.model_name}"
        ):
            visible[key] = model
    return visible


def activity_view(request):
    kinds = visible_models(request.user)
    if not kinds:
        raise PermissionDenied
    chosen = {
        "user": request.GET.get("user", ""),
        "kind": request.GET.get("kind", ""),
        "action": request.GET.get("action", ""),
        "period": request.GET.get("period", ""),
    }
    selected = {chosen["kind"]: kinds[chosen["kind"]]} if chosen["kind"] in kinds else kinds

    pages = []
    for key, model in selected.items():
        records = model.history.model.objects.all()
        # ASCII digits only, and few: "²".isdigit() is true, and 20 digits overflow SQLite.
        if chosen["user"].isascii() and chosen["user"].isdigit() and len(chosen["user"]) < 19:
            records = records.filter(history_user_id=int(chosen["user"]))
        if chosen["action"] in ACTIONS:
            records = records.filter(history_type=chosen["action"])
        if chosen["period"] in PERIODS:
            since = timezone.now() - timedelta(days=int(chosen["period"]))
            records = records.filter(history_date__gte=since)
        pages.append(
            records.annotate(tracked=Value(key, output_field=CharField()))
            .values("history_id", "history_date", "tracked")
            .order_by()
        )
    combined = pages[0].union(*pages[1:], all=True).order_by("-history_date", "-history_id")
    page = Paginator(combined, PER_PAGE).get_page(request.GET.get("p"))

    site = admin.site
    context = {
        **site.each_context(request),
        "title": "ما فعله المحررون",
        "rows": load_rows(list(page.object_list), site.name),
        "page": page,
        "chosen": chosen,
        "users": history_users(kinds),
        "kinds": [(key, model._meta.verbose_name) for key, model in kinds.items()],
        "actions": list(ACTIONS.items()),
        "periods": list(PERIODS.items()),
        "query_without_page": query_without_page(request),
    }
    request.current_app = site.name
    return TemplateResponse(request, "admin/activity.html", context)


def history_users(kinds) -> list:
    """Everyone who has changed anything the page can show, by username."""
    ids = [
        model.history.model.objects.exclude(history_user=None).values("history_user_id").order_by()
        for model in kinds.values()
    ]
    union = ids[0].union(*ids[1:])
    return list(get_user_model().objects.filter(pk__in=union).order_by("username"))


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("p", None)
    return params.urlencode()


def load_rows(entries, site_name) -> list[dict]:
    """The page's history records as rows, with labels, links and changes, in bulk."""
    by_kind: dict[str, list[int]] = {}
    for entry in entries:
        by_kind.setdefault(entry["tracked"], []).append(entry["history_id"])
    rows = {}
    for kind, history_ids in by_kind.items():
        model = TRACKED[kind]
        for record, row in _rows_for(model, history_ids, site_name):
            rows[(kind, record.history_id)] = row
    return [rows[(e["tracked"], e["history_id"])] for e in entries]


def _rows_for(model, history_ids, site_name):
    history = model.history.model
    records = list(
        history.objects.filter(history_id__in=history_ids).select_related("history_user")
    )
    object_ids = {r.id for r in records}
    alive = set(model.objects.filter(pk__in=object_ids).values_list("pk", flat=True))
    previous = _previous_records(history, records)
    changes = {r.history_id: _changes(r, previous.get(r.history_id)) for r in records}
    _name_related(model, changes)
    labels = _labels(model, records)
    opts = model._meta
    for record in records:
        yield (
            record,
            {
                "date": record.history_date,
                "user": record.history_user,
                "action": ACTIONS.get(record.history_type, record.history_type),
                "history_type": record.history_type,
                "kind": opts.verbose_name,
                "label": labels[record.history_id],
                "url": _object_url(model, record, alive, site_name),
                "history_url": _history_url(model, record, site_name),
                "changes": changes[record.history_id],
                # A change to a row created without history (a bulk import): no old values.
                "no_previous": record.history_type == "~"
                and previous.get(record.history_id) is None,
                "reason": record.history_change_reason or "",
            },
        )


def _previous_records(history, records) -> dict:
    """For each change on the page, the record just before it of the same object."""
    changed = [r for r in records if r.history_type == "~"]
    if not changed:
        return {}
    latest = max(r.history_date for r in changed)
    earlier = history.objects.filter(
        id__in={r.id for r in changed}, history_date__lte=latest
    ).order_by("history_date", "history_id")
    timeline: dict[int, list] = {}
    for record in earlier:
        timeline.setdefault(record.id, []).append(record)
    previous = {}
    for record in changed:
        before = None
        for candidate in timeline.get(record.id, []):
            if (candidate.history_date, candidate.history_id) >= (
                record.history_date,
                record.history_id,
            ):
                break
            before = candidate
        previous[record.history_id] = before
    return previous


def _changes(record, previous) -> list[dict]:
    if previous is None:
        return []
    delta = record.diff_against(previous)
    changes = []
    for change in delta.changes:
        if change.field in QUIET_FIELDS:
            continue
        field = record.instance_type._meta.get_field(change.field)
        changes.append(
            {
                "field": field.verbose_name,
                "old": _display(field, change.old),
                "new": _display(field, change.new),
                "related": field.related_model if isinstance(field, models.ForeignKey) else None,
                "raw": (change.old, change.new),
            }
        )
    old_tags = getattr(previous, "tag_names", None)
    if old_tags is not None and old_tags != record.tag_names:
        changes.append({"field": "الوسوم", "old": old_tags or "—", "new": record.tag_names or "—"})
    return changes


def _display(field, value) -> str:
    if value in (None, ""):
        return "—"
    choices = dict(field.flatchoices) if field.choices else None
    if choices and value in choices:
        return str(choices[value])
    return short(str(value), VALUE_LENGTH)


def _name_related(model, changes) -> None:
    """Foreign keys that changed read as names: one query per related model."""
    wanted: dict = {}
    for row_changes in changes.values():
        for change in row_changes:
            if change.get("related") is not None:
                wanted.setdefault(change["related"], set()).update(
                    v for v in change["raw"] if v is not None
                )
    names = {
        related: related._default_manager.in_bulk(ids) for related, ids in wanted.items() if ids
    }
    for row_changes in changes.values():
        for change in row_changes:
            related = change.pop("related", None)
            old, new = change.pop("raw", (None, None))
            if related is None:
                continue
            for side, value in (("old", old), ("new", new)):
                if value is not None:
                    obj = names.get(related, {}).get(value)
                    change[side] = short(str(obj), 60) if obj else f"#{value} (محذوف)"


def _labels(model, records) -> dict:
    if model is Paragraph:
        titles = dict(
            Article.objects.filter(pk__in={r.article_id for r in records}).values_list(
                "pk", "title"
            )
        )
        return {
            r.history_id: f"«{short(titles.get(r.article_id, '؟'), 40)}» ف{r.position}: "
            f"{short(r.text, 60)}"
            for r in records
        }
    if model is ActorAlias:
        names = dict(
            Actor.objects.filter(pk__in={r.actor_id for r in records}).values_list("pk", "name")
        )
        return {
            r.history_id: f"«{r.alias}» لـ«{names.get(r.actor_id, '#' + str(r.actor_id))}»"
            for r in records
        }
    return {r.history_id: short(str(r.history_object), 90) for r in records}


def _object_url(model, record, alive, site_name) -> str:
    """The object's change page while it exists; an alias links to its actor's page."""
    if model is ActorAlias:
        model, object_id = Actor, record.actor_id
    elif record.id in alive:
        object_id = record.id
    else:
        return ""
    opts = model._meta
    try:
        return reverse(f"{site_name}:{opts.app_label}_{opts.model_name}_change", args=[object_id])
    except NoReverseMatch:
        return ""


def _history_url(model, record, site_name) -> str:
    opts = model._meta
    try:
        return reverse(f"{site_name}:{opts.app_label}_{opts.model_name}_history", args=[record.id])
    except NoReverseMatch:
        return ""
