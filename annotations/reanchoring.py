"""Annotations follow their words when an article's text changes, or say they lost them.

For each annotation of the article, in order:

1. the quote is still at its offsets in its paragraph: unchanged, **anchored**;
2. the quote is found again, in its paragraph or (after a split, merge or
   reorder) in another one, ranked by how much of its prefix and suffix still
   surround it, then by closeness to its old place: **anchored** at the new place;
3. the quote is found once harakat, tatweel, hamza forms and the like are
   folded away (diacritics added, a ta marbuta corrected): **moved**;
4. a passage in its paragraph or the next one either side whose folded text
   is at least FUZZY_THRESHOLD similar to the folded quote (a typo fixed
   inside the quote): **moved**;
5. otherwise **orphaned**: the annotation keeps its quote, leaves the
   highlights, and is listed for curators.

A place found never cuts what the reader sees as one character: an edge inside
a lam-alef, between a letter and its harakat or inside a flag or emoji sequence
is widened to that glyph's edges (anchoring.whole_span), as the highlight would
show it, and the annotation is **moved**, its quote now the wider words. Nobody
is there to choose other words, so widening is the only way that keeps them.

A quote found somewhere other than its old offsets must also be recognisably
the same passage, so that an annotation never lands silently on other words:
at least CONTEXT_MIN characters of its old prefix and suffix must still
surround it, unless the quote is long and occurs exactly once in the article,
or is the only occurrence left in its own paragraph.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import transaction
from django.dispatch import receiver

from annotations import page_versions
from annotations.anchoring import is_mark, quote_at, whole_span
from annotations.models import Annotation
from archive.normalise import WORD_RE, fold_with_map, search_key
from archive.signals import article_text_changed
from readingroom import freshness

# Similarity (difflib's ratio, 0–1) between the folded quote and a folded
# passage at which the passage still counts as the quote's words. 0.8 accepts
# a fixed typo or a changed letter in a short phrase («المؤتمرر» → «المؤتمر»)
# and refuses a different phrase sharing a few words.
FUZZY_THRESHOLD = 0.8
CONTEXT_MIN = 16
FUZZY_REACH = 1  # paragraphs either side of the old one
DISTINCTIVE_LENGTH = 12

ANCHORED = Annotation.AnchorState.ANCHORED
MOVED = Annotation.AnchorState.MOVED
ORPHANED = Annotation.AnchorState.ORPHANED


@dataclass(frozen=True)
class Place:
    paragraph: object
    start: int
    end: int
    state: str


@transaction.atomic
def reanchor_article(article, *, removed=()) -> dict[str, int]:
    """Re-anchor every annotation of `article`; counts of each resulting state.

    `removed` paragraphs are about to be deleted: nothing may stay on them.
    """
    # Many rows, one article: its pages, its actors' and tags', renewed once at the end.
    with freshness.rows_silenced():
        counts = _reanchor(article, removed)
    freshness.bump(*page_versions.scopes_of_article(article))
    return counts


def _reanchor(article, removed):
    removed_ids = {p.pk for p in removed}
    paragraphs = [p for p in article.paragraphs.order_by("position") if p.pk not in removed_ids]
    counts = {ANCHORED: 0, MOVED: 0, ORPHANED: 0}
    annotations = list(
        Annotation.objects.filter(paragraph__article=article).select_related("paragraph")
    )
    if not annotations:
        return counts
    if not paragraphs:
        raise ValueError("an annotated article keeps at least one paragraph")
    texts = _Texts(paragraphs)
    for annotation in annotations:
        place = locate(annotation, paragraphs, texts)
        _move(annotation, place, paragraphs)
        counts[annotation.anchor_state] += 1
    return counts


@receiver(article_text_changed, dispatch_uid="reanchor-annotations")
def _article_text_changed(sender, article, removed=(), **kwargs):
    return reanchor_article(article, removed=removed)


def locate(annotation, paragraphs, texts=None) -> Place | None:
    """Where the annotation's words are now, or None when they are gone."""
    texts = texts or _Texts(paragraphs)
    home = _home(annotation, paragraphs)
    exact = annotation.exact
    if home.text[annotation.start : annotation.end] == exact:
        keep = annotation.anchor_state if annotation.anchor_state == MOVED else ANCHORED
        return Place(home, annotation.start, annotation.end, keep)
    found = _best(
        _exact_candidates(annotation, paragraphs, home),
        home=home,
        unique=texts.count(exact) == 1 and len(exact) >= DISTINCTIVE_LENGTH,
    )
    if found:
        paragraph, start, end = found
        keep = annotation.anchor_state if annotation.anchor_state == MOVED else ANCHORED
        return Place(paragraph, start, end, keep)
    folded_exact = search_key(exact).strip()
    if not folded_exact:
        return None
    found = _best(
        _folded_candidates(annotation, paragraphs, home, texts, folded_exact),
        home=home,
        unique=texts.folded_count(folded_exact) == 1 and len(exact) >= DISTINCTIVE_LENGTH,
    )
    if found is None:
        # A changed passage is looked for near where it was: comparing it with
        # every passage of a long article costs seconds and finds look-alikes.
        nearby = [p for p in paragraphs if abs(p.position - home.position) <= FUZZY_REACH]
        found = _best(
            _fuzzy_candidates(annotation, nearby, home, texts, folded_exact),
            home=home,
            alone_at_home=False,  # overlapping windows: no passage is ever alone
        )
    if found:
        paragraph, start, end = found
        return Place(paragraph, start, end, MOVED)
    return None


