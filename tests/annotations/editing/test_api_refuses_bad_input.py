"""The annotation API answers 400, in Arabic and naming the field, to text no database can store
or a shape it cannot read, and writes nothing: never a 500.

Strings are sent as JSON escapes («\\ud800», «\\u0000»), as a script or a broken client would.
"""

import json

import pytest

from annotations.models import Actor, ActorAlias, Annotation, Tag
from tests.annotations.api import annotation_body, client_for, version
from tests.factories import make_actor, make_annotation, make_article

pytestmark = pytest.mark.django_db
URL = "/api/annotations/"
LONE_SURROGATE = "\ud800"
NUL = "\x00"
TEXT = "وقال المتحدث باسم الوزارة إن الوفد وصل إلى دمشق صباح اليوم، حسب مصادر روسية."


@pytest.fixture
def paragraph():
    return make_article(paragraphs=[TEXT]).paragraphs.get()


@pytest.fixture
def editing(editor):
    return client_for(editor)


def post(client, url, data, method="post"):
    """JSON with every non-ASCII character escaped, so a lone surrogate travels as «\\ud800»."""
    payload = data if isinstance(data, str | bytes) else json.dumps(data)
    return client.generic(method.upper(), url, payload, content_type="application/ld+json")


def written():
    """Everything a request could have written."""
    return (
        list(Annotation.objects.values_list("pk", "updated", "note", "cue", "start", "end")),
        sorted(Tag.objects.values_list("name", flat=True)),
        list(Actor.objects.values_list("pk", "name")),
        sorted(ActorAlias.objects.values_list("alias", flat=True)),
    )


def assert_refused(response, field, label, before):
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert field in data["fields"], data
    assert label in data["error"], data["error"]
    assert written() == before


def with_bad(paragraph, field, bad, actor):
    """A claim whose `field` carries `bad`; everything else about it is valid."""
    body = annotation_body(paragraph, "وصل إلى دمشق", tags=["زيارات"], note="ملاحظة", cue="قال")
    quote = body["target"]["selector"][0]
    if field == "note":
        body["body"][-1]["value"] = "ملاحظة" + bad
    elif field == "tags":
        body["body"][-2]["value"] = "زيارات" + bad
    elif field == "cue":
        body["body"][1]["value"] = "قال" + bad
    elif field in ("exact", "prefix", "suffix"):
        quote[field] = quote.get(field, "") + bad
    elif field == "target":
        body["target"]["source"] = body["target"]["source"].replace("#p-1", bad + "#p-1")
    elif field == "actor":
        body["body"].append(
            {
                "type": "SpecificResource",
                "purpose": "identifying",
                "role": "actor",
                "source": f"http://testserver/actors/{actor.slug}{bad}/",
            }
        )
    return body


FIELDS = [
    ("note", "الملاحظة"),
    ("tags", "الوسم"),
    ("cue", "فعل الإسناد"),
    ("exact", "النص المحدد"),
    ("prefix", "ما قبل النص المحدد"),
    ("suffix", "ما بعد النص المحدد"),
    ("target", "رابط الفقرة"),
    ("actor", "الفاعل"),
]
BAD = [
    pytest.param(LONE_SURROGATE, "surrogate", id="lone-surrogate"),
    pytest.param(NUL, "nul", id="nul"),
    pytest.param("\x1b", "control", id="escape-control"),
]


@pytest.mark.parametrize(("field", "label"), FIELDS)
@pytest.mark.parametrize(("bad", "kind"), BAD)
def test_a_new_annotation_with_unstorable_text_is_refused_naming_the_field(
    editing, paragraph, field, label, bad, kind
):
    actor = make_actor()
    before = written()

    response = post(editing, URL, with_bad(paragraph, field, bad, actor))

    assert_refused(response, field, label, before)
    assert response.json()["fields"][field] == [kind]
    assert f"U+{ord(bad):04X}" in response.json()["error"]


