"""A correction is recorded in history: the imported text, the new text, and each move."""

import pytest

from archive.importing import import_article_file
from tests.factories import make_annotation

pytestmark = pytest.mark.django_db


def test_a_corrected_import_records_old_text_and_re_anchored_annotations(tmp_path):
    path = tmp_path / "khabar.txt"
    path.write_text("وفد روسي في دمشق\n\nوصل الوفد الروسي إلى دمشق صباح اليوم.\n", encoding="utf-8")
    article = import_article_file(path, publish=True).article
    paragraph = article.paragraphs.get()
    claim = make_annotation(paragraph, "إلى دمشق صباح اليوم")
    path.write_text(
        "وفد روسي في دمشق\n\n😀 وصل الوفد الروسي إلى دمشق صباح اليوم.\n", encoding="utf-8"
    )

    import_article_file(path, publish=True)

    versions = list(paragraph.history.order_by("history_date"))
    assert [v.text for v in versions] == [
        "وصل الوفد الروسي إلى دمشق صباح اليوم.",
        "😀 وصل الوفد الروسي إلى دمشق صباح اليوم.",
    ]
    latest = claim.history.latest()
    assert latest.history_change_reason == "إعادة تثبيت بعد تغيّر نص المقال"
    assert latest.start == claim.start + 2
