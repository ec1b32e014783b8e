"""manage.py import_articles refuses each bad file by name with its reason, and finishes the batch.

Every case below is one bad file imported between two good ones (`a-before.txt`
and `z-after.txt`): the command must name the bad file (printable, even when
its name's bytes are not UTF-8) with the reason given here, write nothing for
it, import both good files, print its summary and exit non-zero. On PostgreSQL
the same cases show that nothing reaches the database to be refused there.
"""

import errno
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from archive import import_files
from archive.importing import import_article_file
from archive.models import Article, Outlet, Paragraph
from tests.archive.import_command import run

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED = (SEEDS / "003_f2c3a7f198eea0a5.txt").read_text(encoding="utf-8")
SEED_BYTES = SEED.encode("utf-8")
# Byte offset of the first «ف» of «فلاديمير»: a two-byte letter (D9 81) in the second line.
LETTER = SEED_BYTES.index("فلاديمير".encode())
SECOND_LINE = 2

BEFORE = "أعلنت وزارة الخارجية عن زيارة قريبة إلى دمشق.\nوقال المتحدث إن الوفد سيصل غدا."
AFTER = "ذكرت وكالة الأنباء أن الاجتماع تأجل.\nوأضافت أن الموعد الجديد لم يحدد بعد."
LARGE_SIDECAR = '{"title": "عنوان"}' + " " * 65_536
GOOD_ARTICLE = "اجتماع في دمشق\nأعلنت وزارة الدفاع عن اجتماع قريب في دمشق بحضور وفود عدة."


@dataclass(frozen=True)
class Bad:
    """One bad file: how to make it in a folder, and what the refusal must say."""

    id: str
    make: object  # (folder, monkeypatch) -> the path given to the command
    reason: str
    shown_name: str = ""  # how the name prints, when it is not the name itself


def text_file(name, data: bytes):
    def make(folder, monkeypatch):
        path = folder / name
        path.write_bytes(data)
        return path

    return make


def with_sidecar(sidecar: bytes | str, name="meta"):
    """A good article with a bad NAME.json beside it."""

    def make(folder, monkeypatch):
        path = folder / f"{name}.txt"
        path.write_text(GOOD_ARTICLE, encoding="utf-8")
        raw = sidecar.encode("utf-8") if isinstance(sidecar, str) else sidecar
        (folder / f"{name}.json").write_bytes(raw)
        return path

    return make


def metadata(**values):
    return with_sidecar(json.dumps(values))


def raw_name(name: bytes):
    def make(folder, monkeypatch):
        path = Path(os.fsdecode(os.path.join(os.fsencode(folder), name)))
        path.write_text(GOOD_ARTICLE, encoding="utf-8")
        return path

    return make


def symlink(name, target):
    def make(folder, monkeypatch):
        path = folder / name
        path.symlink_to(target)
        return path

    return make


def fifo(folder, monkeypatch):
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def unreadable(folder, monkeypatch):
    path = folder / "locked.txt"
    path.write_text(GOOD_ARTICLE, encoding="utf-8")
    path.chmod(0)
    if os.geteuid() == 0:
        # root reads any file: refuse it here as the kernel refuses everyone else.
        real_open = os.open

        def refusing_open(file, flags, *args, **kwargs):
            if Path(file) == path:
                raise PermissionError(errno.EACCES, "Permission denied", str(file))
            return real_open(file, flags, *args, **kwargs)

        monkeypatch.setattr(import_files.os, "open", refusing_open)
    return path


def damaged_throughout() -> bytes:
    """Seed UTF-8 with the second byte of three letters in four gone: far from every byte fits."""
    out, arabic = bytearray(), 0
    for char in SEED:
        encoded = char.encode("utf-8")
        if len(encoded) == 2 and "\u0621" <= char <= "\u064a":
            arabic += 1
            if arabic % 4:
                encoded = encoded[:1]
        out += encoded
    return bytes(out)


