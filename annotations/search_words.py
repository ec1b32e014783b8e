"""Actors' names in the vocabulary of «هل تقصد» suggestions (archive.search.vocabulary).

Each name, English name and alias is one text. Receivers move the counts when
one is saved or deleted (an actor's delete deletes its aliases one by one, so
their words go too); register() gives the archive every text for a rebuild.
"""

from django.db import connection
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from annotations.models import Actor, ActorAlias
from archive.search import vocabulary

_BEFORE = "_search_words_before"
_ACTOR_FIELDS = ("name", "name_en")


def _actor_texts(name, name_en):
    return [text for text in (name, name_en) if text]


def _wants(update_fields, fields) -> bool:
    return update_fields is None or any(field in update_fields for field in fields)


@receiver(pre_save, sender=Actor, dispatch_uid="search-words-actor-before")
def _remember_actor(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not _wants(update_fields, _ACTOR_FIELDS):
        return
    old = None
    if instance.pk is not None:
        old = Actor.objects.filter(pk=instance.pk).values_list(*_ACTOR_FIELDS).first()
    setattr(instance, _BEFORE, _actor_texts(*old) if old else [])


@receiver(post_save, sender=Actor, dispatch_uid="search-words-actor-saved")
def _count_actor(sender, instance, raw=False, **kwargs):
    if raw or not hasattr(instance, _BEFORE):
        return
    before = instance.__dict__.pop(_BEFORE)
    vocabulary.count(vocabulary.NAMES, before, _actor_texts(instance.name, instance.name_en))


@receiver(post_delete, sender=Actor, dispatch_uid="search-words-actor-deleted")
def _forget_actor(sender, instance, **kwargs):
    vocabulary.count(vocabulary.NAMES, _actor_texts(instance.name, instance.name_en), [])


@receiver(pre_save, sender=ActorAlias, dispatch_uid="search-words-alias-before")
def _remember_alias(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not _wants(update_fields, ("alias",)):
        return
    old = None
    if instance.pk is not None:
        old = ActorAlias.objects.filter(pk=instance.pk).values_list("alias", flat=True).first()
    setattr(instance, _BEFORE, [old] if old else [])


@receiver(post_save, sender=ActorAlias, dispatch_uid="search-words-alias-saved")
def _count_alias(sender, instance, raw=False, **kwargs):
    if raw or not hasattr(instance, _BEFORE):
        return
    vocabulary.count(vocabulary.NAMES, instance.__dict__.pop(_BEFORE), [instance.alias])


@receiver(post_delete, sender=ActorAlias, dispatch_uid="search-words-alias-deleted")
def _forget_alias(sender, instance, **kwargs):
    vocabulary.count(vocabulary.NAMES, [instance.alias], [])


def name_texts():
    """Every actor's name, English name and alias, as the receivers count them."""
    # Archive's migration 0006 rebuilds the vocabulary; on a new database it may
    # run before the actors' tables exist, and then there is nothing to count.
    existing = connection.introspection.table_names()
    if Actor._meta.db_table not in existing or ActorAlias._meta.db_table not in existing:
        return
    # Unordered: counting needs no order, and the models' own order may name a
    # column a migration running this has not added yet (the actors' sort_key).
    actors = Actor.objects.order_by().values_list(*_ACTOR_FIELDS)
    for name, name_en in actors.iterator(chunk_size=2000):
        yield from _actor_texts(name, name_en)
    aliases = ActorAlias.objects.order_by().values_list("alias", flat=True)
    yield from aliases.iterator(chunk_size=2000)


def register() -> None:
    vocabulary.register_word_source(vocabulary.WordSource(vocabulary.NAMES, name_texts))
