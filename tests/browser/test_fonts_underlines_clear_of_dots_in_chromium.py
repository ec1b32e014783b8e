"""The underlines of claims, sources and actors pass below the dots of ي and kasra, touching no letter.

Each mark is photographed three times at twice the pixel density, with a test-only
stylesheet (added through the CSSOM, which the page's CSP allows): letters hidden with
the underline shown, letters and underline hidden, letters shown without the underline.
What differs from the second picture is the underline, or the ink of the letters; the
lowest row of ink must lie above the first row of underline.
"""

import base64

import pytest

from annotations.models import Annotation
from tests.browser.pixels import with_pixels
from tests.factories import make_actor, make_annotation, make_article

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# The deepest marks of Naskh: the dots of a final ي («في»), kasra under a dotted letter,
# the dots of a medial ي and of ج, ḍamma on hamza.
WORDS = "فِي بيروتِ يجيءُ بِبَيتِي"
PARAGRAPH = f"قال {WORDS} اليوم"

ADOPT = """(css) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [sheet];
    document.activeElement?.blur();
}"""

CHANGED_ROWS = with_pixels(
    "first, second",
    """    const rows = [];
    for (let y = 0; y < a.height; y++) {
        for (let x = 0; x < a.width; x++) {
            const k = (y * a.width + x) * 4;
            const d = Math.abs(a.data[k] - b.data[k]) + Math.abs(a.data[k + 1] - b.data[k + 1])
                + Math.abs(a.data[k + 2] - b.data[k + 2]);
            if (d > 24) { rows.push(y); break; }
        }
    }
    return rows;""",
)


@pytest.fixture
def sharp_page(browser, live_server):
    context = browser.new_context(
        locale="ar", viewport={"width": 1000, "height": 800}, device_scale_factor=2
    )
    page = context.new_page()
    yield page
    context.close()


def marked_article():
    putin = make_actor("فلاديمير بوتين", kind="person")
    article = make_article(paragraphs=[PARAGRAPH] * 4)
    source, actor, claim, nested = article.paragraphs.order_by("position")
    make_annotation(source, WORDS, kind=Annotation.Kind.SOURCE)
    make_annotation(actor, WORDS, kind=Annotation.Kind.ACTOR, actor=putin)
    make_annotation(claim, WORDS, kind=Annotation.Kind.CLAIM)
    make_annotation(nested, WORDS, kind=Annotation.Kind.CLAIM)
    make_annotation(nested, "بيروتِ يجيءُ", kind=Annotation.Kind.ACTOR, actor=putin)
    return article


def picture(page, clip, css):
    page.evaluate(ADOPT, css)
    return base64.b64encode(page.screenshot(clip=clip, animations="disabled")).decode()


def bands(rows):
    """Runs of consecutive rows: one per line drawn."""
    runs = []
    for row in rows:
        if runs and row == runs[-1][-1] + 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    return runs


def ink_and_underline(page, paragraph):
    """(lowest row of the letters' ink, rows of underline), in device pixels, under the mark."""
    marks = f"#p-{paragraph} mark"
    # All the marks' boxes together (the highlight may be cut in segments).
    box = page.evaluate(
        """(selector) => {
            const boxes = [...document.querySelectorAll(selector)].map(m => m.getBoundingClientRect());
            const x = Math.min(...boxes.map(b => b.left)), y = Math.min(...boxes.map(b => b.top));
            return {x, y, width: Math.max(...boxes.map(b => b.right)) - x,
                    height: Math.max(...boxes.map(b => b.bottom)) - y};
        }""",
        marks,
    )
    size = page.locator(f"#p-{paragraph}").evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
    # The mark's own box, and below it room for the lowest underline (under 1em): the next
    # paragraph starts further down.
    clip = {
        "x": box["x"] + 2,
        "y": box["y"],
        "width": box["width"] - 4,
        "height": box["height"] + size,
    }
    underline = picture(page, clip, f"{marks} {{ color: transparent !important; }}")
    bare = picture(
        page,
        clip,
        f"{marks} {{ color: transparent !important; text-decoration-line: none !important; }}",
    )
    ink = picture(page, clip, f"{marks} {{ text-decoration-line: none !important; }}")
    page.evaluate(ADOPT, "")
    ink_rows = page.evaluate(CHANGED_ROWS, [ink, bare])
    underline_rows = page.evaluate(CHANGED_ROWS, [underline, bare])
    assert ink_rows and underline_rows
    return max(ink_rows), underline_rows


@pytest.mark.parametrize(
    ("paragraph", "kind"), [(1, "source (dashed)"), (2, "actor (dotted)"), (3, "claim (solid)")]
)
def test_an_underline_passes_below_every_dot_and_haraka(sharp_page, live_server, paragraph, kind):
    page = sharp_page
    article = marked_article()
    page.goto(live_server.url + article.get_absolute_url())
    page.evaluate("document.fonts.ready")

    lowest_ink, underline = ink_and_underline(page, paragraph)

    # At least one CSS pixel of paper between the lowest dot and the line.
    assert min(underline) - lowest_ink >= 2, kind


def test_an_actor_inside_a_claim_shows_both_lines_below_the_letters(sharp_page, live_server):
    page = sharp_page
    article = marked_article()
    page.goto(live_server.url + article.get_absolute_url())
    page.evaluate("document.fonts.ready")

    lowest_ink, underline = ink_and_underline(page, 4)

    assert min(underline) - lowest_ink >= 2
    # The actor's dotted line, then the claim's solid one: two lines, apart.
    assert len(bands(underline)) >= 2
