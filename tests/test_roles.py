"""Who may do what: the README's roles table, checked cell by cell against the running site.

ROLES_TABLE below is the table in README.md ("Who may do what"), row for row. Each
row names a check that does the thing through HTTP, as that person would, and
answers whether the site let them (and that a refusal changed nothing). The
test asks every row of every role and compares with the table's ✓ or —.

Personas: a reader is anyone not logged in, or logged in without rights (both
are checked); an editor is in the group Editors; a curator is staff in the
group Curators (annotations.roles); an administrator is a superuser.
"""

import re
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from django.test import Client

from annotations.models import Actor, Annotation
from archive.models import Article
from tests.annotations.api import annotation_body, send, version
from tests.factories import make_actor, make_annotation, make_article

pytestmark = pytest.mark.django_db

ROLES_TABLE = """
| may                                 | reader | editor | curator | administrator |
| ----------------------------------- | ------ | ------ | ------- | ------------- |
| read published articles             | ✓      | ✓      | ✓       | ✓             |
| read drafts                         | —      | ✓      | ✓       | ✓             |
| search                              | ✓      | ✓      | ✓       | ✓             |
| annotate                            | —      | ✓      | ✓       | ✓             |
| edit and delete own annotations     | —      | ✓      | ✓       | ✓             |
| edit and delete others' annotations | —      | —      | ✓       | ✓             |
| create actors                       | —      | ✓      | ✓       | ✓             |
| use the admin                       | —      | —      | ✓       | ✓             |
| publish and unpublish articles      | —      | —      | ✓       | ✓             |
| merge actors                        | —      | —      | ✓       | ✓             |
| fix article text                    | —      | —      | ✓       | ✓             |
| see history                         | —      | —      | ✓       | ✓             |
| manage users                        | —      | —      | —       | ✓             |
"""


def parse_table(text):
    lines = [line.strip().strip("|") for line in text.strip().splitlines()]
    header = [cell.strip() for cell in lines[0].split("|")]
    rows = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.split("|")]
        rows[cells[0]] = dict(zip(header[1:], (cell == "✓" for cell in cells[1:]), strict=True))
    return rows


TABLE = parse_table(ROLES_TABLE)
# The personas, each with its column of the table and its user fixture (tests/conftest.py).
PERSONAS = {
    "anonymous": ("reader", None),
    "reader": ("reader", "reader"),
    "editor": ("editor", "editor"),
    "curator": ("curator", "head_curator"),  # staff in the group Curators
    "administrator": ("administrator", "administrator"),
}

PUBLISHED_TEXT = "وقال بوتين إن حجم الكارثة الإنسانية في سوريا لا يزال كبيرا."
DRAFT_TEXT = "وزعم قائد لواء الشمال أن الصفقة تشمل تسليم المعبر."


class Site:
    """A published and a draft article, and a claim on the published one by another editor."""

    def __init__(self, other_editor):
        self.published = make_article(
            title="بوتين يتحدث عن الكارثة الإنسانية", paragraphs=[PUBLISHED_TEXT]
        )
        self.draft = make_article(
            title="صفقة سرية لتسليم معبر", paragraphs=[DRAFT_TEXT], status="draft"
        )
        self.paragraph = self.published.paragraphs.get()
        self.others = make_annotation(self.paragraph, "بوتين", kind="claim", user=other_editor)


# --------------------------------------------------------------- checks
# Each answers: did the site let this client do it? A refusal must be the
# documented one (404, 403, or the admin's login page) and change nothing.


def allowed(response, *, yes=(200,), no=(403, 404)) -> bool:
    if response.status_code in yes:
        return True
    if response.status_code == 302 and "/admin/login/" in response["Location"]:
        return False  # the admin sends those without staff status to its login page
    assert response.status_code in no, f"unexpected {response.status_code}"
    return False


def same(*answers) -> bool:
    """Several requests that test one cell must agree."""
    assert len(set(answers)) == 1, f"inconsistent answers {answers}"
    return answers[0]


