"""Latin names and numbers inside Arabic display in their own order, with a highlight on any
part of them: measured in a real Chromium from where each character is drawn, not from
the HTML."""

import pytest

from tests.factories import make_actor, make_annotation, make_article

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PUTIN = "قال الرئيس Vladimir Putin إن روسيا ستواصل"
PHONE = "للتواصل: +963 11 234 5678 مساء كل يوم"
SY24 = "حسب ما تابعت منصة SY24، أن الاجتماع انعقد"
DATE = "عقد في 2020-11-09 اجتماع في دمشق"

CASES = [
    (PUTIN, "Vladimir Putin", [], "none"),
    (PUTIN, "Vladimir Putin", ["Putin"], "the last name"),
    (PUTIN, "Vladimir Putin", ["Vladimir"], "the first name"),
    (PUTIN, "Vladimir Putin", ["dimir Pu"], "across the space"),
    (PUTIN, "Vladimir Putin", ["الرئيس Vladimir"], "from the Arabic into the run"),
    (PUTIN, "Vladimir Putin", ["قال الرئيس Vladimir Putin إن", "Putin"], "nested"),
    (PHONE, "+963 11 234 5678", [], "none"),
    (PHONE, "+963 11 234 5678", ["+963"], "the country code"),
    (PHONE, "+963 11 234 5678", ["11 234"], "the middle"),
    (PHONE, "+963 11 234 5678", ["5678"], "the last group"),
    (PHONE, "+963 11 234 5678", ["234 5678 مساء"], "out of the run"),
    (SY24, "SY24", [], "none"),
    (SY24, "SY24", ["SY"], "the letters"),
    (SY24, "SY24", ["24"], "the digits"),
    (SY24, "SY24", ["منصة SY"], "from the Arabic"),
    (DATE, "2020-11-09", [], "none"),
    (DATE, "2020-11-09", ["2020"], "the year"),
    (DATE, "2020-11-09", ["11"], "the month"),
    (DATE, "2020-11-09", ["09"], "the day"),
    (DATE, "2020-11-09", ["في 2020-11"], "from the Arabic"),
]

# Each character of text[start:end] with the middle of where it is drawn.
DRAWN = """([start, end, selector]) => {
    const p = document.querySelector(selector || "#p-1");
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const units = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.data.length; i += 1) units.push([node, i]);
    }
    const drawn = [];
    for (let at = start; at < end; at += 1) {
        const [node, offset] = units[at];
        const range = document.createRange();
        range.setStart(node, offset);
        range.setEnd(node, offset + 1);
        const box = range.getBoundingClientRect();
        drawn.push([node.data[offset], box.left + box.width / 2, box.top]);
    }
    return drawn;
}"""


def left_to_right(page, text, run, selector="#p-1"):
    """The run's characters other than spaces, in the order they appear from left to right."""
    start = text.index(run)
    drawn = page.evaluate(DRAWN, [start, start + len(run), selector])
    assert len({round(top) for _, _, top in drawn}) == 1, "the run is on one line"
    return "".join(char for char, _, _ in sorted(drawn, key=lambda d: d[1]) if char != " ")


@pytest.mark.parametrize(
    ("text", "run", "marked"),
    [pytest.param(text, run, marked, id=f"{run}: {name}") for text, run, marked, name in CASES],
)
def test_a_run_displays_in_its_own_order_whatever_is_marked(page, live_server, text, run, marked):
    article = make_article(paragraphs=[text])
    paragraph = article.paragraphs.get()
    actor = make_actor("فلاديمير بوتين", kind="person")
    for number, piece in enumerate(marked):
        make_annotation(paragraph, piece, kind="actor" if number else "claim", actor=actor)

    page.goto(live_server.url + article.get_absolute_url())

    assert page.locator("#p-1 mark.hl").count() >= len(marked)
    assert left_to_right(page, text, run) == run.replace(" ", "")


def test_the_run_sits_where_the_arabic_sentence_puts_it(page, live_server):
    """Right to left: the words before the number are to its right, the words after to its left."""
    article = make_article(paragraphs=[PHONE])
    make_annotation(article.paragraphs.get(), "11 234")

    page.goto(live_server.url + article.get_absolute_url())

    before = page.evaluate(DRAWN, [0, PHONE.index(":")])
    number = page.evaluate(DRAWN, [PHONE.index("+"), PHONE.index("5678") + 4])
    after = page.evaluate(DRAWN, [PHONE.index("مساء"), len(PHONE)])
    assert min(x for _, x, _ in before) > max(x for _, x, _ in number)
    assert min(x for _, x, _ in number) > max(x for _, x, _ in after)
    plus = next(x for char, x, _ in number if char == "+")
    assert plus == min(x for _, x, _ in number)  # the sign is the number's first character


def test_titles_quotes_and_sources_on_other_pages_display_runs_in_order(page, live_server):
    title = "اجتماع 2020-11-09 في دمشق"
    article = make_article(title=title, paragraphs=[PHONE + "، حسب منصة SY24، نقلًا عن المكتب"])
    paragraph = article.paragraphs.get()
    source = make_annotation(paragraph, "حسب منصة SY24", kind="source")
    make_annotation(paragraph, "للتواصل: +963 11 234 5678 مساء", via=source)

    page.goto(live_server.url + "/")
    assert left_to_right(page, title, "2020-11-09", ".article-item-title a") == "2020-11-09"

    page.goto(live_server.url + "/claims/")
    quote = page.text_content(".claim-quote")
    assert left_to_right(page, quote, "+963 11 234 5678", ".claim-quote") == "+963112345678"
    source_text = page.text_content(".row-fields a[href*='#a-']")
    assert left_to_right(page, source_text, "SY24", ".row-fields a[href*='#a-']") == "SY24"

    page.goto(live_server.url + article.get_absolute_url())
    card_source = page.text_content(".card-claim dl a[href^='#a-']")
    assert left_to_right(page, card_source, "SY24", ".card-claim dl a[href^='#a-']") == ("SY24")
