"""A reader types an article's, actor's or tag's address as they would write the words.

Slugs hold no tatweel or harakat and only Western digits, so «كبير» and «26»
reach the page. An old link, or one typed with tatweel, harakat or
Arabic-Indic digits, is redirected permanently (301) to the page's address,
with its query string; what can never be a slug is a 404, not an error.
"""

from urllib.parse import quote, unquote

import pytest

from annotations.models import Actor, Tag
from archive.models import Article
from archive.slugs import rewrite_slugs
from tests.factories import make_actor, make_article, make_claim

pytestmark = pytest.mark.django_db


def location(response) -> str:
    return unquote(response["Location"])


# New slugs


def test_a_new_article_slug_has_no_tatweel_or_harakat_and_western_digits():
    article = make_article(title="مؤتمرٌ كـبـيـر للّاجئين في ٢٦ تموز")
    assert article.slug == "مؤتمر-كبير-للاجئين-في-26-تموز"


def test_a_new_actor_slug_is_typeable_with_persian_digits_too():
    assert make_actor("مُدِيرُ الأمن").slug == "مدير-الأمن"
    assert make_actor("الفرقة ۲۶").slug == "الفرقة-26"


def test_a_new_tag_slug_is_typeable():
    make_claim(tags=["عـودة اللاجـئين"])
    assert Tag.objects.get().slug == "عودة-اللاجئين"


def test_letters_keep_their_hamza_composed():
    """«الأسد» written with a combining hamza above (ا + U+0654) is «الأسد» in the slug."""
    assert make_actor("بشار الا\u0654سد").slug == "بشار-الأسد"


def test_a_name_of_tatweel_and_harakat_only_gets_a_plain_slug():
    assert make_actor("ـــَـ").slug == "actor"
    assert make_actor("ـُـ").slug == "actor-2"


def test_two_names_that_differ_only_in_tatweel_get_two_slugs():
    assert make_actor("كـبـيـر").slug == "كبير"
    assert make_actor("كبير").slug == "كبير-2"


# Typed by hand


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("كـبـيـر-٢٦", "كبير-26"),
        ("كَبِيرٌ-26", "كبير-26"),
        ("كبير-۲۶", "كبير-26"),
    ],
)
def test_an_article_address_typed_with_tatweel_harakat_or_indic_digits_redirects(
    client, typed, slug
):
    article = make_article(title="كبير 26")
    assert article.slug == slug

    response = client.get(f"/articles/{typed}/")

    assert response.status_code == 301
    assert location(response) == f"/articles/{slug}/"
    followed = client.get(f"/articles/{quote(typed)}/", follow=True)
    assert followed.status_code == 200 and len(followed.redirect_chain) == 1


def test_the_query_string_survives_the_redirect(client):
    actor = make_actor("كبير الباحثين")
    response = client.get("/actors/كـبـيـر-الـبـاحـثـين/?page=2&mentions=3")
    assert response.status_code == 301
    assert location(response) == f"/actors/{actor.slug}/?page=2&mentions=3"


def test_a_tag_address_typed_with_tatweel_redirects(client):
    make_claim(tags=["عودة اللاجئين"])
    response = client.get("/tags/عـودة-الـلاجـئـين/")
    assert response.status_code == 301
    assert location(response) == "/tags/عودة-اللاجئين/"


@pytest.mark.parametrize("path", ["/articles/ـــ/", "/actors/َُ/", "/tags/ـّـ/", "/articles/ليس-هنا/"])
def test_an_address_that_names_nothing_is_not_found(client, path):
    make_article(title="ليس هنا بل هناك")
    make_claim(tags=["وسم"])
    assert client.get(path).status_code == 404


def test_a_page_at_its_own_slug_is_not_redirected(client):
    article = make_article(title="كبير")
    actor = make_actor("كبير")
    make_claim(tags=["كبير"])
    for url in (article.get_absolute_url(), actor.get_absolute_url(), "/tags/كبير/"):
        assert client.get(url).status_code == 200


# Old slugs, rewritten by the migration (the same function it runs)


def test_an_old_article_link_redirects_to_the_rewritten_slug(client):
    article = make_article(title="مؤتمر", slug="مؤتمر-٢٦-تـمـوز")
    rewrite_slugs(Article, fallback="article")
    article.refresh_from_db()
    assert article.slug == "مؤتمر-26-تموز"

    response = client.get("/articles/مؤتمر-٢٦-تـمـوز/")

    assert response.status_code == 301
    assert location(response) == "/articles/مؤتمر-26-تموز/"


