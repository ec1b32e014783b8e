"""Annotations, actors and tags in the curators' admin; annotation counts on articles."""

from datetime import datetime
from functools import partial

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from taggit.models import Tag as TaggitDefaultTag

from annotations import services
from annotations.anchoring import whole_span
from annotations.curation.actor_merge import merge_actors_view
from annotations.curation.import_upload import import_annotations_view
from annotations.models import Actor, ActorAlias, Annotation, Tag
from annotations.services import clean_tags
from archive import admin as archive_admin
from archive.admin_text import isolated, text_column
from archive.bidi import isolate_pieces
from archive.collation import alphabetical
from archive.models import Article
from archive.normalise import search_key
from readingroom.admin_display import AutoDirectionAdmin, OptionalSlugAdmin, short, short_datetime
from readingroom.countries import country_choices, country_name
from readingroom.history_admin import ExtraChange, HistoryAdmin

KINDS = Annotation.Kind

STALE_MESSAGE = (
    "لم يُحفظ تعديلك: عدّل {who} هذا التوسيم في {when}، بعد أن فتحتَ هذه الصفحة. "
    "افتح التوسيم من جديد لترى ما تغيّر، ثم أعد تعديلك."
)


def annotation_counts(prefix: str) -> dict:
    """Count(...) of annotations of each kind under the relation `prefix` (one join)."""
    field = f"{prefix}annotations"
    return {
        f"{kind}_count": Count(field, filter=Q(**{f"{field}__kind": kind})) for kind in KINDS.values
    }


# ---------------------------------------------------------------- articles


class HasAnnotationsFilter(admin.SimpleListFilter):
    title = "التوسيمات"
    parameter_name = "has_annotations"

    def lookups(self, request, model_admin):
        return [("yes", "فيه توسيمات"), ("no", "بلا توسيمات")]

    def queryset(self, request, queryset):
        annotated = Exists(Annotation.objects.filter(paragraph__article=OuterRef("pk")))
        if self.value() == "yes":
            return queryset.filter(annotated)
        if self.value() == "no":
            return queryset.exclude(annotated)
        return queryset


admin.site.unregister(Article)


@admin.register(Article)
class ArticleAdmin(archive_admin.ArticleAdmin):
    """The archive's article admin, with the annotations each article carries."""

    list_display = [
        "article_title",
        "outlet_name",
        "published_on",
        "status",
        "claim_count",
        "source_count",
        "actor_count",
        "public_page",
    ]
    list_filter = ["status", "outlet", "published_on", HasAnnotationsFilter]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(**annotation_counts("paragraphs__"))

    @admin.display(description="ادعاءات", ordering="claim_count")
    def claim_count(self, article):
        return article.claim_count

    @admin.display(description="مصادر", ordering="source_count")
    def source_count(self, article):
        return article.source_count

    @admin.display(description="إشارات", ordering="actor_count")
    def actor_count(self, article):
        return article.actor_count


# ------------------------------------------------------------- annotations


