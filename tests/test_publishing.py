"""The publishing rule on every public surface.

Readers (anonymous, or logged in without rights) see published articles and
their annotations only: nothing of a draft reaches them — its title, quotes,
notes, an actor or a tag known only from it, its API items, its search hits —
and a page that exists only through a draft answers 404. Editors and curators
see drafts too, marked «مسودة» wherever the article or its annotations appear
(in the API: "articleStatus": "draft").

Each surface is one line of SURFACES: the pages it serves and what they show.
Every surface is checked for every persona.
"""

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote, unquote

import pytest
from django.urls import reverse

from annotations.models import Tag
from tests.factories import make_actor, make_annotation, make_article

pytestmark = pytest.mark.django_db

DRAFT_MARK = "مسودة"


@dataclass
class Content:
    """What one article brings to the site: the words to look for, and the links."""

    article: object
    title: str
    quote: str
    note: str
    actor: object  # known only from this article
    tag: object  # used only on this article
    annotations: list


class World:
    """A published and a draft article, each with a claim (speaker, source, tags, note)
    and a mention of an actor that both share, under a tag that both share."""

    def __init__(self):
        shared_actor = make_actor("الأمم المتحدة", kind="igo")
        self.published = self._article(
            title="موسكو تعلن موعد المؤتمر الدولي",
            text="وادعت وزارة الدفاع الروسية أن المؤتمر يهدف إلى إعادة اللاجئين حسب بيان نقلته الأمم المتحدة.",
            quote="المؤتمر يهدف إلى إعادة اللاجئين",
            source="حسب بيان",
            speaker=make_actor("وزارة الدفاع الروسية", kind="government_body"),
            tag="عودة اللاجئين",
            note="ملاحظة منشورة عن المؤتمر",
            shared_actor=shared_actor,
            status="published",
        )
        self.draft = self._article(
            title="صفقة سرية في إدلب لتسليم معبر حدودي",
            text="وزعم قائد لواء الشمال أن الصفقة تشمل تسليم المعبر حسب مصدر مطلع تحدث إلى الأمم المتحدة.",
            quote="الصفقة تشمل تسليم المعبر",
            source="حسب مصدر مطلع",
            speaker=make_actor("قائد لواء الشمال", kind="person"),
            tag="صفقة المعبر",
            note="ملاحظة سرية عن المعبر",
            shared_actor=shared_actor,
            status="draft",
        )
        self.shared_actor = shared_actor
        self.shared_tag = Tag.objects.get(name="سوريا")

    def _article(self, *, title, text, quote, source, speaker, tag, note, shared_actor, status):
        article = make_article(title=title, paragraphs=[text], status=status)
        paragraph = article.paragraphs.get()
        via = make_annotation(paragraph, source, kind="source", specificity="anonymous")
        claim = make_annotation(
            paragraph, quote, actor=speaker, via=via, cue="ادعت", tags=[tag, "سوريا"], note=note
        )
        mention = make_annotation(paragraph, "الأمم المتحدة", kind="actor", actor=shared_actor)
        return Content(
            article=article,
            title=title,
            quote=quote,
            note=note,
            actor=speaker,
            tag=claim.tags.get(name=tag),
            annotations=[via, claim, mention],
        )


def tag_url(tag):
    return reverse("annotations:tag_detail", kwargs={"slug": tag.slug})


def search(q):
    return f"/search/?q={quote(q)}"


def api_annotations(content):
    return [f"/api/annotations/{a.pk}/" for a in content.annotations]


@dataclass(frozen=True)
class Surface:
    """A public surface: its pages for (published content, draft content), and what they show.

    `pages(world)` gives (url, only_draft): a page that exists only through the
    draft answers 404 to readers. `shows` names the content the pages display.
    """

    name: str
    pages: object
    shows: frozenset
    json: bool = False


def S(name, pages, shows, **kwargs):
    return pytest.param(Surface(name, pages, frozenset(shows.split()), **kwargs), id=name)


