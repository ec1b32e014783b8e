"""The claims index: filters that combine, and facet counts that show where each filter leads.

Each facet counts the claims that match every *other* filter, so a reader
sees how many claims each value would give if chosen now (choosing a stance
does not hide the other stances). Filters live in the URL: any view of the
index can be linked to.

What a reader opens first, the whole index, reads counts kept by the writes
(annotations/counts.py) and a page of rows, whatever the size of the archive:
the total, every facet with no other filter chosen, and the page itself
(NewestClaims walks the articles newest first by their kept claim counts).
Narrowed by filters, each facet is one aggregate query over the claims those
filters leave, and the page one ordered query over them.
"""

from dataclasses import dataclass, field

from django import forms
from django.core.validators import slug_unicode_re
from django.db.models import Case, Count, F, IntegerField, Value, When
from django.http import QueryDict

from annotations.models import Actor, Annotation, ListingCount, Tag
from annotations.reading.browse import CLAIM, UNKNOWN_VALUE, for_rows, seen, shown_annotations
from archive.collation import alphabetical
from archive.models import Article, Outlet
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


def kept_counts(counted) -> dict[str, dict[str, int]]:
    """Every kept facet count in one query: {facet: {value: claims}}, zeros left out."""
    column = _column(counted)
    found = {}
    for facet, value, n in ListingCount.objects.filter(**{f"{column}__gt": 0}).values_list(
        "facet", "value", column
    ):
        found.setdefault(facet, {})[value] = n
    return found


def _column(counted) -> str:
    return "published" if counted == "published" else "everything"


def _kept(kept, facet):
    """(value, value, count) rows of a facet's kept counts, most claims first."""
    rows = sorted(kept.get(facet, {}).items(), key=lambda item: (-item[1], item[0]))
    return [(value, value, n) for value, n in rows]


def _kept_ranked(model, counted):
    """Speakers or tags by their kept claim counts: the top values, then alphabetical."""
    column = f"claims_{counted}"
    rows = (
        model.objects.filter(**{f"{column}__gt": 0})
        .order_by(f"-{column}", *alphabetical())
        .values_list("slug", "name", column)[:TOP_FACET_VALUES]
    )
    return list(rows)


def _kept_outlets(kept, counted):
    counts = {int(value): n for value, _, n in _kept(kept, "outlet")}
    if not counts:
        return []
    # Ordered by the database as _group orders them: most claims, then the name.
    n = Case(
        *(When(pk=pk, then=Value(count)) for pk, count in counts.items()),
        output_field=IntegerField(),
    )
    return list(
        Outlet.objects.filter(pk__in=counts)
        .annotate(n=n)
        .order_by("-n", "name")
        .values_list("slug", "name", "n")
    )


# The facets with no other filter chosen, from the kept counts (kept_counts() and a
# small query for speakers, tags and outlets).
KEPT_FACETS = {
    "speaker": lambda kept, counted: _kept_ranked(Actor, counted),
    "actor_kind": lambda kept, counted: _in_choice_order(
        _kept(kept, "actor_kind"), Actor.Kind.choices
    ),
    "stance": lambda kept, counted: _in_choice_order(
        _kept(kept, "stance"), Annotation.Stance.choices
    ),
    "specificity": lambda kept, counted: _in_choice_order(
        _kept(kept, "specificity"), SPECIFICITY_CHOICES
    ),
    "outlet": _kept_outlets,
    "tag": lambda kept, counted: _kept_ranked(Tag, counted),
}


def kept_total(counted) -> int:
    """Every visible claim, from the kept counts."""
    return kept_counts(counted).get("claims", {}).get("", 0)


class NewestClaims:
    """The whole index newest first, a page at a time, for a Paginator.

    Claims go by their article's date, then the article (newest id first), then
    in reading order: for_rows()'s order. Each article's claims are counted by
    the writes, so a page is found by walking the articles newest first (an
    index) and reading only the claims of those that hold it: each holds at
    least one, so the first `stop` of them hold the first `stop` claims.
    """

    def __init__(self, user, total):
        self.user = user
        self.total = total

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, window):
        if not isinstance(window, slice):
            raise TypeError("NewestClaims is read a page at a time")
        start, stop = window.start or 0, window.stop
        if stop is None or stop <= start:
            return []
        walk = (
            Article.objects.visible_to(self.user)
            .filter(annotation_counts__claims__gt=0)
            .order_by(F("published_on").desc(nulls_last=True), "-pk")
            .values_list("pk", "annotation_counts__claims")[:stop]
        )
        before, skip, chosen = 0, 0, []
        for pk, n in walk:
            if before + n > start:
                if not chosen:
                    skip = start - before
                chosen.append(pk)
            before += n
            if before >= stop:
                break
        if not chosen:
            return []
        claims = shown_annotations(self.user).filter(kind=CLAIM, paragraph__article_id__in=chosen)
        return list(for_rows(claims).prefetch_related("tags")[skip : skip + stop - start])


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
        self._kept = None

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

    def kept(self) -> dict[str, dict[str, int]]:
        """The kept facet counts this user reads, read once for the page."""
        if self._kept is None:
            self._kept = kept_counts(seen(self.user))
        return self._kept

    def listing(self):
        """results() for a Paginator: with no filter, read from the kept counts a page at a time."""
        if self.filters:
            return self.results()
        return NewestClaims(self.user, self.kept().get("claims", {}).get("", 0))

    def url(self, **changes) -> str:
        """This page's URL with some filters changed (None removes one), back on page 1."""
        query = QueryDict(mutable=True)
        for name, value in {**self.params, **changes}.items():
            if value is not None:
                query[name] = value
        return f"{self.path}?{query.urlencode()}" if query else self.path

    def facets(self, total: int) -> list[Facet]:
        """Every facet, one query each; `total` counts the claims matching all filters.

        A facet no other filter narrows reads the kept counts; the others count
        the claims their filters leave.
        """
        counted = seen(self.user)
        return [
            self._facet(
                param,
                KEPT_FACETS[param](self.kept(), counted)
                if not self.filters.keys() - {param}
                else count(self.claims(without=param)),
                total,
            )
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
