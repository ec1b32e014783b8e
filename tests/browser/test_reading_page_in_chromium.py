"""The reading page in a real Chromium: right to left, in Arabic, with the exact text."""

import pytest

from tests.factories import PARAGRAPHS, make_article, make_outlet

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_article_renders_right_to_left_with_exact_paragraphs(page, live_server):
    article = make_article(outlet=make_outlet())

    page.goto(live_server.url + article.get_absolute_url())

    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    for number, text in enumerate(PARAGRAPHS, start=1):
        assert page.locator(f"#p-{number}").text_content() == text
    # Right to left: a paragraph's first word sits at its right edge.
    first_word, paragraph = page.evaluate(
        """() => {
            const p = document.querySelector('#p-1');
            const range = document.createRange();
            range.setStart(p.firstChild, 0);
            range.setEnd(p.firstChild, 5);
            return [range.getBoundingClientRect().right, p.getBoundingClientRect().right];
        }"""
    )
    assert abs(first_word - paragraph) < 2
    assert "Noto Naskh Arabic" in page.evaluate(
        "getComputedStyle(document.querySelector('#p-1')).fontFamily"
    )


def test_article_list_links_to_the_reading_page(page, live_server):
    article = make_article(title="بوتين والأسد يجتمعان عبر الفيديو")

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="بوتين والأسد يجتمعان عبر الفيديو").click()

    page.wait_for_url(f"**{article.get_absolute_url()}")
    assert page.locator("h1").text_content() == article.title
