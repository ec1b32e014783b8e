"""Writing the search copy. Every searchable text goes through entry_fields()."""

from archive.models import Article, Paragraph, SearchEntry
from archive.normalise import WORD_RE, search_key, word_bases

# A tsvector holds at most 1 MB; no paragraph or note comes near this, and a
# pathological one is still found by its first hundred thousand characters.
MAX_INDEXED_CHARS = 100_000


def entry_fields(text: str) -> dict[str, str]:
    """The folded text (for words and phrases) and the bases of its prefixed words."""
    body = search_key(text)[:MAX_INDEXED_CHARS]
    bases = dict.fromkeys(
        base for word in WORD_RE.findall(body) for base in word_bases(word) if base != word
    )
    return {"body": body, "stems": " ".join(bases)}


def put(kind: str, object_id: int, text: str, *, article_id=None, paragraph_id=None) -> None:
    """Index `text` as the entry (kind, object_id); blank text removes the entry."""
    if not text or not text.strip():
        remove(kind, [object_id])
        return
    SearchEntry.objects.update_or_create(
        kind=kind,
        object_id=object_id,
        defaults={"article_id": article_id, "paragraph_id": paragraph_id, **entry_fields(text)},
    )


def put_many(kind: str, rows) -> None:
    """Replace the entries of `kind` for each (object_id, text, article_id, paragraph_id).

    A row whose text is blank loses its entry, as put() does.
    """
    rows = list(rows)
    remove(kind, [row[0] for row in rows])
    rows = [row for row in rows if row[1] and row[1].strip()]
    SearchEntry.objects.bulk_create(
        SearchEntry(
            kind=kind,
            object_id=object_id,
            article_id=article_id,
            paragraph_id=paragraph_id,
            **entry_fields(text),
        )
        for object_id, text, article_id, paragraph_id in rows
    )


def remove(kind: str, object_ids) -> None:
    SearchEntry.objects.filter(kind=kind, object_id__in=list(object_ids)).delete()


def index_article(article) -> None:
    put("article", article.pk, article.title, article_id=article.pk)


def index_paragraphs(article) -> None:
    """Index every paragraph of `article`: used after bulk writes, which send no signals."""
    SearchEntry.objects.filter(kind="paragraph", article=article).delete()
    put_many(
        "paragraph",
        (
            (p.pk, p.text, p.article_id, p.pk)
            for p in Paragraph.objects.filter(article=article).only("pk", "text", "article_id")
        ),
    )


def index_paragraph(paragraph) -> None:
    put(
        "paragraph",
        paragraph.pk,
        paragraph.text,
        article_id=paragraph.article_id,
        paragraph_id=paragraph.pk,
    )


def rebuild_archive() -> None:
    """Index every article title and paragraph again."""
    SearchEntry.objects.filter(kind__in=["article", "paragraph"]).delete()
    put_many("article", ((a.pk, a.title, a.pk, None) for a in Article.objects.only("title")))
    paragraphs = Paragraph.objects.only("pk", "text", "article_id").iterator(chunk_size=2000)
    batch = []
    for paragraph in paragraphs:
        batch.append((paragraph.pk, paragraph.text, paragraph.article_id, paragraph.pk))
        if len(batch) == 2000:
            put_many("paragraph", batch)
            batch = []
    put_many("paragraph", batch)
