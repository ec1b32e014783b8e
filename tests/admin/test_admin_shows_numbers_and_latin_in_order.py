"""The admin shows dates, telephone numbers and Latin names in their own order, inside Arabic.

After Arabic letters, a right-to-left line turns a number with hyphens around group
by group: «اجتماع 2020-11-09» would read «09-11-2020», «الهاتف: 0944-123-456» would
read «456-123-0944», and «+963 11 234 5678» alone in a text box «5678 234 11 963+».
These tests open the admin in Chromium and read the characters in the order they
are displayed (a Range per character, sorted by its place on the screen), not the HTML:
in headings, breadcrumbs, list columns, the paragraph previews and the text boxes.
"""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from annotations.models import Annotation
from tests.factories import make_actor, make_annotation, make_article

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

DATE = "2020-11-09"
PHONE = "0944-123-456"
INTERNATIONAL = "+963 11 234 5678"
TITLE = f"اجتماع {DATE} في موسكو"
TEXT = f"قال المكتب إن الهاتف: {PHONE} والرقم الدولي {INTERNATIONAL} لمن يريد العودة."

# The characters of `needle` inside the first element matching `selector` whose text
# holds it, in the order they appear on the screen from left to right.
DISPLAYED = """([selector, needle]) => {
    const element = [...document.querySelectorAll(selector)].find(e => e.textContent.includes(needle));
    if (!element) return null;
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let text = "";
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        nodes.push([node, text.length]);
        text += node.data;
    }
    const at = text.indexOf(needle);
    const placed = [];
    for (const [node, offset] of nodes) {
        for (let i = 0; i < node.data.length; i++) {
            if (offset + i < at || offset + i >= at + needle.length) continue;
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            placed.push([range.getBoundingClientRect().x, node.data[i]]);
        }
    }
    placed.sort((a, b) => a[0] - b[0]);
    return placed.map(p => p[1]).join("");
}"""

# The same, for the text inside a text box, which lives in the box's own shadow tree:
# reached through the DevTools protocol.
DISPLAYED_IN_TEXT_NODE = """function () {
    const placed = [];
    for (let i = 0; i < this.data.length; i++) {
        const range = document.createRange();
        range.setStart(this, i);
        range.setEnd(this, i + 1);
        placed.push([range.getBoundingClientRect().x, this.data[i]]);
    }
    placed.sort((a, b) => a[0] - b[0]);
    return placed.map(p => p[1]).join("");
}"""


def displayed(page, selector, needle):
    return page.evaluate(DISPLAYED, [selector, needle])