@pytest.mark.parametrize(("field", "label"), FIELDS)
@pytest.mark.parametrize(("bad", "kind"), BAD[:2])
def test_a_change_with_unstorable_text_is_refused_and_the_annotation_is_unchanged(
    editing, editor, paragraph, field, label, bad, kind
):
    actor = make_actor()
    claim = make_annotation(paragraph, "وصل إلى دمشق", user=editor, note="كما كانت")
    body = with_bad(paragraph, field, bad, actor)
    body["modified"] = version(claim)
    before = written()

    response = post(editing, f"{URL}{claim.pk}/", body, method="put")

    assert_refused(response, field, label, before)


@pytest.mark.parametrize(
    ("percent_encoded", "kind"), [("%00", "nul"), ("%0A", "control"), ("%1B", "control")]
)
@pytest.mark.parametrize("field", ["target", "actor"])
def test_an_address_that_decodes_to_a_nul_or_a_line_break_is_refused(
    editing, paragraph, field, percent_encoded, kind
):
    body = with_bad(paragraph, field, percent_encoded, make_actor())
    before = written()

    response = post(editing, URL, body)

    assert response.status_code == 400
    assert response.json()["fields"][field] == [kind]
    assert "رابط" in response.json()["error"]
    assert written() == before


def test_a_reporting_verb_on_two_lines_is_refused(editing, paragraph):
    before = written()
    body = with_bad(paragraph, "cue", "\nوأضاف", None)

    response = post(editing, URL, body)

    assert_refused(response, "cue", "فعل الإسناد", before)
    assert "سطر واحد" in response.json()["error"]


@pytest.mark.parametrize(
    ("field", "label", "limit"),
    [
        ("cue", "فعل الإسناد", 60),
        ("prefix", "ما قبل النص المحدد", 64),
        ("suffix", "ما بعد النص المحدد", 64),
    ],
)
def test_a_field_longer_than_it_is_stored_is_refused_naming_it(
    editing, paragraph, field, label, limit
):
    body = with_bad(paragraph, field, "ن" * (limit + 1), None)
    before = written()

    response = post(editing, URL, body)

    assert_refused(response, field, label, before)
    assert f"أطول من {limit} محرفًا" in response.json()["error"]


def test_a_note_keeps_its_line_breaks_and_tabs(editing, paragraph):
    body = annotation_body(paragraph, "وصل إلى دمشق", note="السطر الأول\nالسطر الثاني\tبعد جدولة")

    response = post(editing, URL, body)

    assert response.status_code == 201, response.json()
    assert Annotation.objects.get().note == "السطر الأول\nالسطر الثاني\tبعد جدولة"


def test_an_unknown_key_with_a_nul_is_refused_without_echoing_it(editing, paragraph):
    body = annotation_body(paragraph, "وصل إلى دمشق")
    body["x" + NUL] = "قيمة"
    before = written()

    response = post(editing, URL, body)

    assert response.status_code == 400
    assert "\x00" not in response.content.decode()
    assert "\\u0000" in response.json()["error"]
    assert written() == before


@pytest.mark.parametrize(
    ("url", "method"),
    [(URL, "post"), ("/api/actors/", "post"), ("{annotation}", "put")],
    ids=["create", "create-actor", "change"],
)
def test_json_nested_twenty_thousand_deep_is_refused(editing, editor, paragraph, url, method):
    claim = make_annotation(paragraph, "وصل إلى دمشق", user=editor)
    before = written()
    deep = "[" * 20_000 + "]" * 20_000

    response = post(editing, url.format(annotation=f"{URL}{claim.pk}/"), deep, method=method)

    assert response.status_code == 400
    assert "أعمق من 32" in response.json()["error"]
    assert written() == before


def test_brackets_inside_strings_do_not_count_as_nesting(editing, paragraph):
    body = annotation_body(paragraph, "وصل إلى دمشق", note="[[[[" * 30 + ' "{ \\ ' + "}}}" * 40)

    response = post(editing, URL, body)

    assert response.status_code == 201, response.json()


def selectors(*selectors):
    def change(body):
        body["target"]["selector"] = list(selectors)

    return change


