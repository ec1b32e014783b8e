"""An address, query or form carrying a NUL (or a character no database stores) is refused with
400 before any view reads it: JSON under /api/, a short Arabic page elsewhere. Nothing else a
visitor can type into the address bar, page numbers included, answers 500."""

import re
import socket

import pytest
from django.test import Client

from annotations.models import Actor
from tests.factories import make_actor, make_annotation, make_article
from tests.scratch import scratch_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    """A published article with a claim by an actor, carrying a tag: every page has content."""
    article = make_article()
    paragraph = article.paragraphs.first()
    actor = make_actor()
    claim = make_annotation(paragraph, "وزارة الدفاع الروسية", kind="actor", actor=actor)
    claim.tags.set(["الاجتماعات"])
    return {
        "article": article.slug,
        "actor": actor.slug,
        "tag": claim.tags.get().slug,
        "annotation": claim.pk,
    }


PAGES = [
    ("/search/?q=%00", "q"),
    ("/search/?q=الأسد&in=%00", "in"),
    ("/actors/?q=%00", "q"),
    ("/actors/?kind=%00", "kind"),
    ("/actors/{actor}/?page=%00", "page"),
    ("/claims/?speaker=%00", "speaker"),
    ("/claims/?tag=%00", "tag"),
    ("/claims/?outlet=%00", "outlet"),
    ("/claims/?from=2020-01-01%00", "from"),
    ("/claims.csv?speaker=%00", "speaker"),
    ("/tags/?page=%00", "page"),
    ("/tags/{tag}/?page=%00", "page"),
    ("/?page=1%00", "page"),
    ("/articles/{article}/?highlight=%00", "highlight"),
    ("/articles/{article}/annotations.jsonld?page=%00", "page"),
    ("/data/?from=%00", "from"),
    ("/accounts/login/?next=/%00", "next"),
    ("/admin/login/?next=%00", "next"),
    ("/search/?q=%01", "q"),
    ("/search/?q=%7F", "q"),
    ("/search/?q=%C2%85", "q"),  # NEL, a C1 control
    ("/search/?%00=الأسد", "\\u0000"),
]
API = [
    ("/api/actors/?q=%00", "q"),
    ("/api/actors/?q=%ED%A0%80%00", "q"),
    ("/api/claims/?speaker=%00", "speaker"),
    ("/api/claims/?stance=neutral&tag=%00", "tag"),
    ("/api/claims/?page=%00", "page"),
    ("/api/claims/?page_size=%00", "page_size"),
    ("/api/articles/?page=%00", "page"),
    ("/api/articles/{article}/paragraphs/?page=%00", "page"),
    ("/api/articles/{article}/annotations/?x=%00", "x"),
    ("/api/annotations/{annotation}/?x=%00", "x"),
    ("/api/actors/{actor}/?x=%00", "x"),
]


@pytest.mark.parametrize(("url", "parameter"), PAGES)
def test_a_page_asked_with_a_nul_in_its_query_is_refused_in_arabic(client, site, url, parameter):
    response = client.get(url.format(**site))

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert 'lang="ar"' in html
    assert f"في المعامل «{parameter}» من عنوان الصفحة" in html
    assert "\x00" not in html


@pytest.mark.parametrize(("url", "parameter"), API)
def test_the_api_asked_with_a_nul_in_its_query_answers_json(client, site, url, parameter):
    response = client.get(url.format(**site))

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["fields"] == {parameter: ["nul"]}
    assert f"«{parameter}»" in data["error"]
    assert "U+0000" in data["error"]


def test_a_delete_whose_version_carries_a_nul_is_refused_and_deletes_nothing(site, editor):
    from annotations.models import Annotation

    claim = Annotation.objects.get(pk=site["annotation"])
    claim.created_by = editor
    claim.save()
    client = Client()
    client.force_login(editor)

    response = client.delete(f"/api/annotations/{claim.pk}/?modified=%00")

    assert response.status_code == 400
    assert response.json()["fields"] == {"modified": ["nul"]}
    assert Annotation.objects.filter(pk=claim.pk).exists()


@pytest.mark.parametrize(
    ("path", "json"),
    [
        ("/articles/%00/", False),
        ("/articles/a%00b/", False),
        ("/actors/%0A/", False),
        ("/tags/%00/", False),
        ("/%00", False),
        ("/api/articles/%00/", True),
        ("/api/articles/%00/annotations/", True),
        ("/api/actors/%00/", True),
    ],
)
def test_a_path_with_a_nul_or_a_line_break_is_refused(client, path, json):
    response = client.get(path)

    assert response.status_code == 400
    if json:
        assert "في عنوان الصفحة" in response.json()["error"]
        assert response.json()["fields"]["path"] in (["nul"], ["control"])
    else:
        assert "في عنوان الصفحة" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/articles/%ED%A0%80/",  # a surrogate, encoded as UTF-8 cannot hold it
        "/articles/%C0%80/",  # an overlong NUL
        "/articles/%FF%FE/",
        "/articles/%/",
        "/articles/%zz/",
        "/actors/%D9/",
        "/api/articles/%ED%A0%80/",
        "/api/annotations/99999999999999999999999999/",
        "/api/annotations/" + "9" * 5000 + "/",
    ],
)
def test_bad_percent_encoding_in_a_path_is_not_found(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "query",
    ["%ED%A0%80", "%C0%80", "%FF", "%", "%zz", "الأسد%0A", "الأسد%09والنظام"],
)
def test_a_search_with_broken_percent_encoding_or_a_line_break_is_searched(client, site, query):
    """Bytes that are not UTF-8 arrive as �, which any database stores; tab and line ends are text."""
    assert client.get(f"/search/?q={query}").status_code == 200
    assert client.get(f"/api/actors/?q={query}").status_code == 200


