"""Under the strict Content-Security-Policy, Chromium blocks nothing the site itself needs.

The policy allows only the site's own files: no inline script or style, in our pages or
the admin's. Each test listens for `securitypolicyviolation` events and for the console
messages Chromium writes when it blocks something, works the page as its user would,
and expects neither.
"""

import pytest

from annotations.models import Actor, Annotation
from tests.browser.test_annotate_in_chromium import TEXT, login, select_text
from tests.factories import make_actor, make_annotation, make_article

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def watched(page):
    """The page, recording every CSP violation and every console error or warning."""
    console = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: console.append(f"{message.type}: {message.text}")
        if message.type in {"error", "warning"}
        else None,
    )
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    page.console_messages = console
    return page


def assert_nothing_blocked(page):
    # Nothing still loading (an autocomplete's last answer): what it would load counts too,
    # and the test's database is emptied only once the server has finished with it.
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__violations")
    assert violations == []
    assert [m for m in page.console_messages if "Content Security Policy" in m] == []
    # Chromium warns of any feature it does not know in our Permissions-Policy.
    assert [m for m in page.console_messages if "Permissions-Policy" in m] == []
    assert [m for m in page.console_messages if m.startswith("pageerror")] == []


def test_an_editor_annotates_on_the_reading_page_with_nothing_blocked(watched, live_server, editor):
    page = watched
    article = make_article(paragraphs=[TEXT])
    make_annotation(article.paragraphs.get(), "ادعت وزارة الدفاع الروسية", user=editor)
    make_actor(aliases=["الوزارة"])
    login(page, live_server, editor)
    page.goto(live_server.url + article.get_absolute_url())
    header = page.evaluate(
        "async () => (await fetch(location.href)).headers.get('content-security-policy')"
    )
    assert "script-src 'self'" in header and "style-src 'self'" in header

    # The editor's scripts ran: a selection offers the button, which opens the form.
    select_text(page, 1, "روسيا تخطط لتسليم 160 طنا")
    page.click("#annotate-button")
    assert page.locator("#editor-form").is_visible()
    page.check("input[name=kind][value=claim]")
    page.fill("#editor-actor", "الوزاره")
    page.wait_for_function(
        "() => document.querySelectorAll('#editor-actor-options option').length > 0"
    )
    page.fill("#editor-actor", "وزارة الدفاع الروسية")
    page.fill("#editor-cue", "ادعت")
    page.click("#editor-save")
    page.wait_for_selector("#article-body mark.hl-claim >> nth=1")
    assert Annotation.objects.count() == 2
    # A card opens on focus (reading.js positions it with element.style, which CSP allows).
    page.focus("#article-body mark[tabindex] >> nth=0")
    assert page.locator("#hl-popover").is_visible()

    assert_nothing_blocked(page)


def test_the_admin_annotation_change_form_loads_and_its_autocomplete_works(
    watched, live_server, head_curator
):
    page = watched
    article = make_article(paragraphs=[TEXT])
    ministry = make_actor()
    make_actor("فلاديمير بوتين", kind="person", aliases=["بوتين"])
    annotation = make_annotation(
        article.paragraphs.get(), "ادعت وزارة الدفاع الروسية", user=head_curator, actor=ministry
    )
    login(page, live_server, head_curator)

    page.goto(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/annotations/annotation/")
    page.goto(f"{live_server.url}/admin/annotations/annotation/{annotation.pk}/change/")
    assert page.locator("#annotation_form").is_visible()
    # Our admin stylesheet applies (it replaced inline <style>).
    sheets = page.evaluate("[...document.styleSheets].map(s => s.href || 'inline')")
    assert any(href.endswith("/static/css/admin.css") for href in sheets)
    assert "inline" not in sheets
    # select2's autocomplete builds its widgets in script: open it and search by an alias.
    page.click("#select2-id_actor-container")
    page.fill(".select2-search__field", "بوتين")
    page.wait_for_selector(".select2-results__option >> text=فلاديمير بوتين")
    page.click(".select2-results__option >> text=فلاديمير بوتين")
    assert "فلاديمير بوتين" in page.text_content("#select2-id_actor-container")

    assert_nothing_blocked(page)


def test_the_actor_merge_page_loads_and_previews_with_nothing_blocked(
    watched, live_server, head_curator
):
    page = watched
    first = make_actor("بوتين", kind="person")
    second = make_actor("فلاديمير بوتين", kind="person")
    make_annotation(make_article().paragraphs.get(position=2), "بوتين", kind="actor", actor=first)
    login(page, live_server, head_curator)

    page.goto(f"{live_server.url}/admin/annotations/actor/")
    page.check(f'input[name="_selected_action"][value="{first.pk}"]')
    page.check(f'input[name="_selected_action"][value="{second.pk}"]')
    page.select_option("select[name=action]", "merge_actors")
    page.click("button[name=index], .actions button[type=submit]")
    page.wait_for_selector("#merge-form")
    page.check(f'input[name=keep][value="{second.pk}"]')
    page.click("input[name=preview]")
    page.wait_for_selector("#merge-plan")
    # The rules moved from inline <style> to admin.css still apply.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.merge-choices li')).listStyleType")
        == "none"
    )
    assert Actor.objects.count() == 2  # a preview writes nothing

    assert_nothing_blocked(page)


def test_a_violation_would_be_caught(watched, live_server):
    """The listener works: an inline style the policy refuses is reported."""
    page = watched
    page.goto(f"{live_server.url}/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_function("() => window.__violations.length > 0")

    assert "style-src" in page.evaluate("window.__violations")[0]