def _move(annotation, place, paragraphs):
    def state():
        # The context counts too: a correction next to the quote must reach its
        # prefix and suffix, or the next re-anchoring compares against old words.
        return (
            annotation.paragraph_id,
            annotation.start,
            annotation.end,
            annotation.anchor_state,
            annotation.exact,
            annotation.prefix,
            annotation.suffix,
        )

    before = state()
    if place is None:
        annotation.anchor_state = ORPHANED
        if annotation.paragraph not in paragraphs:
            # Its paragraph is going; it waits on the nearest one, still orphaned,
            # with its lost quote kept for the curator.
            annotation.paragraph = _home(annotation, paragraphs)
            annotation.start, annotation.end = 0, 1
    else:
        start, end = whole_span(place.paragraph.text, place.start, place.end)
        quote = quote_at(place.paragraph.text, start, end)
        annotation.paragraph = place.paragraph
        annotation.start, annotation.end = start, end
        annotation.exact, annotation.prefix, annotation.suffix = (
            quote.exact,
            quote.prefix,
            quote.suffix,
        )
        widened = (start, end) != (place.start, place.end)
        annotation.anchor_state = MOVED if widened else place.state
    if state() != before:
        annotation._change_reason = "إعادة تثبيت بعد تغيّر نص المقال"
        # Not full_clean(): an orphan no longer matches its paragraph, by design.
        annotation.save()


def _home(annotation, paragraphs):
    """The paragraph it was on if that survives, else the one now at its position."""
    by_pk = {p.pk: p for p in paragraphs}
    if annotation.paragraph_id in by_pk:
        return by_pk[annotation.paragraph_id]
    position = annotation.paragraph.position
    return min(paragraphs, key=lambda p: (abs(p.position - position), p.position))


# Candidates are (context, similarity, distance, paragraph, start, end):
# more context first, then more similar, then nearer the old place.


def _context(text, start, end, prefix, suffix) -> int:
    before = text[:start]
    n = 0
    while n < min(len(before), len(prefix)) and before[-1 - n] == prefix[-1 - n]:
        n += 1
    after = text[end:]
    m = 0
    while m < min(len(after), len(suffix)) and after[m] == suffix[m]:
        m += 1
    return n + m