def set_in(path, value):
    def change(body):
        node = body
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


SHAPES = {
    "body is a list": [1, 2],
    "body is a number": 7,
    "body is a string": "توسيم",
    "body is null": None,
    "start as a string": selectors({"type": "TextPositionSelector", "start": "3", "end": 9}),
    "start as a float": selectors({"type": "TextPositionSelector", "start": 3.5, "end": 9}),
    "start true": selectors({"type": "TextPositionSelector", "start": True, "end": 9}),
    "start huge": selectors({"type": "TextPositionSelector", "start": 10**30, "end": 10**31}),
    "start past 64 bits": selectors({"type": "TextPositionSelector", "start": 0, "end": 2**64}),
    "start negative": selectors({"type": "TextPositionSelector", "start": -5, "end": 9}),
    "no selectors": selectors(),
    "selector not a list": set_in(["target", "selector"], "TextQuoteSelector"),
    "selector type a list": selectors({"type": ["TextQuoteSelector"], "exact": "دمشق"}),
    "selector type an object": selectors({"type": {}, "exact": "دمشق"}),
    "target a string": set_in(["target"], "/articles/x/#p-1"),
    "target source a number": set_in(["target", "source"], 12),
    "target source an unclosed IPv6 host": set_in(
        ["target", "source"], "http://[::1/articles/x/#p-1"
    ),
    "target source of 3000 characters": set_in(["target", "source"], "/articles/" + "ب" * 3000),
    "paragraph number of 5000 digits": set_in(["target", "source"], "/articles/x/#p-" + "9" * 5000),
    "body an object of nothing": set_in(["body"], {}),
    "body a number": set_in(["body"], 5),
    "role a list": set_in(["body", 0, "role"], ["kind"]),
    "actor source a number": lambda body: body["body"].append(
        {"purpose": "identifying", "role": "actor", "source": 5}
    ),
    "via an object with a numeric id": lambda body: body["body"].append(
        {"purpose": "linking", "role": "via", "source": {"id": 1}}
    ),
    "via to an id of 5000 digits": lambda body: body["body"].append(
        {"purpose": "linking", "role": "via", "source": "/api/annotations/" + "9" * 5000 + "/"}
    ),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_body_of_the_wrong_shape_is_refused_with_a_message(editing, paragraph, shape):
    change = SHAPES[shape]
    if callable(change):
        body = annotation_body(paragraph, "وصل إلى دمشق")
        change(body)
    else:
        body = change
    before = written()

    response = post(editing, URL, body)

    assert response.status_code == 400, response.content
    assert response.json()["error"]
    assert written() == before


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("1" * 5000, id="a number of 5000 digits"),
        pytest.param('{"target": ' + "9" * 4400 + "}", id="a field of 4400 digits"),
        pytest.param("NaN", id="NaN"),
        pytest.param("", id="empty"),
        pytest.param("{", id="unfinished"),
        pytest.param('{"a": "\\ud800', id="unfinished string"),
    ],
)
def test_json_python_cannot_read_is_refused(editing, raw):
    response = post(editing, URL, raw)

    assert response.status_code == 400
    assert response.json()["error"]
    assert Annotation.objects.count() == 0


def test_a_body_over_64_kilobytes_is_refused(editing, paragraph):
    body = annotation_body(paragraph, "وصل إلى دمشق", note="ن" * 40_000)  # 80 KB in UTF-8

    response = post(editing, URL, json.dumps(body, ensure_ascii=False).encode())

    assert response.status_code == 400
    assert "64 كيلوبايت" in response.json()["error"]
    assert Annotation.objects.count() == 0


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain; charset=no-such-charset",
        "application/json; charset=utf-16",
        "nonsense",
        "application/x-www-form-urlencoded",
    ],
)
def test_the_content_type_is_not_needed_to_read_json(editing, paragraph, content_type):
    body = json.dumps(annotation_body(paragraph, "وصل إلى دمشق")).encode()

    response = editing.generic("POST", URL, body, content_type=content_type)

    assert response.status_code == 201, response.content


