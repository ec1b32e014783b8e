from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Left
from django.urls import reverse
from simple_history.models import HistoricalRecords

from archive.slugs import free_slug, slug_form

SLUG_MAX_LENGTH = 100
# Slugs cut at a word boundary near this length keep URLs short enough to share.
SLUG_BASE_LENGTH = 60
LEAD_LENGTH = 220


def unique_slug(model, text: str, *, fallback: str, exclude_pk=None) -> str:
    """A Unicode slug for `text` that no other row of `model` uses.

    Arabic titles keep their letters; harakat and tatweel are dropped and
    digits are Western (archive.slugs.slug_form), so a reader can type it.
    """
    base = slug_form(text)
    if len(base) > SLUG_BASE_LENGTH:
        base = base[:SLUG_BASE_LENGTH].rsplit("-", 1)[0]
    base = base.strip("-") or fallback
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    return free_slug(base, taken, max_length=SLUG_MAX_LENGTH)


class Outlet(models.Model):
    name = models.CharField("الاسم", max_length=200, unique=True)
    slug = models.SlugField("المعرّف", max_length=SLUG_MAX_LENGTH, unique=True, allow_unicode=True)
    url = models.URLField("الموقع", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "وسيلة إعلامية"
        verbose_name_plural = "وسائل الإعلام"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Outlet, self.name, fallback="outlet", exclude_pk=self.pk)
        super().save(*args, **kwargs)


def sees_drafts(user) -> bool:
    """Curators (staff) and editors (who may view every article) see drafts; readers do not."""
    return bool(user.is_authenticated and (user.is_staff or user.has_perm("archive.view_article")))


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED)

    def visible_to(self, user):
        """Readers see published articles; staff also see drafts."""
        if sees_drafts(user):
            return self.all()
        return self.published()

    def for_listing(self):
        """Everything the article list shows, in one query for the whole page.

        The paragraph count and the lead are subqueries of each row, so only the
        rows of the page are counted, not every article before they are ordered.
        """
        paragraphs = Paragraph.objects.filter(article=OuterRef("pk")).order_by()
        return self.select_related("outlet").annotate(
            paragraph_count=Coalesce(
                Subquery(
                    paragraphs.values("article").annotate(n=Count("pk")).values("n"),
                    output_field=models.IntegerField(),
                ),
                0,
            ),
            lead=Subquery(
                paragraphs.order_by("position")
                .annotate(lead=Left("text", LEAD_LENGTH))
                .values("lead")[:1]
            ),
        )

    def newest_first(self):
        # Indexed for readers and for editors (migration archive 0008).
        return self.order_by(models.F("published_on").desc(nulls_last=True), "-created", "-pk")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "مسودة"
        PUBLISHED = "published", "منشور"

    outlet = models.ForeignKey(
        Outlet,
        verbose_name="الوسيلة",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    title = models.CharField("العنوان", max_length=500)
    slug = models.SlugField("المعرّف", max_length=SLUG_MAX_LENGTH, unique=True, allow_unicode=True)
    url = models.URLField("الرابط الأصلي", max_length=1000, blank=True)
    author = models.CharField("الكاتب", max_length=200, blank=True)
    published_on = models.DateField("تاريخ النشر", null=True, blank=True)
    language = models.CharField("اللغة", max_length=8, default="ar")
    status = models.CharField(
        "الحالة", max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    source_name = models.CharField("الملف المصدر", max_length=255, blank=True)
    text_sha256 = models.CharField("بصمة النص", max_length=64, blank=True, editable=False)
    created = models.DateTimeField("أنشئ", auto_now_add=True)
    updated = models.DateTimeField("عُدّل", auto_now=True)

    objects = ArticleQuerySet.as_manager()
    # Who changed what and when, with the old values: see the admin's history pages.
    history = HistoricalRecords(verbose_name="سجلّ مقال", verbose_name_plural="سجلّ المقالات")

    class Meta:
        ordering = ["-published_on", "-created"]
        verbose_name = "مقال"
        verbose_name_plural = "المقالات"
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="article_unique_url"
            ),
        ]
        indexes = [models.Index(fields=["source_name"], name="article_source_name")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Article, self.title, fallback="article", exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("archive:article_detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Paragraph(models.Model):
    article = models.ForeignKey(
        Article, verbose_name="المقال", on_delete=models.CASCADE, related_name="paragraphs"
    )
    position = models.PositiveIntegerField("الترتيب")
    text = models.TextField("النص")

    history = HistoricalRecords(verbose_name="سجلّ فقرة", verbose_name_plural="سجلّ الفقرات")

    class Meta:
        ordering = ["article", "position"]
        verbose_name = "فقرة"
        verbose_name_plural = "الفقرات"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="paragraph_unique_position"
            ),
        ]

    def __str__(self):
        return f"الفقرة {self.position}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"p-{self.position}"


