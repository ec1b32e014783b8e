"""How long an editor waits on a long article, in Chromium: until the editor is ready, and
from «حفظ» until the new highlight shows.

Shared by tests/browser/test_editor_stays_fast_on_a_long_article_in_chromium.py and
bench/editor_in_chromium.py, so the test and the benchmark measure the same thing.

- ready: from the start of the navigation until editor.js has set the page up and the
  first frame after it is drawn (the `qiraa:editor-ready` performance mark; the page
  then carries `data-editor-ready` on <html>).
- save: from the click on «حفظ» until the new highlight is in the paragraph and the
  frame showing it is drawn, timed in the page itself so no round trip to the test
  is counted.
"""

import re
import statistics

from annotations.models import Actor, Annotation
from annotations.opendata import bulk
from tests.factories import make_actor, make_article

PARAGRAPH_COUNT = 300
ANNOTATION_COUNT = 2000

# News sentences as the archive holds them: a Latin code, a date in Arabic-Indic digits,
# harakat, tatweel, an emoji, guillemets.
SENTENCES = [
    "قال المتحدث باسم وزارة الخارجية إن الوفد وصل إلى دمشق صباح اليوم لبحث ملف اللاجئين.",
    "وادعت وزارة الدفاع الروسية أن المؤتمر يهدف إلى إعطاء دفعة إضافية لعودة المهجرين، حسب منصة SY24.",
    "وأكد مصدر محلي أن القصف طال ثلاث قرى في ريف إدلب الجنوبي يوم ٢٠٢٤/٧/٢٦.",
    "وزعـــم المسؤول الروسي أن «انعقاد المُؤتَمَر هو العنصر الأول» في خطة إعادة الإعمار.",
    "ونقلت وكالة الأنباء الرسمية عن محافظ حمص قوله إن المدارس ستفتح أبوابها الشهر المقبل.",
    "وبحسب الأمم المتحدة فإن أكثر من ستة ملايين سوري ما زالوا خارج البلاد 😀 حتى اليوم.",
    "وأشار ناشطون إلى أن الأسعار ارتفعت في أسواق حلب بعد انقطاع الطرق الواصلة إلى الريف.",
]
WORD = re.compile(r"\S+")
TAGS = [f"وسم {n}" for n in range(7)]


def paragraph_texts(count=PARAGRAPH_COUNT):
    n = len(SENTENCES)
    return [
        " ".join(SENTENCES[(i + k) % n] for k in range(3)) + f" ({i + 1})" for i in range(count)
    ]


