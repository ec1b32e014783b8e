"""A fact-check tool reads the claims as schema.org `Claim` JSON-LD: on the reading page, or the whole archive."""

import io
import json
import re
from urllib.parse import urljoin

import pytest
from django.core.management import call_command
from django.utils.encoding import iri_to_uri

from annotations.models import Actor, Annotation
from tests.annotations.claims_corpus import EDITOR_EMAIL, PUBLISHED, make_claims_corpus, pks
from tests.factories import make_actor, make_annotation, make_article, make_claim

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def seeded():
    call_command("load_seeds", stdout=io.StringIO())
    call_command("load_seed_annotations", stdout=io.StringIO())


@pytest.fixture
def corpus(django_user_model):
    return make_claims_corpus(django_user_model)


def embedded(client, article) -> dict:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    (script,) = SCRIPT.findall(response.content.decode())
    return json.loads(script)


def claims_in(document) -> dict[str, dict]:
    """The Claim nodes of a document, by the annotation id at the end of their url."""
    return {
        node["url"].rsplit("#a-", 1)[1]: node
        for node in document["@graph"]
        if node["@type"] == "Claim"
    }


def node_of(document, value):
    """`value`, or the graph's node it refers to ({"@id": …}), as a JSON-LD reader follows it."""
    if isinstance(value, dict) and set(value) == {"@id"}:
        (node,) = [n for n in document["@graph"] if n.get("@id") == value["@id"]]
        return node
    return value


def test_the_reading_page_embeds_the_article_and_a_seed_claim_by_putin(client, seeded):
    putin = Actor.objects.get(wikidata_id="Q7747")
    # The seed article dated 2020-11-09 (its metadata names no outlet).
    claim = Annotation.objects.filter(
        kind="claim", actor=putin, paragraph__article__published_on__isnull=False
    ).select_related("paragraph__article__outlet")[0]
    article = claim.paragraph.article
    article_url = f"http://testserver{article.get_absolute_url()}"

    document = embedded(client, article)

    assert document["@context"] == "https://schema.org"
    news = document["@graph"][0]
    assert news["@type"] == "NewsArticle"
    # Addresses are IRIs (the Arabic as itself): the same resources as the page's URLs.
    assert news["headline"] == article.title and iri_to_uri(news["url"]) == article_url
    node = claims_in(document)[str(claim.pk)]
    assert node["text"] == claim.exact
    assert iri_to_uri(node["url"]) == f"{article_url}#a-{claim.pk}"
    # Its id, relative to the page, is its highlight's address.
    assert iri_to_uri(urljoin(article_url, node["@id"])) == f"{article_url}#a-{claim.pk}"
    author = node_of(document, node["author"])
    putin_url = f"http://testserver{putin.get_absolute_url()}"
    assert {**author, "url": iri_to_uri(author["url"]), "@id": iri_to_uri(author["@id"])} == {
        "@type": "Person",
        "@id": putin_url,
        "name": "فلاديمير بوتين",
        "alternateName": "Vladimir Putin",
        "url": putin_url,
        "sameAs": "http://www.wikidata.org/entity/Q7747",
    }
    appearance = node_of(document, node["appearance"])
    assert appearance is news
    assert node["datePublished"] == appearance["datePublished"] == "2020-11-09"
    assert article.outlet is None and "publisher" not in appearance


def test_every_seed_claim_shown_on_the_page_is_embedded_and_nothing_else(client, seeded):
    for article in {a.paragraph.article for a in Annotation.objects.filter(kind="claim")}:
        document = embedded(client, article)

        expected = Annotation.objects.filter(kind="claim", paragraph__article=article).exclude(
            anchor_state="orphaned"
        )
        assert set(claims_in(document)) == {str(pk) for pk in expected.values_list("pk", flat=True)}
        assert [n["@type"] for n in document["@graph"]].count("NewsArticle") == 1


def test_the_claim_carries_the_outlet_date_and_an_organisation_speaker(client, corpus):
    claim = corpus["ministry_distancing"]
    article = claim.paragraph.article

    document = embedded(client, article)
    node = claims_in(document)[str(claim.pk)]

    author = node_of(document, node["author"])
    assert author["@type"] == "Organization"
    assert author["name"] == "وزارة الدفاع الروسية" and "sameAs" not in author
    assert node["datePublished"] == "2021-07-22"
    assert node_of(document, node["appearance"])["publisher"] == {
        "@type": "Organization",
        "name": "SY24",
        "url": "https://www.sy-24.com/",
    }


