"""The admin's actor merge: choose the actor to keep, see what will change, confirm.

The action renders a confirmation page listing exactly what merging the
selected actors into the chosen one changes (annotations.services.actor_merge_plan).
Confirming runs annotations.services.actor_merge, all in one transaction. The
page's form carries the digest of the plan it showed; if the curator picked
another actor to keep, or the data changed meanwhile, the page is shown again
with the new plan instead of merging something not seen.
"""

from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

from annotations.services import actor_merge, actor_merge_plan
from readingroom.plural import ALIAS, ANNOTATION, CHILD, count_of

KIND_PLURALS = {"claim": "ادعاءات", "source": "مصادر", "actor": "إشارات"}
CHANGED_MEANWHILE = (
    "تغيّر ما سيُدمج منذ عُرضت هذه الصفحة (أو اخترتَ فاعلًا آخر ليبقى): "
    "راجع التغييرات أدناه ثم أكّد من جديد."
)


def merge_actors_view(model_admin, request, queryset):
    actors = list(queryset.order_by("name", "pk"))
    if len(actors) < 2:
        actor = actors[0] if actors else None
        message = "اختر فاعلَين على الأقل: من يبقى، ومن يُدمج فيه."
        if actor is not None:
            try:
                actor_merge_plan(actor, [actor])
            except ValidationError as error:
                message = " ".join(error.messages)
        model_admin.message_user(request, message, messages.ERROR)
        return None

    by_id = {str(actor.pk): actor for actor in actors}
    keep = by_id.get(request.POST.get("keep", "")) or max(
        actors, key=lambda a: (a.claim_count + a.source_count + a.actor_count, -a.pk)
    )
    others = [actor for actor in actors if actor.pk != keep.pk]
    plan, refusal = None, None
    try:
        plan = actor_merge_plan(keep, others)
    except ValidationError as error:
        refusal = " ".join(error.messages)

    notice = None
    if "confirm" in request.POST and plan is not None:
        seen = (
            request.POST.get("planned_keep") == str(keep.pk)
            and request.POST.get("plan_digest") == plan.digest()
        )
        if seen:
            try:
                done = actor_merge(keep, others, request.user, expected_digest=plan.digest())
            except ValidationError as error:
                refusal = " ".join(error.messages)
            else:
                model_admin.log_change(request, done.keep, summary(done))
                model_admin.message_user(request, summary(done), messages.SUCCESS)
                return None
        else:
            notice = CHANGED_MEANWHILE

    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "دمج الفاعلين",
        "opts": opts,
        "actors": actors,
        "keep": keep,
        "plan": plan,
        "moves": [
            (
                actor,
                [(label, counts[kind]) for kind, label in KIND_PLURALS.items() if kind in counts],
            )
            for actor, counts in (plan.annotations if plan else [])
        ],
        "refusal": refusal,
        "notice": notice,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": model_admin.media,
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/annotations/actor/merge_confirmation.html", context)


def summary(plan) -> str:
    """«دُمج في «فلاديمير بوتين» ثم حُذف: بوتين، ف. بوتين. نُقل إليه: 5 توسيمات، اسمان بديلان.»"""
    names = "، ".join(f"«{actor.name}»" for actor in plan.others)
    moved = [count_of(plan.annotation_count, ANNOTATION)]
    aliases = len(plan.aliases_moved) + len(plan.names_added)
    if aliases:
        moved.append(count_of(aliases, ALIAS))
    if plan.children:
        moved.append(count_of(len(plan.children), CHILD))
    message = f"دُمج في «{plan.keep.name}» ثم حُذف: {names}. نُقل إليه: {'، '.join(moved)}."
    if plan.fields_filled:
        labels = "، ".join(f"«{filled.label}»" for filled in plan.fields_filled)
        message += f" وأُكمل من تفاصيلهم: {labels}."
    return message
