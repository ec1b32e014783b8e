"""Every count a page prints reads as Arabic counts: «فقرة واحدة», «فقرتان», «3 فقرات», «11 فقرة»,
«100 فقرة» — never «2 فقرتان» or «13 فقرات». Each page is rendered with 0, 1, 2, 3, 11 and 100
of the thing it counts (where the page can show that many)."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from annotations import counts
from annotations.models import Annotation, Tag, TaggedAnnotation
from archive import counts as archive_counts
from archive.models import Article, Paragraph
from tests.factories import make_actor, make_article

pytestmark = pytest.mark.django_db

COUNTS = [0, 1, 2, 3, 11, 100]
# Written out by hand, as an Arabic reader expects each one.
PARAGRAPHS = {
    0: "لا فقرة",
    1: "فقرة واحدة",
    2: "فقرتان",
    3: "3 فقرات",
    11: "11 فقرة",
    100: "100 فقرة",
}
MATCHING_PARAGRAPHS = {
    1: "فقرة مطابقة واحدة",
    2: "فقرتان مطابقتان",
    3: "3 فقرات مطابقة",
    11: "11 فقرة مطابقة",
    100: "100 فقرة مطابقة",
}
MENTIONS = {1: "إشارة واحدة", 2: "إشارتان", 3: "3 إشارات", 11: "11 إشارة", 100: "100 إشارة"}
ANNOTATIONS = {1: "توسيم واحد", 2: "توسيمان", 3: "3 توسيمات", 11: "11 توسيمًا", 100: "100 توسيم"}
IN_ARTICLES = {
    1: "(في مقال واحد)",
    2: "(في مقالين)",
    3: "(في 3 مقالات)",
    11: "(في 11 مقالًا)",
    100: "(في 100 مقال)",
}
PUBLISHED_ARTICLES = {
    0: "لا مقال منشور",
    1: "مقال منشور واحد",
    2: "مقالان منشوران",
    3: "3 مقالات منشورة",
    11: "11 مقالًا منشورًا",
    100: "100 مقال منشور",
}
WRONG = re.compile(r"\b(?:1|2) (?:فقرة|فقرتان|إشارة|إشارتان|توسيم|توسيمان)\b|\b\d+ من المقالات")

WORD = "الاجتماع"
SENTENCE = f"وأكد المتحدث أن {WORD} عقد في دمشق"


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert not WRONG.search(html), WRONG.search(html).group(0)
    return html


def articles(n, **fields):
    """n published articles of one paragraph each, written in bulk."""
    rows = Article.objects.bulk_create(
        Article(
            title=f"مقال للعد رقم {i}",
            slug=f"مقال-للعد-{i}",
            source_name=f"count-{i}.txt",
            status=Article.Status.PUBLISHED,
            **fields,
        )
        for i in range(n)
    )
    # As the importer does: bulk writes send no signals, so the article count is taken again.
    archive_counts.rebuild()
    return Paragraph.objects.bulk_create(
        Paragraph(article=article, position=1, text=SENTENCE) for article in rows
    )


def mentions(actor, paragraphs, *, tag=None, kind="actor"):
    """An actor mention (or claim) of «المتحدث» in each paragraph given (the same one may come again)."""
    at = SENTENCE.index("المتحدث")
    made = Annotation.objects.bulk_create(
        Annotation(
            paragraph=paragraph,
            start=at,
            end=at + len("المتحدث"),
            exact="المتحدث",
            prefix=SENTENCE[:at],
            suffix=SENTENCE[at + len("المتحدث") :],
            kind=kind,
            actor=actor,
        )
        for paragraph in paragraphs
    )
    if tag is not None:
        kind = ContentType.objects.get_for_model(Annotation)
        TaggedAnnotation.objects.bulk_create(
            TaggedAnnotation(tag=tag, content_type=kind, object_id=a.pk) for a in made
        )
    # As the importer does: the lists' counts follow the rows written in bulk.
    counts.count_paragraphs({p.pk for p in paragraphs})
    return made


@pytest.mark.parametrize("n", COUNTS)
def test_the_article_list_counts_each_articles_paragraphs(client, n):
    make_article(paragraphs=[SENTENCE] * n, title="مقال الفقرات المعدودة")

    html = html_of(client, "/")

    assert f'<span class="count">{PARAGRAPHS[n]}</span>' in html


@pytest.mark.parametrize("n", COUNTS)
def test_search_counts_the_matching_paragraphs_of_an_article(client, n):
    make_article(paragraphs=[SENTENCE] * n + ["فقرة أخرى بلا الكلمة"], title="مقال البحث")

    html = html_of(client, f"/search/?q={WORD}")

    if n == 0:
        assert "مطابق" not in html
    else:
        assert f"<span>{MATCHING_PARAGRAPHS[n]}</span>" in html


@pytest.mark.parametrize("n", COUNTS)
def test_the_actor_page_counts_mentions_in_one_article(client, n):
    actor = make_actor("المتحدث الرسمي")
    article = make_article(paragraphs=[SENTENCE])
    mentions(actor, [article.paragraphs.get()] * n)

    html = html_of(client, actor.get_absolute_url())

    assert f'<strong data-count="mentions">{n}</strong>' in html
    if n == 0:
        assert 'class="hit-count"' not in html and "(في " not in html
    else:
        assert f'<span class="hit-count">{MENTIONS[n]}</span>' in html
        assert IN_ARTICLES[1] in html


@pytest.mark.parametrize("n", COUNTS)
def test_the_actor_page_counts_the_articles_that_mention_the_actor(client, n):
    actor = make_actor("المتحدث الرسمي")
    mentions(actor, articles(n))

    html = html_of(client, actor.get_absolute_url())

    if n == 0:
        assert "(في " not in html
    else:
        assert IN_ARTICLES[n] in html
        assert f'<span class="hit-count">{MENTIONS[1]}</span>' in html


@pytest.mark.parametrize("n", [n for n in COUNTS if n])  # a tag on nothing has no page
def test_the_tag_page_counts_the_annotations_in_each_article(client, n):
    tag = Tag.objects.create(name="عودة اللاجئين")
    article = make_article(paragraphs=[SENTENCE])
    mentions(make_actor("المتحدث الرسمي"), [article.paragraphs.get()] * n, tag=tag)

    html = html_of(client, reverse("annotations:tag_detail", args=[tag.slug]))

    assert f'<span class="hit-count">{ANNOTATIONS[n]}</span>' in html
    assert f'<strong data-count="annotations">{n}</strong>' in html


@pytest.mark.parametrize("n", COUNTS)
def test_the_open_data_page_counts_published_articles(client, n):
    articles(n)

    html = html_of(client, "/data/")

    assert f'data-value="{n}">{PUBLISHED_ARTICLES[n]}</strong>' in html


ARTICLES = {0: "لا مقال", 1: "مقال واحد", 2: "مقالان", 3: "3 مقالات", 4: "4 مقالات"}
ARTICLES |= {11: "11 مقالًا", 12: "12 مقالًا", 100: "100 مقال", 101: "101 مقال"}
RESULTS = {
    0: "لا نتائج",
    1: "نتيجة واحدة",
    2: "نتيجتان",
    3: "3 نتائج",
    11: "11 نتيجة",
    100: "100 نتيجة",
}


@pytest.mark.parametrize("n", COUNTS)
def test_the_admins_article_list_counts_its_rows_and_search_results(client, head_curator, n):
    articles(n)
    make_article(paragraphs=[SENTENCE], title="مقال آخر لا يطابق")
    client.force_login(head_curator)
    url = reverse("admin:archive_article_changelist")

    everything = html_of(client, url)
    searched = html_of(client, url + "?q=للعد")

    # The paginator's line (after the page numbers when there are several pages).
    assert f"\n{ARTICLES[n + 1]}\n" in everything
    assert f"\n{ARTICLES[n]}\n" in searched
    assert f"{RESULTS[n]} (<a" in searched


@pytest.mark.parametrize("n", COUNTS)
def test_the_actor_merge_page_counts_each_actors_annotations(client, head_curator, n):
    actor = make_actor("المتحدث الرسمي")
    other = make_actor("المتحدث")
    mentions(actor, [make_article(paragraphs=[SENTENCE]).paragraphs.get()] * n)
    client.force_login(head_curator)

    response = client.post(
        reverse("admin:annotations_actor_changelist"),
        {"action": "merge_actors", "_selected_action": [actor.pk, other.pk]},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f"— لا ادعاء، لا مصدر، {MENTIONS.get(n, 'لا إشارة')}\n" in html


CHARACTERS = {1: "محرف واحد", 2: "محرفان", 3: "3 محارف", 11: "11 محرفًا", 100: "100 محرف"}


@pytest.mark.parametrize("length", [1, 2, 3, 11, 100])
def test_a_span_past_the_paragraphs_end_says_how_long_it_is(length):
    from annotations.anchoring import span_problems

    assert span_problems("ب" * length, 0, 500) == [
        f"النهاية 500 تتجاوز طول الفقرة ({CHARACTERS[length]})."
    ]


@pytest.mark.parametrize(
    "length, shown", [(201, "201 محرف"), (211, "211 محرفًا"), (203, "203 محارف")]
)
def test_an_alias_too_long_says_both_lengths_in_arabic(length, shown):
    from django.core.exceptions import ValidationError

    from annotations.services import refuse_unusable_names

    with pytest.raises(ValidationError) as refused:
        refuse_unusable_names("ب" * length, [])

    assert refused.value.message_dict["name"] == [f"اسم الفاعل أطول من 200 محرف ({shown})."]


@pytest.mark.parametrize("length, shown", [(61, "61 محرفًا"), (100, "100 محرف"), (103, "103 محارف")])
def test_the_api_says_how_long_a_reporting_verb_is_in_arabic(editor, length, shown):
    from tests.annotations.api import annotation_body, client_for, send

    paragraph = make_article(paragraphs=[SENTENCE]).paragraphs.get()
    body = annotation_body(paragraph, WORD, kind="claim", cue="ن" * length)

    response = send(client_for(editor), "post", "/api/annotations/", body)

    assert response.status_code == 400
    assert response.json()["error"] == f"فعل الإسناد (cue) أطول من 60 محرفًا ({shown})."


@pytest.mark.parametrize("n", COUNTS)
def test_pages_that_label_a_count_show_the_bare_number(client, n):
    """«عدد الادعاءات: 3», «التوسيمات (11)»: a label before the number reads right for any number."""
    actor = make_actor("المتحدث الرسمي")
    article = make_article(paragraphs=[SENTENCE], title="مقال التوسيمات المعدودة")
    mentions(actor, [article.paragraphs.get()] * n, kind="claim")

    reading = html_of(client, article.get_absolute_url())
    claims = html_of(client, "/claims/")
    actors = html_of(client, "/actors/")
    actor_page = html_of(client, actor.get_absolute_url())

    assert f'<h2 id="cards-heading">التوسيمات ({n})</h2>' in reading
    assert f'عدد الادعاءات: <strong data-count="claims">{n}</strong>' in claims
    assert f"انتقل إلى النتائج ({n})" in claims
    assert "عدد الفاعلين: <strong>1</strong>" in actors
    assert f'<td class="num" data-count="claims">{n}</td>' in actors
    assert f'الادعاءات: <strong data-count="claims">{n}</strong>' in actor_page
