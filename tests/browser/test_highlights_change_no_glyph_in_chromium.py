"""A highlight never changes a glyph: in a real Chromium, a paragraph with marks, made
invisible, is the same picture, pixel for pixel, as the paragraph without them.

The marks keep a background (the page's own colour, so they cannot be seen): a mark
with a background is what hid the alef of a cut lam-alef. The annotations are written
straight into the table, as old data or an import could have left them, so the
renderer alone must keep every letter whole.

Chromium places the text after an element edge at a slightly different fraction of a
pixel, which changes the anti-aliasing of a few glyph edges (by at most a quarter of
full contrast, measured); a pixel counts as different when a colour channel differs
by more than CONTRAST, far below what a missing or changed glyph does (its ink against
the paper). The self-check below proves the comparison sees a hidden alef.
"""

import base64

import pytest

from annotations.models import Annotation
from tests.browser.pixels import with_pixels
from tests.factories import make_actor, make_article

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

REFUGEES = "عقد في دمشق مؤتمر اللاجئين السوريين لبحث عودتهم"
NO_TO_WAR = "قال المتظاهرون لا للحرب، وقالوا لأنّ الحرب طالت، وقالوا لَا عودة إلى الوراء"
HARAKAT = "انعقد المُؤتَمَرُ الدُّوَلِيُّ في دمشق"
TATWEEL = "وزعـــم المسؤول أن لـا أحد يعلم"
LATIN = "قال Vladimir Putin إن منصة SY24 نشرت الرقم +963 11 234 5678 في 2020-11-09"
FLAG = "رفع المتظاهرون 🇸🇾 في حمص 1\ufe0f\u20e3 فقط"


def at(text, piece, cut=0, occurrence=1):
    """The offset `cut` code points into the `occurrence`-th `piece` of `text`."""
    found = -1
    for _ in range(occurrence):
        found = text.index(piece, found + 1)
    return found + cut


def spans_of(text, *cuts):
    """(kind, start, end) triples, `cuts` given as (kind, (piece, cut), (piece, cut))."""
    return [(kind, at(text, *a), at(text, *b)) for kind, a, b in cuts]


CASES = [
    # mid-word, between two joining letters
    ("mid-word", REFUGEES, spans_of(REFUGEES, ("claim", ("مؤتمر", 2), ("اللاجئين", 5)))),
    # «الل|اجئين»: a mark ending between the second lam and the alef
    ("lam-alef-end", REFUGEES, spans_of(REFUGEES, ("claim", ("مؤتمر", 0), ("اللاجئين", 3)))),
    ("lam-alef-start", REFUGEES, spans_of(REFUGEES, ("source", ("اللاجئين", 3), ("السوريين", 4)))),
    (
        "lam-alef-both-sides",
        NO_TO_WAR,
        spans_of(
            NO_TO_WAR,
            ("actor", ("لا للحرب", 1), ("لأنّ", 1)),
            ("claim", ("لَا", 1), ("لَا", 2)),
        ),
    ),
    ("lam-alef-hamza", NO_TO_WAR, spans_of(NO_TO_WAR, ("claim", ("لأنّ", 1), ("الحرب", 3)))),
    (
        "harakat",
        HARAKAT,
        spans_of(HARAKAT, ("claim", ("المُؤتَمَرُ", 3), ("الدُّوَلِيُّ", 4))),
    ),
    (
        "tatweel",
        TATWEEL,
        spans_of(
            TATWEEL,
            ("claim", ("وزعـــم", 2), ("وزعـــم", 4)),
            ("source", ("لـا", 1), ("لـا", 2)),
        ),
    ),
    (
        "nested",
        REFUGEES,
        spans_of(
            REFUGEES,
            ("claim", ("عقد", 0), ("عودتهم", 6)),
            ("actor", ("دمشق", 1), ("اللاجئين", 3)),
            ("source", ("اللاجئين", 2), ("السوريين", 2)),
        ),
    ),
    (
        "overlapping",
        NO_TO_WAR,
        spans_of(
            NO_TO_WAR,
            ("claim", ("المتظاهرون", 4), ("للحرب", 1)),
            ("source", ("لا للحرب", 1), ("طالت", 2)),
            ("actor", ("الحرب", 1), ("الوراء", 3)),
        ),
    ),
    (
        "latin-runs",
        LATIN,
        spans_of(
            LATIN,
            ("actor", ("Putin", 0), ("Putin", 5)),
            ("claim", ("SY24", 0), ("SY24", 2)),
            ("source", ("234", 0), ("5678", 4)),
            ("claim", ("2020", 2), ("09", 1)),
        ),
    ),
    (
        "flag-and-keycap",
        FLAG,
        spans_of(FLAG, ("claim", ("🇸🇾", 1), ("حمص", 2)), ("actor", ("1\ufe0f", 1), ("فقط", 1))),
    ),
]