def test_a_form_instead_of_json_is_refused(editing, paragraph):
    form = (
        b'--b\r\nContent-Disposition: form-data; name="note"\r\n\r\n'
        + "ملاحظة".encode()
        + b"\r\n--b--\r\n"
    )

    response = editing.generic("POST", URL, form, content_type="multipart/form-data; boundary=b")

    assert response.status_code == 400
    assert "multipart/form-data" in response.json()["error"]
    assert Annotation.objects.count() == 0


def test_a_form_encoded_in_another_charset_is_refused(editing, paragraph):
    body = json.dumps(annotation_body(paragraph, "وصل إلى دمشق")).encode()

    response = editing.generic(
        "POST", URL, body, content_type="application/x-www-form-urlencoded; charset=latin-1"
    )

    assert response.status_code == 400
    assert "ترميزه" in response.json()["error"]
    assert Annotation.objects.count() == 0


def test_a_delete_reads_no_body(editing, editor, paragraph):
    """Whatever a DELETE carries in its body, only its ?modified= counts."""
    claim = make_annotation(paragraph, "وصل إلى دمشق", user=editor)

    response = editing.generic(
        "DELETE",
        f"{URL}{claim.pk}/?modified={claim.updated.isoformat().replace('+', '%2B')}",
        "[" * 20_000 + '"\\ud800\\u0000',
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert not Annotation.objects.exists()


# Actors, created through POST /api/actors/ as the editor does from the annotation form.

ACTOR_URL = "/api/actors/"


@pytest.mark.parametrize(
    ("data", "field", "label"),
    [
        ({"name": "الأسد" + LONE_SURROGATE}, "name", "اسم الفاعل"),
        ({"name": "الأسد" + NUL}, "name", "اسم الفاعل"),
        ({"name": "بشار\nالأسد"}, "name", "اسم الفاعل"),
        ({"name": "بشار\tالأسد"}, "name", "اسم الفاعل"),
        ({"name": "ب" * 201}, "name", "اسم الفاعل"),
        ({"name": "ﷺ" * 15}, "name", "اسم الفاعل"),  # NFKC makes each 18 characters long
        ({"name": "بشار الأسد", "aliases": ["الأسد" + LONE_SURROGATE]}, "aliases", "الاسم البديل"),
        ({"name": "بشار الأسد", "aliases": ["الأسد" + NUL]}, "aliases", "الاسم البديل"),
        ({"name": "بشار الأسد", "aliases": ["رأس\nالنظام"]}, "aliases", "الاسم البديل"),
        ({"name": "بشار الأسد", "aliases": ["ا" * 300]}, "aliases", "الاسم البديل"),
        ({"name": "بشار الأسد", "aliases": ["الأسد", 7]}, "aliases", "الأسماء البديلة"),
        ({"name": "بشار الأسد", "kind": ["person"]}, "kind", "نوع فاعل"),
        ({"name": 5}, "name", "اسم الفاعل"),
        ({"name": ["بشار"]}, "name", "اسم الفاعل"),
    ],
)
def test_an_actor_whose_name_or_alias_cannot_be_stored_is_refused(editing, data, field, label):
    before = written()

    response = post(editing, ACTOR_URL, data)

    assert_refused(response, field, label, before)


@pytest.mark.parametrize("body", [[{"name": "بشار الأسد"}], 12, "بشار الأسد", None])
def test_an_actor_that_is_not_an_object_is_refused(editing, body):
    response = post(editing, ACTOR_URL, json.dumps(body))

    assert response.status_code == 400
    assert "اسم الفاعل" in response.json()["error"]
    assert not Actor.objects.exists()


def test_an_actor_with_a_name_of_200_characters_is_created(editing):
    response = post(editing, ACTOR_URL, {"name": "ب" * 200, "aliases": ["ا" * 200]})

    assert response.status_code == 201, response.json()
    assert Actor.objects.get().name == "ب" * 200