def read_published(client, user, site):
    return same(
        allowed(client.get(site.published.get_absolute_url())),
        allowed(client.get(f"/api/articles/{quote(site.published.slug)}/annotations/")),
    )


def read_drafts(client, user, site):
    results = client.get(f"/search/?q={quote('لواء')}").content.decode()
    found = site.draft.get_absolute_url() in results
    return same(
        allowed(client.get(site.draft.get_absolute_url())),
        allowed(client.get(f"/api/articles/{quote(site.draft.slug)}/annotations/")),
        found,
    )


def search(client, user, site):
    response = client.get(f"/search/?q={quote('سوريا')}")
    return allowed(response) and site.published.get_absolute_url() in response.content.decode()


def annotate(client, user, site):
    before = Annotation.objects.count()
    body = annotation_body(site.paragraph, "حجم الكارثة الإنسانية")
    created = allowed(send(client, "post", "/api/annotations/", body), yes=(201,))
    assert Annotation.objects.count() == before + created
    return created


def change_and_delete(client, annotation) -> bool:
    url = f"/api/annotations/{annotation.pk}/"
    body = annotation_body(annotation.paragraph, "سوريا", modified=version(annotation))
    changed = allowed(send(client, "put", url, body))
    assert (Annotation.objects.get(pk=annotation.pk).exact == "سوريا") == changed
    deleted = allowed(client.delete(f"{url}?modified={quote(version(annotation))}"))
    assert Annotation.objects.filter(pk=annotation.pk).exists() != deleted
    return same(changed, deleted)


def edit_own(client, user, site):
    # A reader's "own" annotation: one they made while they were an editor.
    own = make_annotation(site.paragraph, "الإنسانية", user=user)
    return change_and_delete(client, own)


def edit_others(client, user, site):
    return change_and_delete(client, site.others)


def create_actors(client, user, site):
    response = send(client, "post", "/api/actors/", {"name": "المرصد السوري", "kind": "ngo"})
    created = allowed(response, yes=(201,))
    assert Actor.objects.filter(name="المرصد السوري").exists() == created
    return created


def use_the_admin(client, user, site):
    return allowed(client.get("/admin/"))


def publish_and_unpublish(client, user, site):
    changelist = "/admin/archive/article/"
    client.post(changelist, {"action": "publish", "_selected_action": [site.draft.pk]})
    client.post(changelist, {"action": "unpublish", "_selected_action": [site.published.pk]})
    published = Article.objects.get(pk=site.draft.pk).is_published
    unpublished = not Article.objects.get(pk=site.published.pk).is_published
    return same(published, unpublished)


def merge_actors(client, user, site):
    keep, other = make_actor("بشار الأسد", kind="person"), make_actor("رأس النظام", kind="person")
    selected = {"action": "merge_actors", "_selected_action": [keep.pk, other.pk]}
    confirmation = client.post("/admin/annotations/actor/", {**selected, "keep": keep.pk})
    if allowed(confirmation, yes=(200,), no=(302, 403)) and "merge-form" in confirmation.text:
        fields = form_fields(confirmation.content.decode(), "merge-form")
        submit(client, "/admin/annotations/actor/", [*fields, ("confirm", "تأكيد الدمج")])
    merged = not Actor.objects.filter(pk=other.pk).exists()
    assert Actor.objects.filter(pk=keep.pk).exists()
    return merged


def fix_article_text(client, user, site):
    url = f"/admin/archive/article/{site.published.pk}/change/"
    page = client.get(url)
    if not allowed(page):
        return False
    fields = form_fields(page.content.decode(), "article_form")
    corrected = PUBLISHED_TEXT.replace("كبيرا", "كبيرًا")
    fields = [(n, corrected if v == PUBLISHED_TEXT else v) for n, v in fields]
    assert corrected in dict(fields).values(), "the paragraph's text is not a field of the form"
    submit(client, url, fields)
    text = site.published.paragraphs.get().text
    assert text in (PUBLISHED_TEXT, corrected)
    return text == corrected


