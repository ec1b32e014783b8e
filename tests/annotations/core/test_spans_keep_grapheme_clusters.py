"""A span never cuts what a reader sees as one character: a flag 🇸🇾, a family 👨‍👩‍👧, a thumb
with its skin tone 👍🏽, a keycap 1️⃣. Such a span is refused with a message that says why,
as a span that parts a letter from its harakat is; Arabic letters themselves are never joined."""

import random

import pytest
import regex

from annotations.anchoring import cluster_split_at, span_problems
from annotations.models import Annotation
from tests.annotations.api import annotation_body, client_for, send, version
from tests.factories import make_annotation, make_article

FLAG, FAMILY, THUMB, KEYCAP = "🇸🇾", "👨\u200d👩\u200d👧", "👍🏽", "1\ufe0f\u20e3"
TEXT = f"رفع المتظاهرون {FLAG} في حمص، ونشرت العائلة {FAMILY} صورتها، وعلّق أحدهم {THUMB} ثم {KEYCAP} فقط."


def inside(cluster: str, cut: int) -> int:
    """The offset `cut` code points into `cluster` where it sits in TEXT."""
    return TEXT.index(cluster) + cut


def word_before(cluster: str) -> int:
    """Where the word before `cluster` starts."""
    return TEXT.rindex(" ", 0, TEXT.index(cluster) - 1) + 1


CUTS = [
    pytest.param(FLAG, 1, id="flag-between-its-two-letters"),
    pytest.param(FAMILY, 1, id="family-before-a-joiner"),
    pytest.param(FAMILY, 2, id="family-after-a-joiner"),
    pytest.param(FAMILY, 4, id="family-without-the-child"),
    pytest.param(THUMB, 1, id="thumb-without-its-skin-tone"),
    pytest.param(KEYCAP, 1, id="keycap-digit-alone"),
    pytest.param(KEYCAP, 2, id="keycap-without-its-frame"),
]


@pytest.mark.parametrize(("cluster", "cut"), CUTS)
def test_a_span_ending_inside_a_cluster_is_refused_naming_it(cluster, cut):
    start = word_before(cluster)

    problems = span_problems(TEXT, start, inside(cluster, cut))

    assert problems == [
        f"التحديد يقسم «{cluster}»، وهو رمز واحد على الشاشة من عدة محارف "
        "(علم أو رمز تعبيري مركّب): حدّده كله أو اتركه كله."
    ]


@pytest.mark.parametrize(("cluster", "cut"), CUTS)
def test_a_span_starting_inside_a_cluster_is_refused(cluster, cut):
    problems = span_problems(TEXT, inside(cluster, cut), inside(cluster, len(cluster)) + 3)

    assert len(problems) == 1
    assert f"يقسم «{cluster}»" in problems[0]


@pytest.mark.parametrize("cluster", [FLAG, FAMILY, THUMB, KEYCAP])
def test_a_whole_cluster_and_the_words_around_it_are_a_span(cluster):
    at = TEXT.index(cluster)

    assert span_problems(TEXT, at, at + len(cluster)) == []
    assert span_problems(TEXT, at - 4, at + len(cluster) + 3) == []
    assert span_problems(TEXT, at - 4, at) == []


def test_a_run_of_flags_pairs_its_letters_from_the_first():
    text = "أعلام: " + "🇸🇾🇷🇺🇹🇷" + " انتهى"
    first = text.index("🇸")

    assert cluster_split_at(text, first + 2) is None  # between 🇸🇾 and 🇷🇺
    assert cluster_split_at(text, first + 3) == "🇷🇺"
    assert cluster_split_at(text, first + 4) is None
    assert span_problems(text, first + 2, first + 4) == []


def test_harakat_keep_their_own_message():
    word = "المُؤتَمَر"
    text = f"انعقد {word} في دمشق"
    at = text.index(word)

    assert span_problems(text, at, at + 3) == ["التحديد يفصل حرفًا عن حركته."]
    assert span_problems(text, at, at + len(word)) == []


