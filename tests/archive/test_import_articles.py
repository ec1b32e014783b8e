"""manage.py import_articles: text files in, articles and paragraphs out, exactly as published."""

import json

import pytest

from archive.models import Article, Outlet, Paragraph
from tests.archive.import_command import run

pytestmark = pytest.mark.django_db

HEADLINE = "بوتين والأسد يجتمعان عبر الفيديو لبحث مؤتمر اللاجئين"
BODY = [
    "أجرى الرئيس الروسي فلاديمير بوتين، اليوم الاثنين، اتصالا برأس السلطة في سوريا، بشار الأسد.",
    "وقال بوتين إن “روسيا تؤيد عقد مؤتمر دولي” حسب ما تابعت منصة SY24 في ٢٠٢٤.",
    "وتابع: “”هناك أكثر من 6.5 مليون لاجئ خارج سوريا 😀 والمُؤتَمَر مهم”.",
    "وزعـــم المسؤول الروسي أن والمدرسة مفتوحة.",
]


def write(tmp_path, name, text, encoding="utf-8", bom=b""):
    path = tmp_path / name
    path.write_bytes(bom + text.encode(encoding))
    return path


def paragraphs_of(article):
    return list(article.paragraphs.values_list("text", flat=True))


def test_utf8_with_bom_and_crlf_becomes_lf_paragraphs(tmp_path):
    """A Windows-made file (BOM, CRLF, blank lines) imports with every character kept."""
    text = "\r\n".join([HEADLINE, "", *BODY, "   "]) + "\r\n"
    path = write(tmp_path, "windows.txt", text, bom=b"\xef\xbb\xbf")

    out, _, error = run(path)

    assert error is None
    article = Article.objects.get()
    assert article.title == HEADLINE
    assert paragraphs_of(article) == BODY
    assert "imported 1, updated 0, unchanged 0, failed 0" in out


def test_utf16_with_bom(tmp_path):
    path = write(tmp_path, "utf16.txt", "\n".join([HEADLINE, *BODY]), encoding="utf-16")

    _, _, error = run(path)

    assert error is None
    assert paragraphs_of(Article.objects.get()) == BODY


def test_windows_1256_arabic(tmp_path):
    """Windows-1256 is read when the bytes decode to Arabic prose."""
    body = [
        "أعلنت وزارة الدفاع الروسية عن اجتماع قريب في دمشق.",
        "وقالت الوزارة إن الوفد يضم 230 شخصا.",
    ]
    path = write(tmp_path, "cp1256.txt", "\r\n".join(body), encoding="cp1256")

    out, _, error = run(path)

    assert error is None
    assert paragraphs_of(Article.objects.get()) == body
    assert "Windows-1256" in out


def test_no_headline_line_derives_title_and_keeps_first_paragraph(tmp_path):
    """A first line that is a full sentence stays a paragraph; the title comes from it."""
    first = (
        "أعلنت وزارة الدفاع الروسية، عن اجتماع قريب جدا بين موسكو والنظام السوري بشأن ما أسمته "
        "“عودة اللاجئين واستعادة الحياة السلمية”، متجاهلة الاجتماع الذي عقد آواخر العام الماضي."
    )
    path = write(tmp_path, "no-title.txt", "\n".join([first, *BODY]))

    run(path)

    article = Article.objects.get()
    assert paragraphs_of(article) == [first, *BODY]
    assert article.title.startswith("أعلنت وزارة الدفاع الروسية، عن اجتماع")
    assert article.title.endswith("…")
    assert len(article.title) <= 91


def test_text_is_normalised_to_nfc_and_keeps_harakat_and_tatweel(tmp_path):
    decomposed = "أ"  # ALEF + HAMZA ABOVE, decomposed: NFC makes it U+0623
    line = f"وزعـــم {decomposed}ن المُؤتَمَر انعقد في ٢٠٢٤."
    path = write(tmp_path, "nfc.txt", "\n".join([HEADLINE, line]))

    run(path)

    stored = Paragraph.objects.get().text
    assert stored == "وزعـــم أن المُؤتَمَر انعقد في ٢٠٢٤."
    assert "\u0623" in stored and "ـــ" in stored and "\u064f" in stored


