// Offsets cross the browser/server boundary here. The DOM counts UTF-16 code
// units; the server counts Unicode code points (an emoji is 2 units, 1 point).

export function codePointLength(text) {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

// What a boundary may not cut, as the server's annotations.anchoring says: a
// letter and its harakat, a grapheme cluster (a flag, an emoji sequence, a
// keycap), and lam-alef «لا لأ لإ لآ», two letters drawn as one glyph.
const MARK = /^[\p{Mn}\p{Me}]$/u;
const LAM = "\u0644";
const ALEFS = new Set(["\u0627", "\u0623", "\u0625", "\u0622", "\u0671"]);

function clusterEdges(text) {
  const edges = new Set([0]);
  let at = 0;
  for (const { segment } of new Intl.Segmenter("ar", { granularity: "grapheme" }).segment(text)) {
    at += codePointLength(segment);
    edges.add(at);
  }
  return edges;
}

function cutsLamAlef(chars, at) {
  if (!ALEFS.has(chars[at])) return false;
  let lam = at - 1;
  while (lam >= 0 && MARK.test(chars[lam])) lam -= 1;
  return lam >= 0 && chars[lam] === LAM;
}

// [start, end] (code points) widened outward until neither edge splits what
// the reader sees as one character: a selection of «الل» in «اللاجئين» becomes «اللا».
export function wholeSpan(text, start, end) {
  const chars = Array.from(text);
  const edges = clusterEdges(text);
  const splits = (at) =>
    at > 0 && at < chars.length && (MARK.test(chars[at]) || !edges.has(at) || cutsLamAlef(chars, at));
  while (splits(start)) start -= 1;
  while (splits(end)) end += 1;
  return [start, end];
}

// The selection inside one paragraph as code-point offsets into its text, or
// an error message when it cannot be annotated. A selection that cuts a glyph
// is widened to the glyph's edges, on the page too, before anything is sent.
export function selectionInParagraph(selection, container) {
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  let range = selection.getRangeAt(0);
  const startParagraph = paragraphOf(range.startContainer, container);
  const endParagraph = paragraphOf(range.endContainer, container);
  if (!startParagraph && !endParagraph) return null;
  if (startParagraph !== endParagraph || !startParagraph) {
    return { error: "حدّد نصًا داخل فقرة واحدة: التوسيم لا يتجاوز الفقرة." };
  }
  const before = document.createRange();
  before.setStart(startParagraph, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const selectedStart = codePointLength(before.toString());
  const selectedEnd = selectedStart + codePointLength(range.toString());
  const text = startParagraph.textContent;
  const [start, end] = wholeSpan(text, selectedStart, selectedEnd);
  if (start !== selectedStart || end !== selectedEnd) {
    range = rangeAt(startParagraph, text, start, end);
    selection.removeAllRanges();
    selection.addRange(range);
  }
  return {
    paragraph: startParagraph,
    position: Number(startParagraph.dataset.position),
    start,
    end,
    exact: Array.from(text).slice(start, end).join(""),
    rect: range.getBoundingClientRect(),
  };
}

// A DOM Range over code points [start, end) of the paragraph's text.
function rangeAt(paragraph, text, start, end) {
  const chars = Array.from(text);
  const units = (points) => chars.slice(0, points).join("").length;
  const [from, to] = [units(start), units(end)];
  const range = document.createRange();
  const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
  let offset = 0;
  let started = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.data.length;
    if (!started && from <= offset + length) {
      range.setStart(node, from - offset);
      started = true;
    }
    if (to >= offset && to <= offset + length) {
      range.setEnd(node, to - offset);
      break;
    }
    offset += length;
  }
  return range;
}

function paragraphOf(node, container) {
  const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
  const paragraph = element?.closest("p[data-position]");
  return paragraph && container.contains(paragraph) ? paragraph : null;
}
