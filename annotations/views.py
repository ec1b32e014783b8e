from django.shortcuts import get_object_or_404, render

from annotations.models import Actor, Annotation


def actor_detail(request, slug):
    actor = get_object_or_404(Actor.objects.select_related("parent"), slug=slug)
    annotations = (
        Annotation.objects.visible_to(request.user)
        .filter(actor=actor)
        .select_related("paragraph__article", "via")
        .order_by("-paragraph__article__published_on", "paragraph__position", "start")
    )
    claims = [a for a in annotations if a.kind == Annotation.Kind.CLAIM]
    mentions = [a for a in annotations if a.kind != Annotation.Kind.CLAIM]
    return render(
        request,
        "annotations/actor_detail.html",
        {
            "actor": actor,
            "aliases": list(actor.aliases.all()),
            "claims": claims,
            "mentions": mentions,
        },
    )