def test_an_old_link_whose_new_slug_was_taken_goes_to_its_own_row(client):
    """«كـبـيـر» and «كبير» were two articles: the old link to the first does not land on the second."""
    first = make_article(title="الأول", slug="كـبـيـر")
    second = make_article(title="الثاني", slug="كبير")
    rewrite_slugs(Article, fallback="article")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.slug, second.slug) == ("كبير-2", "كبير")

    response = client.get("/articles/كـبـيـر/")
    assert response.status_code == 301
    assert location(response) == "/articles/كبير-2/"
    assert client.get("/articles/كبير/").context["article"] == second


def test_old_actor_and_tag_links_redirect_to_their_own_rows(client):
    old_actor = Actor.objects.create(name="كبير", slug="كـبـيـر")
    make_actor("كبير")
    Tag.objects.create(name="مدير", slug="مُدِير")
    make_claim(tags=["مدير"])
    rewrite_slugs(Actor, fallback="actor")
    rewrite_slugs(Tag, fallback="tag")
    old_actor.refresh_from_db()
    assert old_actor.slug == "كبير-2"

    response = client.get("/actors/كـبـيـر/")
    assert location(response) == "/actors/كبير-2/" and response.status_code == 301
    response = client.get("/tags/مُدِير/?page=2")
    assert location(response) == "/tags/مدير/?page=2" and response.status_code == 301


def test_an_old_link_to_a_draft_is_not_found_by_a_reader(client, curator):
    make_article(title="مسودة", slug="مسودة-٢٦", status=Article.Status.DRAFT)
    rewrite_slugs(Article, fallback="article")

    assert client.get("/articles/مسودة-٢٦/").status_code == 404
    client.force_login(curator)
    assert location(client.get("/articles/مسودة-٢٦/")) == "/articles/مسودة-26/"


def test_rewriting_twice_changes_nothing():
    make_article(title="أ", slug="كـبـيـر")
    make_article(title="ب", slug="كبير")
    assert rewrite_slugs(Article, fallback="article") == 1
    slugs = list(Article.objects.order_by("pk").values_list("slug", flat=True))
    assert rewrite_slugs(Article, fallback="article") == 0
    assert list(Article.objects.order_by("pk").values_list("slug", flat=True)) == slugs


def test_a_claims_filter_by_an_old_or_hand_typed_slug_still_filters(client):
    """«?speaker=كـبـيـر» and «?tag=مُدِير» choose the actor «كبير» and the tag «مدير»."""
    speaker = make_actor("كبير")
    mine = make_claim(actor=speaker, tags=["مدير"])
    make_claim(actor=make_actor("صغير"), tags=["آخر"])

    for params in ({"speaker": "كـبـيـر"}, {"tag": "مُدِير"}, {"speaker": "كبير", "tag": "مدير"}):
        html = client.get("/claims/", params).content.decode()
        assert f'id="claim-{mine.pk}"' in html, params
        assert html.count('class="claim-row"') == 1, params
    html = client.get("/claims/", {"speaker": "ـــ"}).content.decode()
    assert "قيمة غير معروفة" in html


def test_a_redirect_costs_a_few_queries_however_many_rows_had_the_slug(
    client, django_assert_max_num_queries
):
    """Twenty articles once called «كـبـيـر» (renamed since) cost the redirect no more."""
    for n in range(20):
        old = make_article(title=f"قديم {n}", slug="كـبـيـر")
        old.slug = f"قديم-{n}"
        old.save()
    article = make_article(title="أ", slug="كـبـيـر")
    actor = Actor.objects.create(name="كبير", slug="كـبـيـر")
    Tag.objects.create(name="مدير", slug="مُدِير")
    make_claim(tags=["مدير"])
    for model, fallback in ((Article, "article"), (Actor, "actor"), (Tag, "tag")):
        rewrite_slugs(model, fallback=fallback)
    article.refresh_from_db()
    actor.refresh_from_db()

    for url, target, queries in [
        ("/articles/كـبـيـر/", article.get_absolute_url(), 3),
        ("/actors/كـبـيـر/", actor.get_absolute_url(), 5),
        ("/tags/مُدِير/", "/tags/%D9%85%D8%AF%D9%8A%D8%B1/", 3),
    ]:
        with django_assert_max_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 301 and response["Location"] == target