BAD_FILES = [
    # The text's encoding.
    Bad(
        "utf8-truncated",
        text_file("cut.txt", SEED_BYTES[: LETTER + 1]),
        f"not valid UTF-8: truncated at byte {LETTER}: the file ends inside a character "
        f"(line {SECOND_LINE})",
    ),
    Bad(
        "utf8-bad-byte-in-the-middle",
        text_file("ff.txt", SEED_BYTES[:LETTER] + b"\xff" + SEED_BYTES[LETTER:]),
        f"not valid UTF-8: invalid start byte 0xFF at byte {LETTER} (line {SECOND_LINE})",
    ),
    Bad(
        "utf8-letter-cut-in-the-middle",
        text_file("half-letter.txt", SEED_BYTES[: LETTER + 1] + SEED_BYTES[LETTER + 2 :]),
        f"not valid UTF-8: invalid continuation byte 0xD9 at byte {LETTER} (line {SECOND_LINE})",
    ),
    Bad(
        "utf8-encoded-surrogate",
        text_file("surrogate.txt", SEED_BYTES[:LETTER] + b"\xed\xa0\x80" + SEED_BYTES[LETTER:]),
        f"not valid UTF-8: invalid continuation byte 0xED at byte {LETTER}",
    ),
    Bad(
        "utf8-damaged-throughout-is-not-windows-1256",
        text_file("damaged.txt", damaged_throughout()),
        "not UTF-8 (invalid continuation byte",
    ),
    Bad(
        "utf8-bom-truncated",
        text_file("bom-cut.txt", b"\xef\xbb\xbf" + SEED_BYTES[: LETTER + 1]),
        f"starts with a UTF-8 byte order mark but is not UTF-8: truncated at byte {LETTER + 3}",
    ),
    Bad(
        "utf16-odd-length",
        text_file("utf16-cut.txt", SEED.encode("utf-16")[:-1]),
        "starts with a UTF-16 byte order mark but is not UTF-16 (truncated data at byte "
        f"{len(SEED.encode('utf-16')) - 2})",
    ),
    Bad(
        "utf16-lone-surrogate",
        text_file(
            "utf16-surrogate.txt",
            b"\xff\xfe" + f"اجتماع\ud800 {GOOD_ARTICLE}".encode("utf-16-le", "surrogatepass"),
        ),
        "starts with a UTF-16 byte order mark but is not UTF-16 (illegal UTF-16 surrogate at byte 14)",
    ),
    # The file's name.
    Bad(
        "name-not-utf8",
        raw_name(b"caf\xff.txt"),
        "the file name is not UTF-8 (byte 0xFF at byte 3 of the name)",
        shown_name="caf\\xff.txt",
    ),
    Bad(
        "name-with-escape",
        raw_name(b"\x1b[31mred.txt"),
        "the file name has a control character (U+001B) at character 1",
        shown_name="\\x1b[31mred.txt",
    ),
    # Files that cannot be read.
    Bad("unreadable", unreadable, "cannot be read: permission denied"),
    Bad(
        "symlink-loop", symlink("loop.txt", "loop.txt"), "cannot be read: a loop of symbolic links"
    ),
    Bad(
        "broken-symlink",
        symlink("gone.txt", "nowhere.txt"),
        "cannot be read: a broken symbolic link (to nowhere.txt)",
    ),
    Bad("pipe", fifo, "is not a regular file (a pipe, socket or device)"),
    # The sidecar's strings: what one database refuses and the other would store.
    Bad(
        "title-lone-surrogate",
        with_sidecar('{"title": "\\ud800 عنوان"}'),
        "metadata meta.json: title has a lone surrogate (U+D800) at character 1",
    ),
    Bad(
        "author-nul",
        with_sidecar('{"author": "فريق\\u0000التحرير"}'),
        "metadata meta.json: author has a NUL character (U+0000) at character 5",
    ),
    Bad(
        "title-bel",
        metadata(title="خبر عاجل\x07"),
        "metadata meta.json: title has a control character (U+0007) at character 9",
    ),
    Bad(
        "author-escape",
        metadata(author="\x1b[2Jفريق التحرير"),
        "metadata meta.json: author has a control character (U+001B) at character 1",
    ),
    Bad(
        "outlet-newline",
        metadata(outlet="SY24\nوكالة"),
        "metadata meta.json: outlet has a control character (U+000A) at character 5",
    ),
    Bad(
        "title-too-long",
        metadata(title="ع" * 501),
        "metadata meta.json: title is 501 characters; the limit is 500",
    ),
    Bad(
        "author-too-long",
        metadata(author="ب" * 201),
        "metadata meta.json: author is 201 characters; the limit is 200",
    ),
    Bad(
        "outlet-too-long",
        metadata(outlet="و" * 201),
        "metadata meta.json: outlet is 201 characters; the limit is 200",
    ),
    Bad(
        "url-too-long",
        metadata(url="https://example.org/" + "a" * 981),
        "metadata meta.json: url is 1,001 characters; the limit is 1,000",
    ),
    Bad(
        "outlet-url-too-long",
        metadata(outlet="SY24", outlet_url="https://example.org/" + "a" * 181),
        "metadata meta.json: outlet_url is 201 characters; the limit is 200",
    ),
    # Addresses: http(s) with a host only.
    *(
        Bad(
            f"{key}-{url.split(':')[0] or 'no-scheme'}",
            metadata(**{key: url}),
            f"metadata meta.json: {key} is not a URL (an http:// or https:// address with a host)",
        )
        for key, url in [
            ("url", "ftp://ftp.example.org/news/1.txt"),
            ("url", "javascript:alert(1)"),
            ("url", "file:///etc/passwd"),
            ("url", "data:text/html,<script>alert(1)</script>"),
            ("url", "https://"),
            ("url", "//example.org/news/1"),
            ("outlet_url", "ftp://ftp.sy-24.com/"),
            ("outlet_url", "javascript:alert(1)"),
        ]
    ),
    # Values of the wrong JSON type.
    Bad(
        "title-number",
        with_sidecar('{"title": 2021}'),
        "metadata meta.json: title must be a string, not a number",
    ),
    Bad(
        "author-list",
        with_sidecar('{"author": ["أ", "ب"]}'),
        "metadata meta.json: author must be a string, not a list",
    ),
    Bad(
        "outlet-null",
        with_sidecar('{"outlet": null}'),
        "metadata meta.json: outlet must be a string, not null",
    ),
    Bad(
        "status-boolean",
        with_sidecar('{"status": true}'),
        "metadata meta.json: status must be a string, not true or false",
    ),
    Bad(
        "url-object",
        with_sidecar('{"url": {"href": "https://example.org/"}}'),
        "metadata meta.json: url must be a string, not an object",
    ),
    # The sidecar as a whole.
    Bad(
        "sidecar-a-string",
        with_sidecar('"SY24"'),
        "metadata meta.json must be a JSON object, not a string",
    ),
    Bad(
        "sidecar-a-number",
        with_sidecar("42"),
        "metadata meta.json must be a JSON object, not a number",
    ),
    Bad(
        "sidecar-not-utf8",
        with_sidecar('{"author": "فريق التحرير"}'.encode("cp1256")),
        "metadata meta.json is not UTF-8 (byte 0xDD at byte 12)",
    ),
    Bad(
        "sidecar-too-large",
        with_sidecar(LARGE_SIDECAR),
        f"metadata meta.json is {len(LARGE_SIDECAR.encode()):,} bytes, over the 65,536 byte limit",
    ),
    Bad(
        "sidecar-nested-too-deeply",
        with_sidecar("[" * 50_000),
        "metadata meta.json is not a JSON object: it nests too deeply",
    ),
    Bad(
        "sidecar-key-twice",
        with_sidecar('{"title": "الأول", "title": "الثاني"}'),
        "metadata meta.json has the key title twice",
    ),
    Bad(
        "sidecar-unknown-key-with-escape",
        with_sidecar('{"\\u001b]0;pwned\\u0007": "x"}'),
        "metadata meta.json has unknown keys \\x1b]0;pwned\\x07 (known:",
    ),
    Bad(
        "sidecar-a-folder",
        lambda folder, monkeypatch: (
            (folder / "meta.json").mkdir(),
            (folder / "meta.txt").write_text(GOOD_ARTICLE, encoding="utf-8"),
        )
        and folder / "meta.txt",
        "metadata meta.json is a folder, not a file",
    ),
    Bad(
        "sidecar-broken-symlink",
        lambda folder, monkeypatch: (
            (folder / "meta.json").symlink_to("missing.json"),
            (folder / "meta.txt").write_text(GOOD_ARTICLE, encoding="utf-8"),
        )
        and folder / "meta.txt",
        "metadata meta.json cannot be read: a broken symbolic link (to missing.json)",
    ),
]