def see_history(client, user, site):
    return same(
        allowed(client.get(f"/admin/archive/article/{site.published.pk}/history/")),
        allowed(client.get(f"/admin/annotations/annotation/{site.others.pk}/history/")),
    )


def manage_users(client, user, site):
    return same(
        allowed(client.get("/admin/auth/user/")),
        allowed(client.get(f"/admin/auth/user/{site.others.created_by_id}/change/")),
    )


CHECKS = {
    "read published articles": read_published,
    "read drafts": read_drafts,
    "search": search,
    "annotate": annotate,
    "edit and delete own annotations": edit_own,
    "edit and delete others' annotations": edit_others,
    "create actors": create_actors,
    "use the admin": use_the_admin,
    "publish and unpublish articles": publish_and_unpublish,
    "merge actors": merge_actors,
    "fix article text": fix_article_text,
    "see history": see_history,
    "manage users": manage_users,
}


class FormFields(HTMLParser):
    """The (name, value) pairs a browser would submit from one form, submit buttons aside."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or ("name" not in a and tag != "option"):
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file", "image"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.fields.append((a["name"], a.get("value", "on" if "checked" in a else "")))
        elif tag == "textarea":
            self.textarea = [a["name"], ""]
        elif tag == "select":
            self.select = [a["name"], None, None]  # name, first option, selected option
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.select[1] is None:
                self.select[1] = value
            if "selected" in a:
                self.select[2] = value

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea[0], self.textarea[1].removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            name, first, chosen = self.select
            self.fields.append((name, chosen if chosen is not None else first or ""))
            self.select = None


def submit(client, url, fields):
    """POST form fields as a browser does: in order, names repeated as often as they come."""
    return client.post(url, urlencode(fields), content_type="application/x-www-form-urlencoded")


def form_fields(html, form_id):
    parser = FormFields(form_id)
    parser.feed(html)
    assert parser.fields, f"no form #{form_id}"
    return parser.fields


@pytest.fixture
def site(other_editor):
    return Site(other_editor)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("row", CHECKS)
def test_who_may_do_what(client, request, site, row, persona):
    """Each cell of the roles table: the site lets this person do it exactly when it says ✓."""
    column, fixture = PERSONAS[persona]
    user = request.getfixturevalue(fixture) if fixture else None
    if user is not None:
        client.force_login(user)

    assert CHECKS[row](client, user, site) is TABLE[row][column]


def test_every_row_of_the_table_has_a_check_and_every_column_a_role():
    assert list(TABLE) == list(CHECKS)
    assert all(
        set(cells) == {"reader", "editor", "curator", "administrator"} for cells in TABLE.values()
    )


def test_a_reader_is_refused_in_the_documented_words(client, reader, site):
    """The API's refusals are JSON with status 403 and an Arabic message."""
    client.force_login(reader)
    response = send(client, "post", "/api/annotations/", annotation_body(site.paragraph, "سوريا"))

    assert response.status_code == 403
    assert response.json()["error"] == "ليست لديك صلاحية لهذا."


def test_an_editor_changing_anothers_annotation_is_told_who_may(client, editor, site):
    client.force_login(editor)
    url = f"/api/annotations/{site.others.pk}/"
    body = annotation_body(site.paragraph, "سوريا", modified=version(site.others))

    response = send(client, "put", url, body)

    assert response.status_code == 403
    assert re.search("المشرفون", response.json()["error"])


@pytest.mark.parametrize(
    "method, path",
    [
        ("post", "/api/annotations/"),
        ("put", "/api/annotations/{pk}/"),
        ("delete", "/api/annotations/{pk}/"),
        ("post", "/api/actors/"),
    ],
)
def test_every_api_write_needs_the_csrf_token_whoever_writes(site, administrator, method, path):
    """Even the administrator's writes are refused without the token: 403 JSON, nothing changed."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(administrator)
    body = annotation_body(site.paragraph, "سوريا", modified=version(site.others))

    response = send(client, method, path.format(pk=site.others.pk), body)

    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]
    assert Annotation.objects.get().exact == "بوتين"
    assert not Actor.objects.exists()