def test_a_claim_without_a_known_speaker_has_no_author(client):
    paragraph = make_article(paragraphs=["وقيل إن الوفد وصل إلى دمشق."]).paragraphs.get()
    claim = make_annotation(paragraph, "الوفد وصل إلى دمشق")

    node = claims_in(embedded(client, paragraph.article))[str(claim.pk)]

    assert "author" not in node and node["text"] == "الوفد وصل إلى دمشق"


HOSTILE = 'قال </script><script>alert("اختراق")</script> و<!-- تعليق --> & «اقتباس»'


def test_hostile_text_in_a_quote_or_title_cannot_break_out_of_the_script(client):
    article = make_article(
        title="عنوان </script><!-- خبيث", paragraphs=[f"وزعم المتحدث أن {HOSTILE} انتهى."]
    )
    claim = make_annotation(
        article.paragraphs.get(), HOSTILE, actor=make_actor("</script>فاعل", kind="person")
    )

    html = client.get(article.get_absolute_url()).content.decode()

    start = html.index('<script type="application/ld+json">')
    script = html[start:].split("</script>", 1)[0]
    assert "<!--" not in script and "<script" not in script[1:]
    document = json.loads(script.split(">", 1)[1])
    node = claims_in(document)[str(claim.pk)]
    assert node["text"] == HOSTILE
    assert node_of(document, node["author"])["name"] == "</script>فاعل"
    assert document["@graph"][0]["headline"] == "عنوان </script><!-- خبيث"


def test_draft_claims_never_appear_for_readers(client, reader, corpus):
    client.force_login(reader)

    assert client.get(corpus["draft_article"].get_absolute_url()).status_code == 404
    for name in PUBLISHED:
        document = embedded(client, corpus[name].paragraph.article)
        assert str(corpus["draft"].pk) not in claims_in(document)
        assert "مصدر سري" not in json.dumps(document, ensure_ascii=False)


def test_a_draft_page_seen_by_an_editor_embeds_no_structured_data(client, editor, corpus):
    """Structured data describes the published record; a draft is not yet one."""
    client.force_login(editor)

    html = client.get(corpus["draft_article"].get_absolute_url()).content.decode()

    assert "مصدر سري" in html and '<script type="application/ld+json"' not in html


def test_no_user_name_or_email_address_is_embedded(client, corpus):
    for name in PUBLISHED:
        text = json.dumps(embedded(client, corpus[name].paragraph.article), ensure_ascii=False)
        assert EDITOR_EMAIL not in text and corpus["author"].username not in text


# The whole archive


def export(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_claims_schemaorg", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_archive_export_is_one_graph_of_published_claims(corpus, tmp_path):
    target = tmp_path / "claims.jsonld"

    out, _ = export("--output", str(target), "--base-url", "https://qiraa.example")

    assert out.strip() == f"{len(PUBLISHED)} claims written to {target}"
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["@context"] == "https://schema.org"
    assert {n["@type"] for n in document["@graph"]} == {"Claim"}
    assert {int(k) for k in claims_in(document)} == pks(corpus, PUBLISHED)
    putin = claims_in(document)[str(corpus["putin_distancing"].pk)]
    assert putin["author"]["sameAs"] == "http://www.wikidata.org/entity/Q7747"
    assert putin["url"].startswith("https://qiraa.example/articles/")
    assert putin["appearance"]["isBasedOn"] == "https://www.sy-24.com/news/putin-refugees/"
    text = target.read_text(encoding="utf-8")
    assert "مصدر سري" not in text and EDITOR_EMAIL not in text


def test_the_archive_export_of_the_seeds_names_putin_by_wikidata(seeded):
    out, err = export()

    document = json.loads(out)
    claims = Annotation.objects.filter(kind="claim").exclude(anchor_state="orphaned")
    assert len(document["@graph"]) == claims.count() == int(err.split()[0])
    by_putin = [
        n for n in document["@graph"] if n.get("author", {}).get("name") == "فلاديمير بوتين"
    ]
    assert by_putin and all(
        n["author"]["sameAs"] == "http://www.wikidata.org/entity/Q7747" for n in by_putin
    )


def test_an_empty_archive_exports_an_empty_graph():
    out, err = export()

    assert json.loads(out) == {"@context": "https://schema.org", "@graph": []}
    assert err.strip() == "0 claims written"


@pytest.mark.parametrize("size", [3, 30])
def test_the_archive_export_costs_the_same_queries_whatever_its_size(
    django_assert_max_num_queries, size
):
    speakers = [make_actor(f"متحدث رقم {n}", kind="person") for n in range(3)]
    for n in range(size):
        make_claim(actor=speakers[n % 3])

    with django_assert_max_num_queries(1):
        out, _ = export()

    assert len(json.loads(out)["@graph"]) == size