PAGE_NUMBERS = [
    "0",
    "-1",
    "-99999999999999999999",
    "99999999999999999999",
    "1.5",
    "abc",
    "9" * 5000,
]
PAGED = [
    "/",
    "/actors/",
    "/actors/{actor}/",
    "/actors/{actor}/?mentions={n}&",
    "/claims/",
    "/tags/{tag}/",
    "/search/?q=الدفاع&in=articles&",
    "/search/?q=الدفاع&in=actors&",
    "/search/?q=الدفاع&in=annotations&",
    "/articles/{article}/annotations.jsonld",
]


@pytest.mark.parametrize("number", PAGE_NUMBERS)
@pytest.mark.parametrize("url", PAGED)
def test_any_page_number_on_a_list_page_shows_a_page(client, site, url, number):
    base = url.format(n=number, **site)
    response = client.get(f"{base}{'&' if '?' in base else '?'}page={number}")

    assert response.status_code in (200, 400, 404)


@pytest.mark.parametrize("number", PAGE_NUMBERS)
@pytest.mark.parametrize(
    "url", ["/api/articles/", "/api/claims/", "/api/articles/{article}/paragraphs/"]
)
@pytest.mark.parametrize("parameter", ["page", "page_size"])
def test_any_page_number_in_the_read_api_is_a_page_or_a_json_refusal(
    client, site, url, number, parameter
):
    response = client.get(f"{url.format(**site)}?{parameter}={number}")

    assert response.status_code in (200, 400, 404)
    assert response["Content-Type"].startswith("application/json")
    if response.status_code != 200:
        assert response.json()["error"]


def test_a_login_form_with_a_nul_is_refused_before_anyone_reads_it(client, editor):
    response = client.post("/accounts/login/", {"username": "muharrir\x00", "password": "x"})

    assert response.status_code == 400
    assert "في الحقل «username» من النموذج المرسل" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_admin_form_with_a_nul_saves_nothing(client, curator):
    actor = make_actor("روسيا", kind="state")
    client.force_login(curator)

    response = client.post(
        f"/admin/annotations/actor/{actor.pk}/change/",
        {"name": "روسيا\x00الاتحادية", "kind": "state"},
    )

    assert response.status_code == 400
    assert "«name»" in response.content.decode()
    assert Actor.objects.get(pk=actor.pk).name == "روسيا"


def test_a_form_that_cannot_be_read_is_refused_in_arabic(client):
    response = client.generic(
        "POST",
        "/accounts/login/",
        "username=muharrir".encode("utf-16"),
        content_type="application/x-www-form-urlencoded; charset=utf-16",
    )

    assert response.status_code == 400
    assert "تعذّرت قراءة النموذج المرسل" in response.content.decode()


def test_a_textarea_keeps_its_line_breaks(client, curator):
    """Only NUL, surrogates and control characters are refused in forms; line ends are text."""
    actor = make_actor("روسيا", kind="state")
    client.force_login(curator)

    response = client.post(
        f"/admin/annotations/actor/{actor.pk}/change/",
        {"name": "روسيا", "kind": "state", "description": "سطر أول\r\nسطر ثان"},
    )

    assert response.status_code != 400


@pytest.mark.parametrize(
    "url",
    [
        "/admin/activity/?user=99999999999999999999999",
        "/admin/activity/?user=²",
        "/admin/activity/?user=٣",
        "/admin/activity/?period=-1&kind=%FF&action=x",
        "/admin/annotations/annotation/?p=999999999999999999",
        "/admin/annotations/annotation/?o=zz&anchor_state=%FF",
        "/admin/annotations/actor/?q=" + "ا" * 3000,
        "/admin/archive/article/?published_on__gte=zz",
    ],
)
def test_odd_values_in_the_admin_lists_show_a_page(client, head_curator, url):
    client.force_login(head_curator)

    assert client.get(url).status_code in (200, 302)


# Over a real socket: bytes a browser would never send, to gunicorn on the suite's engine.

RAW_REQUESTS = [
    (b"GET /api/actors/?q=%00 HTTP/1.1", 400),
    (b"GET /search/?q=%00 HTTP/1.1", 400),
    (b"GET /articles/%00/ HTTP/1.1", 400),
    (b"GET /claims/?speaker=%00&stance=neutral HTTP/1.1", 400),
    (b"GET /articles/%ED%A0%80/ HTTP/1.1", 404),
    (b"GET /articles/\xff\xfe/ HTTP/1.1", 404),
    (b"GET /search/?q=\xd8\xa7\xff HTTP/1.1", 200),
    (b"GET /api/actors/?q=%C0%80 HTTP/1.1", 200),
    (b"GET /?page=99999999999999999999999 HTTP/1.1", 200),
]


def raw_get(port: int, request_line: bytes) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(request_line + b"\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    return int(re.match(rb"HTTP/1\.[01] (\d{3})", answer)[1])


@pytest.mark.django_db(transaction=True)
def test_a_real_server_refuses_hostile_addresses_without_an_error(tmp_path):
    with scratch_site(tmp_path) as served:
        served.manage("migrate", "--noinput")
        base = served.serve(workers=1)
        port = int(base.rsplit(":", 1)[1])

        answers = {line: raw_get(port, line) for line, _ in RAW_REQUESTS}

        assert answers == {line: status for line, status in RAW_REQUESTS}
        assert "Traceback" not in served.server_log()
