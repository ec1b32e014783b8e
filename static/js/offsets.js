// Offsets cross the browser/server boundary here. The DOM counts UTF-16 code
// units; the server counts Unicode code points (an emoji is 2 units, 1 point).

export function codePointLength(text) {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

// The selection inside one paragraph as code-point offsets into its text, or
// an error message when it cannot be annotated.
export function selectionInParagraph(selection, container) {
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  const startParagraph = paragraphOf(range.startContainer, container);
  const endParagraph = paragraphOf(range.endContainer, container);
  if (!startParagraph && !endParagraph) return null;
  if (startParagraph !== endParagraph || !startParagraph) {
    return { error: "حدّد نصًا داخل فقرة واحدة: التوسيم لا يتجاوز الفقرة." };
  }
  const before = document.createRange();
  before.setStart(startParagraph, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const exact = range.toString();
  const start = codePointLength(before.toString());
  return {
    paragraph: startParagraph,
    position: Number(startParagraph.dataset.position),
    start,
    end: start + codePointLength(exact),
    exact,
    rect: range.getBoundingClientRect(),
  };
}

function paragraphOf(node, container) {
  const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
  const paragraph = element?.closest("p[data-position]");
  return paragraph && container.contains(paragraph) ? paragraph : null;
}
