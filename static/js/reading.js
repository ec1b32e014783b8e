// Reading page: show an annotation's card on hover, focus or tap, and
// emphasise the annotation a permalink (#a-ID) points at.

const popover = document.createElement("div");
popover.className = "hl-popover";
popover.id = "hl-popover";
popover.setAttribute("role", "tooltip");
popover.hidden = true;
document.body.append(popover);

let hideTimer = null;

function coveringIds(mark) {
  const ids = [];
  for (let el = mark; el && el.matches?.("mark.hl"); el = el.parentElement) {
    ids.push(el.dataset.a);
  }
  return ids; // innermost first
}

export function showCards(mark) {
  clearTimeout(hideTimer);
  popover.replaceChildren();
  for (const id of coveringIds(mark)) {
    const card = document.getElementById(`card-${id}`);
    if (!card) continue;
    const copy = card.cloneNode(true);
    copy.removeAttribute("id");
    copy.querySelector(".card-actions")?.remove();
    popover.append(copy);
  }
  if (!popover.childElementCount) return;
  popover.hidden = false;
  const rect = mark.getBoundingClientRect();
  const width = Math.min(360, document.documentElement.clientWidth - 16);
  popover.style.width = `${width}px`;
  const right = Math.max(8, document.documentElement.clientWidth - rect.right);
  popover.style.right = `${Math.min(right, document.documentElement.clientWidth - width - 8)}px`;
  popover.style.top = `${window.scrollY + rect.bottom + 6}px`;
}

export function hideCards() {
  hideTimer = setTimeout(() => { popover.hidden = true; }, 120);
}

// Delegated from the document: the editor replaces the article body after a save.
const markAt = (event) => event.target.closest?.("#article-body mark.hl");
document.addEventListener("mouseover", (event) => {
  const mark = markAt(event);
  if (mark) showCards(mark);
});
document.addEventListener("mouseout", (event) => {
  if (markAt(event)) hideCards();
});
document.addEventListener("focusin", (event) => {
  const mark = markAt(event);
  if (mark) showCards(mark);
});
document.addEventListener("focusout", (event) => {
  if (markAt(event)) hideCards();
});
document.addEventListener("click", (event) => {
  const mark = markAt(event);
  if (mark && window.getSelection().isCollapsed) showCards(mark);
});
popover.addEventListener("mouseover", () => clearTimeout(hideTimer));
popover.addEventListener("mouseout", hideCards);
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") popover.hidden = true;
});

// `scroll: false` after a save re-marks a target the save redrew without moving the
// page away from where the editor is working.
// What is emphasised now, kept rather than searched for: on a page of thousands of
// marks a search of the whole document after every save would cost more than the save.
let emphasised = [];

export function emphasiseTarget({ scroll = true } = {}) {
  emphasised.forEach((el) => el.classList.remove("hl-target", "card-target"));
  emphasised = [];
  const match = /^#a-(\d+)$/.exec(location.hash);
  if (!match) return;
  const marks = Array.from(document.querySelectorAll(`mark.hl[data-a="${match[1]}"]`));
  marks.forEach((m) => m.classList.add("hl-target"));
  if (scroll) marks[0]?.scrollIntoView({ block: "center" });
  const card = document.getElementById(`card-${match[1]}`);
  card?.classList.add("card-target");
  emphasised = card ? [...marks, card] : marks;
}

window.addEventListener("hashchange", () => emphasiseTarget());
emphasiseTarget();
