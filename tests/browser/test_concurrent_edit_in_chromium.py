"""Two people edit one annotation in Chromium: the later save of an old version shows why it failed."""

import pytest

from tests.browser.test_annotate_in_chromium import TEXT, login
from tests.factories import make_annotation, make_article

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def edit_note(page, annotation, note):
    page.click(f'#card-{annotation.pk} button[data-action="edit"]')
    page.fill("#editor-note", note)


def test_a_save_over_someone_elses_newer_change_is_refused_with_a_message(
    page, browser, live_server, editor, curator
):
    article = make_article(paragraphs=[TEXT])
    annotation = make_annotation(article.paragraphs.get(), "روسيا تخطط", user=editor)
    login(page, live_server, editor)
    page.goto(live_server.url + article.get_absolute_url())
    edit_note(page, annotation, "ملاحظة المحرر")

    # Meanwhile the curator, in another browser, changes the same annotation.
    other = browser.new_context(locale="ar").new_page()
    login(other, live_server, curator)
    other.goto(live_server.url + article.get_absolute_url())
    edit_note(other, annotation, "ملاحظة المشرف")
    other.click("#editor-save")
    other.wait_for_selector(f"#card-{annotation.pk} .card-note")
    other.context.close()

    page.click("#editor-save")

    page.wait_for_selector("#editor-error:not([hidden])")
    assert "بعد أن فتحتَه" in page.text_content("#editor-error")
    assert page.is_visible("#editor-form")  # the editor's input is still there
    assert page.input_value("#editor-note") == "ملاحظة المحرر"
    annotation.refresh_from_db()
    assert annotation.note == "ملاحظة المشرف"


def test_the_same_editor_saves_one_annotation_twice_without_reloading(page, live_server, editor):
    """After each save the page holds the new version, so the next change is not refused."""
    article = make_article(paragraphs=[TEXT])
    annotation = make_annotation(article.paragraphs.get(), "روسيا تخطط", user=editor)
    login(page, live_server, editor)
    page.goto(live_server.url + article.get_absolute_url())

    for note in ("المراجعة الأولى", "المراجعة الثانية"):
        edit_note(page, annotation, note)
        page.click("#editor-save")
        page.wait_for_function(
            f"() => document.querySelector('#card-{annotation.pk} .card-note')?.textContent === {note!r}"
        )

    assert page.is_hidden("#editor-error")
    annotation.refresh_from_db()
    assert annotation.note == "المراجعة الثانية"


def delete_from_card(page, annotation):
    page.once("dialog", lambda dialog: dialog.accept())  # «حذف هذا التوسيم نهائيًا؟»
    page.click(f'#card-{annotation.pk} button[data-action="delete"]')


def test_deleting_removes_the_card_and_its_highlight(page, live_server, editor):
    article = make_article(paragraphs=[TEXT])
    annotation = make_annotation(article.paragraphs.get(), "روسيا تخطط", user=editor)
    login(page, live_server, editor)
    page.goto(live_server.url + article.get_absolute_url())

    delete_from_card(page, annotation)

    page.wait_for_selector(f"#card-{annotation.pk}", state="detached")
    assert page.text_content("#editor-status") == "حُذف التوسيم."
    assert page.locator("#article-body mark.hl").count() == 0
    assert not type(annotation).objects.filter(pk=annotation.pk).exists()


def test_deleting_what_someone_else_changed_since_is_refused_with_a_message(
    page, browser, live_server, editor, curator
):
    article = make_article(paragraphs=[TEXT])
    annotation = make_annotation(article.paragraphs.get(), "روسيا تخطط", user=editor)
    login(page, live_server, editor)
    page.goto(live_server.url + article.get_absolute_url())

    # Meanwhile the curator adds a note the editor has not seen.
    other = browser.new_context(locale="ar").new_page()
    login(other, live_server, curator)
    other.goto(live_server.url + article.get_absolute_url())
    edit_note(other, annotation, "ملاحظة المشرف")
    other.click("#editor-save")
    other.wait_for_selector(f"#card-{annotation.pk} .card-note")
    other.context.close()

    delete_from_card(page, annotation)

    page.wait_for_function(
        "() => document.querySelector('#editor-status').textContent.includes('بعد أن فتحتَه')"
    )
    assert page.is_visible(f"#card-{annotation.pk}")
    annotation.refresh_from_db()
    assert annotation.note == "ملاحظة المشرف"
