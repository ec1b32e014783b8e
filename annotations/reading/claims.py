"""The claims index: filters that combine, and facet counts that show where each filter leads.

Each facet counts the claims that match every *other* filter, so a reader
sees how many claims each value would give if chosen now (choosing a stance
does not hide the other stances). Every facet is one aggregate query, so the
page costs the same whatever the number of claims. Filters live in the URL:
any view of the index can be linked to.
"""

from dataclasses import dataclass, field

from django import forms
from django.core.validators import slug_unicode_re
from django.db.models import Count
from django.http import QueryDict

from annotations.models import Actor, Annotation, Tag
from annotations.reading.browse import CLAIM, UNKNOWN_VALUE, for_rows, shown_annotations
from archive.collation import alphabetical
from archive.models import Outlet
from archive.slugs import slug_form
from readingroom.date_input import ArabicDateField

NO_SOURCE = "none"
TOP_FACET_VALUES = 30


class SlugChoiceField(forms.ModelChoiceField):
    """A row chosen by its slug in the URL.

    What cannot be a slug is refused before the database sees it: PostgreSQL
    answers a NUL character with an error, not with an empty result.
    """

    def __init__(self, queryset, **kwargs):
        super().__init__(
            queryset,
            to_field_name="slug",
            required=False,
            error_messages={"invalid_choice": UNKNOWN_VALUE},
            **kwargs,
        )

    def to_python(self, value):
        if value in self.empty_values:
            return super().to_python(value)
        text = str(value)
        if slug_unicode_re.fullmatch(text):
            try:
                return super().to_python(text)
            except forms.ValidationError:
                pass
        # A link from before slugs were typeable, or typed with tatweel, harakat or ٢٦.
        typed = slug_form(text)
        if typed and typed != text:
            return super().to_python(typed)
        raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


def _choice_field(label, choices):
    return forms.ChoiceField(
        label=label,
        choices=[("", "الكل"), *choices],
        required=False,
        error_messages={"invalid_choice": UNKNOWN_VALUE},
    )


SPECIFICITY_CHOICES = [*Annotation.Specificity.choices, (NO_SOURCE, "بلا مصدر")]


class ClaimFilterForm(forms.Form):
    speaker = SlugChoiceField(Actor.objects.all(), label="القائل")
    actor_kind = _choice_field("نوع القائل", Actor.Kind.choices)
    stance = _choice_field("الموقف", Annotation.Stance.choices)
    specificity = _choice_field("تحديد المصدر", SPECIFICITY_CHOICES)
    outlet = SlugChoiceField(Outlet.objects.all(), label="الوسيلة")
    tag = SlugChoiceField(Tag.objects.all(), label="الوسم")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A speaker or tag known only from drafts is an unknown value to a reader,
        # so the page never names it back.
        self.fields["speaker"].queryset = Actor.objects.visible_to(user)
        self.fields["tag"].queryset = Tag.objects.visible_to(user)
        # "from" is a Python keyword, so these two cannot be class attributes.
        for name, label in (("from", "من تاريخ"), ("to", "إلى تاريخ")):
            # A text box with «سنة-شهر-يوم», Western or Arabic-Indic digits.
            self.fields[name] = ArabicDateField(
                label=label,
                required=False,
                error_messages={"invalid": "تاريخ غير صالح (الصيغة سنة-شهر-يوم)"},
            )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            self.add_error("to", "نهاية المدة قبل بدايتها")
        return cleaned


def _by_specificity(claims, value):
    if value == NO_SOURCE:
        return claims.filter(via__isnull=True)
    return claims.filter(via__specificity=value)


FILTERS = {
    "speaker": lambda claims, actor: claims.filter(actor=actor),
    "actor_kind": lambda claims, kind: claims.filter(actor__kind=kind),
    "stance": lambda claims, stance: claims.filter(stance=stance),
    "specificity": _by_specificity,
    "outlet": lambda claims, outlet: claims.filter(paragraph__article__outlet=outlet),
    # One tag at a time, so the join adds no duplicate rows.
    "tag": lambda claims, tag: claims.filter(tags=tag),
    "from": lambda claims, day: claims.filter(paragraph__article__published_on__gte=day),
    "to": lambda claims, day: claims.filter(paragraph__article__published_on__lte=day),
}


def _group(claims, value_field, label_field=None, *, limit=None, ties=None):
    """(value, label, count) rows from one aggregate query, most claims first.

    Equal counts go by `ties` (order_by arguments), else by the label.
    """
    fields = [value_field] if label_field is None else [value_field, label_field]
    # order_by() first: Annotation's default ordering would otherwise split the groups.
    rows = (
        claims.order_by()
        .values(*fields)
        .annotate(n=Count("pk"))
        .order_by("-n", *(ties or [fields[-1]]))
    )
    if limit:
        rows = rows[:limit]
    return [(row[value_field], row[fields[-1]], row["n"]) for row in rows]


