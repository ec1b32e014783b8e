"""Which cached pages each write in the archive makes stale (readingroom/freshness.py).

Articles and outlets appear on nearly every page (titles, slugs, what is
published), and change rarely: any write to one renews the whole site. A
paragraph belongs to one article: its page, the article lists and search.
"""

from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from django.dispatch import receiver

from archive.models import Article, Outlet, Paragraph
from archive.signals import article_text_changed
from readingroom import freshness


def article_scope(slug: str) -> str:
    return f"article:{slug}"


# What other pages show of an article: a change to any of these renews the site.
SHOWN_ELSEWHERE = ("title", "slug", "status", "outlet_id", "published_on", "author", "url")


@receiver(pre_save, sender=Article, dispatch_uid="versions-article-before")
def _remember_article(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or freshness.in_site_wide_write():
        return
    instance._shown_before = (
        Article.objects.filter(pk=instance.pk).values_list(*SHOWN_ELSEWHERE).first()
    )


@receiver(post_save, sender=Article, dispatch_uid="versions-article-saved")
def _article_saved(sender, instance, created=False, **kwargs):
    if freshness.in_site_wide_write():
        return
    before = getattr(instance, "_shown_before", None)
    now = tuple(getattr(instance, field) for field in SHOWN_ELSEWHERE)
    if created or before is None or before != now:
        freshness.bump_site()
    else:  # its text's fingerprint or times: only its own page and what lists its paragraphs
        freshness.bump(article_scope(instance.slug), "articles", "search")


@receiver(post_delete, sender=Article, dispatch_uid="versions-article-deleted")
@receiver(post_save, sender=Outlet, dispatch_uid="versions-outlet-saved")
@receiver(post_delete, sender=Outlet, dispatch_uid="versions-outlet-deleted")
def _site_changed(sender, **kwargs):
    if not freshness.in_site_wide_write():
        freshness.bump_site()


@receiver(post_save, sender=Paragraph, dispatch_uid="versions-paragraph-saved")
@receiver(post_delete, sender=Paragraph, dispatch_uid="versions-paragraph-deleted")
def _paragraph_changed(sender, instance, **kwargs):
    if freshness.in_site_wide_write():
        return
    slug = Article.objects.filter(pk=instance.article_id).values_list("slug", flat=True).first()
    if slug is None:  # deleted with its article, which renews everything anyway
        freshness.bump_site()
        return
    freshness.bump(article_scope(slug), "articles", "search")


@receiver(article_text_changed, dispatch_uid="versions-article-text-changed")
def _text_changed(sender, article, **kwargs):
    # Paragraphs written in bulk send no post_save.
    if not freshness.in_site_wide_write():
        freshness.bump(article_scope(article.slug), "articles", "search")


@receiver(post_migrate, dispatch_uid="versions-migrated")
def _migrated(sender, **kwargs):
    # A migration may rewrite any row (slugs, search entries) without signals.
    try:
        freshness.bump_site()
    except Exception:  # noqa: S110 no cache reachable while migrating: nothing to renew
        pass