def good_files(folder):
    before, after = folder / "a-before.txt", folder / "z-after.txt"
    before.write_text(BEFORE, encoding="utf-8")
    after.write_text(AFTER, encoding="utf-8")
    return before, after


def assert_only_the_good_files_were_imported():
    """Both good articles, with their own paragraphs; no row of any kind from the bad file."""
    texts = set(Paragraph.objects.values_list("text", flat=True))
    assert texts == set(BEFORE.split("\n")) | set(AFTER.split("\n"))
    assert set(Article.objects.values_list("source_name", flat=True)) == {
        "a-before.txt",
        "z-after.txt",
    }
    assert Outlet.objects.count() == 0


@pytest.mark.parametrize("bad", BAD_FILES, ids=[bad.id for bad in BAD_FILES])
def test_a_bad_file_is_refused_by_name_and_the_batch_goes_on(tmp_path, monkeypatch, bad):
    before, after = good_files(tmp_path)
    path = bad.make(tmp_path, monkeypatch)
    name = bad.shown_name or path.name

    out, err, error = run(before, path, after)

    assert f"[2/3] failed    {tmp_path}/{name}: {bad.reason}" in err, err
    assert "imported 2, updated 0, unchanged 0, failed 1" in out
    assert error is not None and str(error) == f"1 failed: {tmp_path}/{name}"
    assert_only_the_good_files_were_imported()


