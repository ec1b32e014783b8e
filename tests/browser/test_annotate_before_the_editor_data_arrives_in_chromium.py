"""The annotations' data reaches the editor after the page: an editor who selects text
before it has arrived still annotates (a claim through one of the page's sources too),
«تعديل» opens its annotation once it is there, and if it cannot be read the editor says so."""

import pytest

from annotations.models import Annotation
from tests.browser.test_annotate_in_chromium import login, select_text
from tests.factories import make_annotation, make_article

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PARAGRAPHS = [
    "قال المتحدث باسم وزارة الخارجية إن الوفد وصل إلى دمشق صباح اليوم.",
    "وادعت وزارة الدفاع الروسية أن المؤتمر يهدف إلى إعطاء دفعة إضافية، حسب منصة SY24.",
]


class HeldData:
    """Holds the page's request for the annotations' data until release()."""

    def __init__(self, page):
        self.routes = []
        page.route("**/editor-data/", self.hold)

    def hold(self, route):
        self.routes.append(route)

    def release(self):
        for route in self.routes:
            route.continue_()
        self.routes.clear()


def test_an_editor_annotates_before_the_data_arrives_and_edits_once_it_has(
    page, live_server, editor
):
    article = make_article(paragraphs=PARAGRAPHS)
    source = make_annotation(
        article.paragraphs.get(position=2), "حسب منصة SY24", kind="source", user=editor
    )
    login(page, live_server, editor)
    held = HeldData(page)
    with page.expect_request("**/editor-data/"):  # asked for once the editor is ready
        page.goto(live_server.url + article.get_absolute_url())
    assert page.evaluate("document.documentElement.dataset.editorReady") == ""

    # Before the data: select, open the form, save a claim.
    select_text(page, 1, "الوفد وصل إلى دمشق")
    page.click("#annotate-button")
    assert page.is_visible("#editor-form")
    page.click("#editor-save")
    page.wait_for_selector("#p-1 mark.hl-claim")
    claim = Annotation.objects.get(kind="claim")
    assert claim.exact == "الوفد وصل إلى دمشق"
    assert page.text_content("#editor-status") == "حُفظ التوسيم."

    # «تعديل» waits for the data, then opens the annotation it belongs to.
    page.click(f'#card-{source.pk} button[data-action="edit"]')
    held.release()
    page.wait_for_selector("#editor-form:not([hidden])")
    assert page.text_content("#editor-quote") == "حسب منصة SY24"
    assert page.is_checked("input[name=kind][value=source]")
    page.click("#editor-cancel")

    # The claim saved before the data arrived is in it too, with its latest version.
    page.click(f'#card-{claim.pk} button[data-action="edit"]')
    page.fill("#editor-note", "تحتاج إلى مصدر ثان.")
    page.click("#editor-save")
    page.wait_for_selector(f"#card-{claim.pk} .card-note")
    assert page.is_hidden("#editor-error")
    claim.refresh_from_db()
    assert claim.note == "تحتاج إلى مصدر ثان."


def test_a_new_claim_is_offered_the_pages_sources_before_the_data_arrives(
    page, live_server, editor
):
    article = make_article(paragraphs=PARAGRAPHS)
    source = make_annotation(
        article.paragraphs.get(position=2), "حسب منصة SY24", kind="source", user=editor
    )
    login(page, live_server, editor)
    held = HeldData(page)
    with page.expect_request("**/editor-data/"):
        page.goto(live_server.url + article.get_absolute_url())

    select_text(page, 2, "إعطاء دفعة إضافية")
    page.click("#annotate-button")
    page.check("input[name=kind][value=claim]")
    assert page.eval_on_selector_all("#editor-via option", "os => os.map(o => o.label)") == [
        "— بلا مصدر —",
        "حسب منصة SY24",
    ]
    page.select_option("#editor-via", label="حسب منصة SY24")
    page.click("#editor-save")
    page.wait_for_selector("#p-2 mark.hl-claim")
    held.release()

    claim = Annotation.objects.get(kind="claim")
    assert claim.via == source
    assert "عبر" in page.text_content(f"#card-{claim.pk}")


def test_data_that_cannot_be_read_is_said_and_read_again_on_the_next_try(page, live_server, editor):
    article = make_article(paragraphs=PARAGRAPHS)
    source = make_annotation(
        article.paragraphs.get(position=2), "حسب منصة SY24", kind="source", user=editor
    )
    login(page, live_server, editor)
    server_down = [True]
    refused = []

    def answer(route):
        if server_down[0]:
            refused.append(route.request.url)
            route.fulfill(status=503, body="")
        else:
            route.continue_()

    page.route("**/editor-data/", answer)
    with page.expect_response("**/editor-data/"):
        page.goto(live_server.url + article.get_absolute_url())

    page.click(f'#card-{source.pk} button[data-action="edit"]')
    page.wait_for_function(
        "() => document.querySelector('#editor-status').textContent.includes('تعذّر تحميل')"
    )
    assert page.is_hidden("#editor-form")
    assert len(refused) == 2  # once the editor was ready, and again for «تعديل»

    server_down[0] = False
    page.click(f'#card-{source.pk} button[data-action="edit"]')
    page.wait_for_selector("#editor-form:not([hidden])")
    assert page.text_content("#editor-quote") == "حسب منصة SY24"