def _in_choice_order(rows, choices):
    """Rows of a fixed choice set, labelled and in the order the model declares them."""
    counts = {value: n for value, _, n in rows}
    return [(value, label, counts[value]) for value, label in choices if value in counts]


def _specificity_rows(claims):
    rows = _group(claims, "via__specificity")
    # A claim without a source groups under NULL; that is the "none" filter value.
    rows = [(NO_SOURCE if value is None else value, label, n) for value, label, n in rows]
    return _in_choice_order(rows, SPECIFICITY_CHOICES)


# The facet of each filter: how to count claims per value.
FACETS = {
    "speaker": lambda claims: _group(
        claims.exclude(actor=None),
        "actor__slug",
        "actor__name",
        limit=TOP_FACET_VALUES,
        ties=alphabetical("actor__"),
    ),
    "actor_kind": lambda claims: _in_choice_order(
        _group(claims.exclude(actor=None), "actor__kind"), Actor.Kind.choices
    ),
    "stance": lambda claims: _in_choice_order(_group(claims, "stance"), Annotation.Stance.choices),
    "specificity": _specificity_rows,
    "outlet": lambda claims: _group(
        claims.exclude(paragraph__article__outlet=None),
        "paragraph__article__outlet__slug",
        "paragraph__article__outlet__name",
    ),
    "tag": lambda claims: _group(
        claims.filter(tags__isnull=False),
        "tags__slug",
        "tags__name",
        limit=TOP_FACET_VALUES,
        ties=alphabetical("tags__"),
    ),
}


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    url: str
    selected: bool = False


@dataclass
class Facet:
    param: str
    label: str
    values: list[FacetValue] = field(default_factory=list)
    selected_label: str = ""
    remove_url: str = ""


def _as_param(value) -> str:
    if hasattr(value, "slug"):
        return value.slug
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class ClaimSearch:
    """The claims a user asked for in the query string, and the facets around them."""

    def __init__(self, query: QueryDict, *, user, path: str):
        self.user = user
        self.path = path
        self.form = ClaimFilterForm(query, user=user)
        self.form.is_valid()
        # An invalid value is dropped, not fatal: the other filters still apply.
        self.filters = {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "") and name not in self.form.errors
        }
        # The filters in force as URL parameters, for the links that keep them.
        self.params = {name: _as_param(value) for name, value in self.filters.items()}

    @property
    def problems(self) -> dict[str, list[str]]:
        """The filters refused, with why. The page drops them and says so; exports and the API refuse."""
        return {name: list(messages) for name, messages in self.form.errors.items()}

    def problem_text(self) -> str:
        """The refused filters in one line, each named by its label: «الموقف»: قيمة غير معروفة."""
        return "؛ ".join(
            f"«{self.form.fields[name].label if name in self.form.fields else name}»: "
            + "، ".join(messages)
            for name, messages in self.problems.items()
        )

    def query_dict(self) -> QueryDict:
        """The filters in force, and only those: for links that keep them."""
        query = QueryDict(mutable=True)
        query.update(self.params)
        return query

    def querystring(self) -> str:
        """query_dict() as a query string, without the leading ?."""
        return self.query_dict().urlencode()

    def claims(self, *, without=None):
        """Visible claims matching every filter except `without`."""
        claims = shown_annotations(self.user).filter(kind=CLAIM)
        for name, value in self.filters.items():
            if name != without:
                claims = FILTERS[name](claims, value)
        return claims

    def results(self):
        return for_rows(self.claims()).prefetch_related("tags")

    def url(self, **changes) -> str:
        """This page's URL with some filters changed (None removes one), back on page 1."""
        query = QueryDict(mutable=True)
        for name, value in {**self.params, **changes}.items():
            if value is not None:
                query[name] = value
        return f"{self.path}?{query.urlencode()}" if query else self.path

    def facets(self, total: int) -> list[Facet]:
        """Every facet, one query each; `total` counts the claims matching all filters."""
        return [
            self._facet(param, count(self.claims(without=param)), total)
            for param, count in FACETS.items()
        ]

    def _facet(self, param, rows, total) -> Facet:
        facet = Facet(param=param, label=self.form.fields[param].label)
        selected = self.params.get(param)
        for value, label, count in rows:
            facet.values.append(
                FacetValue(
                    value=value,
                    label=label,
                    count=count,
                    url=self.url(**{param: value}),
                    selected=value == selected,
                )
            )
        if selected is None:
            return facet
        facet.remove_url = self.url(**{param: None})
        facet.selected_label = self._label(param)
        if not any(value.selected for value in facet.values):
            # Beyond the top values, or matching nothing: still show what is chosen.
            # Its count, under every filter, is the total.
            facet.values.append(
                FacetValue(
                    value=selected,
                    label=facet.selected_label,
                    count=total,
                    url=facet.remove_url,
                    selected=True,
                )
            )
        return facet

    def _label(self, param) -> str:
        value = self.filters[param]
        if hasattr(value, "slug"):
            return value.name
        return str(dict(self.form.fields[param].choices).get(value, value))
