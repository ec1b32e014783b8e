"""How many articles there are, for the article list's pages, kept by every write.

The list shows «صفحة 3 من 501»; counting 10,000 articles for it on every
request would cost more than the page's own 20 rows. ArchiveCount("articles")
holds the published ones and all of them, moved by the receivers below in the
transaction of the write; rebuild() counts them again
(`manage.py rebuild_listing_counts`). Articles written with bulk_create are
counted by rebuild().
"""

from django.core.paginator import Paginator
from django.db.models import F
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver
from django.utils.functional import cached_property

from archive.models import ArchiveCount, Article, sees_drafts

ARTICLES = "articles"


class CountedPaginator(Paginator):
    """A Paginator told its count, so it does not count the rows itself."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def article_total(user) -> int:
    """The articles the user may see: published ones, or (editors) all."""
    row = ArchiveCount.objects.filter(name=ARTICLES).first()
    if row is None:  # never counted: count once, and keep it
        row = rebuild()
    return row.everything if sees_drafts(user) else row.published


def rebuild(*, model=Article, count_model=ArchiveCount):
    everything = model.objects.count()
    published = model.objects.filter(status=Article.Status.PUBLISHED).count()
    row, _ = count_model.objects.update_or_create(
        name=ARTICLES, defaults={"published": published, "everything": everything}
    )
    return row


def _move(published: int, everything: int) -> None:
    moved = ArchiveCount.objects.filter(name=ARTICLES).update(
        published=F("published") + published, everything=F("everything") + everything
    )
    if not moved:
        rebuild()  # the first count: the row is written with this write included


@receiver(post_init, sender=Article, dispatch_uid="archive-count-loaded")
def _remember(sender, instance, **kwargs):
    instance._counted_status = instance.__dict__.get("status")


@receiver(post_save, sender=Article, dispatch_uid="archive-count-saved")
def _saved(sender, instance, created, raw=False, **kwargs):
    is_published = instance.status == Article.Status.PUBLISHED
    was_published = instance._counted_status == Article.Status.PUBLISHED
    instance._counted_status = instance.status
    if raw:
        return
    if created:
        _move(int(is_published), 1)
    elif is_published != was_published:
        _move(1 if is_published else -1, 0)


@receiver(post_delete, sender=Article, dispatch_uid="archive-count-deleted")
def _deleted(sender, instance, **kwargs):
    _move(-int(instance._counted_status == Article.Status.PUBLISHED), -1)
