// Editor tools on the reading page: select Arabic text, tag it as a claim,
// source or actor, save it through the API, see the highlight at once.
//
// Set-up does nothing per annotation, so a page with thousands is ready as fast as
// one with none: clicks are handled once for the whole document, the annotations'
// data is read from the server once the editor is ready (editor-data.js), and a save
// reads back only the paragraphs it changed (paragraph-refresh.js).
import { annotation as annotationJson, claimsThrough, editorData, loadAnnotations, positionOf } from "./editor-data.js";
import { selectionInParagraph } from "./offsets.js";
import { refreshParagraphs } from "./paragraph-refresh.js";

const $ = (id) => document.getElementById(id);
const form = $("editor-form");
const button = $("annotate-button");
const status = $("editor-status");
const errorBox = $("editor-error");
let current = null; // {position, start, end, exact} of the span being edited
let editingId = null;
let actorMatches = new Map(); // shown label → actor IRI
let stanceTouched = false;
const PREFETCH_AFTER_MS = 1500;
let saving = 0; // saves and deletes under way: the annotations' data is not read meanwhile

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

async function api(method, url, body) {
  const response = await fetch(url, {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/ld+json", "X-CSRFToken": csrfToken(), Accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(payload.error || `خطأ ${response.status}`);
  return payload;
}

function say(message) {
  status.textContent = message;
}

// --- selection → button -------------------------------------------------
function currentSelection() {
  return selectionInParagraph(window.getSelection(), $("article-body"));
}

function updateButton() {
  if (!form.hidden) return;
  const selected = currentSelection();
  if (!selected) { button.hidden = true; return; }
  if (selected.error) { button.hidden = true; say(selected.error); return; }
  say("");
  button.hidden = false;
  button.style.top = `${window.scrollY + selected.rect.bottom + 8}px`;
  button.style.right = `${Math.max(8, document.documentElement.clientWidth - selected.rect.right)}px`;
}

document.addEventListener("mouseup", () => setTimeout(updateButton, 0));
document.addEventListener("keyup", (event) => { if (event.shiftKey || event.key.startsWith("Arrow")) updateButton(); });
button.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
button.addEventListener("click", () => openForSelection());
document.addEventListener("keydown", (event) => {
  if (event.altKey && (event.key === "a" || event.key === "ش" || event.code === "KeyA")) {
    event.preventDefault();
    openForSelection();
  }
  if (event.key === "Escape" && !form.hidden) closeForm();
});
button.title = "وسم النص المحدد (Alt+A)";
button.setAttribute("aria-keyshortcuts", "Alt+A");

function openForSelection() {
  const selected = currentSelection();
  if (!selected) { say("حدّد نصًا في فقرة أولًا."); return; }
  if (selected.error) { say(selected.error); return; }
  editingId = null;
  current = selected;
  resetForm();
  openForm("توسيم جديد");
}

// --- the form ------------------------------------------------------------
function kind() {
  return form.querySelector("input[name=kind]:checked").value;
}

function showFieldsForKind() {
  const k = kind();
  form.querySelectorAll("[data-for]").forEach((el) => { el.hidden = el.dataset.for !== k; });
  $("editor-actor-label").textContent = { claim: "القائل", source: "المصدر (من هو)", actor: "الفاعل المذكور" }[k];
}

// The page's sources, offered as what a claim came through, read from their cards
// (the list's own children, in page order): the form opens at once, whether or not the
// annotations' data has arrived.
function fillSources(selectedIri = "") {
  const select = $("editor-via");
  select.replaceChildren(new Option("— بلا مصدر —", ""));
  const box = $("annotation-cards");
  if (!box) return;
  for (const card of box.children) {
    if (!card.classList.contains("card-source")) continue;
    const iri = `${editorData().annotationsApi}${card.id.slice(5)}/`;
    const quote = card.querySelector(":scope > blockquote").textContent;
    const actor = card.querySelector(":scope > dl > dd:not(.tags) > a > bdi")?.textContent;
    const label = `${quote.length > 50 ? quote.slice(0, 50) + "…" : quote}${actor ? " (" + actor + ")" : ""}`;
    select.add(new Option(label, iri, false, iri === selectedIri));
  }
}

function resetForm() {
  form.reset();
  errorBox.hidden = true;
  $("editor-new-actor").hidden = true;
  $("editor-actor-hint").textContent = "";
  actorMatches = new Map();
  stanceTouched = false;
  fillSources();
  showFieldsForKind();
}

function openForm(heading) {
  $("editor-heading").textContent = heading;
  $("editor-quote").textContent = current.exact;
  button.hidden = true;
  form.hidden = false;
  form.querySelector("input[name=kind]:checked").focus();
}

function closeForm() {
  form.hidden = true;
  editingId = null;
  current = null;
}

form.addEventListener("change", (event) => { if (event.target.name === "kind") showFieldsForKind(); });
$("editor-cancel").addEventListener("click", closeForm);

// --- actors: any alias finds the actor --------------------------------------
let actorTimer = null;
$("editor-actor").addEventListener("input", () => {
  clearTimeout(actorTimer);
  actorTimer = setTimeout(lookUpActors, 150);
});

async function lookUpActors() {
  const text = $("editor-actor").value.trim();
  const list = $("editor-actor-options");
  if (!text) { list.replaceChildren(); describeActorChoice(); return; }
  const { results } = await api("GET", `/api/actors/?q=${encodeURIComponent(text)}`);
  actorMatches = new Map();
  list.replaceChildren();
  for (const actor of results) {
    actorMatches.set(actor.name, actor.id);
    for (const alias of actor.aliases) if (!actorMatches.has(alias)) actorMatches.set(alias, actor.id);
    const option = document.createElement("option");
    option.value = actor.name;
    option.label = `${actor.kindLabel} · ${actor.aliases.filter((a) => a !== actor.name).join("، ")}`;
    list.append(option);
  }
  describeActorChoice();
}

function describeActorChoice() {
  const text = $("editor-actor").value.trim();
  const known = actorMatches.get(text);
  const canCreate = editorData().canAddActor && text && !known;
  $("editor-new-actor").hidden = !canCreate;
  $("editor-actor-hint").textContent = known ? "" : canCreate ? `سيُنشأ فاعل جديد باسم «${text}».` : "";
}

// --- cue → suggested stance --------------------------------------------------
function fold(text) {
  return text
    .normalize("NFKC")
    .replace(/[\u0610-\u061A\u064B-\u065F\u0670\u0640]/g, "")
    .replace(/[أإآٱ]/g, "ا").replace(/ى/g, "ي").replace(/ة/g, "ه").replace(/ؤ/g, "و").replace(/ئ/g, "ي")
    .toLowerCase();
}

$("editor-stance").addEventListener("change", () => { stanceTouched = true; });
$("editor-cue").addEventListener("input", () => {
  if (stanceTouched) return;
  const key = fold($("editor-cue").value.trim());
  const { cues } = editorData();
  const stance = cues[key] || (/^[وف]/.test(key) ? cues[key.slice(1)] : "") || "";
  $("editor-stance").value = stance;
});

// --- save ----------------------------------------------------------------------
async function resolveActor() {
  const text = $("editor-actor").value.trim();
  if (!text) return null;
  if (!actorMatches.size) await lookUpActors();
  if (actorMatches.has(text)) return actorMatches.get(text);
  if (!editorData().canAddActor) throw new Error("هذا الفاعل غير موجود، ولا تملك صلاحية إضافة فاعلين.");
  const created = await api("POST", "/api/actors/", { name: text, kind: $("editor-actor-kind").value });
  return created.id;
}

function buildAnnotation(actorIri) {
  const k = kind();
  const body = [{ type: "TextualBody", purpose: "classifying", role: "kind", value: k }];
  if (actorIri) body.push({ type: "SpecificResource", purpose: "identifying", role: "actor", source: actorIri });
  if (k === "claim") {
    if ($("editor-via").value) body.push({ type: "SpecificResource", purpose: "linking", role: "via", source: $("editor-via").value });
    if ($("editor-cue").value.trim()) body.push({ type: "TextualBody", purpose: "describing", role: "cue", value: $("editor-cue").value.trim() });
    for (const [role, id] of [["stance", "editor-stance"], ["quote", "editor-quote-type"]]) {
      if ($(id).value) body.push({ type: "TextualBody", purpose: "classifying", role, value: $(id).value });
    }
  }
  if (k === "source" && $("editor-specificity").value) {
    body.push({ type: "TextualBody", purpose: "classifying", role: "specificity", value: $("editor-specificity").value });
  }
  for (const tag of $("editor-tags").value.split(/[,،]/).map((t) => t.trim()).filter(Boolean)) {
    body.push({ type: "TextualBody", purpose: "tagging", value: tag });
  }
  if ($("editor-note").value.trim()) body.push({ type: "TextualBody", purpose: "commenting", value: $("editor-note").value.trim(), format: "text/plain" });
  const annotation = {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    type: "Annotation",
    body,
    target: {
      source: `${editorData().articleUrl}#p-${current.position}`,
      selector: [
        { type: "TextQuoteSelector", exact: current.exact },
        { type: "TextPositionSelector", start: current.start, end: current.end },
      ],
    },
  };
  // A change names the version it was made to; if someone saved the annotation
  // since, the server refuses it (409) rather than overwrite their work. The
  // editor's data of a changed paragraph is read again after every save, so this
  // is always the latest version this page has seen.
  if (editingId) annotation.modified = annotationJson(editingId).modified;
  return annotation;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  errorBox.hidden = true;
  $("editor-save").disabled = true;
  saving += 1;
  try {
    const changed = editingId ? await paragraphsShowing(editingId) : [current.position];
    const saved = await (async () => {
      const annotation = buildAnnotation(await resolveActor());
      return editingId
        ? api("PUT", `/api/annotations/${editingId}/`, annotation)
        : api("POST", "/api/annotations/", annotation);
    })();
    closeForm();
    window.getSelection().removeAllRanges();
    await refreshParagraphs(changed);
    const id = saved.id.match(/(\d+)\/$/)[1];
    say("حُفظ التوسيم.");
    document.querySelector(`mark.hl[data-a="${id}"][tabindex]`)?.focus();
  } catch (error) {
    errorBox.textContent = error.message;
    errorBox.hidden = false;
  } finally {
    saving -= 1;
    $("editor-save").disabled = false;
  }
});

// The paragraphs whose highlights or cards show annotation `id`: its own, and for a
// source those of the claims that came through it (their cards quote the source).
async function paragraphsShowing(id) {
  const annotation = (await loadAnnotations())[id];
  return [positionOf(annotation), ...(await claimsThrough(annotation.id)).map(positionOf)];
}

// --- edit and delete from a card --------------------------------------------------
function bodyValue(annotation, role) {
  return annotation.body.find((b) => b.role === role)?.value || "";
}
function actorBody(annotation) {
  return annotation.body.find((b) => b.role === "actor");
}

document.addEventListener("click", async (event) => {
  const action = event.target.closest("button[data-action]");
  if (!action) return;
  const id = action.dataset.a;
  let annotation;
  try {
    annotation = (await loadAnnotations())[id];
  } catch (error) {
    say(error.message);
    return;
  }
  if (!annotation) return;
  if (action.dataset.action === "delete") {
    if (!window.confirm("حذف هذا التوسيم نهائيًا؟")) return;
    try {
      // The version this page loaded: a delete after someone else's change is refused (409).
      const modified = encodeURIComponent(annotation.modified);
      const changed = await paragraphsShowing(id);
      saving += 1;
      try {
        await api("DELETE", `/api/annotations/${id}/?modified=${modified}`);
        await refreshParagraphs(changed);
      } finally {
        saving -= 1;
      }
      say("حُذف التوسيم.");
    } catch (error) {
      say(error.message);
    }
    return;
  }
  const [quote, position] = annotation.target.selector;
  current = {
    position: Number(annotation.target.source.split("#p-")[1]),
    start: position.start,
    end: position.end,
    exact: quote.exact,
  };
  editingId = id;
  resetForm();
  form.querySelector(`input[name=kind][value="${bodyValue(annotation, "kind")}"]`).checked = true;
  showFieldsForKind();
  const actor = actorBody(annotation)?.source;
  if (actor) {
    $("editor-actor").value = actor.name;
    actorMatches.set(actor.name, actor.id);
  }
  fillSources(annotation.body.find((b) => b.role === "via")?.source || "");
  $("editor-cue").value = bodyValue(annotation, "cue");
  $("editor-stance").value = bodyValue(annotation, "stance");
  stanceTouched = Boolean(bodyValue(annotation, "stance"));
  $("editor-quote-type").value = bodyValue(annotation, "quote");
  $("editor-specificity").value = bodyValue(annotation, "specificity");
  $("editor-tags").value = annotation.body.filter((b) => b.purpose === "tagging").map((b) => b.value).join("، ");
  $("editor-note").value = annotation.body.find((b) => b.purpose === "commenting")?.value || "";
  openForm("تعديل التوسيم");
});

// Ready once the first frame after this set-up is drawn: the page can be read and
// the editor used (text selected, the form opened and saved; «تعديل» waits for the
// annotations' data). Tests and bench/editor_in_chromium.py time the mark.
requestAnimationFrame(() => setTimeout(() => {
  performance.mark("qiraa:editor-ready");
  document.documentElement.dataset.editorReady = "";
  // The annotations' data is read once the editor has been left alone a moment (or
  // sooner, by «تعديل» or «حذف», which need it), so that it does not slow what the
  // editor does first: reading, selecting, saving a new annotation need none of it.
  // Nor is it read while a save is under way: it would compete with the save's own reads.
  const later = () =>
    setTimeout(() => (window.requestIdleCallback || setTimeout)(prefetch), PREFETCH_AFTER_MS);
  const prefetch = () => (saving ? later() : loadAnnotations().catch(() => {})); // said when needed
  later();
}));
