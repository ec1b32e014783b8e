"""Every answer tells the browser to run only our own files and to refuse camera, microphone…

Content-Security-Policy: nothing but the site's own scripts, styles, fonts and images, no
inline script or style, no plugins, no framing, forms only to ourselves. Permissions-Policy:
every powerful browser feature off. Checked on every kind of page, error pages included,
and in the pages themselves: no style="" and no inline script that the policy would block.
"""

from html.parser import HTMLParser

import pytest
from django.test import Client

from annotations.models import Annotation
from tests.factories import make_actor, make_annotation, make_article

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
REFUSED_FEATURES = {"camera", "microphone", "geolocation", "payment", "usb", "display-capture"}
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


def policy_of(response) -> dict[str, list[str]]:
    directives = [d.strip() for d in response["Content-Security-Policy"].split(";") if d.strip()]
    return {d.split()[0]: d.split()[1:] for d in directives}


def permissions_of(response) -> dict[str, str]:
    return dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))


class InlineFinder(HTMLParser):
    """What a strict policy would block in a page: style="", on…="", inline executable script."""

    def __init__(self):
        super().__init__()
        self.blocked = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in attrs:
            if name == "style" or name.startswith("on"):
                self.blocked.append(f"<{tag} {name}=…>")
        if tag == "style":
            self.blocked.append("<style>")
        if tag == "script":
            kind = (attrs.get("type") or "text/javascript").lower()
            self._script = None if "src" in attrs or kind in DATA_SCRIPT_TYPES else kind
        for name in ("href", "src", "action"):
            if (attrs.get(name) or "").lower().startswith("javascript:"):
                self.blocked.append(f"<{tag} {name}=javascript:…>")

    def handle_data(self, data):
        if self._script is not None and data.strip():
            self.blocked.append(f"inline <script type={self._script}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def assert_defended(response, status=200):
    assert response.status_code == status, response.content[:300]
    assert policy_of(response) == POLICY
    features = permissions_of(response)
    assert REFUSED_FEATURES <= set(features)
    assert set(features.values()) == {"()"}
    if response["Content-Type"].startswith("text/html"):
        finder = InlineFinder()
        finder.feed(response.content.decode())
        assert finder.blocked == [], finder.blocked


@pytest.fixture
def annotated(editor):
    article = make_article()
    actor = make_actor("فلاديمير بوتين", kind="person", aliases=["بوتين"])
    paragraph = article.paragraphs.get(position=2)
    make_annotation(paragraph, "حجم الكارثة الإنسانية", user=editor, actor=actor, cue="وقال")
    make_annotation(paragraph, "بوتين", kind="actor", user=editor, actor=actor)
    return article, actor


def test_the_reading_page_for_a_reader_and_for_an_editor(client, annotated, editor):
    article, _ = annotated

    reader_page = client.get(article.get_absolute_url())
    assert_defended(reader_page)
    assert b'<script type="application/ld+json">' in reader_page.content  # data, allowed

    client.force_login(editor)
    editor_page = client.get(article.get_absolute_url())
    assert_defended(editor_page)
    assert b'id="editor-data" type="application/json"' in editor_page.content
    assert b'<script type="module" src="/static/js/editor.js">' in editor_page.content


@pytest.mark.parametrize(
    "path",
    ["/", "/actors/", "/claims/", "/tags/", "/data/", "/search/?q=بوتين", "/accounts/login/"],
)
def test_list_pages_search_and_login(client, annotated, path):
    assert_defended(client.get(path))


def test_the_actor_page(client, annotated):
    _, actor = annotated

    assert_defended(client.get(actor.get_absolute_url()))


def test_the_lockout_page(client, editor):
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": editor.username, "password": "خطأ"})

    assert_defended(response, status=429)


def test_the_admin_index_list_change_form_and_activity_page(client, annotated, head_curator):
    client.force_login(head_curator)
    annotation = Annotation.objects.filter(kind="claim").get()

    assert_defended(client.get("/admin/"))
    assert_defended(client.get("/admin/annotations/annotation/"))
    assert_defended(client.get(f"/admin/annotations/annotation/{annotation.pk}/change/"))
    assert_defended(client.get(f"/admin/annotations/annotation/{annotation.pk}/history/"))
    assert_defended(client.get("/admin/activity/"))
    assert_defended(client.get("/admin/login/", follow=False), status=302)


def test_the_admin_actor_merge_page(client, head_curator, administrator):
    first = make_actor("بوتين", kind="person")
    second = make_actor("فلاديمير بوتين", kind="person")
    client.force_login(administrator)

    page = client.post(
        "/admin/annotations/actor/",
        {"action": "merge_actors", "_selected_action": [first.pk, second.pk]},
    )

    assert_defended(page)
    assert b'id="merge-form"' in page.content


def test_json_answers(client, annotated):
    article, actor = annotated

    assert_defended(client.get("/api/articles/"))
    assert_defended(client.get(actor.get_absolute_url().replace("/actors/", "/api/actors/")))
    assert_defended(client.get(f"{article.get_absolute_url()}annotations.jsonld"))


def test_a_page_that_does_not_exist(client):
    assert_defended(client.get("/articles/لا-يوجد/"), status=404)


@pytest.mark.urls("tests.failing_urls")
def test_the_server_error_page():
    client = Client(raise_request_exception=False)

    response = client.get("/fails/")

    assert_defended(response, status=500)
    assert "حدث خطأ في الخادم" in response.content.decode()
    assert b'href="/static/css/site.css"' in response.content


def test_the_inline_finder_catches_what_the_policy_blocks():
    finder = InlineFinder()
    finder.feed(
        '<p style="color: red">x</p><script>alert(1)</script><a href="javascript:x()">y</a>'
        '<button onclick="x()">z</button><style>p{}</style>'
        '<script type="application/ld+json">{"a": 1}</script><script src="/static/x.js"></script>'
    )

    assert finder.blocked == [
        "<p style=…>",
        "inline <script type=text/javascript>",
        "<a href=javascript:…>",
        "<button onclick=…>",
        "<style>",
    ]
