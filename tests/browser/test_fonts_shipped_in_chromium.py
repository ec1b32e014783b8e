"""Every page sets its Arabic and its Latin in the fonts the site ships, on any machine.

Chromium reports, through the DevTools protocol (CSS.getPlatformFontsForNode), which
font drew the glyphs of each text node, and whether it was a web font the page
downloaded or a font installed on the machine. The machine running these tests has
the Noto fonts installed too, so a family name alone would prove nothing: every glyph
must come from a downloaded face, and «SY24», «Vladimir Putin», «%», “ ” from its
Latin companion rather than from a system fallback.
"""

import pytest
from django.urls import reverse

from annotations.models import Annotation
from tests.factories import make_actor, make_annotation, make_article, make_outlet

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

TEXT = (
    "قالت منصة SY24 إن الرئيس Vladimir Putin أكد أن 6.5 مليون لاجئ، أي 40% منهم، "
    "يريدون «العودة» وإن “المؤتمر” عُقد في 2020-11-09."
)
LATIN = [c for c in TEXT if c.isascii() and not c.isspace()] + ["“", "”"]
BODY_FACES = {"Noto Naskh Arabic", "Noto Serif"}
UI_FACES = {"Noto Sans Arabic", "Noto Sans"}
SYMBOLS = {"Noto Sans Symbols", "Noto Sans Symbols2"}


def fonts_under(page, selector):
    """{family: glyphs} of the fonts that drew every text node under `selector`, and any system font."""
    page.evaluate("document.fonts.ready")
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    nodes = session.send(
        "DOM.querySelectorAll", {"nodeId": root, "selector": f"{selector}, {selector} *"}
    )["nodeIds"]
    assert nodes, f"nothing matches {selector}"
    shipped, system = {}, []
    for node in nodes:
        for font in session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
            if font["isCustomFont"]:
                shipped[font["familyName"]] = (
                    shipped.get(font["familyName"], 0) + font["glyphCount"]
                )
            else:
                system.append(font["familyName"])
    session.detach()
    return shipped, system


def test_the_article_text_sets_arabic_and_latin_in_the_shipped_naskh(page, live_server):
    article = make_article(paragraphs=[TEXT], outlet=make_outlet(), published_on="2020-11-09")

    page.goto(live_server.url + article.get_absolute_url())

    shipped, system = fonts_under(page, "#p-1")
    assert system == []
    assert set(shipped) == BODY_FACES
    # Every Latin letter, digit and sign («S», «2», «%», «.», “ ») came from the Latin face.
    assert shipped["Noto Serif"] >= len(LATIN)
    assert shipped["Noto Naskh Arabic"] >= len([c for c in TEXT if "\u0600" <= c <= "\u06ff"])
    # The headline is the Naskh too, in its bold.
    shipped, system = fonts_under(page, "h1")
    assert system == [] and set(shipped) <= BODY_FACES


def test_the_interface_sets_arabic_and_digits_in_the_shipped_sans(page, live_server):
    article = make_article(paragraphs=[TEXT], outlet=make_outlet(), published_on="2020-11-09")

    page.goto(live_server.url + article.get_absolute_url())

    for selector in (".site-tagline", ".site-nav", ".site-search", ".meta"):
        shipped, system = fonts_under(page, selector)
        assert system == [], selector
        assert set(shipped) <= UI_FACES and "Noto Sans Arabic" in shipped, selector
    # The date's digits and the outlet «SY24» are Latin: the Sans's companion drew them.
    shipped, _ = fonts_under(page, ".meta")
    assert shipped.get("Noto Sans", 0) >= len("SY24") + len("2020")


def test_the_faces_come_from_the_site_and_load(page, live_server):
    article = make_article(paragraphs=[TEXT])

    page.goto(live_server.url + article.get_absolute_url())
    page.evaluate("document.fonts.ready")

    faces = page.evaluate(
        "[...document.fonts].map(f => [f.family.replaceAll('\"', ''), f.weight, f.status])"
    )
    families = {family for family, _, _ in faces}
    assert families == {"Noto Naskh Arabic", "Noto Sans Arabic"}
    # The regular faces every page sets are loaded; the rest load only when a page needs them.
    loaded = {(family, weight) for family, weight, status in faces if status == "loaded"}
    assert {("Noto Naskh Arabic", "400"), ("Noto Sans Arabic", "400")} <= loaded
    requested = page.evaluate(
        "performance.getEntriesByType('resource').map(e => e.name).filter(n => n.endsWith('.woff2'))"
    )
    assert requested and all(
        url.startswith(f"{live_server.url}/static/fonts/") for url in requested
    )


