"""An editor's selection that cuts a glyph is widened to the glyph's edges before it is sent:
selecting «الل» of «اللاجئين» annotates «اللا», in a real Chromium."""

import pytest

from annotations.models import Annotation
from tests.browser.test_annotate_in_chromium import login, select_text
from tests.factories import make_article

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

TEXT = "وفي السياق 😀 عقد في دمشق مؤتمر اللاجئين، وقالوا لَا عودة، ورفعوا 🇸🇾 في حمص."


def select_range(page, start, end):
    """Select UTF-16 offsets [start, end) of paragraph 1's text, as a mouse would."""
    page.evaluate(
        """([start, end]) => {
            const p = document.querySelector("#p-1");
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            const range = document.createRange();
            let offset = 0, started = false;
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const length = node.data.length;
                if (!started && start <= offset + length) { range.setStart(node, start - offset); started = true; }
                if (end <= offset + length) { range.setEnd(node, end - offset); break; }
                offset += length;
            }
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            document.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
        }""",
        [start, end],
    )


def utf16(text, piece, cut=0):
    at = text.index(piece) + cut
    return len(text[:at].encode("utf-16-le")) // 2


@pytest.mark.parametrize(
    ("begin", "finish", "saved"),
    [
        (("مؤتمر", 0), ("اللاجئين", 3), "مؤتمر اللا"),  # «الل|اجئين»
        (("اللاجئين", 3), ("اللاجئين", 8), "لاجئين"),  # from the alef: its lam comes along
        (("لَا", 1), ("عودة", 4), "لَا عودة"),  # from the fatha
        (("🇸🇾", 1), ("حمص", 3), "🇸🇾 في حمص"),  # from the flag's second letter
    ],
)
def test_a_selection_cutting_a_glyph_is_saved_whole(
    page, live_server, editor, begin, finish, saved
):
    article = make_article(paragraphs=[TEXT])
    login(page, live_server, editor)
    page.goto(live_server.url + article.get_absolute_url())

    select_range(page, utf16(TEXT, *begin), utf16(TEXT, *finish))
    assert page.evaluate("window.getSelection().toString()") == saved  # shown widened
    page.click("#annotate-button")
    assert page.text_content("#editor-quote") == saved
    page.check("input[name=kind][value=claim]")
    page.click("#editor-save")
    page.wait_for_selector("#article-body mark.hl-claim")

    annotation = Annotation.objects.get()
    assert annotation.exact == saved
    assert TEXT[annotation.start : annotation.end] == saved


def test_a_selection_of_whole_glyphs_is_left_as_it_is(page, live_server, editor):
    article = make_article(paragraphs=[TEXT])
    login(page, live_server, editor)
    page.goto(live_server.url + article.get_absolute_url())

    select_text(page, 1, "مؤتمر ال")  # ends between alef and lam: no ligature there

    assert page.evaluate("window.getSelection().toString()") == "مؤتمر ال"
    page.click("#annotate-button")
    assert page.text_content("#editor-quote") == "مؤتمر ال"