def test_a_folder_given_as_an_article_file_is_refused():
    """A folder that reaches the importer as a file (it was one when listed) is named as a folder."""
    folder = Path(__file__).parent

    result = import_article_file(folder)

    assert result.outcome == "failed"
    assert result.reason == "is a folder, not a file"
    assert Article.objects.count() == 0


def test_every_bad_file_of_a_folder_is_named_and_the_good_ones_imported(tmp_path, monkeypatch):
    """One folder holding all the bad files at once: each is refused, the summary counts them."""
    good_files(tmp_path)
    shown = []
    for number, bad in enumerate(BAD_FILES):
        # Each case in its own subfolder, since several use the same file name.
        folder = tmp_path / f"case-{number:02d}"
        folder.mkdir()
        path = bad.make(folder, monkeypatch)
        shown.append((f"{folder}/{bad.shown_name or path.name}", bad.reason))

    out, err, error = run(tmp_path)

    for name, reason in shown:
        assert f"failed    {name}: {reason}" in err, name
    assert f"imported 2, updated 0, unchanged 0, failed {len(BAD_FILES)}" in out
    assert error is not None
    assert_only_the_good_files_were_imported()


def test_an_unreadable_subfolder_is_named_and_the_rest_imported(tmp_path, monkeypatch):
    good_files(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    locked.chmod(0)
    if os.geteuid() == 0:
        # root lists any folder: refuse it here as the kernel refuses everyone else.
        real_scandir = os.scandir

        def refusing_scandir(where="."):
            if Path(os.fsdecode(where)) == locked:
                raise PermissionError(errno.EACCES, "Permission denied", str(where))
            return real_scandir(where)

        monkeypatch.setattr(import_files.os, "scandir", refusing_scandir)
    try:
        out, err, error = run(tmp_path)
    finally:
        locked.chmod(0o755)

    assert f"failed    {locked}: cannot read this folder: permission denied" in err
    assert "imported 2, updated 0, unchanged 0, failed 1" in out
    assert error is not None and str(locked) in str(error)
    assert_only_the_good_files_were_imported()


def refuse_titles_in_the_database(title):
    """A trigger in the database itself refuses this title, as a real constraint would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_title() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.title = '{title}' THEN RAISE EXCEPTION 'title refused by the database'; "
                "END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_title BEFORE INSERT OR UPDATE ON archive_article "
                "FOR EACH ROW EXECUTE FUNCTION refuse_title()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_title BEFORE INSERT ON archive_article "
                f"WHEN NEW.title = '{title}' "
                "BEGIN SELECT RAISE(ABORT, 'title refused by the database'); END"
            )


def test_a_database_error_rolls_back_that_file_only_and_names_it(tmp_path):
    """The outlet is written before the article: the refusal of the article takes it back too."""
    before, after = good_files(tmp_path)
    bad = tmp_path / "refused.txt"
    bad.write_text(GOOD_ARTICLE, encoding="utf-8")
    (tmp_path / "refused.json").write_text(
        json.dumps({"title": "عنوان مرفوض", "outlet": "وكالة"}), encoding="utf-8"
    )
    refuse_titles_in_the_database("عنوان مرفوض")

    out, err, error = run(before, bad, after)

    assert (
        f"[2/3] failed    {bad}: the database refused it, nothing was written: "
        "title refused by the database"
    ) in err
    assert "imported 2, updated 0, unchanged 0, failed 1" in out
    assert error is not None and str(bad) in str(error)
    assert_only_the_good_files_were_imported()


def test_the_command_in_its_own_process_prints_every_name_and_its_summary(tmp_path):
    """Real stdout and stderr, a real database: a name that is not UTF-8 and a lone surrogate in
    a title end in refusals, never in a traceback; the files after them are imported."""
    from tests.scratch import scratch_site

    files = tmp_path / "files"
    files.mkdir()
    good_files(files)
    raw_name(b"caf\xff.txt")(files, None)
    with_sidecar('{"title": "\\ud800"}', name="m-surrogate")(files, None)
    metadata(title="ع" * 501, url="ftp://ftp.example.org/1")(files, None)  # meta.txt

    with scratch_site(tmp_path) as site:
        site.manage("migrate", "--noinput")
        result = site.manage("import_articles", files, check=False)
        stored = site.shell(
            "from archive.models import Article\n"
            "print(sorted(Article.objects.values_list('source_name', flat=True)))"
        )

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"failed    {files}/caf\\xff.txt: the file name is not UTF-8" in result.stderr
    assert f"failed    {files}/m-surrogate.txt: metadata m-surrogate.json: title has a lone" in (
        result.stderr
    )
    assert f"failed    {files}/meta.txt: metadata meta.json: title is 501 characters" in (
        result.stderr
    )
    assert "imported 2, updated 0, unchanged 0, failed 3" in result.stdout
    assert stored.strip().splitlines()[-1] == "['a-before.txt', 'z-after.txt']"


def test_a_fault_in_the_importer_itself_refuses_that_file_only(tmp_path, monkeypatch):
    """Even an error nobody foresaw is one file's result: named, rolled back, the batch goes on."""
    from archive import importing

    write_paragraphs = importing._write_paragraphs

    def fails_for_one(article, paragraphs):
        if article.source_name == "fault.txt":
            raise RuntimeError("a fault while writing\nits second line")
        write_paragraphs(article, paragraphs)

    monkeypatch.setattr(importing, "_write_paragraphs", fails_for_one)
    before, after = good_files(tmp_path)
    fault = tmp_path / "fault.txt"
    fault.write_text(GOOD_ARTICLE, encoding="utf-8")

    out, err, error = run(before, fault, after)

    assert (
        f"[2/3] failed    {fault}: unexpected error, nothing was written: "
        "RuntimeError: a fault while writing\n"
    ) in err
    assert "imported 2, updated 0, unchanged 0, failed 1" in out
    assert error is not None
    assert_only_the_good_files_were_imported()