def test_sidecar_metadata_sets_outlet_url_date_author_and_title(tmp_path):
    path = write(tmp_path, "with-meta.txt", "\n".join(BODY))
    (tmp_path / "with-meta.json").write_text(
        json.dumps(
            {
                "title": "عنوان من الملف المرافق",
                "outlet": "SY24",
                "outlet_url": "https://www.sy-24.com/",
                "url": "https://www.sy-24.com/news/1",
                "published_on": "2021-07-20",
                "author": "فريق التحرير",
                "status": "published",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )

    run(path)

    article = Article.objects.select_related("outlet").get()
    assert article.title == "عنوان من الملف المرافق"
    assert article.outlet.name == "SY24"
    assert article.url == "https://www.sy-24.com/news/1"
    assert str(article.published_on) == "2021-07-20"
    assert article.author == "فريق التحرير"
    assert article.is_published
    assert paragraphs_of(article) == BODY


def test_new_imports_are_drafts_unless_published(tmp_path):
    draft = write(tmp_path, "draft.txt", "\n".join(BODY))
    run(draft)
    assert Article.objects.get().status == Article.Status.DRAFT

    run(draft, publish=True)
    assert Article.objects.get().status == Article.Status.PUBLISHED


def test_importing_the_same_file_again_changes_nothing_and_says_so(tmp_path):
    path = write(tmp_path, "same.txt", "\n".join([HEADLINE, *BODY]))
    run(path)
    before = Article.objects.get()
    paragraph_ids = list(before.paragraphs.values_list("pk", flat=True))

    out, _, error = run(path)

    assert error is None
    assert "imported 0, updated 0, unchanged 1, failed 0" in out
    after = Article.objects.get()
    assert after.updated == before.updated
    assert list(after.paragraphs.values_list("pk", flat=True)) == paragraph_ids


def test_a_changed_file_updates_the_same_article(tmp_path):
    path = write(tmp_path, "changing.txt", "\n".join([HEADLINE, *BODY]))
    run(path)
    path.write_text(
        "\n".join([HEADLINE, BODY[0], "فقرة جديدة أضيفت بعد التصحيح."]), encoding="utf-8"
    )

    out, _, _ = run(path)

    article = Article.objects.get()
    assert paragraphs_of(article) == [BODY[0], "فقرة جديدة أضيفت بعد التصحيح."]
    assert "updated 1" in out


def test_a_metadata_url_identifies_the_article_across_file_names(tmp_path):
    meta = json.dumps({"url": "https://example.org/a/1"})
    first = write(tmp_path, "one.txt", "\n".join(BODY))
    (tmp_path / "one.json").write_text(meta)
    run(first)
    second = write(tmp_path, "renamed.txt", "\n".join([*BODY, "تصحيح."]))
    (tmp_path / "renamed.json").write_text(meta)

    run(second)

    assert Article.objects.count() == 1
    assert Article.objects.get().paragraphs.count() == len(BODY) + 1


def test_folders_are_searched_recursively_with_progress_and_summary(tmp_path):
    (tmp_path / "2021" / "07").mkdir(parents=True)
    write(tmp_path, "a.txt", "\n".join(BODY))
    write(tmp_path / "2021" / "07", "b.txt", "\n".join([HEADLINE, *BODY]))
    write(tmp_path, "notes.md", "ليس مقالا")

    out, _, error = run(tmp_path)

    assert error is None
    assert "[1/2]" in out and "[2/2]" in out
    assert "imported 2, updated 0, unchanged 0, failed 0" in out
    assert Article.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \r\n\n\t\n", "empty"),
        ("utf16-blank.txt", "\n \n".encode("utf-16"), "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("control.txt", "خبر عاجل\x07 من دمشق".encode(), "control character U+0007"),
        ("escape.txt", "خبر\x1b[31m عاجل".encode(), "control character U+001B"),
        ("no-words.txt", "123 456 — ٢٠٢٤ !!! 😀".encode(), "no Arabic or Latin words"),
        ("latin1.txt", "caf\xe9 cr\xe8me br\xfbl\xe9e".encode("latin-1"), "not UTF-8"),
        ("bad-bom.txt", b"\xef\xbb\xbf\xff\xfe\xfa", "not UTF-8"),
    ],
)
def test_bad_files_are_refused_naming_the_file_and_nothing_is_written(
    tmp_path, name, content, reason
):
    path = tmp_path / name
    path.write_bytes(content)

    out, err, error = run(path)

    assert error is not None and name in str(error)
    assert name in err and reason in err
    assert "failed 1" in out
    assert Article.objects.count() == 0 and Paragraph.objects.count() == 0


def test_oversized_files_are_refused(tmp_path, settings):
    settings.ARCHIVE_MAX_IMPORT_BYTES = 1024
    path = write(tmp_path, "huge.txt", "\n".join(BODY * 20))

    _, err, error = run(path)

    assert error is not None
    assert "huge.txt" in err and "bytes, over the 1,024 byte limit (QIRAA_MAX_IMPORT_BYTES)" in err
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("meta", "reason"),
    [
        ("{not json", "is not valid JSON: Expecting property name"),
        ('{"outlett": "SY24"}', "unknown keys outlett"),
        ('{"published_on": "26 تموز"}', "published_on must be a date"),
        ('{"url": "javascript:alert(1)"}', "url is not a URL"),
        ('{"status": "live"}', "status must be draft or published"),
        ('["SY24"]', "must be a JSON object"),
    ],
)
def test_bad_metadata_is_refused_and_nothing_is_written(tmp_path, meta, reason):
    path = write(tmp_path, "meta.txt", "\n".join(BODY))
    (tmp_path / "meta.json").write_text(meta, encoding="utf-8")

    _, err, error = run(path)

    assert error is not None
    assert reason in err
    assert Article.objects.count() == 0 and Outlet.objects.count() == 0


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    good = write(tmp_path, "good.txt", "\n".join(BODY))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02")

    out, err, error = run(good, bad, tmp_path / "missing.txt")

    assert "imported 1, updated 0, unchanged 0, failed 2" in out
    assert "bad.txt" in str(error) and "missing.txt" in str(error)
    assert "no such file or folder" in err
    assert Article.objects.count() == 1


def test_a_failure_while_writing_leaves_no_partial_article(tmp_path, monkeypatch):
    """Paragraphs are written after the article: a failure there rolls back both."""
    from archive import importing

    def explode(article, paragraphs):
        raise importing.ImportRefused("disk full while writing paragraphs")

    monkeypatch.setattr(importing, "_write_paragraphs", explode)
    path = write(tmp_path, "half.txt", "\n".join(BODY))

    _, err, error = run(path)

    assert error is not None and "disk full" in err
    assert Article.objects.count() == 0


def test_hostile_html_is_stored_as_text(tmp_path):
    """Import keeps what was published; escaping is the page's job (see test_read_article)."""
    line = 'قال <script>alert("x")</script> المتحدث "><img src=x onerror=alert(1)>'
    path = write(tmp_path, "html.txt", "\n".join([HEADLINE, line]))

    run(path)

    assert Paragraph.objects.get().text == line
