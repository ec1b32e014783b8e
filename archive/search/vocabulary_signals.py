"""Keep the suggestion vocabulary current as article titles are saved and deleted.

The importer creates and updates articles with save(), so its titles come
through here too; only its paragraphs are written in bulk, and paragraphs are
not in the vocabulary. Fixture loads (raw) are left to rebuild_search_index.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from archive.models import Article
from archive.search import vocabulary

_BEFORE = "_search_words_title"


@receiver(pre_save, sender=Article, dispatch_uid="search-words-article-before")
def _remember_title(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and "title" not in update_fields):
        return
    old = None
    if instance.pk is not None:
        old = Article.objects.filter(pk=instance.pk).values_list("title", flat=True).first()
    setattr(instance, _BEFORE, old)


@receiver(post_save, sender=Article, dispatch_uid="search-words-article-saved")
def _count_title(sender, instance, raw=False, **kwargs):
    if raw or not hasattr(instance, _BEFORE):
        return
    old = instance.__dict__.pop(_BEFORE)
    vocabulary.count(vocabulary.TITLES, [old] if old is not None else [], [instance.title])


@receiver(post_delete, sender=Article, dispatch_uid="search-words-article-deleted")
def _forget_title(sender, instance, **kwargs):
    vocabulary.count(vocabulary.TITLES, [instance.title], [])
