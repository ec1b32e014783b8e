"""The paragraphs of an article in its admin page.

Correcting a paragraph here re-anchors the article's annotations, as a
corrected re-import does (archive.signals.article_text_changed). A paragraph
emptied of its text is deleted only when the curator confirms it; its
annotations are then re-anchored elsewhere or orphaned, never deleted with it.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Max

from archive.models import Article, Paragraph
from archive.search import index as search_index
from archive.signals import article_text_changed

EMPTY_NEEDS_CONFIRMATION = (
    "النص فارغ: ستُحذف هذه الفقرة، وما عليها من توسيمات يُعاد تثبيته في مكان آخر أو يصبح يتيمًا. "
    "للمتابعة ضع علامة على «تأكيد حذف الفقرة» ثم احفظ."
)
STATE_LABELS = {"anchored": "مثبّت", "moved": "منقول", "orphaned": "يتيم"}


class ParagraphForm(forms.ModelForm):
    text = forms.CharField(
        label="النص",
        required=False,
        strip=True,
        # An Arabic paragraph reads right to left even when it opens with «SY24».
        widget=forms.Textarea(attrs={"rows": 3, "cols": 90, "dir": "rtl"}),
    )
    confirm_delete = forms.BooleanField(label="تأكيد حذف الفقرة", required=False)

    class Meta:
        model = Paragraph
        fields = ["text"]

    def clean(self):
        cleaned = super().clean()
        emptied = self.instance.pk and not cleaned.get("text")
        if emptied and not cleaned.get("confirm_delete") and not cleaned.get("DELETE"):
            raise forms.ValidationError(EMPTY_NEEDS_CONFIRMATION)
        if not self.instance.pk and not cleaned.get("text") and self.has_changed():
            raise forms.ValidationError("الفقرة الجديدة تحتاج إلى نص.")
        return cleaned

    @property
    def confirmed_empty(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return bool(self.instance.pk and not data.get("text") and data.get("confirm_delete"))


class ParagraphFormSet(forms.BaseInlineFormSet):
    request = None

    def clean(self):
        super().clean()
        kept = [
            form for form in self.forms if form.instance.pk and not self._should_delete_form(form)
        ] + [form for form in self.extra_forms if form.has_changed()]
        if self.instance.pk and not kept:
            raise forms.ValidationError("يبقى في المقال فقرة واحدة على الأقل.")

    def _should_delete_form(self, form):
        return super()._should_delete_form(form) or getattr(form, "confirmed_empty", False)

    def delete_existing(self, obj, commit=True):
        # Deleted after the annotations have moved off them, in save().
        self._removed.append(obj)

    def save_new(self, form, commit=True):
        paragraph = form.save(commit=False)
        paragraph.article = self.instance
        last = self.instance.paragraphs.aggregate(last=Max("position"))["last"] or 0
        paragraph.position = last + 1
        if commit:
            paragraph.save()
        return paragraph

    def save(self, commit=True):
        self._removed = []
        text_changed = any(
            "text" in form.changed_data for form in self.initial_forms if form.instance.pk
        )
        saved = super().save(commit)
        if not (text_changed or self._removed or self.new_objects):
            return saved
        responses = article_text_changed.send(
            sender=Article, article=self.instance, removed=self._removed
        )
        for paragraph in self._removed:
            paragraph.delete()
        search_index.index_paragraphs(self.instance)
        self._report(responses)
        return saved

    def _report(self, responses):
        counts = {}
        for _, states in responses:
            for state, n in (states or {}).items():
                counts[state] = counts.get(state, 0) + n
        if self.request is None or not any(counts.values()):
            return
        summary = "، ".join(f"{STATE_LABELS.get(s, s)}: {n}" for s, n in counts.items())
        level = messages.WARNING if counts.get("orphaned") else messages.INFO
        messages.add_message(self.request, level, f"أعيد تثبيت توسيمات المقال ({summary}).")


class ParagraphInline(admin.StackedInline):
    model = Paragraph
    form = ParagraphForm
    formset = ParagraphFormSet
    extra = 0
    ordering = ["position"]
    readonly_fields = ["position"]
    fields = ["position", "text", "confirm_delete"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"request": request})