SURFACES = [
    S("article list", lambda w: [("/", False)], "title"),
    S(
        "reading page",
        lambda w: [
            (w.published.article.get_absolute_url(), False),
            (w.draft.article.get_absolute_url(), True),
        ],
        "title quote note actor actor_link tag tag_link",
    ),
    S(
        "search",
        lambda w: [
            (search("حسب"), False),  # both paragraphs
            (search("ملاحظة"), False),  # both notes, with their tags and speakers
            (search("الدفاع"), False),  # the published speaker
            (search("لواء"), False),  # the draft's speaker
        ],
        "title quote note actor actor_link tag tag_link",
    ),
    S(
        "actor list",
        lambda w: [("/actors/", False), ("/actors/?q=قائد", False)],
        "actor actor_link",
    ),
    S(
        "actor pages",
        lambda w: [
            (w.published.actor.get_absolute_url(), False),
            (w.shared_actor.get_absolute_url(), False),
            (w.draft.actor.get_absolute_url(), True),
        ],
        "title quote actor",
    ),
    S(
        "claims index",
        lambda w: [
            ("/claims/", False),
            # A filter naming draft-only things is an unknown value to a reader.
            (f"/claims/?speaker={quote(w.draft.actor.slug)}", False),
            (f"/claims/?tag={quote(w.draft.tag.slug)}", False),
        ],
        "title quote actor actor_link tag tag_link",
    ),
    S("tag list", lambda w: [("/tags/", False)], "tag tag_link"),
    S(
        "tag pages",
        lambda w: [
            (tag_url(w.published.tag), False),
            (tag_url(w.shared_tag), False),
            (tag_url(w.draft.tag), True),
        ],
        "title quote actor actor_link tag",
    ),
    S(
        "API collection",
        lambda w: [
            (f"/api/articles/{quote(w.published.article.slug)}/annotations/", False),
            (f"/api/articles/{quote(w.draft.article.slug)}/annotations/", True),
        ],
        "title quote note actor actor_link tag",
        json=True,
    ),
    S(
        "API annotation",
        lambda w: [
            *((url, False) for url in api_annotations(w.published)),
            *((url, True) for url in api_annotations(w.draft)),
        ],
        "quote note actor actor_link tag",
        json=True,
    ),
    S(
        "API actors",
        lambda w: [("/api/actors/", False), ("/api/actors/?q=لواء", False)],
        "actor actor_link",
        json=True,
    ),
]

# Persona → user fixture (tests/conftest.py); the curator is staff in the group Curators.
PERSONAS = {
    "anonymous": None,
    "reader": "reader",
    "editor": "editor",
    "curator": "head_curator",
    "administrator": "administrator",
}
SEES_DRAFTS = {"editor", "curator", "administrator"}


@pytest.fixture
def world():
    return World()