def _distance(annotation, home, paragraph, start) -> int:
    return abs(paragraph.position - home.position) * 10_000 + abs(start - annotation.start)


def _exact_candidates(annotation, paragraphs, home):
    exact = annotation.exact
    for paragraph in paragraphs:
        at = paragraph.text.find(exact)
        while at != -1:
            end = at + len(exact)
            context = _context(paragraph.text, at, end, annotation.prefix, annotation.suffix)
            yield (context, 1.0, _distance(annotation, home, paragraph, at), paragraph, at, end)
            at = paragraph.text.find(exact, at + 1)


def _folded_candidates(annotation, paragraphs, home, texts, folded_exact):
    for paragraph in paragraphs:
        folded, where = texts.folded(paragraph)
        at = folded.find(folded_exact)
        while at != -1:
            start, end = _published_span(paragraph.text, where, at, at + len(folded_exact))
            context = _context(paragraph.text, start, end, annotation.prefix, annotation.suffix)
            distance = _distance(annotation, home, paragraph, start)
            yield (context, 1.0, distance, paragraph, start, end)
            at = folded.find(folded_exact, at + 1)


def _fuzzy_candidates(annotation, paragraphs, home, texts, folded_exact):
    """Passages of whole words about as long as the quote, similar enough to it."""
    size = len(folded_exact)
    for paragraph in paragraphs:
        folded, where = texts.folded(paragraph)
        words = [(m.start(), m.end()) for m in WORD_RE.finditer(folded)]
        for i, (window_start, _) in enumerate(words):
            for _, window_end in words[i:]:
                length = window_end - window_start
                if length > size * 1.3:
                    break
                if length < size * 0.7:
                    continue
                matcher = SequenceMatcher(None, folded_exact, folded[window_start:window_end])
                if matcher.quick_ratio() < FUZZY_THRESHOLD:
                    continue
                similarity = matcher.ratio()
                if similarity < FUZZY_THRESHOLD:
                    continue
                start, end = _published_span(paragraph.text, where, window_start, window_end)
                context = _context(paragraph.text, start, end, annotation.prefix, annotation.suffix)
                distance = _distance(annotation, home, paragraph, start)
                yield (context, similarity, distance, paragraph, start, end)


def _best(candidates, *, home, unique=False, alone_at_home=True):
    """The best candidate that is recognisably the same passage, as (paragraph, start, end).

    Recognisable: CONTEXT_MIN characters of its old surroundings still around
    it; or the quote is distinctive and occurs once in the article; or it is
    the only occurrence left in its own paragraph.
    """
    ranked = sorted(candidates, key=lambda c: (-c[0], -c[1], c[2]))
    chosen = next((c for c in ranked if c[0] >= CONTEXT_MIN), None)
    if chosen is None and unique and ranked:
        chosen = ranked[0]
    if chosen is None and alone_at_home:
        at_home = [c for c in ranked if c[3].pk == home.pk]
        chosen = at_home[0] if len(at_home) == 1 else None
    return chosen[3:] if chosen else None


def _published_span(text, where, folded_start, folded_end):
    """The published characters behind a folded span, with the harakat of its last letter."""
    start = where[folded_start]
    end = where[folded_end - 1] + 1
    while end < len(text) and is_mark(text[end]):
        end += 1
    return start, end


class _Texts:
    """Folded paragraphs, computed once per re-anchoring."""

    def __init__(self, paragraphs):
        self._paragraphs = paragraphs
        self._folded = {}

    def folded(self, paragraph):
        if paragraph.pk not in self._folded:
            self._folded[paragraph.pk] = fold_with_map(paragraph.text)
        return self._folded[paragraph.pk]

    def count(self, exact: str) -> int:
        return sum(p.text.count(exact) for p in self._paragraphs)

    def folded_count(self, folded_exact: str) -> int:
        return sum(self.folded(p)[0].count(folded_exact) for p in self._paragraphs)
