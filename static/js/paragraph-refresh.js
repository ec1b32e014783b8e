// After a save, only what it changed is read again from the server, which owns the
// highlighting: one paragraph's element, its cards and its annotations' editor data
// (GET <article>/paragraphs/N/fragment/), put in place of the old ones. Nothing else
// on the page is touched, so a save costs the same on an article with 2,000
// annotations as on one with none. Should that answer fail, the whole page is read
// again, as before there were fragments, so the page never shows a stale highlight.
import { forgetAll, replaceParagraph } from "./editor-data.js";
import { emphasiseTarget } from "./reading.js";

const NO_CARDS = "لا توسيمات على هذا المقال بعد.";

function articlePath() {
  const url = document.querySelector("[data-article-url]")?.dataset.articleUrl || location.pathname;
  return url.endsWith("/") ? url : `${url}/`;
}

async function fetchFragment(position) {
  const response = await fetch(`${articlePath()}paragraphs/${position}/fragment/`, {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  });
  if (!response.ok) throw new Error(`fragment ${position}: ${response.status}`);
  return response.json();
}

function element(html) {
  const template = document.createElement("template");
  template.innerHTML = html.trim();
  return template.content.firstElementChild;
}

// The list's own children, not a selector: a selector visits every element inside
// every card, tens of thousands on a long article.
function cardsOf(box, paragraphId = null) {
  return Array.prototype.filter.call(
    box.children,
    (el) => el.classList.contains("card") && (paragraphId === null || el.dataset.paragraph === paragraphId),
  );
}

// The paragraph a card on the page belongs to (card-ID): the one holding its highlight's
// anchor (a-ID), so the editor's data need not have arrived.
function positionOfCard(card) {
  const paragraph = document.getElementById(`a-${card.id.slice(5)}`)?.closest("p[data-position]");
  return paragraph ? Number(paragraph.dataset.position) : Number.NaN;
}

function childWithClass(box, name) {
  return Array.prototype.find.call(box.children, (el) => el.classList.contains(name)) || null;
}

// Where a paragraph's cards go when it had none: before the first card of a later
// paragraph. Cards are in page order, so a binary search reads a few of them only.
function firstCardAfter(box, position) {
  const cards = cardsOf(box);
  let low = 0;
  let high = cards.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (positionOfCard(cards[middle]) > position) high = middle;
    else low = middle + 1;
  }
  return cards[low] || childWithClass(box, "data-links");
}

function putCards(box, fragment) {
  const { id, position } = fragment.paragraph;
  const stale = cardsOf(box, String(id));
  const before = stale.length
    ? stale[stale.length - 1].nextElementSibling
    : firstCardAfter(box, position);
  stale.forEach((card) => card.remove());
  const cards = fragment.cards.map((card) => element(card.html));
  if (before) before.before(...cards);
  else box.append(...cards);
}

// «التوسيمات (N)» and, with no card left, the sentence that says so.
function recount(box) {
  const count = cardsOf(box).length;
  const heading = box.firstElementChild?.matches("h2") ? box.firstElementChild : null;
  if (heading) heading.textContent = heading.textContent.replace(/\d+/, String(count));
  const empty = childWithClass(box, "empty");
  if (count && empty) empty.remove();
  if (!count && !empty) {
    const sentence = document.createElement("p");
    sentence.className = "empty";
    sentence.textContent = NO_CARDS;
    (heading || box.firstChild)?.after(sentence);
  }
}

function apply(fragment) {
  const { position, html } = fragment.paragraph;
  document.getElementById(`p-${position}`)?.replaceWith(element(html));
  const box = document.getElementById("annotation-cards");
  if (box) putCards(box, fragment);
  replaceParagraph(position, fragment.annotations);
}

// Read paragraphs `positions` again and put them, their cards and their data in place.
export async function refreshParagraphs(positions) {
  try {
    const fragments = await Promise.all([...new Set(positions)].map(fetchFragment));
    for (const fragment of fragments) apply(fragment);
    const box = document.getElementById("annotation-cards");
    if (box) recount(box);
  } catch {
    await refreshWholePage();
  }
  emphasiseTarget({ scroll: false });
}

async function refreshWholePage() {
  const response = await fetch(location.pathname, { credentials: "same-origin" });
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  for (const id of ["article-body", "annotation-cards"]) {
    const fresh = page.getElementById(id);
    if (fresh) document.getElementById(id)?.replaceWith(document.adoptNode(fresh));
  }
  forgetAll();
}