PUBLIC_PAGES = [
    "archive:article_list",
    "reading page",
    "search",
    "annotations:actor_list",
    "actor page",
    "annotations:claim_list",
    "annotations:tag_list",
    "annotations:open_data",
    "login",
]


def test_no_page_draws_a_glyph_in_a_system_font(page, live_server, head_curator):
    """Arrows («التالية ←», old ← new), triangles and every letter come from the shipped files."""
    article = make_article(paragraphs=[TEXT] * 3, outlet=make_outlet(), published_on="2020-11-09")
    putin = make_actor("فلاديمير بوتين", kind="person")
    putin.name_en = "Vladimir Putin"
    putin.save()
    make_annotation(
        article.paragraphs.first(), "Vladimir Putin", kind=Annotation.Kind.ACTOR, actor=putin
    )
    make_annotation(article.paragraphs.first(), "6.5 مليون لاجئ", kind=Annotation.Kind.CLAIM)
    addresses = {
        "reading page": article.get_absolute_url(),
        "actor page": putin.get_absolute_url(),
        "search": reverse("archive:search") + "?q=لاجئ",
        "login": reverse("login"),
    }
    for name in PUBLIC_PAGES:
        page.goto(live_server.url + (addresses.get(name) or reverse(name)))
        shipped, system = fonts_under(page, "body")
        assert system == [], name
        assert set(shipped) <= UI_FACES | BODY_FACES | SYMBOLS, name

    page.context.add_cookies(session_cookie(live_server, head_curator))
    for address in (
        reverse("admin:index"),
        reverse("admin:annotations_annotation_changelist"),
        reverse("admin:archive_article_change", args=[article.pk]),
        reverse("admin:archive_article_history", args=[article.pk]),
        reverse("admin:annotations_actor_change", args=[putin.pk]),
        reverse("admin:activity"),
    ):
        page.goto(live_server.url + address)
        shipped, system = fonts_under(page, "body")
        assert system == [], address
        assert set(shipped) <= UI_FACES | BODY_FACES | SYMBOLS, address


def test_the_admin_sets_its_text_in_the_shipped_sans(page, live_server, head_curator):
    article = make_article(paragraphs=[TEXT])
    putin = make_actor("فلاديمير بوتين", kind="person")
    make_annotation(
        article.paragraphs.get(), "Vladimir Putin", kind=Annotation.Kind.ACTOR, actor=putin
    )
    page.context.add_cookies(session_cookie(live_server, head_curator))

    page.goto(live_server.url + reverse("admin:annotations_annotation_changelist"))

    shipped, system = fonts_under(page, "#result_list")
    assert system == []
    assert set(shipped) == UI_FACES  # «Vladimir Putin» and the dates are in Noto Sans


def test_an_english_name_stays_whole_on_a_phone(browser, live_server):
    actor = make_actor("فلاديمير فلاديميروفيتش بوتين", kind="person")
    actor.name_en = "Vladimir Vladimirovich Putin"
    actor.save()
    context = browser.new_context(locale="ar", viewport={"width": 390, "height": 800})
    page = context.new_page()
    try:
        page.goto(live_server.url + actor.get_absolute_url())
        page.evaluate("document.fonts.ready")
        name = page.locator("[lang=en]").first
        assert name.text_content() == "Vladimir Vladimirovich Putin"
        # One line box: the name is not split between two lines.
        assert name.evaluate("e => e.getClientRects().length") == 1
        assert name.evaluate("e => e.getBoundingClientRect().width") <= 390
        shipped, system = fonts_under(page, "[lang=en]")
        assert system == [] and set(shipped) <= UI_FACES | BODY_FACES
    finally:
        context.close()


def session_cookie(live_server, user):
    """A logged-in session for `user`, as the browser's cookie."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
