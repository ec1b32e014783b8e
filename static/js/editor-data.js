// The editor's data: each annotation's W3C JSON, the cue lexicon, what this user may
// do. On a long article it is megabytes of JSON and nothing at start-up needs it, so
// it is read from the page the first time something asks, not when the page loads.

let data = null;

export function editorData() {
  if (!data) data = JSON.parse(document.getElementById("editor-data").textContent);
  return data;
}

export function annotation(id) {
  return editorData().annotations[id];
}

export function allAnnotations() {
  return Object.values(editorData().annotations);
}

// The paragraph an annotation is in, from its target's "#p-N".
export function positionOf(annotationJson) {
  return Number(annotationJson.target.source.split("#p-")[1]);
}

// The claims that came through `sourceIri`: their cards show the source's words and actor.
export function claimsThrough(sourceIri) {
  return allAnnotations().filter((a) => a.body.some((b) => b.role === "via" && b.source === sourceIri));
}

// After paragraph `position` was read again: its annotations are exactly `fresh`
// (id → W3C JSON), so one deleted meanwhile leaves, a new one arrives.
export function replaceParagraph(position, fresh) {
  const annotations = editorData().annotations;
  for (const [id, json] of Object.entries(annotations)) {
    if (positionOf(json) === position) delete annotations[id];
  }
  Object.assign(annotations, fresh);
}

// After the whole page was read again.
export function replaceAll(fresh) {
  data = fresh;
}
