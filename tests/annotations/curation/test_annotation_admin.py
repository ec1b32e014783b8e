"""Curators review annotations in the admin: list, filters, search, autocomplete, and safe edits."""

import pytest
from django.urls import reverse

from annotations.models import Annotation
from annotations.services import annotation_update
from tests.admin.forms import form_data
from tests.factories import make_actor, make_annotation, make_article, orphan

CHANGELIST = "admin:annotations_annotation_changelist"
LONG_CLAIM = "حجم الكارثة الإنسانية في سوريا لا يزال كبيرا 😀 على حد تعبيره"


@pytest.fixture
def annotated(editor, other_editor):
    """Three annotations by two editors on one article, and one on another article."""
    article = make_article(title="بوتين والأسد يبحثان مؤتمر اللاجئين في دمشق")
    first, second, _ = article.paragraphs.all()
    putin = make_actor("فلاديمير بوتين", kind="person", aliases=["بوتين", "رأس الكرملين"])
    ministry = make_actor("وزارة الدفاع الروسية")
    claim = make_annotation(
        second,
        LONG_CLAIM,
        actor=putin,
        cue="وقال",
        stance="neutral",
        user=editor,
        tags=["كارثة إنسانية"],
        note="تصريح يتكرر في كل مؤتمر",
    )
    mention = make_annotation(
        first, "وزارة الدفاع الروسية", kind="actor", actor=ministry, user=other_editor
    )
    source = orphan(make_annotation(first, "حسب ما تابعت منصة SY24", kind="source", user=editor))
    other = make_article(title="اجتماع ثلاثي في أستانا")
    elsewhere = make_annotation(
        other.paragraphs.get(position=2), "بوتين", kind="actor", actor=putin, user=other_editor
    )
    return {
        "article": article,
        "other": other,
        "putin": putin,
        "ministry": ministry,
        "claim": claim,
        "mention": mention,
        "source": source,
        "elsewhere": elsewhere,
    }


def rows(client, **params):
    response = client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


@pytest.mark.django_db
def test_the_list_shows_kind_quote_actor_article_author_and_state(client, head_curator, annotated):
    """Each row: «ادعاء», the quote cut short, «فلاديمير بوتين», the article, «muharrir», «مثبّت»."""
    client.force_login(head_curator)
    html = client.get(reverse(CHANGELIST)).content.decode()
    assert "حجم الكارثة الإنسانية في سوريا لا يزال كبيرا 😀…" in html  # cut at 50 characters
    assert f'title="{LONG_CLAIM}"' in html
    for text in [
        "ادعاء",
        "مصدر",
        "فلاديمير بوتين",
        "بوتين والأسد يبحثان مؤتمر",
        "muharrir",
        "يتيم",
    ]:
        assert text in html


@pytest.mark.django_db
def test_filters_on_kind_state_actor_article_author_and_tag(
    client, head_curator, editor, annotated
):
    a = annotated
    client.force_login(head_curator)
    assert rows(client, kind__exact="source") == {a["source"]}
    assert rows(client, anchor_state__exact="orphaned") == {a["source"]}
    assert rows(client, actor__id__exact=a["putin"].pk) == {a["claim"], a["elsewhere"]}
    assert rows(client, article=a["other"].pk) == {a["elsewhere"]}
    assert rows(client, created_by__id__exact=editor.pk) == {a["claim"], a["source"]}
    tag = a["claim"].tags.get()
    assert rows(client, tag=tag.pk) == {a["claim"]}
    assert rows(client, kind__exact="actor", article=a["article"].pk) == {a["mention"]}


@pytest.mark.django_db
def test_the_orphan_filter_has_its_own_value(client, head_curator, annotated):
    """«يتيم» is offered in the anchor-state filter, beside «مثبّت» and «منقول»."""
    client.force_login(head_curator)
    html = client.get(reverse(CHANGELIST)).content.decode()
    assert "?anchor_state__exact=orphaned" in html


