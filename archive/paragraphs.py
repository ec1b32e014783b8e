"""Replacing an article's text while keeping what points at its paragraphs."""

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from archive.models import Article, Paragraph
from archive.search import index as search_index
from archive.signals import article_text_changed


@transaction.atomic
def replace_paragraphs(article, texts: list[str]) -> dict[str, int]:
    """Give `article` the paragraphs `texts`; what re-anchoring reported, by state.

    Paragraphs are updated in place by position, new ones are added at the end
    and surplus ones removed from the end, so that annotations keep their rows
    and history; article_text_changed lets them re-anchor before any paragraph
    they sit on is deleted.
    """
    existing = list(article.paragraphs.order_by("position"))
    changed = False
    for paragraph, text in zip(existing, texts, strict=False):
        if paragraph.text != text:
            paragraph.text = text
            paragraph.save(update_fields=["text"])
            changed = True
    # Positions may have gaps (a paragraph deleted in the admin); new ones go last.
    last = existing[-1].position if existing else 0
    added = [
        Paragraph(article=article, position=position, text=text)
        for position, text in enumerate(texts[len(existing) :], start=last + 1)
    ]
    removed = existing[len(texts) :]
    if not (changed or added or removed):
        return {}
    bulk_create_with_history(added, Paragraph, default_change_reason="تصحيح النص")
    responses = article_text_changed.send(sender=Article, article=article, removed=removed)
    Paragraph.objects.filter(pk__in=[p.pk for p in removed]).delete()
    # Bulk creation sends no signals, so the search copy is written here.
    search_index.index_paragraphs(article)
    report = {}
    for _, counts in responses:
        for state, count in (counts or {}).items():
            report[state] = report.get(state, 0) + count
    return report
