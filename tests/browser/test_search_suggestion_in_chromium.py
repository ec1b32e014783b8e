"""A reader misspells a name, is offered «هل تقصد…», clicks it and sees the article."""

import os
from pathlib import Path

import pytest

from tests.factories import make_actor, make_annotation, make_article

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PARAGRAPH = "وقال الرئيس الروسي فلاديمير بوتين إن عودة اللاجئين إلى سوريا أولوية."
# Set to a folder to keep the screenshots of the page at a phone's width and a desktop's.
SCREENSHOTS = os.environ.get("QIRAA_SCREENSHOTS")


def test_a_reader_clicks_the_suggestion_and_sees_the_results(page, live_server):
    article = make_article(title="بوتين يبحث عودة اللاجئين", paragraphs=[PARAGRAPH])
    putin = make_actor("فلاديمير بوتين", kind="person", aliases=["بوتين"])
    make_annotation(article.paragraphs.get(), "فلاديمير بوتين", kind="actor", actor=putin)
    page.goto(live_server.url + "/")

    page.fill("#site-search", "بوتبن")
    page.press("#site-search", "Enter")

    page.wait_for_url("**/search/?q=*")
    offer = page.locator(".search-suggestion")
    assert offer.inner_text().strip() == "هل تقصد: بوتين؟"
    assert offer.locator("strong").inner_text() == "بوتين"
    # Right to left, as the page: «هل تقصد» starts at the right edge of the line.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.search-suggestion')).direction")
        == "rtl"
    )
    for width, name in ((390, "phone"), (1366, "desktop")):
        page.set_viewport_size({"width": width, "height": 800})
        box = offer.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        if SCREENSHOTS:
            page.screenshot(path=str(Path(SCREENSHOTS) / f"search-suggestion-{name}.png"))

    offer.get_by_role("link").click()

    page.wait_for_url("**/search/?q=*")
    assert page.locator("#search-q").input_value() == "بوتين"
    assert page.locator(".search-suggestion").count() == 0
    result = page.locator(".search-result").first
    assert result.get_by_role("link", name="بوتين يبحث عودة اللاجئين").count() == 1
    assert result.locator("mark").first.text_content() == "بوتين"
    assert "فلاديمير بوتين" in page.locator("#group-actors").locator("xpath=..").inner_text()
