from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import GenericTaggedItemBase, TagBase

from annotations import anchoring
from archive.collation import SORT_KEY_MAX_LENGTH, CodePoints, alphabetical, sort_key
from archive.models import Article, Paragraph, sees_drafts, unique_slug
from archive.normalise import search_key

NOTE_MAX_LENGTH = 4000


def public_nickname(username: str, user_id=None) -> str:
    """A login as it may be shown outside the admin: as it is, unless it is an e-mail address
    (Django allows «@» in usernames), which never leaves the site; then «محرر N»."""
    if "@" not in username:
        return username
    return f"محرر {user_id}" if user_id else "محرر"


class StampField(models.DateTimeField):
    """auto_now or auto_now_add, except on a row marked `keep_times` that has a time.

    A restored annotation keeps the times its file gives: bulk_create would
    otherwise stamp every row it inserts with the time of the import.
    """

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if getattr(model_instance, "keep_times", False) and value is not None:
            return value
        return super().pre_save(model_instance, add)


ACTOR_COUNTS = (
    "claims_published",
    "claims_all",
    "mentions_published",
    "mentions_all",
    "annotations_published",
    "annotations_all",
)
TAG_COUNTS = ("annotations_published", "annotations_all", "claims_published", "claims_all")


# Actor.objects.visible_to() for readers, from the counts annotations/counts.py keeps
# on each actor: no annotation at all, or one on a published article. Lists and search
# read it so; the definition probes each actor's annotations.
READERS_SEE_BY_COUNTS = Q(annotations_all=0) | Q(annotations_published__gt=0)


class ActorQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Readers know an actor only through published articles.

        An actor whose every annotation sits in a draft is hidden from them (its
        name would tell what the draft is about). An actor with no annotation at
        all (made in the admin, or whose annotations were deleted) is shown, and
        so is one with any annotation in a published article, even an orphaned one:
        its name was published. Editors and curators see every actor.
        """
        if sees_drafts(user):
            return self.all()
        return self.exclude(pk__in=Actor.objects.known_only_from_drafts().values("pk"))

    def known_only_from_drafts(self):
        """Actors with annotations, none of them on a published article."""
        annotations = Annotation.objects.filter(actor=OuterRef("pk"))
        published = annotations.filter(paragraph__article__in=Article.objects.published())
        return self.filter(Exists(annotations)).exclude(Exists(published))


def most_first(count: str, name: str) -> models.Index:
    """The index of a list ordered by `count`, highest first, then alphabetical (as alphabetical())."""
    return models.Index(
        F(count).desc(), CodePoints("sort_key"), CodePoints("name"), F("id"), name=name
    )


class Actor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "شخص"
        STATE = "state", "دولة"
        GOVERNMENT_BODY = "government_body", "جهة حكومية"
        MILITARY_SECURITY = "military_security", "جهة عسكرية أو أمنية"
        ARMED_GROUP = "armed_group", "جماعة مسلحة"
        PARTY = "party", "حزب"
        MEDIA_OUTLET = "media_outlet", "وسيلة إعلامية"
        NEWS_AGENCY = "news_agency", "وكالة أنباء"
        NGO = "ngo", "منظمة غير حكومية"
        IGO = "igo", "منظمة دولية"
        COMPANY = "company", "شركة"
        UNNAMED_COLLECTIVE = "unnamed_collective", "جهة جماعية غير مسماة"
        OTHER = "other", "أخرى"

    name = models.CharField("الاسم", max_length=200)
    name_en = models.CharField("الاسم بالإنجليزية", max_length=200, blank=True)
    slug = models.SlugField("المعرّف", max_length=100, unique=True, allow_unicode=True)
    kind = models.CharField("النوع", max_length=24, choices=Kind.choices, default=Kind.OTHER)
    country = models.CharField(
        "البلد",
        max_length=3,
        blank=True,
        validators=[
            RegexValidator(r"^[A-Z]{3}$", "رمز البلد ثلاثة أحرف لاتينية كبيرة (ISO 3166).")
        ],
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="الجهة الأم",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    wikidata_id = models.CharField(
        "معرّف ويكي بيانات",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9]\d*$", "معرّف ويكي بيانات يبدأ بـ Q ثم أرقام.")],
    )
    description = models.TextField("الوصف", blank=True, max_length=2000)
    # Where the name goes in alphabetical order (archive.collation), kept by save().
    sort_key = models.CharField(max_length=SORT_KEY_MAX_LENGTH, editable=False, default="")
    # The kind's place in Kind (people first), kept by save(): the actor list's first order.
    kind_rank = models.PositiveSmallIntegerField(editable=False, default=0)
    # What the lists show, kept by annotations/counts.py in the transaction of each write:
    # claims and mentions (actor and source annotations) that the reading pages highlight,
    # and every annotation naming the actor (orphans too: see visible_to), on published
    # articles and on all of them.
    claims_published = models.IntegerField(editable=False, default=0)
    claims_all = models.IntegerField(editable=False, default=0)
    mentions_published = models.IntegerField(editable=False, default=0)
    mentions_all = models.IntegerField(editable=False, default=0)
    annotations_published = models.IntegerField(editable=False, default=0)
    annotations_all = models.IntegerField(editable=False, default=0)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ActorQuerySet.as_manager()
    # The sort key follows from the name, which history keeps; counts are no one's edit.
    history = HistoricalRecords(
        verbose_name="سجلّ فاعل",
        verbose_name_plural="سجلّ الفاعلين",
        excluded_fields=["sort_key", "kind_rank", *ACTOR_COUNTS],
    )

    class Meta:
        ordering = alphabetical()
        verbose_name = "فاعل"
        verbose_name_plural = "الفاعلون"
        indexes = [
            # /actors/: by kind, most claims, most mentions, then alphabetical.
            *(
                models.Index(
                    F("kind_rank"),
                    F(f"claims_{seen}").desc(),
                    F(f"mentions_{seen}").desc(),
                    CodePoints("sort_key"),
                    CodePoints("name"),
                    F("id"),
                    name=f"actor_list_{seen}",
                )
                for seen in ("published", "all")
            ),
            # The claims index's «القائل»: most claims, then alphabetical.
            *(
                most_first(f"claims_{seen}", f"actor_speakers_{seen}")
                for seen in ("published", "all")
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Actor, self.name, fallback="actor", exclude_pk=self.pk)
        self.kind_rank = kind_rank(self.kind)
        kwargs = with_sort_key(self, kwargs)
        fields = kwargs.get("update_fields")
        if fields is not None and "kind" in fields:
            kwargs = {**kwargs, "update_fields": {*fields, "kind_rank"}}
        kwargs = without_counts(self, kwargs, ACTOR_COUNTS)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("annotations:actor_detail", kwargs={"slug": self.slug})

    @property
    def wikidata_url(self) -> str:
        return f"http://www.wikidata.org/entity/{self.wikidata_id}" if self.wikidata_id else ""


class ActorAlias(models.Model):
    actor = models.ForeignKey(
        Actor, verbose_name="الفاعل", on_delete=models.CASCADE, related_name="aliases"
    )
    alias = models.CharField("الاسم البديل", max_length=200)
    search_key = models.CharField(max_length=200, editable=False, db_index=True)

    history = HistoricalRecords(
        verbose_name="سجلّ اسم بديل", verbose_name_plural="سجلّ الأسماء البديلة"
    )

    class Meta:
        ordering = ["alias"]
        verbose_name = "اسم بديل"
        verbose_name_plural = "الأسماء البديلة"
        constraints = [
            models.UniqueConstraint(fields=["actor", "search_key"], name="alias_unique_per_actor"),
        ]

    def __str__(self):
        return self.alias

    def save(self, *args, **kwargs):
        self.search_key = search_key(self.alias)
        super().save(*args, **kwargs)


def kind_rank(kind: str) -> int:
    values = Actor.Kind.values
    return values.index(kind) if kind in values else len(values)


def without_counts(row, save_kwargs, counts) -> dict:
    """Save every column but the counts, which the writes of annotations keep.

    A row read before a write of annotations holds counts that are no longer
    true; saving it whole (a merge saves the kept actor after moving its
    annotations, the admin saves a form) would write them back.
    """
    if row._state.adding or save_kwargs.get("update_fields") is not None:
        return save_kwargs
    fields = [
        f.name for f in row._meta.concrete_fields if not f.primary_key and f.name not in counts
    ]
    return {**save_kwargs, "update_fields": fields}


def with_sort_key(row, save_kwargs) -> dict:
    """Set the row's sort key from its name; a save of the name alone writes the key too."""
    row.sort_key = sort_key(row.name)
    fields = save_kwargs.get("update_fields")
    if fields is not None and "name" in fields:
        save_kwargs = {**save_kwargs, "update_fields": {*fields, "sort_key"}}
    return save_kwargs


class TagQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Tags carried by at least one annotation the user may see (readers: on a published article)."""
        return self.filter(Exists(Annotation.objects.visible_to(user).filter(tags=OuterRef("pk"))))


class Tag(TagBase):
    """A tag whose slug keeps Arabic letters, so /tags/<slug>/ reads as the tag."""

    # Where the name goes in alphabetical order (archive.collation), kept by save().
    sort_key = models.CharField(max_length=SORT_KEY_MAX_LENGTH, editable=False, default="")
    # Annotations carrying the tag that the reading pages highlight, and the claims among
    # them, on published articles and on all: kept by annotations/counts.py.
    annotations_published = models.IntegerField(editable=False, default=0)
    annotations_all = models.IntegerField(editable=False, default=0)
    claims_published = models.IntegerField(editable=False, default=0)
    claims_all = models.IntegerField(editable=False, default=0)

    objects = TagQuerySet.as_manager()
    # A rename changes what every annotation carrying the tag says: curators see who did it.
    history = HistoricalRecords(
        verbose_name="سجلّ وسم",
        verbose_name_plural="سجلّ الوسوم",
        excluded_fields=["sort_key", *TAG_COUNTS],
    )

    class Meta:
        ordering = alphabetical()
        verbose_name = "وسم"
        verbose_name_plural = "الوسوم"
        indexes = [
            # /tags/ (every annotation) and the claims index's «الوسم» (claims): most used first.
            most_first(f"{counted}_{seen}", f"tag_{counted}_{seen}")
            for counted in ("annotations", "claims")
            for seen in ("published", "all")
        ]

    def save(self, *args, **kwargs):
        kwargs = with_sort_key(self, kwargs)
        kwargs = without_counts(self, kwargs, TAG_COUNTS)
        return super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("annotations:tag_detail", kwargs={"slug": self.slug})

    def slugify(self, tag, i=None):
        return unique_slug(Tag, tag, fallback="tag", exclude_pk=self.pk)


class TaggedAnnotation(GenericTaggedItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="items")

    @classmethod
    def rows_of(cls, annotation_ids):
        """(annotation id, tag name, tag slug) of these annotations' tags, in one query.

        In the order they were added, as taggit lists them; taggit's own prefetch
        builds a query per annotation. `annotation_ids` may be a queryset of ids:
        thousands of parameters are past SQLite's limit.
        """
        return (
            cls.objects.filter(
                content_type__app_label=Annotation._meta.app_label,
                content_type__model=Annotation._meta.model_name,
                object_id__in=annotation_ids,
            )
            .order_by("pk")
            .values_list("object_id", "tag__name", "tag__slug")
        )


class AnnotationQuerySet(models.QuerySet):
    def for_article(self, article):
        return self.filter(paragraph__article=article)

    def visible_to(self, user):
        return self.filter(paragraph__article__in=Article.objects.visible_to(user))

    def for_rendering(self):
        """Everything a highlight and its card show, in a constant number of queries."""
        return (
            self.select_related("paragraph__article", "actor", "via", "via__actor", "created_by")
            .prefetch_related("tags")
            .order_by("paragraph__position", "start", "-end", "pk")
        )


class AnnotationHistoryBase(models.Model):
    """What an annotation's history records beyond its own columns: its tags.

    django-simple-history's `m2m_fields` cannot follow taggit's manager
    (jazzband/django-taggit#918), so each record keeps the tag names as they
    were at that moment; annotations/history.py fills them in.
    """

    tag_names = models.TextField("الوسوم", blank=True, default="")

    class Meta:
        abstract = True


# Kept by name: annotations/history.py records a tags-only change through it.
ANNOTATION_HISTORY = HistoricalRecords(
    verbose_name="سجلّ توسيم",
    verbose_name_plural="سجلّ التوسيمات",
    bases=[AnnotationHistoryBase],
)


class Annotation(models.Model):
    class Kind(models.TextChoices):
        CLAIM = "claim", "ادعاء"
        SOURCE = "source", "مصدر"
        ACTOR = "actor", "فاعل"

    class AnchorState(models.TextChoices):
        ANCHORED = "anchored", "مثبّت"
        MOVED = "moved", "منقول"
        ORPHANED = "orphaned", "يتيم"

    class Stance(models.TextChoices):
        NEUTRAL = "neutral", "محايد"
        ENDORSING = "endorsing", "متبنٍّ"
        DISTANCING = "distancing", "متحفّظ"

    class Quote(models.TextChoices):
        DIRECT = "direct", "مباشر"
        INDIRECT = "indirect", "غير مباشر"
        MIXED = "mixed", "مختلط"

    class Specificity(models.TextChoices):
        NAMED_PERSON = "named_person", "شخص مسمّى"
        NAMED_BODY = "named_body", "جهة مسمّاة"
        UNNAMED_OFFICIAL = "unnamed_official", "مسؤول غير مسمّى"
        ANONYMOUS = "anonymous", "مجهول"
        COLLECTIVE = "collective", "جماعي"
        MEDIA_RELAY = "media_relay", "نقل إعلامي"
        DOCUMENT = "document", "وثيقة"

    paragraph = models.ForeignKey(
        Paragraph, verbose_name="الفقرة", on_delete=models.CASCADE, related_name="annotations"
    )
    start = models.PositiveIntegerField("البداية")
    end = models.PositiveIntegerField("النهاية")
    exact = models.TextField("النص المحدد")
    prefix = models.CharField("ما قبله", max_length=64, blank=True)
    suffix = models.CharField("ما بعده", max_length=64, blank=True)
    anchor_state = models.CharField(
        "حالة التثبيت", max_length=10, choices=AnchorState.choices, default=AnchorState.ANCHORED
    )
    kind = models.CharField("النوع", max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        Actor,
        verbose_name="الفاعل",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annotations",
    )
    via = models.ForeignKey(
        "self",
        verbose_name="عبر المصدر",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims",
    )
    cue = models.CharField("فعل الإسناد", max_length=60, blank=True)
    stance = models.CharField("الموقف", max_length=12, choices=Stance.choices, blank=True)
    quote = models.CharField("نوع الاقتباس", max_length=10, choices=Quote.choices, blank=True)
    specificity = models.CharField(
        "تحديد المصدر", max_length=20, choices=Specificity.choices, blank=True
    )
    note = models.TextField("ملاحظة", blank=True, max_length=NOTE_MAX_LENGTH)
    tags = TaggableManager("الوسوم", through=TaggedAnnotation, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="أنشأه",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="عدّله",
    )
    # Who made it, when they are not a user here: the creator's nickname from an
    # imported file, kept so that exporting again says the same.
    creator_name = models.CharField("المحرر (من ملف مستورد)", max_length=150, blank=True)
    # The IRI an imported annotation had in its file: export gives it back, so
    # export → import → export is the same, and re-importing a file updates
    # these rows instead of duplicating them. Empty for annotations made here,
    # whose IRI is their API address.
    iri = models.CharField("المعرّف الأصلي", max_length=500, blank=True, db_index=True)
    created = StampField("أنشئ", auto_now_add=True)
    updated = StampField("عُدّل", auto_now=True)

    objects = AnnotationQuerySet.as_manager()
    history = ANNOTATION_HISTORY

    class Meta:
        ordering = ["paragraph", "start", "-end"]
        verbose_name = "توسيم"
        verbose_name_plural = "التوسيمات"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lt=models.F("end")), name="annotation_start_before_end"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.exact[:60]}"

    def get_absolute_url(self):
        return f"{self.paragraph.article.get_absolute_url()}#{self.anchor}"

    def clean(self):
        """Every rule an annotation obeys, checked in one place before any save.

        A quote that no longer sits at its offsets is re-found by its context;
        if it cannot be, the error has code "text_mismatch" (the API answers 409).
        """
        errors: dict[str, list[str]] = {}
        text = self.paragraph.text
        problems = anchoring.span_problems(text, self.start, self.end)
        out_of_range = not (0 <= self.start < self.end <= len(text))
        if self.exact and not out_of_range and text[self.start : self.end] != self.exact:
            found = anchoring.find_quote(
                text, self.exact, self.prefix, self.suffix, near=self.start
            )
            if found is None:
                raise ValidationError(
                    {
                        "exact": ValidationError(
                            "النص المحدد لم يعد موجودًا في الفقرة.", code="text_mismatch"
                        )
                    }
                )
            self.start, self.end = found
            problems = anchoring.span_problems(text, self.start, self.end)
        if problems:
            errors["start"] = problems
        else:
            quote = anchoring.quote_at(text, self.start, self.end)
            self.exact, self.prefix, self.suffix = quote.exact, quote.prefix, quote.suffix
        if self.kind == self.Kind.ACTOR and self.actor_id is None:
            errors["actor"] = ["الإشارة إلى فاعل تحتاج إلى تحديد الفاعل."]
        if self.via_id is not None:
            if self.kind != self.Kind.CLAIM:
                errors["via"] = ["المصدر يُربط بالادعاءات فقط."]
            elif self.via.kind != self.Kind.SOURCE:
                errors["via"] = ["يجب أن يكون «عبر» توسيمًا من نوع مصدر."]
            elif self.via.paragraph.article_id != self.paragraph.article_id:
                errors["via"] = ["المصدر يجب أن يكون في المقال نفسه."]
            elif self.via_id == self.pk:
                errors["via"] = ["لا يكون التوسيم مصدرًا لنفسه."]
        if self.kind != self.Kind.CLAIM and (self.cue or self.stance or self.quote):
            errors["cue"] = ["فعل الإسناد والموقف ونوع الاقتباس للادعاءات فقط."]
        if self.kind != self.Kind.SOURCE and self.specificity:
            errors["specificity"] = ["تحديد المصدر للمصادر فقط."]
        if len(self.note) > NOTE_MAX_LENGTH:
            errors["note"] = [f"الملاحظة أطول من {NOTE_MAX_LENGTH} محرف."]
        if errors:
            raise ValidationError(errors)

    @property
    def creator_nickname(self) -> str:
        """Who made it, as readers, the API and every file name them: see public_nickname."""
        if self.created_by_id:
            return public_nickname(self.created_by.get_username(), self.created_by_id)
        return public_nickname(self.creator_name)

    @property
    def anchor(self) -> str:
        return f"a-{self.pk}"


# Counts the list pages read instead of scanning the archive: annotations/counts.py keeps them.


class ListingCount(models.Model):
    """How many visible claims have one value of one facet of the claims index.

    `facet` is "claims" (value "": all of them, /claims/ and /data/), "stance",
    "specificity" (the source's, or "none"), "actor_kind" (the speaker's) or
    "outlet" (its id). Speakers and tags are counted on their own rows.
    """

    facet = models.CharField(max_length=16)
    value = models.CharField(max_length=64, blank=True)
    published = models.IntegerField(default=0)
    everything = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["facet", "value"], name="listing_count_unique"),
        ]

    def __str__(self):
        return f"{self.facet}:{self.value}"


class ArticleCounts(models.Model):
    """An article's highlighted claims, sources and actor mentions, as the article list shows them."""

    # No constraint: the row of a deleted article is deleted with it by annotations/counts.py.
    article = models.OneToOneField(
        Article,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="annotation_counts",
    )
    claims = models.IntegerField(default=0)
    sources = models.IntegerField(default=0)
    actor_mentions = models.IntegerField(default=0)

    def __str__(self):
        return f"{self.article_id}: {self.claims}/{self.sources}/{self.actor_mentions}"


class ParagraphCounts(models.Model):
    """What one paragraph's annotations add to every count, as last counted.

    Counting a paragraph again and subtracting this gives what changed, so a
    write updates only the counts it moves however large the archive. Kept
    without a database constraint: when a paragraph is deleted its annotations
    go first, and counting it then subtracts this row and deletes it.
    """

    paragraph = models.OneToOneField(
        Paragraph,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="+",
    )
    article_id = models.BigIntegerField()
    published = models.BooleanField()
    cells = models.JSONField(default=dict)

    def __str__(self):
        return f"{self.paragraph_id}: {self.cells}"


# Connected with the models, so every process that writes (a command, a script, a
# migration's code) keeps the counts.
from annotations import counts as _counts  # noqa: E402, F401
