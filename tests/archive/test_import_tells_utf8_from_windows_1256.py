"""Import tells damaged UTF-8 from Windows-1256: Arabic in Windows-1256 imports, cut UTF-8 is refused.

Arabic UTF-8 read as Windows-1256 still looks Arabic («ط¨ظˆطھظٹظ†»), so a file
cut short used to be stored as that garbage. Windows-1256 is now read only for
bytes that are not UTF-8, not even damaged UTF-8.
"""

from pathlib import Path

import pytest

from archive.models import Article
from archive.text import UTF8_MULTIBYTE_RE
from tests.archive.import_command import run

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_NAMES = ["000_c1d9d30ac0204e80.txt", "003_f2c3a7f198eea0a5.txt"]


def lines_of(text):
    return [line.strip() for line in text.split("\n") if line.strip()]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_seed_article_in_windows_1256_imports_exactly_as_in_utf8(tmp_path, name):
    text = (SEEDS / name).read_text(encoding="utf-8")
    (tmp_path / name).write_bytes(text.replace("\n", "\r\n").encode("cp1256"))

    out, err, error = run(tmp_path / name)

    assert error is None, err
    assert "(Windows-1256)" in out
    article = Article.objects.get()
    stored = [article.title, *article.paragraphs.values_list("text", flat=True)]
    assert lines_of(text)[-len(stored) + 1 :] == stored[1:]
    assert lines_of(text)[0] in {article.title, stored[1]}


def test_windows_1256_prose_whose_punctuation_forms_utf8_pairs_still_imports(tmp_path):
    """A letter before «،» or «»» can make a valid two-byte UTF-8 pair (CF BB is U+03FB);
    a few such pairs do not make prose UTF-8."""
    body = [
        "قال «المرصد»، في بيان له، إن القصف استمر؛ وأضاف: «لا هدنة».",
        "وأكدت المصادر، حسب الوكالة، أن الوفد غادر دمشق؛ ولم يعلن موعد عودته.",
    ]
    data = "\n".join(body).encode("cp1256")
    assert len(UTF8_MULTIBYTE_RE.findall(data)) >= 3  # «د»» and «ر،» among them
    (tmp_path / "pairs.txt").write_bytes(data)

    out, err, error = run(tmp_path / "pairs.txt")

    assert error is None, err
    assert "(Windows-1256)" in out
    assert list(Article.objects.get().paragraphs.values_list("text", flat=True)) == body


SEED_BYTES = (SEEDS / SEED_NAMES[1]).read_text(encoding="utf-8").encode("utf-8")


def cut_points():
    """Where a download cut short can end: inside a two-byte letter, each byte of a
    three-byte quotation mark, and each byte of a four-byte emoji."""
    letter = SEED_BYTES.index("السوريين".encode())
    quote = SEED_BYTES.index("“".encode())
    yield "inside an Arabic letter", SEED_BYTES, letter + 1, letter
    yield "after the first byte of “", SEED_BYTES, quote + 1, quote
    yield "after the second byte of “", SEED_BYTES, quote + 2, quote
    with_emoji = SEED_BYTES.replace("السوريين".encode(), "السوريين 😀".encode(), 1)
    emoji = with_emoji.index("😀".encode())
    for kept in (1, 2, 3):
        yield f"after byte {kept} of 😀", with_emoji, emoji + kept, emoji


@pytest.mark.parametrize(
    ("data", "cut", "character"),
    [case[1:] for case in cut_points()],
    ids=[case[0] for case in cut_points()],
)
def test_arabic_utf8_cut_short_is_refused_not_read_as_windows_1256(tmp_path, data, cut, character):
    (tmp_path / "cut.txt").write_bytes(data[:cut])

    _, err, error = run(tmp_path / "cut.txt")

    assert error is not None
    assert (
        f"cut.txt: not valid UTF-8: truncated at byte {character}: the file ends inside a character"
        in err
    )
    assert Article.objects.count() == 0


@pytest.mark.parametrize("bad", [b"\xff", b"\xc0\xaf", b"\x80", b"\xe2\x80", b"\xf5\x80\x80\x80"])
def test_arabic_utf8_with_invalid_bytes_in_the_middle_is_refused(tmp_path, bad):
    """Not a character (0xFF), an overlong «/» (C0 AF), a stray continuation byte, a cut
    character followed by more text, a byte above U+10FFFF: refused where it is."""
    at = SEED_BYTES.index("بشار".encode())
    (tmp_path / "bad.txt").write_bytes(SEED_BYTES[:at] + bad + SEED_BYTES[at:])
    line = SEED_BYTES.count(b"\n", 0, at) + 1

    _, err, error = run(tmp_path / "bad.txt")

    assert error is not None
    assert "bad.txt: not valid UTF-8: invalid " in err
    assert f"0x{bad[0]:02X} at byte {at} (line {line})" in err
    assert Article.objects.count() == 0


def test_utf8_prose_with_a_windows_1256_line_pasted_in_is_refused(tmp_path):
    """Half and half cannot be both: the file is refused at the first foreign byte, not
    stored with either half garbled."""
    utf8 = "أعلنت الوزارة عن اجتماع قريب في دمشق بحضور وفود عدة.\n".encode()
    pasted = "وقال المتحدث إن الوفد سيصل غدا.\n".encode("cp1256")
    (tmp_path / "mixed.txt").write_bytes(utf8 * 3 + pasted)

    _, err, error = run(tmp_path / "mixed.txt")

    assert error is not None
    assert (
        f"mixed.txt: not valid UTF-8: invalid continuation byte 0x{pasted[0]:02X} at byte {len(utf8) * 3} (line 4)"
        in err
    )
    assert Article.objects.count() == 0
