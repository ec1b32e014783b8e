"""Which cached pages each write of annotations makes stale (readingroom/freshness.py).

An editor's daily writes are precise: an annotation renews its article's page,
the pages of the actors it names (before and after the change, and of the claims
that cite it as their source), the pages of its tags, the lists over annotations
and search; every other article, actor and tag stays cached. Renames and
deletions of actors and tags show on many pages and are rare: they renew the
whole site, as do changes to who may do what.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from annotations.models import Actor, ActorAlias, Annotation, Tag, TaggedAnnotation
from archive.models import Paragraph
from readingroom import freshness

LISTS = ("annotations", "search")


def actor_scope(slug: str) -> str:
    return f"actor:{slug}"


def tag_scope(slug: str) -> str:
    return f"tag:{slug}"


def _quiet() -> bool:
    return freshness.in_site_wide_write()


@receiver(pre_save, sender=Annotation, dispatch_uid="versions-annotation-before")
@receiver(pre_delete, sender=Annotation, dispatch_uid="versions-annotation-before-delete")
def _remember_before(sender, instance, raw=False, **kwargs):
    """What the annotation pointed at before: those pages change too."""
    if _quiet() or raw or instance.pk is None:
        return
    instance._stale_scopes = _scopes_of(Annotation.objects.filter(pk=instance.pk))


@receiver(post_save, sender=Annotation, dispatch_uid="versions-annotation-saved")
@receiver(post_delete, sender=Annotation, dispatch_uid="versions-annotation-deleted")
def _annotation_changed(sender, instance, **kwargs):
    if _quiet():
        return
    scopes = set(getattr(instance, "_stale_scopes", ()))
    if kwargs.get("signal") is post_save:
        scopes |= _scopes_of(Annotation.objects.filter(pk=instance.pk))
    else:  # deleted: its own row is gone; what it pointed at was remembered before
        slug = _article_slug(instance.paragraph_id)
        if slug:
            scopes.add(f"article:{slug}")
    freshness.bump(*scopes, *LISTS)


def _scopes_of(annotations) -> set[str]:
    """The article, actors and tags the given annotations show on, in three queries."""
    rows = list(
        annotations.values_list("paragraph__article__slug", "actor__slug", "via__actor__slug")
    )
    scopes = set()
    for article, actor, via_actor in rows:
        scopes.add(f"article:{article}")
        scopes.update(actor_scope(s) for s in (actor, via_actor) if s)
    ids = annotations.values("pk")
    # Claims citing these as their source show the source's words on their actors' pages.
    scopes.update(
        actor_scope(s)
        for s in Annotation.objects.filter(via__in=ids)
        .exclude(actor=None)
        .values_list("actor__slug", flat=True)
    )
    scopes.update(
        tag_scope(s)
        for s in TaggedAnnotation.objects.filter(object_id__in=ids).values_list(
            "tag__slug", flat=True
        )
    )
    return scopes


def scopes_of_article(article) -> set[str]:
    """Every page an article's annotations show on: for writes of many of them at once."""
    return {f"article:{article.slug}", *LISTS} | _scopes_of(
        Annotation.objects.filter(paragraph__article=article)
    )


def _article_slug(paragraph_id):
    return Paragraph.objects.filter(pk=paragraph_id).values_list("article__slug", flat=True).first()


@receiver(post_save, sender=TaggedAnnotation, dispatch_uid="versions-tagging-saved")
@receiver(post_delete, sender=TaggedAnnotation, dispatch_uid="versions-tagging-deleted")
def _tagging_changed(sender, instance, **kwargs):
    if _quiet():
        return
    scopes = set()
    tag = Tag.objects.filter(pk=instance.tag_id).values_list("slug", flat=True).first()
    if tag:
        scopes.add(tag_scope(tag))
    article = (
        Annotation.objects.filter(pk=instance.object_id)
        .values_list("paragraph__article__slug", flat=True)
        .first()
    )
    if article:
        scopes.add(f"article:{article}")
    freshness.bump(*scopes, *LISTS)


@receiver(post_save, sender=Tag, dispatch_uid="versions-tag-saved")
@receiver(post_save, sender=Actor, dispatch_uid="versions-actor-saved")
def _named_thing_saved(sender, instance, created=False, **kwargs):
    if _quiet():
        return
    if created:  # a new name shows on its own page, the lists and search, nowhere else yet
        scope = actor_scope if sender is Actor else tag_scope
        freshness.bump(scope(instance.slug), *LISTS)
    else:  # its name or slug is written on every page that shows it
        freshness.bump_site()


@receiver(post_delete, sender=Tag, dispatch_uid="versions-tag-deleted")
@receiver(post_delete, sender=Actor, dispatch_uid="versions-actor-deleted")
def _named_thing_deleted(sender, **kwargs):
    if not _quiet():
        freshness.bump_site()


@receiver(post_save, sender=ActorAlias, dispatch_uid="versions-alias-saved")
@receiver(post_delete, sender=ActorAlias, dispatch_uid="versions-alias-deleted")
def _alias_changed(sender, instance, **kwargs):
    if _quiet():
        return
    slug = Actor.objects.filter(pk=instance.actor_id).values_list("slug", flat=True).first()
    freshness.bump(*([actor_scope(slug)] if slug else []), *LISTS)


User = get_user_model()


@receiver(post_save, sender=User, dispatch_uid="versions-user-saved")
def _user_saved(sender, instance, created=False, update_fields=None, **kwargs):
    # Readers see editors by public nickname; a login alone (last_login) changes no page.
    if created or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    if not _quiet():
        freshness.bump_site()


@receiver(post_delete, sender=User, dispatch_uid="versions-user-deleted")
@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="versions-user-groups")
@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="versions-user-perms")
@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="versions-group-perms")
def _who_may_changed(sender, **kwargs):
    if not _quiet():
        freshness.bump_site()