class MainText(HTMLParser):
    """The text and the HTML of a page's <main>: what the page shows, without the site header."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.depth, self.text = 0, []
        self.feed(html)
        match = re.search(r"<main\b.*?</main>", html, re.S)
        self.html = match[0] if match else html

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)

    @property
    def words(self):
        return " ".join("".join(self.text).split())


def seen(surface, responses):
    """(text, markup) of the pages that answered: what a person could read there."""
    if surface.json:
        text = "\n".join(json.dumps(r.json(), ensure_ascii=False) for r in responses)
        return text, text
    pages = [MainText(r.content.decode()) for r in responses]
    return "\n".join(p.words for p in pages), "\n".join(p.html for p in pages)


NEEDLES = {
    # what a surface may show: (the text to find in the content, found in the markup?)
    "title": (lambda c: c.title, False),
    "quote": (lambda c: c.quote, False),
    "note": (lambda c: c.note, False),
    "actor": (lambda c: c.actor.name, False),
    "actor_link": (lambda c: c.actor.get_absolute_url(), True),
    "tag": (lambda c: c.tag.name, False),
    "tag_link": (lambda c: tag_url(c.tag), True),
}


def needles(content, shows):
    """(what, text to find, in markup?) for the content a surface shows."""
    return [(what, NEEDLES[what][0](content), NEEDLES[what][1]) for what in sorted(shows)]


def login(client, request, persona):
    if PERSONAS[persona]:
        client.force_login(request.getfixturevalue(PERSONAS[persona]))


def segments_after(markup, title):
    """Each stretch of markup from an occurrence of `title` to the end of its list item or header."""
    for match in re.finditer(re.escape(title), markup):
        end = re.compile(r"</li>|</header>").search(markup, match.end())
        yield markup[match.end() : end.start() if end else len(markup)]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("surface", SURFACES)
def test_the_publishing_rule(client, request, world, surface, persona):
    """Readers see the published content only; editors and curators see the draft too, marked."""
    login(client, request, persona)
    sees_drafts = persona in SEES_DRAFTS

    responses = []
    for url, only_draft in surface.pages(world):
        response = client.get(url)
        expected = 404 if only_draft and not sees_drafts else 200
        assert response.status_code == expected, f"{url}: {response.status_code}"
        if response.status_code == 200:
            responses.append(response)
    text, markup = seen(surface, responses)
    # A link may carry an Arabic slug as itself (the pages) or percent-encoded (the API):
    # both are the same address.
    links = unquote(markup)

    for what, needle, in_markup in needles(world.published, surface.shows):
        assert unquote(needle) in (links if in_markup else text), f"published {what} missing"
    for what, needle, in_markup in needles(world.draft, surface.shows):
        shown = unquote(needle) in (links if in_markup else text)
        assert shown == sees_drafts, f"draft {what} {'missing' if sees_drafts else 'leaked'}"

    if surface.json:
        assert_api_marks_drafts(responses, world)
    elif "title" in surface.shows:
        assert_pages_mark_drafts(markup, world, sees_drafts)


def assert_pages_mark_drafts(markup, world, sees_drafts):
    if not sees_drafts:
        assert DRAFT_MARK not in markup
        return
    draft_places = list(segments_after(markup, world.draft.title))
    assert draft_places and all(DRAFT_MARK in place for place in draft_places)
    assert not any(DRAFT_MARK in place for place in segments_after(markup, world.published.title))


def assert_api_marks_drafts(responses, world):
    """Annotations (and the collection) of a draft carry "articleStatus": "draft"; others do not."""
    draft_ids = {f"http://testserver/api/annotations/{a.pk}/" for a in world.draft.annotations}
    for response in responses:
        data = response.json()
        if data.get("type") == "AnnotationCollection":
            is_draft = data["label"] == world.draft.title
            assert (data.get("articleStatus") == "draft") == is_draft
            items = data["first"]["items"]
        elif data.get("type") == "Annotation":
            items = [data]
        else:
            continue  # actors: nothing to mark
        for item in items:
            assert (item.get("articleStatus") == "draft") == (item["id"] in draft_ids)


def test_an_actor_with_no_annotation_is_listed_for_readers(client):
    """Actors without any annotation (made in the admin) stay public; see Actor.objects.visible_to."""
    actor = make_actor("المرصد السوري لحقوق الإنسان", kind="ngo")

    assert actor.name in client.get("/actors/").content.decode()
    assert client.get(actor.get_absolute_url()).status_code == 200


def test_an_actor_on_published_and_draft_articles_is_public_with_published_counts(client, world):
    page = client.get("/actors/").content.decode()

    row = re.search(rf'<tr data-actor="{re.escape(world.shared_actor.slug)}">.*?</tr>', page, re.S)
    assert re.search(r'data-count="mentions">1<', row[0])


def test_a_child_body_known_only_from_drafts_is_not_named_on_its_parent_page(client, editor):
    government = make_actor("الحكومة الروسية", kind="government_body")
    ministry = make_actor("وزارة الطوارئ الروسية", kind="government_body")
    ministry.parent = government
    ministry.save()
    draft = make_article(status="draft", paragraphs=["أعلنت وزارة الطوارئ الروسية إرسال فريق."])
    make_annotation(draft.paragraphs.get(), "وزارة الطوارئ الروسية", kind="actor", actor=ministry)

    assert ministry.name not in client.get(government.get_absolute_url()).content.decode()
    client.force_login(editor)
    assert ministry.name in client.get(government.get_absolute_url()).content.decode()
