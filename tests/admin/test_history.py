"""Every create, change and delete of articles, paragraphs, annotations and actors is in history:
who (the logged-in user), when, and the old and new values; curators read it per object and per editor."""

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations.models import Actor, Annotation
from archive.models import Article, Paragraph
from tests.admin.forms import form_data
from tests.annotations.api import annotation_body, send
from tests.factories import make_actor, make_annotation, make_article


def changes(record):
    """(field, old, new) of a record against the one before it."""
    return sorted((c.field, c.old, c.new) for c in record.diff_against(record.prev_record).changes)


def post_form(client, url, form_id, **fields):
    data = form_data(client.get(url).content.decode(), form_id)
    data.update(fields)
    data["_save"] = "حفظ"
    return client.post(url, data)


@pytest.mark.django_db
def test_an_article_and_its_paragraphs_are_recorded_when_created_changed_and_deleted(
    client, head_curator
):
    client.force_login(head_curator)
    started = timezone.now()
    response = post_form(
        client,
        reverse("admin:archive_article_add"),
        "article_form",
        title="وصول قافلة مساعدات أممية إلى إدلب",
        slug="",
        status="draft",
        **{
            "paragraphs-TOTAL_FORMS": "1",
            "paragraphs-0-text": "وصلت صباح اليوم قافلة مساعدات إلى إدلب عبر معبر باب الهوى.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(title="وصول قافلة مساعدات أممية إلى إدلب")
    paragraph = article.paragraphs.get()
    created = article.history.get()
    assert (created.history_type, created.history_user) == ("+", head_curator)
    assert started <= created.history_date <= timezone.now()
    assert (paragraph.history.get().history_type, paragraph.history.get().history_user) == (
        "+",
        head_curator,
    )

    url = reverse("admin:archive_article_change", args=[article.pk])
    response = post_form(
        client,
        url,
        "article_form",
        title="وصول قافلة مساعدات أممية ثانية إلى إدلب",
        **{"paragraphs-0-text": "وصلت مساء اليوم قافلة مساعدات إلى إدلب عبر معبر باب الهوى."},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = article.history.latest()
    assert (record.history_type, record.history_user) == ("~", head_curator)
    assert (
        "title",
        "وصول قافلة مساعدات أممية إلى إدلب",
        "وصول قافلة مساعدات أممية ثانية إلى إدلب",
    ) in changes(record)
    record = Paragraph.history.filter(id=paragraph.pk).latest()
    assert (record.history_type, record.history_user) == ("~", head_curator)
    assert changes(record) == [
        (
            "text",
            "وصلت صباح اليوم قافلة مساعدات إلى إدلب عبر معبر باب الهوى.",
            "وصلت مساء اليوم قافلة مساعدات إلى إدلب عبر معبر باب الهوى.",
        )
    ]

    response = client.post(
        reverse("admin:archive_article_delete", args=[article.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    deleted = Article.history.filter(id=article.pk).latest()
    assert (deleted.history_type, deleted.history_user, deleted.title) == (
        "-",
        head_curator,
        "وصول قافلة مساعدات أممية ثانية إلى إدلب",
    )
    gone = Paragraph.history.filter(id=paragraph.pk).latest()
    assert (gone.history_type, gone.history_user) == ("-", head_curator)


@pytest.mark.django_db
def test_an_annotation_made_by_an_editor_is_recorded_as_theirs_with_its_tags(
    client, editor, head_curator
):
    """Created through the editor's API, changed by a curator in the admin, deleted there: three records."""
    paragraph = make_article().paragraphs.get(position=2)
    client.force_login(editor)
    body = annotation_body(
        paragraph, "حجم الكارثة الإنسانية", tags=["كارثة", "سوريا"], note="قالها مرتين"
    )
    assert send(client, "post", "/api/annotations/", body).status_code == 201
    annotation = Annotation.objects.get()
    created = annotation.history.get()  # the tags complete the creation record, not a second one
    assert (created.history_type, created.history_user, created.tag_names) == (
        "+",
        editor,
        "سوريا، كارثة",
    )

    client.force_login(head_curator)
    url = reverse("admin:annotations_annotation_change", args=[annotation.pk])
    response = post_form(
        client, url, "annotation_form", note="قالها ثلاث مرات", tags="كارثة, لاجئون"
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    changed = annotation.history.latest()
    assert annotation.history.count() == 2
    assert (changed.history_type, changed.history_user) == ("~", head_curator)
    assert ("note", "قالها مرتين", "قالها ثلاث مرات") in changes(changed)
    assert (changed.prev_record.tag_names, changed.tag_names) == ("سوريا، كارثة", "كارثة، لاجئون")

    history = client.get(reverse("admin:annotations_annotation_history", args=[annotation.pk]))
    html = history.content.decode()
    assert 'قالها مرتين</span>&nbsp;&larr;&nbsp;<span dir="auto">قالها ثلاث مرات' in html
    assert 'سوريا، كارثة</span>&nbsp;&larr;&nbsp;<span dir="auto">كارثة، لاجئون' in html
    assert "muharrir" in html and head_curator.username in html

    response = client.post(
        reverse("admin:annotations_annotation_delete", args=[annotation.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    deleted = Annotation.history.filter(id=annotation.pk).latest()
    assert (deleted.history_type, deleted.history_user, deleted.tag_names) == (
        "-",
        head_curator,
        "كارثة، لاجئون",
    )


@pytest.mark.django_db
def test_an_actor_and_its_aliases_are_recorded(client, head_curator):
    client.force_login(head_curator)
    response = post_form(
        client,
        reverse("admin:annotations_actor_add"),
        "actor_form",
        name="الهلال الأحمر العربي السوري",
        slug="",
        kind="ngo",
        country="SYR",
        **{"aliases-0-alias": "الهلال الأحمر"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    actor = Actor.objects.get(name="الهلال الأحمر العربي السوري")
    assert (actor.history.get().history_type, actor.history.get().history_user) == (
        "+",
        head_curator,
    )
    alias = actor.aliases.get()
    assert alias.history.get().history_user == head_curator

    url = reverse("admin:annotations_actor_change", args=[actor.pk])
    response = post_form(client, url, "actor_form", wikidata_id="Q1032365")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert changes(actor.history.latest()) == [("wikidata_id", "", "Q1032365")]
    assert actor.history.latest().history_user == head_curator

    response = client.post(
        reverse("admin:annotations_actor_delete", args=[actor.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert Actor.history.filter(id=actor.pk).latest().history_type == "-"
    assert alias.history.latest().history_type == "-"  # deleted with its actor


@pytest.mark.django_db
def test_the_history_page_of_an_article_shows_status_labels_old_and_new(client, head_curator):
    article = make_article(status="draft", title="مسودة عن عودة اللاجئين")
    client.force_login(head_curator)
    client.post(
        reverse("admin:archive_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk]},
    )
    html = client.get(reverse("admin:archive_article_history", args=[article.pk])).content.decode()
    assert 'مسودة</span>&nbsp;&larr;&nbsp;<span dir="auto">منشور' in html
    assert "نشر" in html  # the reason


def activity(client, **params):
    response = client.get(reverse("admin:activity"), params)
    assert response.status_code == 200
    return response, response.context["rows"]


@pytest.fixture
def two_editors_at_work(client, editor, other_editor):
    """«muharrir» creates an annotation and an actor through the API; «muharrira» annotates too."""
    paragraph = make_article().paragraphs.get(position=1)
    client.force_login(editor)
    send(
        client,
        "post",
        "/api/annotations/",
        annotation_body(paragraph, "وزارة الدفاع الروسية", kind="source"),
    )
    client.force_login(other_editor)
    send(client, "post", "/api/annotations/", annotation_body(paragraph, "دمشق", kind="claim"))
    client.logout()
    return paragraph


@pytest.mark.django_db
def test_a_curator_sees_what_one_editor_did_newest_first(
    client, head_curator, editor, other_editor, two_editors_at_work
):
    first = Annotation.objects.get(exact="وزارة الدفاع الروسية")
    url = reverse("admin:annotations_annotation_change", args=[first.pk])
    client.force_login(head_curator)
    post_form(client, url, "annotation_form", note="مصدر رسمي روسي")  # a curator's change

    response, rows = activity(client, user=editor.pk)
    assert {row["user"] for row in rows} == {editor}
    assert [(row["action"], row["label"]) for row in rows] == [
        ("أنشأ", "مصدر: وزارة الدفاع الروسية")
    ]
    assert rows[0]["url"] == url
    html = response.content.decode()
    assert f'href="{url}"' in html
    assert "دمشق" not in [row["label"] for row in rows]

    _, rows = activity(client, user=head_curator.pk)
    assert [(row["action"], row["kind"]) for row in rows] == [("عدّل", "توسيم")]
    assert {"field": "ملاحظة", "old": "—", "new": "مصدر رسمي روسي"} in rows[0]["changes"]

    _, rows = activity(client)
    dates = [row["date"] for row in rows]
    assert dates == sorted(dates, reverse=True)
    assert {row["user"] for row in rows} >= {editor, other_editor, head_curator}


@pytest.mark.django_db
def test_the_activity_filters_by_kind_of_object_and_of_change(
    client, head_curator, editor, two_editors_at_work
):
    actor = make_actor("مصادر روسية", kind="unnamed_collective")
    actor_id = actor.pk
    actor._history_user = editor
    actor.delete()
    client.force_login(head_curator)
    _, rows = activity(client, user=editor.pk, action="-")
    assert [(row["action"], row["kind"], row["label"], row["url"]) for row in rows] == [
        ("حذف", "فاعل", "مصادر روسية", "")  # deleted: no page to link, its history still
    ]
    assert rows[0]["history_url"] == reverse("admin:annotations_actor_history", args=[actor_id])
    _, rows = activity(client, kind="annotation")
    assert {row["kind"] for row in rows} == {"توسيم"}


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_the_activity_page_runs_a_constant_number_of_queries(
    client, head_curator, editor, django_assert_max_num_queries, count
):
    article = make_article(paragraphs=["قال المتحدث باسم الوزارة إن الوفد وصل إلى دمشق"] * count)
    for paragraph in article.paragraphs.all():
        annotation = make_annotation(paragraph, "المتحدث", kind="source", user=editor)
        annotation.note = "متحدث رسمي"
        annotation._history_user = editor
        annotation.save()
    client.force_login(head_curator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:activity"), {"user": ""})
    # The article's creation, then each annotation's creation and change.
    assert len(response.context["rows"]) == min(50, 1 + 2 * count)


@pytest.mark.django_db
def test_a_past_version_can_be_read_but_not_posted_back(client, head_curator):
    """History pages are for reading: a POST to a past version is refused and changes nothing."""
    article = make_article(status="draft", title="العنوان الأول للمقال")
    article.title = "العنوان المصحح للمقال"
    article.save()
    first = article.history.earliest()
    url = reverse("admin:archive_article_simple_history", args=[article.pk, first.history_id])
    client.force_login(head_curator)
    response = client.get(url)
    assert response.status_code == 200
    assert "العنوان الأول للمقال" in response.content.decode()
    data = form_data(response.content.decode(), "article_form")
    assert client.post(url, data).status_code == 403
    assert Article.objects.get(pk=article.pk).title == "العنوان المصحح للمقال"


@pytest.mark.django_db
def test_a_change_to_an_imported_paragraph_says_it_has_no_older_version(
    client, head_curator, editor
):
    """The importer writes paragraphs in bulk, without history: their first change has no old values."""
    paragraph = make_article().paragraphs.get(position=3)
    paragraph.text = "وزعم المسؤول الروسي أن انعقاد المؤتمر هو العنصر الأول."
    paragraph._history_user = editor
    paragraph.save()
    client.force_login(head_curator)
    response, rows = activity(client, kind="paragraph")
    assert [(row["action"], row["no_previous"]) for row in rows] == [("عدّل", True)]
    assert "لا نسخة أقدم في السجل" in response.content.decode()


@pytest.mark.django_db
def test_renaming_and_deleting_a_tag_are_recorded_and_listed_in_the_activity(
    client, head_curator, editor
):
    """A renamed tag changes what every annotation carrying it says: curators can see who did it."""
    paragraph = make_article().paragraphs.get(position=2)
    annotation = make_annotation(paragraph, "حجم الكارثة الإنسانية", tags=["لاجئون"], user=editor)
    tag = annotation.tags.get()
    client.force_login(head_curator)

    url = reverse("admin:annotations_tag_change", args=[tag.pk])
    response = post_form(client, url, "tag_form", name="اللاجئون")
    assert response.status_code == 302, response.content.decode()[:2000]
    record = tag.history.latest()
    assert (record.history_type, record.history_user) == ("~", head_curator)
    assert ("name", "لاجئون", "اللاجئون") in changes(record)

    response = client.post(reverse("admin:annotations_tag_delete", args=[tag.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert type(tag).history.filter(id=tag.pk).latest().history_type == "-"

    _, rows = activity(client, user=head_curator.pk, kind="tag")
    assert [(row["action"], row["kind"], row["label"]) for row in rows] == [
        ("حذف", "وسم", "اللاجئون"),
        ("عدّل", "وسم", "اللاجئون"),
    ]
    assert client.get(reverse("admin:annotations_tag_history", args=[tag.pk])).status_code == 200
