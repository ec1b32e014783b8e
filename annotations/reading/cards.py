"""An annotation's card on the reading page, written in Python.

A template include per card, with a URL reversed for each link, cost more
than everything else on a page of thousands of annotations; this writes the
same element as strings, escaping every stored value. Each card carries
`data-paragraph` (its paragraph's id) so that a page can replace the cards of
one paragraph after a save (see page.paragraph_fragment).

Expects page_annotations.PageAnnotation rows, with can_change and can_delete set.
"""

from html import escape as _escape

from django.utils.safestring import SafeString, mark_safe

from annotations.reading.page_annotations import (
    KIND_LABELS,
    QUOTE_LABELS,
    SPECIFICITY_LABELS,
    STANCE_LABELS,
)
from archive.bidi import LTR_RUN_RE

MOVED = '<p class="card-state">تغيّر نص المقال بعد التوسيم، فنُقل التوسيم إلى الكلمات المصحّحة.</p>'
ACTOR_ROLE = {"claim": "القائل", "source": "المصدر"}


def escape(value) -> str:
    """What Django's escape() gives, without its lazy-string wrapper (a large page calls it tens of thousands of times)."""
    return _escape(str(value))


def isolated(text: str) -> str:
    """archive.bidi.isolate_ltr_runs(text), as a plain str: escaped, each Latin or number run in <bdi>."""
    if LTR_RUN_RE.search(text) is None:
        return _escape(text)
    parts, last = [], 0
    for match in LTR_RUN_RE.finditer(text):
        parts.append(_escape(text[last : match.start()]))
        parts.append(f"<bdi>{_escape(match.group())}</bdi>")
        last = match.end()
    parts.append(_escape(text[last:]))
    return "".join(parts)


KINDS = {kind: (_escape(kind), _escape(label)) for kind, label in KIND_LABELS.items()}
STANCES = {value: _escape(label) for value, label in STANCE_LABELS.items()}
QUOTES = {value: _escape(label) for value, label in QUOTE_LABELS.items()}
SPECIFICITIES = {value: _escape(label) for value, label in SPECIFICITY_LABELS.items()}


def _label(labels, value) -> str:
    """A choice's label, escaped; a stored value outside the choices shows as itself."""
    label = labels.get(value)
    return _escape(value) if label is None else label


class Cards:
    """Writes cards, remembering what repeats from card to card (an actor's line, a tag's link)."""

    def __init__(self):
        self.actor_lines = {}
        self.tag_links = {}

    def card(self, a) -> str:
        """The card's <article> element (escaped HTML, as a plain str: callers join many)."""
        return f"{self.body(a)}{actions(a.pk, a.can_change, a.can_delete)}</article>"

    def body(self, a) -> str:
        """The card up to its buttons: the same for every reader and editor."""
        pk = str(int(a.pk))  # ids are numbers: nothing to escape
        kind, kind_label = KINDS.get(a.kind) or (_escape(a.kind), _escape(a.kind))
        html = [
            f'<article class="card card-{kind}" id="card-{pk}" data-paragraph="{int(a.paragraph_id)}">'
            f'<header><span class="kind-badge">{kind_label}</span>'
            f'<a href="#a-{pk}" title="رابط دائم">#{pk}</a></header>'
            f"<blockquote>{isolated(a.exact)}</blockquote>"
        ]
        if a.anchor_state == "moved":
            html.append(MOVED)
        html.append("<dl>")
        if a.actor:
            html.append(self.actor_line(a.kind, a.actor))
        if a.via:
            who = (
                f' <span class="muted">(<bdi>{_escape(a.via.actor_name)}</bdi>)</span>'
                if a.via.actor_name
                else ""
            )
            html.append(
                f'<dt>عبر</dt><dd><a href="#a-{int(a.via.pk)}">'
                f"<bdi>{isolated(a.via.exact)}</bdi></a>{who}</dd>"
            )
        stance = _label(STANCES, a.stance) if a.stance else ""
        if a.cue:
            html.append(
                f"<dt>فعل الإسناد</dt><dd>«<bdi>{_escape(a.cue)}</bdi>»"
                f"{' · ' + stance if stance else ''}</dd>"
            )
        elif stance:
            html.append(f"<dt>الموقف</dt><dd>{stance}</dd>")
        if a.quote:
            html.append(f"<dt>الاقتباس</dt><dd>{_label(QUOTES, a.quote)}</dd>")
        if a.specificity:
            label = _label(SPECIFICITIES, a.specificity)
            html.append(f"<dt>تحديد المصدر</dt><dd>{label}</dd>")
        if a.tags:
            links = "".join(self.tag_link(name, url) for name, url in a.tags)
            html.append(f'<dt>الوسوم</dt><dd class="tags">{links}</dd>')
        if a.note:
            html.append(f'<dt>ملاحظة</dt><dd class="card-note" dir="auto">{_escape(a.note)}</dd>')
        if a.created_by_id:
            html.append(f"<dt>المحرر</dt><dd><bdi>{_escape(a.creator_nickname)}</bdi></dd>")
        html.append("</dl>")
        return "".join(html)

    def actor_line(self, kind, actor) -> str:
        key = (kind, actor.pk)
        line = self.actor_lines.get(key)
        if line is None:
            line = self.actor_lines[key] = (
                f"<dt>{ACTOR_ROLE.get(kind, 'الفاعل')}</dt>"
                f'<dd><a href="{_escape(actor.url)}"><bdi>{_escape(actor.name)}</bdi></a>'
                f' <span class="muted">({_escape(actor.get_kind_display())})</span></dd>'
            )
        return line

    def tag_link(self, name, url) -> str:
        link = self.tag_links.get(url)
        if link is None:
            link = self.tag_links[url] = (
                f'<a class="tag" href="{_escape(url)}"><bdi>{_escape(name)}</bdi></a>'
            )
        return link