class ArticleFilter(admin.SimpleListFilter):
    """Articles that carry annotations, newest first."""

    title = "المقال"
    parameter_name = "article"

    def lookups(self, request, model_admin):
        articles = Article.objects.filter(
            Exists(Annotation.objects.filter(paragraph__article=OuterRef("pk")))
        ).newest_first()
        return [(str(a.pk), isolated(a.title, 50)) for a in articles.only("pk", "title")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(paragraph__article_id=self.value())
        return queryset


class TagFilter(admin.SimpleListFilter):
    title = "الوسم"
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        tags = Tag.objects.filter(Exists(Annotation.objects.filter(tags=OuterRef("pk"))))
        return [(str(tag.pk), tag.name) for tag in tags.order_by(*alphabetical())]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(tags__id=self.value())
        return queryset


class AnnotationAdminForm(forms.ModelForm):
    """The admin's annotation form: the model's rules, and no silent overwrite.

    `loaded_version` carries the `updated` time the curator loaded; a save is
    refused when the stored annotation has been saved since (by an editor on
    the reading page, or another curator), instead of overwriting their work.
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Annotation
        fields = [
            "paragraph",
            "start",
            "end",
            "exact",
            "anchor_state",
            "kind",
            "actor",
            "via",
            "cue",
            "stance",
            "quote",
            "specificity",
            "tags",
            "note",
        ]
        widgets = {
            "exact": forms.Textarea(attrs={"rows": 2, "cols": 80}),
            "note": forms.Textarea(attrs={"rows": 3, "cols": 80, "dir": "auto"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.updated.isoformat()
        if "exact" in self.fields:
            self.fields["exact"].required = False
            self.fields[
                "exact"
            ].help_text = "يُملأ من نص الفقرة بين البداية والنهاية إن تُرك فارغًا أو تغيّر الموضع."

    def clean_tags(self):
        tags = self.cleaned_data.get("tags") or []
        try:
            return clean_tags(tags)
        except ValidationError as error:
            raise ValidationError(error.message_dict["tags"]) from error

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._refuse_stale(cleaned.get("loaded_version"))
        paragraph, start, end = (cleaned.get(k) for k in ("paragraph", "start", "end"))
        moved = {"paragraph", "start", "end"} & set(self.changed_data)
        if paragraph and start is not None and end is not None:
            if not cleaned.get("exact") or (moved and "exact" not in self.changed_data):
                # New offsets without a new quote: the quote is the text they cover.
                cleaned["exact"] = paragraph.text[start:end]
            if (moved or "exact" in self.changed_data) and "anchor_state" not in self.changed_data:
                # A curator who places the span by hand has anchored it.
                cleaned["anchor_state"] = Annotation.AnchorState.ANCHORED
        return cleaned

    def _refuse_stale(self, loaded):
        try:
            expected = datetime.fromisoformat(loaded) if loaded else None
        except ValueError:
            expected = None  # not a version this form wrote: treated as stale
        try:
            # The admin saves inside a transaction: the row stays held until then.
            services.refuse_if_stale(self.instance, expected)
        except Annotation.DoesNotExist:
            return  # deleted meanwhile: the admin reports that itself
        except services.StaleAnnotation as stale:
            who = get_user_model().objects.filter(pk=stale.updated_by_id).first()
            raise ValidationError(
                STALE_MESSAGE.format(
                    who=f"«{who.get_username()}»" if who else "شخص آخر",
                    when=formats.date_format(timezone.localtime(stale.updated), "DATETIME_FORMAT"),
                ),
                code="stale",
            ) from None


@admin.register(Annotation)
class AnnotationAdmin(HistoryAdmin):
    form = AnnotationAdminForm
    change_list_template = "admin/annotations/annotation/change_list.html"

    def get_urls(self):
        upload = self.admin_site.admin_view(partial(import_annotations_view, self))
        return [
            path("import/", upload, name="annotations_annotation_import"),
            *super().get_urls(),
        ]

    list_display = [
        "quote_excerpt",
        "kind",
        "actor_name",
        "article_title",
        "created_by",
        "anchor_state",
        "updated_at",
    ]
    list_select_related = ["paragraph__article", "actor", "created_by"]
    list_filter = [
        "kind",
        "anchor_state",
        ("actor", admin.RelatedOnlyFieldListFilter),
        ArticleFilter,
        ("created_by", admin.RelatedOnlyFieldListFilter),
        TagFilter,
        "stance",
        "quote",
        "specificity",
    ]
    search_fields = ["exact", "note"]
    search_help_text = "يبحث في النص المحدد وفي الملاحظة."
    ordering = ["-updated", "-pk"]
    autocomplete_fields = ["paragraph", "actor", "via"]
    readonly_fields = [
        "paragraph_text",
        "prefix",
        "suffix",
        "created_by",
        "updated_by",
        "created",
        "updated",
    ]
    fieldsets = [
        (
            "الموضع",
            {
                "fields": [
                    "paragraph",
                    "paragraph_text",
                    ("start", "end"),
                    "exact",
                    ("prefix", "suffix"),
                    "anchor_state",
                    "loaded_version",
                ]
            },
        ),
        (
            "التوسيم",
            {
                "fields": [
                    "kind",
                    "actor",
                    "via",
                    ("cue", "stance", "quote"),
                    "specificity",
                    "tags",
                    "note",
                ]
            },
        ),
        ("من وضعه", {"fields": [("created_by", "created"), ("updated_by", "updated")]}),
    ]
    view_on_site = True
    # Tags are kept on each record beside the fields (annotations/history.py).
    history_extra_changes = (ExtraChange("الوسوم", "tag_names"),)
    # A name's column sorts as the actor list does: alphabetically, hamza forms together.
    actor_name = text_column(Annotation, "actor.name", ordering=alphabetical("actor__")[0])

    def autocomplete_label(self, annotation) -> str:
        return f"{annotation.get_kind_display()}: {short(annotation.exact, 60)}"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "paragraph":
            field.queryset = field.queryset.select_related("article")
            field.label_from_instance = archive_admin.paragraph_label
        return field

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="نص الفقرة الآن")
    def paragraph_text(self, annotation):
        """The paragraph as readers see it, the span marked while it still covers its quote."""
        if annotation.pk is None:
            return "—"
        text, start, end = annotation.paragraph.text, annotation.start, annotation.end
        if text[start:end] != annotation.exact:
            return format_html('<div class="stored-text" dir="rtl">{}</div>', isolated(text))
        # As on the reading page: a run the span cuts keeps one isolate («Vladimir
        # Putin»), and a span stored before the glyph rules is shown whole.
        start, end = whole_span(text, start, end)

        def piece(a, b):
            inside = start <= a and b <= end
            return format_html("<mark>{}</mark>", text[a:b]) if inside else escape(text[a:b])

        return format_html(
            '<div class="stored-text" dir="rtl">{}</div>',
            isolate_pieces(text, (start, end), piece),
        )

    @admin.display(description="النص المحدد", ordering="exact")
    def quote_excerpt(self, annotation):
        return format_html(
            '<span title="{}">{}</span>', annotation.exact, isolated(annotation.exact, 50)
        )

    @admin.display(description="عُدّل", ordering="updated")
    def updated_at(self, annotation):
        return short_datetime(annotation.updated)

    @admin.display(description="المقال", ordering="paragraph__article__title")
    def article_title(self, annotation):
        return isolated(annotation.paragraph.article.title, 35)


# ------------------------------------------------------------------ actors


class CountryFilter(admin.SimpleListFilter):
    title = "البلد"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        countries = (
            Actor.objects.exclude(country="")
            .order_by("country")
            .values_list("country", flat=True)
            .distinct()
        )
        # By name, in Arabic: «روسيا», not «RUS».
        named = sorted(((c, country_name(c)) for c in countries), key=lambda row: row[1])
        return [*named, ("-", "بلا بلد")]

    def queryset(self, request, queryset):
        if self.value() == "-":
            return queryset.filter(country="")
        if self.value():
            return queryset.filter(country=self.value())
        return queryset


class ActorAliasFormSet(forms.BaseInlineFormSet):
    """Two aliases that fold to one search form («الأسد», «الاسد») are one alias."""

    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            alias = form.cleaned_data.get("alias")
            if not alias:
                continue
            key = search_key(alias)
            if key in seen:
                form.add_error(
                    "alias",
                    f"«{alias}» هو «{seen[key]}» نفسه بعد توحيد الهمزات والحركات: احذف أحدهما.",
                )
            seen[key] = alias


class ActorAliasInline(AutoDirectionAdmin, admin.TabularInline):
    model = ActorAlias
    formset = ActorAliasFormSet
    fields = ["alias"]
    extra = 1


@admin.register(Actor)
class ActorAdmin(archive_admin.TypeableSlugs, OptionalSlugAdmin, HistoryAdmin):
    list_display = [
        "actor_name",
        "actor_name_en",
        "kind",
        "country_in_arabic",
        "parent_name",
        "claim_count",
        "source_count",
        "actor_count",
    ]
    list_select_related = ["parent"]
    list_filter = ["kind", CountryFilter]
    ordering = alphabetical()
    search_fields = ["name", "name_en", "aliases__alias"]
    search_help_text = (
        "يبحث في الاسم والاسم بالإنجليزية والأسماء البديلة، والهمزات والحركات لا تهم."
    )
    autocomplete_fields = ["parent"]
    readonly_fields = ["created", "updated"]
    inlines = [ActorAliasInline]
    actions = ["merge_actors"]
    view_on_site = True
    actor_name = text_column(Actor, "name", ordering=alphabetical()[0])
    actor_name_en = text_column(Actor, "name_en", ltr=True)
    parent_name = text_column(Actor, "parent.name")

    @admin.display(description="البلد", ordering="country")
    def country_in_arabic(self, actor):
        return country_name(actor.country) if actor.country else "—"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "country":
            # A list of countries by their Arabic names; the stored value stays the ISO code.
            return forms.ChoiceField(
                label=db_field.verbose_name,
                required=False,
                choices=[("", "—"), *country_choices()],
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        field = form.base_fields.get("country")
        if obj is not None and obj.country and field is not None:
            if obj.country not in dict(country_choices()):
                # A code not in the list (withdrawn, or imported as written) stays choosable.
                field.choices = [*field.choices, (obj.country, obj.country)]
        return form

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(**annotation_counts(""))

    def get_search_results(self, request, queryset, search_term):
        """Name, English name or any alias, with hamza and harakat folded as in search."""
        term = " ".join(search_term.split())
        if not term:
            return queryset, False
        aliases = ActorAlias.objects.filter(
            Q(alias__icontains=term) | Q(search_key__contains=search_key(term) or term)
        )
        matches = Q(name__icontains=term) | Q(name_en__icontains=term)
        return queryset.filter(matches | Q(pk__in=aliases.values("actor_id"))), False

    @admin.display(description="ادعاءات", ordering="claim_count")
    def claim_count(self, actor):
        return actor.claim_count

    @admin.display(description="مصدرًا", ordering="source_count")
    def source_count(self, actor):
        return actor.source_count

    @admin.display(description="إشارات", ordering="actor_count")
    def actor_count(self, actor):
        return actor.actor_count

    @admin.action(description="دمج الفاعلين المحددين في واحد منهم…", permissions=["merge"])
    def merge_actors(self, request, queryset):
        return merge_actors_view(self, request, queryset)

    def has_merge_permission(self, request):
        """Merging changes annotations and aliases and deletes actors."""
        return all(
            request.user.has_perm(f"annotations.{codename}")
            for codename in (
                "change_actor",
                "delete_actor",
                "change_annotation",
                "add_actoralias",
                "change_actoralias",
                "delete_actoralias",
            )
        )


# -------------------------------------------------------------------- tags


class TagAdminForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "يُشتق من الاسم إن تُرك فارغًا، بحروفه العربية."


if admin.site.is_registered(TaggitDefaultTag):
    # taggit's own Tag model is unused here: curators see ours only.
    admin.site.unregister(TaggitDefaultTag)


@admin.register(Tag)
class TagAdmin(archive_admin.TypeableSlugs, HistoryAdmin):
    form = TagAdminForm
    list_display = ["tag_name", "slug", "annotation_count", "public_page"]
    search_fields = ["name"]
    ordering = alphabetical()
    tag_name = text_column(Tag, "name", ordering=alphabetical()[0])

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(annotation_count=Count("items"))

    @admin.display(description="التوسيمات", ordering="annotation_count")
    def annotation_count(self, tag):
        return tag.annotation_count

    @admin.display(description="الصفحة العامة")
    def public_page(self, tag):
        url = reverse("annotations:tag_detail", kwargs={"slug": tag.slug})
        return format_html('<a href="{}" target="_blank" rel="noopener">عرض</a>', url)
