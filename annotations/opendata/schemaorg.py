"""Claims as schema.org `Claim` JSON-LD (https://schema.org/Claim), for fact-check tools and search engines.

A claim is the quote (`text`) said by its speaker (`author`: a Person or an
Organization, with the Wikidata entity as `sameAs` when known), appearing in
an article (`appearance`: a NewsArticle with its outlet as `publisher`),
dated with the article (`datePublished`) and linked to its highlight (`url`,
`#a-<id>` on the reading page).

The reading page of a published article embeds one `@graph` holding the
NewsArticle, its claims and their speakers (article_graph): there a claim's
`appearance` and `author` are references to the NewsArticle's and the
speaker's nodes (`{"@id": …}`, the speaker's page) rather than copies, its
own `@id` is relative to the page (`#a-<id>`, resolved against the page's
address as any JSON-LD reader does), and the addresses are IRIs with the
Arabic as itself: a JSON-LD reader gets the same statements from a third of the
bytes. `manage.py export_claims_schemaorg` writes the
archive's published claims as one `@graph`, streamed. Orphaned claims are left
out of both, as on the claims index: their words are no longer in the text.
"""

import json
from collections.abc import Iterator

from django.utils.encoding import uri_to_iri
from django.utils.safestring import SafeString, mark_safe

from annotations.models import Actor

CONTEXT = "https://schema.org"
CHUNK_SIZE = 2000


def news_article(article, base: str) -> dict:
    """The article as a NewsArticle. Expects its outlet selected."""
    url = f"{base}{article.get_absolute_url()}"
    data = {
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "headline": article.title,
        "inLanguage": article.language,
    }
    if article.published_on:
        data["datePublished"] = article.published_on.isoformat()
    if article.outlet:
        data["publisher"] = {"@type": "Organization", "name": article.outlet.name}
        if article.outlet.url:
            data["publisher"]["url"] = article.outlet.url
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    if article.url:
        # Qira'a shows the text as the outlet published it there.
        data["isBasedOn"] = article.url
    return data


def speaker(actor, base: str) -> dict:
    data = {
        "@type": "Person" if actor.kind == Actor.Kind.PERSON else "Organization",
        "name": actor.name,
        "url": f"{base}{actor.get_absolute_url()}",
    }
    if actor.name_en:
        data["alternateName"] = actor.name_en
    if actor.wikidata_id:
        data["sameAs"] = actor.wikidata_url
    return data


def claim(annotation, base: str, *, article=None, appearance=None) -> dict:
    """One claim as a schema.org Claim.

    `article` (with its outlet selected) saves a query per claim when known;
    `appearance`, its news_article(), saves building it again for each claim.
    """
    article = article or annotation.paragraph.article
    appearance = appearance or news_article(article, base)
    permalink = f"{appearance['url']}#{annotation.anchor}"
    data = {"@type": "Claim", "@id": permalink, "url": permalink, "text": annotation.exact}
    if annotation.actor:
        data["author"] = speaker(annotation.actor, base)
    if article.published_on:
        data["datePublished"] = article.published_on.isoformat()
    data["appearance"] = appearance
    return data


def article_graph(article, claims, base: str) -> dict:
    """The reading page's document: the article, the speakers, then each claim, which refers to them."""
    news = news_article(article, base)
    news["@id"] = news["url"] = uri_to_iri(news["url"])
    reference = {"@id": news["@id"]}
    speakers = {}  # actor id → reference to its node, added to the graph once
    graph = [news]
    claim_nodes = []
    for annotation in claims:
        data = {
            "@type": "Claim",
            # Relative to the page, where the claim's highlight is: "#a-<id>".
            "@id": f"#{annotation.anchor}",
            "url": f"{news['url']}#{annotation.anchor}",
            "text": annotation.exact,
        }
        if annotation.actor:
            author = speakers.get(annotation.actor.pk)
            if author is None:
                described = speaker(annotation.actor, base)
                iri = uri_to_iri(described.pop("url"))
                node = {"@type": described.pop("@type"), "@id": iri, "name": described.pop("name")}
                node.update(url=iri, **described)
                graph.append(node)
                author = speakers[annotation.actor.pk] = {"@id": node["@id"]}
            data["author"] = author
        if "datePublished" in news:
            data["datePublished"] = news["datePublished"]
        data["appearance"] = reference
        claim_nodes.append(data)
    return {"@context": CONTEXT, "@graph": graph + claim_nodes}


def script_element(data) -> SafeString:
    """`data` in a <script type="application/ld+json"> element that no text inside can break out of.

    Django's json_script filter escapes the same way but writes type="application/json".
    No spaces between items: what machines read is the same, in fewer bytes.
    """
    text = script_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above


def script_safe(text: str) -> str:
    """JSON text with < > & as \\u escapes (what json_script does), for a <script> element:
    then no text inside the JSON can close the element (</script>) or open a comment (<!--).

    Three replace() calls, not str.translate(), which looks up each character of a large
    page's megabytes of JSON in a dict.
    """
    return text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")


class ClaimsGraph:
    """`claims` as one JSON-LD document, in pieces: iterate once. `rows` counts the claims written.

    Expects browse.for_rows() relations; the article of each claim comes with it.
    """

    def __init__(self, claims, *, base: str):
        self.claims = claims
        self.base = base
        self.rows = 0

    def __iter__(self) -> Iterator[str]:
        yield f'{{"@context": {json.dumps(CONTEXT)}, "@graph": [\n'
        separator = ""
        # Claims come grouped by article: its NewsArticle is built once for them all.
        article_id, appearance = None, None
        for annotation in self.claims.iterator(chunk_size=CHUNK_SIZE):
            if annotation.paragraph.article_id != article_id:
                article_id = annotation.paragraph.article_id
                appearance = news_article(annotation.paragraph.article, self.base)
            data = claim(annotation, self.base, appearance=appearance)
            yield separator + json.dumps(data, ensure_ascii=False)
            separator = ",\n"
            self.rows += 1
        yield "\n]}\n"
