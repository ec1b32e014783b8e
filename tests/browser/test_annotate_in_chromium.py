"""An editor annotates in a real Chromium: select with a DOM Range, fill the form, save, reload."""

import pytest

from annotations.models import Annotation
from tests.factories import make_actor, make_annotation, make_article

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# An emoji before the span: the browser counts it as two UTF-16 units, the server as one code point.
TEXT = "وفي السياق ذاته 😀، ادعت وزارة الدفاع الروسية، حسب منصة SY24، أن روسيا تخطط لتسليم 160 طنا من المساعدات."


def login(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "x")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def select_text(page, position, exact):
    """Select the first occurrence of `exact` in paragraph `position` with a DOM Range."""
    page.evaluate(
        """([position, exact]) => {
            const p = document.querySelector(`#p-${position}`);
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            let offset = 0, startNode, startOffset, endNode, endOffset;
            const at = p.textContent.indexOf(exact);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const length = node.data.length;
                if (!startNode && at < offset + length) { startNode = node; startOffset = at - offset; }
                if (startNode && at + exact.length <= offset + length) { endNode = node; endOffset = at + exact.length - offset; break; }
                offset += length;
            }
            const range = document.createRange();
            range.setStart(startNode, startOffset);
            range.setEnd(endNode, endOffset);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            document.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
        }""",
        [position, exact],
    )


def test_editor_selects_a_span_after_an_emoji_tags_it_and_sees_the_highlight(
    page, live_server, editor
):
    article = make_article(paragraphs=[TEXT])
    make_actor(aliases=["الوزارة"])
    login(page, live_server, editor)
    page.goto(live_server.url + article.get_absolute_url())

    exact = "روسيا تخطط لتسليم 160 طنا"
    select_text(page, 1, exact)
    page.click("#annotate-button")
    page.check("input[name=kind][value=claim]")
    page.fill("#editor-actor", "الوزاره")  # an alias, without the hamza-free spelling mattering
    page.wait_for_function(
        "() => document.querySelectorAll('#editor-actor-options option').length > 0"
    )
    page.fill("#editor-actor", "وزارة الدفاع الروسية")
    page.fill("#editor-cue", "ادعت")
    assert page.input_value("#editor-stance") == "distancing"  # suggested from the cue
    page.fill("#editor-tags", "المساعدات الإنسانية، اللاجئون")
    page.fill("#editor-note", "رقم ١٦٠ لم يتأكد من مصدر مستقل.")
    page.click("#editor-save")

    # The highlight appears without a reload.
    page.wait_for_selector("#article-body mark.hl-claim")
    annotation = Annotation.objects.get()
    assert annotation.exact == exact
    assert TEXT[annotation.start : annotation.end] == exact
    assert annotation.actor.name == "وزارة الدفاع الروسية"
    assert sorted(annotation.tags.names()) == ["اللاجئون", "المساعدات الإنسانية"]

    page.reload()
    marked = page.eval_on_selector_all(
        f'#p-1 mark[data-a="{annotation.pk}"]', "marks => marks.map(m => m.textContent).join('')"
    )
    assert marked == exact
    assert page.locator("#p-1").text_content() == TEXT


def test_an_actor_inside_a_claim_renders_both_and_cards_open_on_focus(page, live_server, editor):
    article = make_article(paragraphs=[TEXT])
    paragraph = article.paragraphs.get()
    ministry = make_actor()
    claim = make_annotation(
        paragraph,
        "ادعت وزارة الدفاع الروسية، حسب منصة SY24، أن روسيا تخطط",
        actor=ministry,
        user=editor,
    )
    mention = make_annotation(
        paragraph, "وزارة الدفاع الروسية", kind="actor", actor=ministry, user=editor
    )

    page.goto(f"{live_server.url}{article.get_absolute_url()}#a-{mention.pk}")

    assert (
        page.locator(
            f'mark.hl-claim[data-a="{claim.pk}"] mark.hl-actor[data-a="{mention.pk}"]'
        ).count()
        == 1
    )
    assert page.locator(f'mark.hl-target[data-a="{mention.pk}"]').count() == 1
    page.focus(f'mark[data-a="{claim.pk}"][tabindex]')
    assert page.locator("#hl-popover").is_visible()
    assert "وزارة الدفاع الروسية" in page.locator("#hl-popover").text_content()
    # Marks do not change font, padding or border: Arabic letters keep joining.
    styles = page.evaluate(
        """() => { const s = getComputedStyle(document.querySelector('#p-1 mark.hl-actor'));
                   const p = getComputedStyle(document.querySelector('#p-1'));
                   return [s.paddingInlineStart, s.borderInlineStartWidth, s.fontFamily === p.fontFamily, s.fontSize === p.fontSize]; }"""
    )
    assert styles == ["0px", "0px", True, True]


def test_a_selection_across_paragraphs_is_refused_with_a_message(page, live_server, editor):
    article = make_article(paragraphs=["الفقرة الأولى من المقال.", "الفقرة الثانية من المقال."])
    login(page, live_server, editor)
    page.goto(live_server.url + article.get_absolute_url())

    page.evaluate(
        """() => { const r = document.createRange();
                   r.setStart(document.querySelector('#p-1').firstChild, 3);
                   r.setEnd(document.querySelector('#p-2').firstChild, 5);
                   const s = getSelection(); s.removeAllRanges(); s.addRange(r);
                   document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true})); }"""
    )

    page.wait_for_function("() => document.getElementById('editor-status').textContent.length > 0")
    assert "فقرة واحدة" in page.text_content("#editor-status")
    assert page.locator("#annotate-button").is_hidden()


def test_editor_edits_and_deletes_from_the_card(page, live_server, editor):
    article = make_article(paragraphs=[TEXT])
    annotation = make_annotation(article.paragraphs.get(), "روسيا تخطط", user=editor)
    login(page, live_server, editor)
    page.goto(live_server.url + article.get_absolute_url())

    page.click(f'#card-{annotation.pk} button[data-action="edit"]')
    page.fill("#editor-note", "ملاحظة بعد المراجعة")
    page.click("#editor-save")
    page.wait_for_selector(f"#card-{annotation.pk} .card-note")
    annotation.refresh_from_db()
    assert annotation.note == "ملاحظة بعد المراجعة"

    page.once("dialog", lambda dialog: dialog.accept())
    page.click(f'#card-{annotation.pk} button[data-action="delete"]')
    page.wait_for_selector(f"#card-{annotation.pk}", state="detached")
    assert not Annotation.objects.exists()


def test_a_reader_sees_highlights_but_no_editor_tools(page, live_server, editor):
    article = make_article(paragraphs=[TEXT])
    make_annotation(article.paragraphs.get(), "روسيا تخطط", user=editor)

    page.goto(live_server.url + article.get_absolute_url())

    assert page.locator("#article-body mark.hl-claim").count() == 1
    assert page.locator("#editor-form").count() == 0
    assert page.locator("button[data-action]").count() == 0
