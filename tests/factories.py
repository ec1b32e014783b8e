"""Test data with real Arabic text. Personas:

- reader: anyone not logged in, or logged in without rights; reads only.
- editor: in the "Editors" group; annotates on the reading page.
- curator: staff; works in the admin and sees drafts.
"""

import itertools

from archive.models import Article, Outlet, Paragraph
from archive.search.index import index_paragraphs

_counter = itertools.count(1)

PARAGRAPHS = [
    "أعلنت وزارة الدفاع الروسية، حسب ما تابعت منصة SY24، عن اجتماع في دمشق يوم ٢٠٢٤/٧/٢٦.",
    "وقال بوتين إن حجم الكارثة الإنسانية في سوريا لا يزال كبيرا 😀 على حد تعبيره.",
    "وزعـــم المسؤول الروسي أن «انعقاد المُؤتَمَر هو العنصر الأول» والمدرسة مفتوحة.",
]


def make_outlet(name="SY24", **fields):
    return Outlet.objects.create(name=name, **fields)


def make_article(*, paragraphs=None, status=Article.Status.PUBLISHED, title=None, **fields):
    n = next(_counter)
    article = Article.objects.create(
        title=title or f"بوتين والأسد يبحثان مؤتمر اللاجئين {n}",
        status=status,
        source_name=f"article-{n}.txt",
        **fields,
    )
    Paragraph.objects.bulk_create(
        Paragraph(article=article, position=i, text=text)
        for i, text in enumerate(PARAGRAPHS if paragraphs is None else paragraphs, start=1)
    )
    # As the importer does: bulk writes send no signals, so index explicitly.
    index_paragraphs(article)
    return article


def make_actor(name="وزارة الدفاع الروسية", kind="government_body", aliases=()):
    from annotations.services import actor_create

    return actor_create(name=name, kind=kind, aliases=aliases)


def make_annotation(paragraph, exact, *, kind="claim", user=None, occurrence=1, **fields):
    """An annotation over the `occurrence`-th `exact` in the paragraph, through the real service."""
    from annotations.services import annotation_create

    at = -1
    for _ in range(occurrence):
        at = paragraph.text.index(exact, at + 1)
    return annotation_create(
        paragraph=paragraph,
        user=user,
        start=at,
        end=at + len(exact),
        exact=exact,
        kind=kind,
        **fields,
    )


BUSY_PARAGRAPH = "قال المتحدث باسم الوزارة إن الوفد وصل إلى دمشق صباح اليوم"


def make_annotated_article(count, *, user=None, paragraph_count=50):
    """An article of `paragraph_count` paragraphs carrying `count` annotations, a third of them claims."""
    n_article = next(_counter)
    words = BUSY_PARAGRAPH.split()
    article = make_article(
        paragraphs=[BUSY_PARAGRAPH] * paragraph_count, title=f"مقال مزدحم بالتوسيمات {n_article}"
    )
    paragraphs = list(article.paragraphs.all())
    actor = make_actor(f"فاعل {n_article}")
    for n in range(count):
        make_annotation(
            paragraphs[n % paragraph_count],
            words[n % len(words)],
            kind="actor" if n % 3 else "claim",
            actor=actor,
            user=user,
            tags=[f"وسم {n % 7}"],
        )
    return article


CLAIM_PARAGRAPH = "وادعت وزارة الدفاع الروسية أن الحدث يهدف إلى إعطاء دفعة إضافية حسب منصة SY24."
CLAIM_QUOTE = "الحدث يهدف إلى إعطاء دفعة إضافية"
SOURCE_QUOTE = "حسب منصة SY24"


def make_claim(
    paragraph=None,
    *,
    actor=None,
    cue="وادعت",
    stance="distancing",
    specificity="media_relay",
    source_actor=None,
    tags=(),
    user=None,
    **article_fields,
):
    """The claim «الحدث يهدف إلى إعطاء دفعة إضافية» by `actor`, in a new article unless given a paragraph.

    It comes through the source «حسب منصة SY24» of that `specificity`; with
    specificity=None it has no source.
    """
    if paragraph is None:
        paragraph = make_article(paragraphs=[CLAIM_PARAGRAPH], **article_fields).paragraphs.get()
    via = None
    if specificity is not None:
        via = make_annotation(
            paragraph,
            SOURCE_QUOTE,
            kind="source",
            specificity=specificity,
            actor=source_actor,
            user=user,
        )
    return make_annotation(
        paragraph,
        CLAIM_QUOTE,
        actor=actor,
        via=via,
        cue=cue,
        stance=stance,
        tags=tags,
        user=user,
    )


def orphan(annotation):
    """Mark an annotation as lost after its paragraph changed, as re-anchoring would."""
    annotation.anchor_state = "orphaned"
    annotation.save(update_fields=["anchor_state"])
    return annotation