def displayed_in_box(page, selector):
    """The text box's value as displayed, read from the text node the box draws."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    root = session.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    tree = session.send("DOM.describeNode", {"nodeId": node, "depth": -1, "pierce": True})["node"]

    def drawn_text(node, inside_shadow=False):
        if node.get("nodeType") == 3 and inside_shadow and node.get("nodeValue"):
            return node
        for child in node.get("shadowRoots", []):
            found = drawn_text(child, True)
            if found:
                return found
        for child in node.get("children", []):
            found = drawn_text(child, inside_shadow)
            if found:
                return found
        return None

    text = drawn_text(tree)
    assert text, f"no text drawn in {selector}"
    handle = session.send("DOM.resolveNode", {"backendNodeId": text["backendNodeId"]})["object"]
    result = session.send(
        "Runtime.callFunctionOn",
        {
            "objectId": handle["objectId"],
            "functionDeclaration": DISPLAYED_IN_TEXT_NODE,
            "returnByValue": True,
        },
    )["result"]["value"]
    session.detach()
    return result


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "x")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


@pytest.fixture
def corpus():
    article = make_article(title=TITLE, paragraphs=[TEXT])
    paragraph = article.paragraphs.get()
    office = make_actor("مكتب الهجرة", kind="government_body")
    phone_claim = make_annotation(paragraph, INTERNATIONAL, kind=Annotation.Kind.CLAIM)
    make_annotation(paragraph, "المكتب", kind=Annotation.Kind.ACTOR, actor=office)
    return {"article": article, "paragraph": paragraph, "claim": phone_claim}


def test_an_article_title_reads_in_order_in_its_heading_breadcrumbs_list_and_history(
    page, live_server, head_curator, corpus
):
    article = corpus["article"]
    # A change of hers the dashboard lists under «آخر الإجراءات».
    LogEntry.objects.log_actions(
        user_id=head_curator.pk, queryset=[article], action_flag=CHANGE, single_object=True
    )
    log_in(page, live_server, head_curator)
    assert displayed(page, "#recent-actions-module", DATE) == DATE

    page.goto(live_server.url + reverse("admin:archive_article_change", args=[article.pk]))
    assert displayed(page, "#content h2", DATE) == DATE
    assert displayed(page, ".breadcrumbs", DATE) == DATE

    page.goto(live_server.url + reverse("admin:archive_article_changelist"))
    assert displayed(page, "#result_list .field-article_title", DATE) == DATE

    page.goto(live_server.url + reverse("admin:archive_article_history", args=[article.pk]))
    assert displayed(page, "#content h1", DATE) == DATE
    assert displayed(page, ".breadcrumbs", DATE) == DATE
    assert displayed(page, "#change-history", DATE) == DATE

    page.goto(live_server.url + reverse("admin:archive_article_delete", args=[article.pk]))
    assert displayed(page, ".breadcrumbs", DATE) == DATE
    assert displayed(page, "#content p", DATE) == DATE  # «هل أنت متأكد … "اجتماع 2020-11-09 …"؟»


def test_a_paragraph_reads_in_order_in_the_lists_and_the_previews(
    page, live_server, head_curator, corpus
):
    log_in(page, live_server, head_curator)

    page.goto(live_server.url + reverse("admin:archive_paragraph_changelist"))
    assert displayed(page, "#result_list .field-excerpt", PHONE) == PHONE
    assert displayed(page, "#result_list .field-article_link", DATE) == DATE
    page.goto(
        live_server.url + reverse("admin:archive_paragraph_change", args=[corpus["paragraph"].pk])
    )
    assert displayed(page, ".stored-text", PHONE) == PHONE
    assert displayed(page, ".stored-text", INTERNATIONAL) == INTERNATIONAL

    page.goto(live_server.url + reverse("admin:annotations_annotation_changelist"))
    assert displayed(page, "#result_list .field-quote_excerpt", INTERNATIONAL) == INTERNATIONAL
    assert displayed(page, "#result_list .field-article_title", DATE) == DATE
    page.goto(
        live_server.url + reverse("admin:annotations_annotation_change", args=[corpus["claim"].pk])
    )
    # The paragraph with the claim's span marked: the number inside the mark too.
    assert displayed(page, ".stored-text", PHONE) == PHONE
    assert displayed(page, ".stored-text mark", INTERNATIONAL) == INTERNATIONAL


def test_text_boxes_of_numbers_and_latin_names_read_left_to_right(
    page, live_server, head_curator, corpus
):
    putin = make_actor("فلاديمير بوتين", kind="person")
    putin.name_en = "Vladimir Putin, +7 495 606-36-02"
    putin.save()
    numbered = make_article(title=PHONE, paragraphs=[TEXT])
    log_in(page, live_server, head_curator)

    page.goto(
        live_server.url + reverse("admin:annotations_annotation_change", args=[corpus["claim"].pk])
    )
    # The quote is a telephone number alone: its box reads it left to right, «+» first.
    assert displayed_in_box(page, "#id_exact") == INTERNATIONAL

    page.goto(live_server.url + reverse("admin:annotations_actor_change", args=[putin.pk]))
    assert displayed_in_box(page, "#id_name_en") == putin.name_en

    page.goto(live_server.url + reverse("admin:archive_article_change", args=[numbered.pk]))
    assert displayed_in_box(page, "#id_title") == PHONE
    assert displayed(page, "#content h2", PHONE) == PHONE
