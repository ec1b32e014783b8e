"""The admin is for staff: curators see every page in Arabic, right to left; others are sent to log in."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from annotations.models import Tag
from annotations.roles import CURATORS_GROUP
from tests.factories import make_actor, make_annotation, make_article, make_outlet, orphan

ADMIN_LOGIN = "/admin/login/"


@pytest.fixture
def archive(editor):
    """One article of each status, an annotation with a tag, an actor, an outlet."""
    outlet = make_outlet("سوريا 24")
    article = make_article(outlet=outlet)
    make_article(status="draft", title="مسودة عن مؤتمر اللاجئين في دمشق")
    actor = make_actor("وزارة الدفاع الروسية", aliases=["الدفاع الروسية"])
    paragraph = article.paragraphs.get(position=1)
    annotation = make_annotation(
        paragraph, "وزارة الدفاع الروسية", kind="actor", actor=actor, user=editor, tags=["مؤتمر"]
    )
    return {
        "outlet": outlet,
        "article": article,
        "paragraph": paragraph,
        "actor": actor,
        "annotation": annotation,
        "tag": Tag.objects.get(name="مؤتمر"),
    }


def admin_pages(objects):
    pages = ["admin:index", "admin:activity"]
    for key, opts in [
        ("outlet", "archive_outlet"),
        ("article", "archive_article"),
        ("paragraph", "archive_paragraph"),
        ("annotation", "annotations_annotation"),
        ("actor", "annotations_actor"),
        ("tag", "annotations_tag"),
    ]:
        pk = objects[key].pk
        pages += [f"admin:{opts}_changelist", (f"admin:{opts}_change", pk)]
        if key != "paragraph":  # paragraphs are added in their article's page
            pages.append(f"admin:{opts}_add")
        if key in {"article", "paragraph", "annotation", "actor"}:
            pages.append((f"admin:{opts}_history", pk))
    return pages


def url_of(page):
    if isinstance(page, tuple):
        return reverse(page[0], args=[page[1]])
    return reverse(page)


@pytest.mark.django_db
def test_every_admin_page_renders_in_arabic_right_to_left_for_a_curator(
    client, head_curator, archive
):
    """Each changelist, change form, add form and history page answers 200 with lang="ar" dir="rtl"."""
    client.force_login(head_curator)
    for page in admin_pages(archive):
        response = client.get(url_of(page))
        assert response.status_code == 200, page
        html = response.content.decode()
        assert 'lang="ar"' in html and 'dir="rtl"' in html, page


@pytest.mark.django_db
def test_the_editors_group_curator_reads_the_annotation_admin(client, curator, archive):
    """The conftest curator (staff + Editors) works on annotations and actors in the admin."""
    client.force_login(curator)
    for name in ["annotations_annotation", "annotations_actor", "annotations_tag"]:
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "reader", "editor"])
def test_readers_and_editors_are_sent_to_the_admin_login(client, request, who, archive):
    """Non-staff users, editors included, get the admin login page instead of any admin page."""
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for page in admin_pages(archive):
        url = url_of(page)
        response = client.get(url)
        assert response.status_code == 302, page
        assert response["Location"].startswith(ADMIN_LOGIN), page


@pytest.mark.django_db
def test_the_admin_lists_our_arabic_tags_only(client, head_curator, administrator):
    """taggit's default Tag admin is unregistered: curators see «الوسوم» of annotations only."""
    client.force_login(administrator)
    assert client.get("/admin/taggit/tag/").status_code == 404
    html = client.get(reverse("admin:index")).content.decode()
    assert "الوسوم" in html


@pytest.mark.django_db
def test_the_dashboard_counts_orphaned_annotations_and_links_to_them(client, head_curator, archive):
    """The admin index shows how many annotations lost their words, linking to that filtered list."""
    orphan(archive["annotation"])
    client.force_login(head_curator)
    html = client.get(reverse("admin:index")).content.decode()
    url = reverse("admin:annotations_annotation_changelist") + "?anchor_state__exact=orphaned"
    assert f'href="{url}"' in html
    assert '<td id="orphan-count">1</td>' in html
    assert reverse("admin:activity") in html


@pytest.mark.django_db
def test_curators_group_comes_with_the_migrations_and_grants_the_admin(head_curator):
    """Migration 0006 creates «Curators»: all archive and annotation models, and reading history."""
    group = Group.objects.get(name=CURATORS_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    for model in ["outlet", "article", "paragraph", "actor", "actoralias", "annotation", "tag"]:
        assert {f"add_{model}", f"change_{model}", f"delete_{model}", f"view_{model}"} <= codenames
    assert {"view_historicalarticle", "view_historicalannotation"} <= codenames
    assert "change_historicalarticle" not in codenames
    assert "add_user" not in codenames
    assert head_curator.has_perm("archive.change_paragraph")


@pytest.mark.django_db
def test_paragraphs_are_read_only_in_their_own_admin(client, head_curator, archive):
    """Paragraphs are corrected in their article's page (which re-anchors annotations), not alone."""
    paragraph = archive["paragraph"]
    client.force_login(head_curator)
    url = reverse("admin:archive_paragraph_change", args=[paragraph.pk])
    html = client.get(url).content.decode()
    assert 'name="text"' not in html
    assert reverse("admin:archive_paragraph_delete", args=[paragraph.pk]) not in html
    assert client.post(url, {"text": "نص بديل"}).status_code == 403
    delete = reverse("admin:archive_paragraph_delete", args=[paragraph.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    paragraph.refresh_from_db()
    assert paragraph.text.startswith("أعلنت وزارة الدفاع الروسية")
