"""A reader searches from the header and lands on the paragraph that matched."""

import pytest

from tests.factories import make_article

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_search_from_the_header_and_follow_a_result_to_its_paragraph(page, live_server):
    article = make_article(
        title="اجتماع في دمشق",
        paragraphs=[
            "أعلنت وزارة الدفاع الروسية عن اجتماع في دمشق.",
            "وقال مصدر إن الوفد التقى بشار الأسد صباح اليوم.",
            "وزعـــم المسؤول أن المُؤتَمَر ناجح.",
        ],
    )
    page.goto(live_server.url + article.get_absolute_url())

    page.fill("#site-search", "الاسد")
    page.press("#site-search", "Enter")

    page.wait_for_url("**/search/?q=*")
    result = page.locator(".search-result").first
    assert result.locator("mark").first.text_content() == "الأسد"
    result.get_by_role("link", name="الفقرة 2").click()

    page.wait_for_url(f"**{article.get_absolute_url()}#p-2")
    target = page.locator(":target")
    assert target.get_attribute("id") == "p-2"
    assert "الأسد" in target.text_content()
    # The paragraph that matched is the one the page emphasises.
    assert page.evaluate("getComputedStyle(document.querySelector(':target')).backgroundColor") == (
        "rgb(255, 247, 214)"
    )
    assert page.evaluate("getComputedStyle(document.querySelector('#p-1')).backgroundColor") == (
        "rgba(0, 0, 0, 0)"
    )


def test_the_search_page_form_keeps_the_query_and_explains_a_bad_one(page, live_server):
    page.goto(live_server.url + "/search/?q=" + "-الأسد")

    assert page.locator("#search-q").input_value() == "-الأسد"
    assert "مستبعدة" in page.get_by_role("alert").text_content()
