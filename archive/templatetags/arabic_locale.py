"""Dates, counts and country names as Arabic readers write them.

{{ article.published_on|arabic_date }} → «9 تشرين الثاني 2020» (QIRAA_MONTH_NAMES);
{{ n|counted:"paragraph" }} → «فقرتان», «11 فقرة»; {{ actor.country|country_name }} → «روسيا»;
{{ cl.result_count|counted_rows:cl.opts }} → «3 مقالات» under the admin's lists.
"""

from django import template

from readingroom.arabic_dates import arabic_date as format_arabic_date
from readingroom.countries import country_name as arabic_country_name
from readingroom.page_nouns import MODEL_NOUNS, PAGE_NOUNS
from readingroom.plural import count_of

register = template.Library()


@register.filter
def arabic_date(value) -> str:
    return format_arabic_date(value) if value else ""


@register.filter
def counted(value, noun: str) -> str:
    """A number with its noun by the Arabic plural rules; the noun is one of PAGE_NOUNS."""
    if noun not in PAGE_NOUNS:
        raise template.TemplateSyntaxError(
            f"counted: no noun {noun!r}; known: {', '.join(PAGE_NOUNS)}"
        )
    try:
        n = int(value)
    except (TypeError, ValueError):
        return ""
    return count_of(n, PAGE_NOUNS[noun])


@register.filter
def counted_rows(value, opts) -> str:
    """{{ cl.result_count|counted_rows:cl.opts }}: «3 مقالات» for a model we name, else «…: 3»."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        return ""
    noun = MODEL_NOUNS.get(getattr(opts, "label_lower", ""))
    if noun is None:
        return f"{opts.verbose_name_plural}: {n}"
    return count_of(n, noun)


@register.filter
def country_name(value) -> str:
    return arabic_country_name(value or "")