def long_article(annotation_count, *, user, title):
    """A published article of PARAGRAPH_COUNT paragraphs carrying `annotation_count` annotations.

    In each paragraph, in turn: a source over three words, a claim over the next three
    (through that source, by an actor), an actor mention nested inside the claim; every
    one tagged. Written in bulk, as the annotation importer writes, through its validation.
    """
    article = make_article(paragraphs=paragraph_texts(), title=title)
    if not annotation_count:
        return article
    paragraphs = list(article.paragraphs.order_by("position"))
    speaker = make_actor("وزارة الدفاع الروسية", kind=Actor.Kind.GOVERNMENT_BODY)
    words = {p.pk: [m.span() for m in WORD.finditer(p.text)] for p in paragraphs}
    per_paragraph = -(-annotation_count // len(paragraphs))
    planned = []  # (paragraph, k) in the order they are written
    for n in range(annotation_count):
        planned.append((paragraphs[n % len(paragraphs)], n // len(paragraphs)))
    assert per_paragraph * 3 <= min(len(w) for w in words.values()), "paragraphs too short"

    def span(paragraph, first, last):
        spans = words[paragraph.pk]
        return spans[first][0], spans[last][1]

    def new(paragraph, k, **fields):
        group = k // 3  # which source, claim, mention triple of the paragraph
        role = k % 3
        first = 6 * group + (3 if role else 0)
        start, end = (
            span(paragraph, first, first + 2) if role < 2 else span(paragraph, first + 1, first + 1)
        )
        annotation = Annotation(
            paragraph=paragraph,
            start=start,
            end=end,
            exact=paragraph.text[start:end],
            created_by=user,
            updated_by=user,
            **fields,
        )
        annotation.clean()
        return bulk.NewAnnotation(annotation, [TAGS[(paragraph.position + k) % len(TAGS)]])

    sources = {}
    first_batch = []
    for paragraph, k in planned:
        if k % 3 == 0:
            item = new(paragraph, k, kind=Annotation.Kind.SOURCE, specificity="media_relay")
            sources[(paragraph.pk, k // 3)] = item.annotation
            first_batch.append(item)
    bulk.create_annotations(first_batch)
    second_batch = []
    for paragraph, k in planned:
        if k % 3 == 1:
            second_batch.append(
                new(
                    paragraph,
                    k,
                    kind=Annotation.Kind.CLAIM,
                    actor=speaker,
                    via=sources[(paragraph.pk, k // 3)],
                    cue="وادعت",
                    stance="distancing",
                    note="لم يتأكد من مصدر مستقل." if k == 1 else "",
                )
            )
        elif k % 3 == 2:
            second_batch.append(new(paragraph, k, kind=Annotation.Kind.ACTOR, actor=speaker))
    bulk.create_annotations(second_batch)
    return article


def login(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base_url}/")


READY_PHASES = """() => {
  const n = performance.getEntriesByType("navigation")[0];
  const ready = performance.getEntriesByName("qiraa:editor-ready")[0].startTime;
  return {
    ready: ready / 1000,
    phases: {
      "first byte": n.responseStart / 1000,
      "rest of the HTML": (n.responseEnd - n.responseStart) / 1000,
      "parsed": (n.domInteractive - n.responseEnd) / 1000,
      "scripts and first frame": (ready - n.domInteractive) / 1000,
    },
  };
}"""


def time_ready(page, url, phases=None):
    """Seconds from the start of the navigation until the editor is ready.

    With a dict `phases`, each phase's seconds are appended to its list there.
    """
    page.goto(url, wait_until="commit", timeout=120_000)
    page.wait_for_selector("html[data-editor-ready]", state="attached", timeout=120_000)
    measured = page.evaluate(READY_PHASES)
    if phases is not None:
        for name, seconds in measured["phases"].items():
            phases.setdefault(name, []).append(seconds)
    return measured["ready"]


SAVE_AND_WAIT = """async ([position, exact]) => {
  const p = document.getElementById(`p-${position}`);
  const at = p.textContent.indexOf(exact);
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  let offset = 0, startNode, startOffset, endNode, endOffset;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.data.length;
    if (!startNode && at < offset + length) { startNode = node; startOffset = at - offset; }
    if (startNode && at + exact.length <= offset + length) { endNode = node; endOffset = at + exact.length - offset; break; }
    offset += length;
  }
  const range = document.createRange();
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, endOffset);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
  document.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
  await new Promise((resolve) => setTimeout(resolve, 0));
  document.getElementById("annotate-button").click();
  document.querySelector("input[name=kind][value=source]").click();
  // An editor clicks «حفظ» on a form already drawn: let its frame pass first.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  const before = new Set(Array.from(p.querySelectorAll("mark.hl"), (m) => m.dataset.a));
  const isNew = () => Array.from(
    document.querySelectorAll(`#p-${position} mark.hl`)).some((m) => !before.has(m.dataset.a));
  const started = performance.now();
  const shown = new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (!isNew()) return;
      observer.disconnect();
      // Shown: the frame holding the new highlight has been laid out and drawn.
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now())));
    });
    observer.observe(document.body, { childList: true, subtree: true });
    setTimeout(() => { observer.disconnect(); reject(new Error("no new highlight within 120 s")); }, 120000);
  });
  document.getElementById("editor-save").click();
  return ((await shown) - started) / 1000;
}"""


def time_save(page, position):
    """Seconds from the click on «حفظ» until the new source's highlight is in paragraph `position`."""
    exact = SENTENCES[(position - 1 + 2) % len(SENTENCES)].split()[-2]  # in the third sentence
    return page.evaluate(SAVE_AND_WAIT, [position, exact])


def ratios(page, base_url, empty_url, busy_url, repeats):
    """Median ready and save times for both articles, measured in turns, and their ratios."""
    times = {"ready": {empty_url: [], busy_url: []}, "save": {empty_url: [], busy_url: []}}
    phases = {empty_url: {}, busy_url: {}}
    for repeat in range(repeats):
        for url in (empty_url, busy_url):
            times["ready"][url].append(time_ready(page, f"{base_url}{url}", phases[url]))
            times["save"][url].append(time_save(page, 100 + repeat))
    result = {}
    for measure, by_url in times.items():
        empty = statistics.median(by_url[empty_url])
        busy = statistics.median(by_url[busy_url])
        result[measure] = {"none": empty, "busy": busy, "ratio": busy / empty}
    result["ready phases"] = {
        name: {
            "none": statistics.median(phases[empty_url][name]),
            "busy": statistics.median(phases[busy_url][name]),
        }
        for name in phases[empty_url]
    }
    return result


def describe(result, annotation_count=ANNOTATION_COUNT):
    lines = []
    for measure, label in (("ready", "editor ready"), ("save", "save until the highlight shows")):
        r = result[measure]
        lines.append(
            f"{label}: {r['busy'] * 1000:.0f} ms with {annotation_count} annotations against "
            f"{r['none'] * 1000:.0f} ms with none: ×{r['ratio']:.2f}"
        )
    for name, seconds in result.get("ready phases", {}).items():
        lines.append(
            f"  of which {name}: {seconds['busy'] * 1000:.0f} ms against "
            f"{seconds['none'] * 1000:.0f} ms"
        )
    return "\n".join(lines)