def actions(pk, can_change: bool, can_delete: bool) -> str:
    """«تعديل» and «حذف», for whoever may use them: the only part of a card that depends on who reads."""
    if not (can_change or can_delete):
        return ""
    pk = int(pk)
    edit = (
        f'<button type="button" class="small-button" data-action="edit" data-a="{pk}">تعديل</button>'
        if can_change
        else ""
    )
    delete = (
        f'<button type="button" class="small-button danger" data-action="delete" data-a="{pk}">'
        "حذف</button>"
        if can_delete
        else ""
    )
    return f'<p class="card-actions">{edit}{delete}</p>'


def card(a) -> str:
    """One card (escaped HTML)."""
    return Cards().card(a)


# Card bodies already written in this process, by everything a card shows. After a
# save, a long article's page is built again for its new version, but all its cards
# but a few are as they were: they are taken from here rather than written again.
# The key holds every value the card is made of, so a card is never older than its row.
_written: dict[tuple, str] = {}
_WRITTEN_MAX = 20_000


def _shown(a) -> tuple:
    actor, via = a.actor, a.via
    return (
        a.pk,
        a.paragraph_id,
        a.kind,
        a.exact,
        a.anchor_state,
        actor and (actor.pk, actor.name, actor.url, actor.kind),
        via and (via.pk, via.exact, via.actor_name),
        a.cue,
        a.stance,
        a.quote,
        a.specificity,
        tuple(a.tags),
        a.note,
        a.created_by_id,
        a.creator_nickname,
    )


def card_bodies(annotations) -> list[tuple[int, int | None, str]]:
    """(id, creator's id, card up to its buttons) of each annotation: what a page keeps for everyone."""
    cards = Cards()
    if len(_written) > _WRITTEN_MAX:
        _written.clear()
    bodies = []
    for a in annotations:
        key = _shown(a)
        body = _written.get(key)
        if body is None:
            body = _written[key] = cards.body(a)
        bodies.append((a.pk, a.created_by_id, body))
    return bodies


def card_list(bodies, may) -> SafeString:
    """The cards, one a line, from card_bodies(); `may(creator_id)` gives (can_change, can_delete)."""
    return mark_safe(  # noqa: S308 card bodies and actions escape every value
        "\n".join(f"{body}{actions(pk, *may(creator))}</article>" for pk, creator, body in bodies)
    )
