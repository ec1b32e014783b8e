// The editor's data. The page carries only its settings (the cue lexicon, what this
// user may do, the addresses); the W3C JSON of every annotation is megabytes on a long
// article, so it is read from the server (GET <article>/editor-data/) once the editor
// is ready, and whatever needs it waits for it: an editor can select text and open
// the form before it has arrived.

let settings = null;
let annotations = null; // id → W3C JSON, once read
let loading = null; // the promise of `annotations`
// Paragraphs read again (paragraph-refresh.js) while the whole data was on its way:
// they may be newer than it, so they are put over it when it arrives.
let fresher = new Map();
let generation = 0; // renewed when the page is read again: an older read is then dropped

export function editorData() {
  if (!settings) settings = JSON.parse(document.getElementById("editor-data").textContent);
  return settings;
}

async function readAnnotations() {
  const started = generation;
  fresher = new Map();
  const response = await fetch(editorData().annotationsUrl, {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  });
  if (!response.ok) throw new Error("تعذّر تحميل بيانات التوسيمات. أعد تحميل الصفحة.");
  const read = await response.json();
  if (started !== generation) return loadAnnotations();
  for (const [position, fresh] of fresher) putParagraph(read, position, fresh);
  fresher = new Map();
  annotations = read;
  return read;
}

// Every annotation of the page (id → W3C JSON), read once; a failed read is tried
// again the next time something asks.
export function loadAnnotations() {
  if (annotations) return Promise.resolve(annotations);
  if (!loading) {
    loading = readAnnotations().catch((error) => {
      loading = null;
      throw error;
    });
  }
  return loading;
}

// An annotation's JSON if the data has arrived (it has, for any annotation the form
// was opened on), else undefined.
export function annotation(id) {
  return annotations ? annotations[id] : undefined;
}

// The paragraph an annotation is in, from its target's "#p-N".
export function positionOf(annotationJson) {
  return Number(annotationJson.target.source.split("#p-")[1]);
}

// The claims that came through `sourceIri`: their cards show the source's words and actor.
export async function claimsThrough(sourceIri) {
  const all = Object.values(await loadAnnotations());
  return all.filter((a) => a.body.some((b) => b.role === "via" && b.source === sourceIri));
}

function putParagraph(into, position, fresh) {
  for (const [id, json] of Object.entries(into)) {
    if (positionOf(json) === position) delete into[id];
  }
  Object.assign(into, fresh);
}

// After paragraph `position` was read again: its annotations are exactly `fresh`
// (id → W3C JSON), so one deleted meanwhile leaves, a new one arrives. Data not yet
// asked for needs nothing: it will be read after this.
export function replaceParagraph(position, fresh) {
  if (annotations) putParagraph(annotations, position, fresh);
  else if (loading) fresher.set(position, fresh);
}

// After the whole page was read again: the data is read again too, when next needed.
export function forgetAll() {
  generation += 1;
  annotations = null;
  loading = null;
  fresher = new Map();
}
