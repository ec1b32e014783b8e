"""Slugs readers can type, and finding a row by a slug it had or one typed by hand.

A reader types «كبير» and «26», not «كـبـيـر» and «٢٦»; so a slug holds no
tatweel or harakat and only Western digits. A link to a slug a row no longer
has (an old link, or one typed with harakat or Arabic-Indic digits) still
reaches the row: `find_by_slug` says where it is now, and the page redirects.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponsePermanentRedirect
from django.utils.text import slugify

# Harakat, Quranic marks, the superscript alef and tatweel: how a word is
# written out, not which word it is. slugify drops the marks; tatweel is a
# letter to it (category Lm) and must go first.
_UNTYPED = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_DIGITS = str.maketrans(
    {
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian
    }
)


def slug_form(text: str) -> str:
    """`text` as a slug a reader can type: NFKC letters, no tatweel or harakat, Western digits.

    Arabic letters keep their hamza (a slug reads as the title); "" when
    nothing of `text` can be in a slug.
    """
    text = unicodedata.normalize("NFKC", text)
    return slugify(_UNTYPED.sub("", text).translate(_DIGITS), allow_unicode=True)


def free_slug(base: str, taken, *, max_length: int) -> str:
    """`base`, or `base-2`, `base-3`… the first not in `taken`, within max_length."""
    slug, n = base[:max_length], 2
    while slug in taken:
        suffix = f"-{n}"
        slug, n = f"{base[: max_length - len(suffix)]}{suffix}", n + 1
    return slug


def find_by_slug(queryset, slug: str, *, history=None):
    """The row of `queryset` that `slug` names, or None.

    Its own slug first; then the row that most recently had that slug (from
    its history, when the model keeps one), so an old link goes where it
    went even when its slug, made typeable, is now another row's; then the
    slug as it would be written today («كـبـيـر», «مُدِير», «٢٦» typed by hand).
    The row's slug differs from `slug` when the page should redirect.

    `history` may be a function giving the history's queryset: a model's history
    manager is built anew at each access, which costs more than the row's own
    query, and a link at the current slug (nearly every visit) never needs it.
    """
    # A slug is unique: no ORDER BY to write or run.
    row = next(iter(queryset.filter(slug=slug).order_by()[:1]), None)
    if row is not None:
        return row
    if callable(history):
        history = history()
    if history is not None:
        held = (
            history.filter(slug=slug)
            .order_by("-history_date", "-history_id")
            .values_list("id", flat=True)[:20]
        )
        ids = list(dict.fromkeys(held))
        if ids:
            rows = queryset.in_bulk(ids)
            for pk in ids:
                if pk in rows:
                    return rows[pk]
    typed = slug_form(slug)
    if typed and typed != slug:
        return queryset.filter(slug=typed).first()
    return None


def rewrite_slugs(model, *, fallback: str, max_length: int = 100) -> int:
    """Give every row of `model` its slug as `slug_form` writes it; returns how many changed.

    For data migrations. A row whose slug is already typeable keeps it; the
    others, in order of id, take the new form or the first free «-2», «-3»…,
    so the result is the same on every database and a second run changes nothing.
    """
    rows = list(model.objects.order_by("pk").values_list("pk", "slug"))
    wanted = {}
    for pk, slug in rows:
        new = slug_form(slug) or fallback
        if new != slug:
            wanted[pk] = new
    taken = {slug for pk, slug in rows if pk not in wanted}
    for pk, new in wanted.items():
        slug = free_slug(new, taken, max_length=max_length)
        taken.add(slug)
        model.objects.filter(pk=pk).update(slug=slug)
    return len(wanted)


def redirect_to_current(request, row):
    """301 to the row's page at its current slug, with the query string kept.

    The fragment («#p-3», «#a-52») is the browser's: it follows the redirect.
    """
    url = row.get_absolute_url()
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


class TypeableSlugField(forms.SlugField):
    """A slug as a curator types it, saved as readers type it: «كـبـيـر ٢٦» becomes «كبير-26».

    The form checks uniqueness on the saved form, so two slugs that differ only in
    tatweel or digits are told apart before the database sees them.
    """

    def __init__(self, **kwargs):
        kwargs["allow_unicode"] = True
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        typed = slug_form(value)
        if not typed:
            raise ValidationError(
                "لا يبقى من هذا المعرّف ما يُكتب في رابط بعد حذف التطويل والحركات: "
                "اكتب حروفًا أو أرقامًا، أو اتركه فارغًا ليُشتق من الاسم.",
                code="untypeable",
            )
        return typed
