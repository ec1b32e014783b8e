"""Keep the search copy current when articles and paragraphs are saved one by one.

Bulk writes (the importer) send no signals and call archive.search.index
themselves; deletions need nothing, since entries cascade with their rows.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from archive.models import Article, Paragraph
from archive.search import index


@receiver(post_save, sender=Article, dispatch_uid="search-index-article")
def index_article_title(sender, instance, raw=False, **kwargs):
    if not raw:
        index.index_article(instance)


@receiver(post_save, sender=Paragraph, dispatch_uid="search-index-paragraph")
def index_paragraph_text(sender, instance, raw=False, **kwargs):
    if not raw:
        index.index_paragraph(instance)