CONTRAST = 100  # of 255

# Marks keep a background, the page's own colour, and lose what makes them visible;
# the paragraph is drawn large, so that a glyph's change is many pixels.
INVISIBLE_MARKS = """
#p-1 { font-size: 40px; line-height: 1.8; }
mark.hl, mark.hl-target, mark.qiraa-test {
  background-color: var(--qiraa-test-paper) !important;
  text-decoration: none !important;
  outline: none !important;
  color: inherit !important;
}
"""


def hide_marks(page):
    """Add the stylesheet through the CSSOM: the page's CSP forbids <style> elements."""
    page.evaluate(
        """(css) => {
            const paper = getComputedStyle(document.body).backgroundColor;
            const sheet = new CSSStyleSheet();
            sheet.replaceSync(css.replaceAll("var(--qiraa-test-paper)", paper));
            document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
            document.activeElement?.blur();
        }""",
        INVISIBLE_MARKS,
    )


def paragraph_picture(page, url, *, change=None):
    page.goto(url)
    page.evaluate("document.fonts.ready")
    hide_marks(page)
    if change:
        page.evaluate(change)
    return page.locator("#p-1").screenshot(animations="disabled", caret="hide")


# What the renderer did before glyphs were kept whole: a mark ending between lam and alef.
CUT_LAM_ALEF = """() => {
    const text = document.querySelector("#p-1").firstChild;
    const range = document.createRange();
    const at = text.data.indexOf("اللاجئين");
    range.setStart(text, text.data.indexOf("مؤتمر"));
    range.setEnd(text, at + 3);
    const mark = document.createElement("mark");
    mark.className = "qiraa-test";
    range.surroundContents(mark);
}"""


def test_the_comparison_sees_the_alef_a_cut_lam_alef_hides(page, live_server):
    plain = make_article(paragraphs=[REFUGEES], title="نص بلا توسيم")
    url = live_server.url + plain.get_absolute_url()

    without = paragraph_picture(page, url)
    again = paragraph_picture(page, url)
    cut = paragraph_picture(page, url, change=CUT_LAM_ALEF)

    assert differing_pixels(page, without, again) == 0
    assert differing_pixels(page, without, cut) > 20


def differing_pixels(page, first: bytes, second: bytes) -> int:
    """How many pixels differ by more than CONTRAST between two PNG pictures, -1 if sizes differ."""
    return page.evaluate(
        with_pixels(
            "first, second, contrast",
            """    if (a.width !== b.width || a.height !== b.height) return -1;
    let differing = 0;
    for (let i = 0; i < a.data.length; i += 4) {
        const most = Math.max(...[0, 1, 2, 3].map((k) => Math.abs(a.data[i + k] - b.data[i + k])));
        if (most > contrast) differing += 1;
    }
    return differing;""",
        ),
        [base64.b64encode(first).decode(), base64.b64encode(second).decode(), CONTRAST],
    )


@pytest.mark.parametrize(
    ("text", "spans"), [pytest.param(text, spans, id=name) for name, text, spans in CASES]
)
def test_marks_change_no_pixel_of_the_paragraph(page, live_server, tmp_path, text, spans):
    plain = make_article(paragraphs=[text], title="نص بلا توسيم")
    marked = make_article(paragraphs=[text], title="نص بلا توسيم")
    paragraph = marked.paragraphs.get()
    actor = make_actor()
    for kind, start, end in spans:
        Annotation.objects.create(
            paragraph=paragraph,
            kind=kind,
            start=start,
            end=end,
            exact=text[start:end],
            actor=actor if kind == "actor" else None,
        )

    page.goto(live_server.url + marked.get_absolute_url())
    assert page.locator("#p-1 mark.hl").count() >= len(spans)  # the marks are there
    without = paragraph_picture(page, live_server.url + plain.get_absolute_url())
    with_marks = paragraph_picture(page, live_server.url + marked.get_absolute_url())

    differing = differing_pixels(page, without, with_marks)
    if differing:
        (tmp_path / "without.png").write_bytes(without)
        (tmp_path / "with-marks.png").write_bytes(with_marks)
    assert differing == 0, f"a highlight changed {differing} pixels of the paragraph ({tmp_path})"