@pytest.mark.django_db
def test_search_looks_in_the_quote_and_the_note(client, head_curator, annotated):
    client.force_login(head_curator)
    assert rows(client, q="الكارثة الإنسانية") == {annotated["claim"]}
    assert rows(client, q="يتكرر في كل مؤتمر") == {annotated["claim"]}
    assert rows(client, q="منصة SY24") == {annotated["source"]}


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_the_list_runs_a_constant_number_of_queries(
    client, head_curator, editor, django_assert_max_num_queries, count
):
    """Actor, article and author come with each row; filters each take one query."""
    article = make_article(paragraphs=["قال المتحدث باسم الوزارة إن الوفد وصل إلى دمشق"] * count)
    actor = make_actor("المتحدث باسم الوزارة", kind="person")
    for paragraph in article.paragraphs.all():
        make_annotation(paragraph, "المتحدث", kind="actor", actor=actor, user=editor, tags=["وفد"])
    client.force_login(head_curator)
    with django_assert_max_num_queries(11):
        response = client.get(reverse(CHANGELIST))
    assert len(response.context["cl"].result_list) == count


def change_url(annotation):
    return reverse("admin:annotations_annotation_change", args=[annotation.pk])


def load_form(client, annotation):
    response = client.get(change_url(annotation))
    assert response.status_code == 200
    data = form_data(response.content.decode(), "annotation_form")
    data["_save"] = "حفظ"
    return data


@pytest.mark.django_db
def test_the_form_shows_the_paragraph_with_the_span_marked(client, head_curator, annotated):
    client.force_login(head_curator)
    html = client.get(change_url(annotated["claim"])).content.decode()
    assert (
        "وقال بوتين إن <mark>حجم الكارثة الإنسانية في سوريا لا يزال كبيرا 😀 على حد تعبيره</mark>"
        in html
    )