@pytest.mark.parametrize(
    ("text", "exact"),
    [
        ("قال لا للحرب", "ل"),  # lam-alef: two letters, drawn as one ligature
        ("قال لا للحرب", "ا للحرب"),
        ("لأن الوفد وصل", "ل"),
        ("وزعـــم المسؤول", "وزعـــم"),
        ("في ٢٠٢٤/٧/٢٦ وصل", "٢٠٢٤"),
        ("قالت منصة SY24 إن", "SY"),
        ("«انعقاد المُؤتَمَر» هو", "«انعقاد"),
    ],
)
def test_arabic_letters_digits_and_ligatures_split_anywhere_between_letters(text, exact):
    at = text.index(exact)

    assert span_problems(text, at, at + len(exact)) == []


def test_every_offset_agrees_with_a_full_reading_of_the_clusters():
    """The quick checks near prose give the same answer as reading every cluster from the start."""
    pieces = [
        *"قال لا في ٢ a.",
        *"\u064e\u064f\u0651",  # harakat
        "🇸",
        "🇾",
        "🇷",
        "\u200d",
        "\u200c",
        "👨",
        "👧",
        "👍",
        "🏽",
        "\ufe0f",
        "\u20e3",
        "\r",
        "\n",
        "\u0600",  # a prepended Arabic number sign
        "ᄀ",
        "ᅡ",
        "ᆨ",
        "\u0915",
        "\u094d",
    ]
    rng = random.Random(11)
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 50)))
        boundaries = {0} | {m.end() for m in regex.finditer(r"\X", text)}
        for at in range(len(text) + 1):
            assert (cluster_split_at(text, at) is None) == (at in boundaries), (text, at)


# Through the API, as the editor's selection arrives.


@pytest.fixture
def paragraph():
    return make_article(paragraphs=[TEXT]).paragraphs.get()


@pytest.mark.django_db
@pytest.mark.parametrize(("cluster", "cut"), CUTS[:6:2])
def test_an_editor_cannot_save_half_a_flag_or_an_emoji(editor, paragraph, cluster, cut):
    start = word_before(cluster)
    end = inside(cluster, cut)
    body = annotation_body(paragraph, TEXT[start:end], start=start, end=end)

    response = send(client_for(editor), "post", "/api/annotations/", body)

    assert response.status_code == 400
    assert f"يقسم «{cluster}»" in response.json()["fields"]["start"][0]
    assert not Annotation.objects.exists()


@pytest.mark.django_db
def test_a_quote_alone_that_is_half_a_flag_is_refused(editor, paragraph):
    body = annotation_body(paragraph, "🇸")
    body["target"]["selector"] = [{"type": "TextQuoteSelector", "exact": "🇸"}]

    response = send(client_for(editor), "post", "/api/annotations/", body)

    assert response.status_code == 400
    assert f"يقسم «{FLAG}»" in response.json()["error"]
    assert not Annotation.objects.exists()


@pytest.mark.django_db
def test_an_editor_cannot_shrink_a_span_to_cut_a_family(editor, paragraph):
    claim = make_annotation(paragraph, f"العائلة {FAMILY}", user=editor)
    start = claim.start
    end = inside(FAMILY, 2)
    body = annotation_body(
        paragraph, TEXT[start:end], start=start, end=end, modified=version(claim)
    )

    response = send(client_for(editor), "put", f"/api/annotations/{claim.pk}/", body)

    assert response.status_code == 400
    assert f"يقسم «{FAMILY}»" in response.json()["error"]
    claim.refresh_from_db()
    assert claim.exact == f"العائلة {FAMILY}"


@pytest.mark.django_db
def test_an_editor_saves_a_span_holding_a_whole_flag(editor, paragraph):
    exact = f"رفع المتظاهرون {FLAG}"

    response = send(
        client_for(editor), "post", "/api/annotations/", annotation_body(paragraph, exact)
    )

    assert response.status_code == 201, response.json()
    assert Annotation.objects.get().exact == exact