class SearchEntry(models.Model):
    """The search copy of one searchable text: its folded words, their other forms, bare bases.

    Every column is words written by archive.search.index, one space apart
    (see there for what each holds). Articles and paragraphs are indexed here
    by the archive; other apps index their own kinds (actors, annotation
    notes) through archive.search.index. The full-text index on top of this
    table is database-specific and lives in migrations: a stored tsvector with
    GIN indexes on PostgreSQL, an FTS5 table kept current by triggers on
    SQLite. On SQLite, a later migration that alters this table makes Django
    rebuild it and drops those triggers, so such a migration must recreate
    them (as 0005 does).

    The narrow columns come first: a search reads them for every match, and on
    SQLite a column stored after a long text costs a read of that text.
    """

    kind = models.CharField(max_length=16)
    object_id = models.BigIntegerField()
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    paragraph = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    body = models.TextField()
    stems = models.TextField(blank=True)
    bare = models.TextField(blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique"),
        ]

    def __str__(self):
        return f"{self.kind}:{self.object_id}"


class SearchWord(models.Model):
    """A folded word of actors' names and article titles: what «هل تقصد» suggests from.

    `names` and `titles` count the texts that use the word (each actor name,
    English name and alias is one text; each title one), kept by the receivers
    of archive.search.vocabulary_signals and annotations.search_words, and
    written whole by archive.search.vocabulary.rebuild(). `shown` is how the
    word is written (hamza and ة as published, harakat and tatweel left out).

    A misspelt word is looked up by its length and three keys of its letters,
    so that only a few hundred words are compared with it however large the
    vocabulary: `tail` (the first letter and the last two, in either order),
    `head` (the last letter and the first two, in either order) and `middle`
    (the second letter and the second to last). A typo in the middle keeps
    `tail`; two letters swapped at either end keep `tail` or `head`; a wrong
    first or last letter keeps `middle`. A leading «ال», «وال», «بال»… is left out
    of the keys. Each index gives the words of one key and length most used
    first (`uses` is names + titles), then in the order of `tiebreak` (a
    checksum of the word), integers that both databases order alike, so that
    reading the first few hundred is reading the same words on each.
    """

    word = models.CharField(max_length=64, primary_key=True)
    shown = models.CharField(max_length=64)
    length = models.PositiveSmallIntegerField()
    tail = models.CharField(max_length=3)
    head = models.CharField(max_length=3)
    middle = models.CharField(max_length=2)
    names = models.IntegerField(default=0)
    titles = models.IntegerField(default=0)
    uses = models.IntegerField(default=0)
    tiebreak = models.IntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=[key, "length", "-uses", "tiebreak", "word"], name=f"search_word_{key}"
            )
            for key in ("tail", "head", "middle")
        ]

    def __str__(self):
        return self.word


class ArchiveCount(models.Model):
    """A count the article lists show, kept by each write (archive/counts.py): "articles"."""

    name = models.CharField(max_length=32, primary_key=True)
    published = models.IntegerField(default=0)
    everything = models.IntegerField(default=0)

    def __str__(self):
        return f"{self.name}: {self.published}/{self.everything}"


# Connected with the models, so every process that writes articles keeps the count.
from archive import counts as _counts  # noqa: E402, F401
