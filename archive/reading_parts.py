"""The parts of an article's page that are alike for every reader without an account, kept.

For readers who are not logged in, an article's page differs from one request to
the next only in what base.html writes around it (the login link names the address
it came from). Its title, header, paragraphs with their highlights, cards,
schema.org data and scripts are the same for all of them while the article's
versions hold (readingroom/freshness.py). Those parts are rendered once per
version from the blocks of archive/article_detail.html itself, so there is one
template to change, and kept in the cache; a reader's page is then one cache
read and base.html around the kept parts, instead of the article's rows, its
annotations and the whole template.

The kept parts need no row to be trusted, for the same reason a whole cached page
needs none: they are stored under the versions read before the rows they were
built from, and only from the page of an article readers may see at that very
slug. Publishing, unpublishing, a new slug or a deleted article renew "site"
(archive/page_versions.py), so under the new versions there is nothing kept and
the view looks the article up again (a 404, or a redirect for an old slug).

Only for readers who are not logged in and have no message waiting (the same readers
whose whole pages are stored): an editor's or a staff member's page has buttons,
drafts and form tokens of their own and is always rendered in full.
"""

from django.template.context import make_context
from django.template.loader import get_template
from django.template.loader_tags import ExtendsNode
from django.utils.safestring import mark_safe

from readingroom import freshness
from readingroom.page_cache import is_reader

PAGE = "archive/article_detail.html"
# base.html around the kept blocks; it names each block PAGE fills.
AROUND = "archive/article_detail_for_readers.html"
KEPT_BLOCKS = frozenset({"title", "head", "content", "scripts"})


def for_anonymous(request) -> bool:
    """A reader whose page is every such reader's: not logged in, no message waiting."""
    return is_reader(request)


def kept_parts(request, current: dict[str, str]) -> freshness.Kept:
    """The kept parts of this article's page, under versions read before its row."""
    base = request.build_absolute_uri("/").rstrip("/")
    return freshness.Kept(current, f"reading-page-for-readers:{base}")


def page_blocks(request, context: dict) -> tuple[tuple[str, str], ...] | None:
    """Each block archive/article_detail.html fills, rendered as base.html would render it.

    None when the page fills a block the kept page does not name (the page gained
    one): it is then rendered whole, as before, rather than missing a part.
    """
    backend = get_template(PAGE)
    template = backend.template
    extends = template.nodelist.get_nodes_by_type(ExtendsNode)
    if not extends or set(extends[0].blocks) - KEPT_BLOCKS:
        return None
    blocks = extends[0].blocks
    rendered = make_context(context, request, autoescape=backend.backend.engine.autoescape)
    with rendered.render_context.push_state(template), rendered.bind_template(template):
        # Pairs, not a dict: a value that cannot change is also remembered in process.
        return tuple((name, str(block.nodelist.render(rendered))) for name, block in blocks.items())


def page_around(request, parts: tuple[tuple[str, str], ...]) -> str:
    """The reader's page: base.html, rendered for this request, around the kept parts."""
    # Each part was rendered (and escaped) by the page's own template.
    safe = {name: "" for name in KEPT_BLOCKS}
    safe.update((name, mark_safe(html)) for name, html in parts)  # noqa: S308
    return get_template(AROUND).render({"parts": safe}, request)