@pytest.mark.django_db
def test_a_curator_changes_an_annotation_and_is_recorded_as_its_last_editor(
    client, head_curator, annotated
):
    claim = annotated["claim"]
    client.force_login(head_curator)
    data = load_form(client, claim)
    data["note"] = "تصريح نقلته وكالات روسية"
    data["stance"] = "distancing"
    response = client.post(change_url(claim), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    claim.refresh_from_db()
    assert (claim.note, claim.stance, claim.updated_by) == (
        "تصريح نقلته وكالات روسية",
        "distancing",
        head_curator,
    )
    assert list(claim.tags.names()) == ["كارثة إنسانية"]
    assert claim.created_by.username == "muharrir"


@pytest.mark.django_db
def test_new_offsets_take_the_words_they_cover_and_anchor_an_orphan(
    client, head_curator, annotated
):
    """A curator re-placing an orphan by its offsets gets that text as the quote, state «مثبّت»."""
    source = annotated["source"]
    text = source.paragraph.text
    start = text.index("منصة SY24")
    client.force_login(head_curator)
    data = load_form(client, source)
    data.update(start=start, end=start + len("منصة SY24"))
    response = client.post(change_url(source), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    source.refresh_from_db()
    assert (source.exact, source.anchor_state) == ("منصة SY24", "anchored")


@pytest.mark.django_db
def test_the_form_applies_the_annotation_rules(client, head_curator, annotated):
    """An actor mention without an actor is refused with the model's Arabic message."""
    mention = annotated["mention"]
    client.force_login(head_curator)
    data = load_form(client, mention)
    data["actor"] = ""
    response = client.post(change_url(mention), data)
    assert response.status_code == 200
    assert "الإشارة إلى فاعل تحتاج إلى تحديد الفاعل." in response.content.decode()
    mention.refresh_from_db()
    assert mention.actor == annotated["ministry"]


@pytest.mark.django_db
def test_a_stale_form_is_refused_and_the_other_change_kept(client, head_curator, editor, annotated):
    """Loaded, then changed elsewhere, then submitted: an Arabic error, and the database keeps the other change."""
    claim = annotated["claim"]
    client.force_login(head_curator)
    data = load_form(client, claim)

    annotation_update(Annotation.objects.get(pk=claim.pk), user=editor, note="ملاحظة المحرر الأحدث")
    before = Annotation.objects.get(pk=claim.pk)

    data["note"] = "ملاحظة المشرف على نسخة قديمة"
    response = client.post(change_url(claim), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "لم يُحفظ تعديلك: عدّل «muharrir» هذا التوسيم" in html
    after = Annotation.objects.get(pk=claim.pk)
    assert (after.note, after.updated, after.updated_by) == (
        "ملاحظة المحرر الأحدث",
        before.updated,
        editor,
    )

    # Opening the annotation again gives the current version, which saves.
    data = load_form(client, claim)
    data["note"] = "ملاحظة المشرف بعد مراجعة التغيير"
    assert client.post(change_url(claim), data).status_code == 302
    assert Annotation.objects.get(pk=claim.pk).note == "ملاحظة المشرف بعد مراجعة التغيير"


@pytest.mark.django_db
def test_a_form_without_its_loaded_version_is_refused(client, head_curator, annotated):
    claim = annotated["claim"]
    client.force_login(head_curator)
    data = load_form(client, claim)
    data["loaded_version"] = ""
    data["note"] = "محاولة بلا نسخة"
    assert client.post(change_url(claim), data).status_code == 200
    assert Annotation.objects.get(pk=claim.pk).note == "تصريح يتكرر في كل مؤتمر"


def autocomplete(client, field, term):
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "annotations",
            "model_name": "annotation",
            "field_name": field,
            "term": term,
        },
    )
    assert response.status_code == 200
    return [r["text"] for r in response.json()["results"]]


@pytest.mark.django_db
def test_the_actor_is_chosen_by_any_alias_with_hamza_and_harakat_ignored(
    client, head_curator, annotated
):
    """Typing «راس الكرملين» (no hamza) finds «فلاديمير بوتين» through its alias «رأس الكرملين»."""
    client.force_login(head_curator)
    assert autocomplete(client, "actor", "راس الكرملين") == ["فلاديمير بوتين"]
    assert autocomplete(client, "actor", "الدفاع") == ["وزارة الدفاع الروسية"]


@pytest.mark.django_db
def test_the_paragraph_is_chosen_by_article_title_or_words_and_reads_as_such(
    client, head_curator, annotated
):
    client.force_login(head_curator)
    results = autocomplete(client, "paragraph", "أستانا")
    assert len(results) == 3
    assert results[1].startswith("اجتماع ثلاثي في أستانا — ف2: وقال بوتين")
    # Words of the title and of the text together narrow it to one paragraph.
    (result,) = autocomplete(client, "paragraph", "يبحثان الكارثة")
    assert result.startswith("بوتين والأسد يبحثان مؤتمر اللاجئين في… — ف2: وقال بوتين إن حجم")


@pytest.mark.django_db
def test_the_form_keeps_a_marked_latin_name_in_one_isolate(client, head_curator):
    """A mark on «Putin» of «Vladimir Putin» sits inside the name's one <bdi>, as on the reading page."""
    article = make_article(paragraphs=["قال Vladimir Putin إن الوضع صعب"])
    putin = make_actor("Vladimir Putin", kind="person")
    mention = make_annotation(article.paragraphs.get(), "Putin", kind="actor", actor=putin)
    client.force_login(head_curator)
    html = client.get(change_url(mention)).content.decode()
    assert "<bdi>Vladimir <mark>Putin</mark></bdi>" in html


@pytest.mark.django_db
def test_the_form_shows_a_stored_span_that_cuts_a_lam_alef_whole(client, head_curator):
    """A span stored before the rule, ending «الل|اجئين», is marked to the alef, which stays visible."""
    article = make_article(paragraphs=["مؤتمر اللاجئين في دمشق"])
    paragraph = article.paragraphs.get()
    claim = make_annotation(paragraph, "مؤتمر اللاجئين")
    cut = paragraph.text.index("اجئين")
    Annotation.objects.filter(pk=claim.pk).update(end=cut, exact=paragraph.text[:cut])
    client.force_login(head_curator)
    html = client.get(change_url(claim)).content.decode()
    assert "<mark>مؤتمر اللا</mark>جئين في دمشق" in html
