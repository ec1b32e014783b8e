"""/search/?q=: readers find paragraphs however they spell the words."""

import pytest

from archive.models import Article
from tests.archive.search_corpus import make_search_corpus
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def search(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("typed", "position", "published"),
    [
        ("الاسد", 1, "الأسد"),
        ("اعادة", 2, "إعادة"),
        ("مُؤتَمَر", 3, "مُؤتَمَر"),
        ("مؤتمر", 3, "مُؤتَمَر"),
        ("زعم", 4, "وزعـــم"),
        ("2021", 3, "٢٠٢١"),  # inside the date's isolate: <bdi><mark>٢٠٢١</mark>/١١/١١</bdi>
        ("المدرسة", 5, "والمدرسة"),
        ("مدرسة", 5, "والمدرسة"),
        ("sy24", 3, "SY24"),
    ],
)
def test_a_reader_finds_the_published_spelling(client, typed, position, published):
    main, _ = make_search_corpus()

    html = search(client, typed)

    assert f'href="{main.get_absolute_url()}#p-{position}"' in html
    assert f"<mark>{published}</mark>" in html


def test_alef_maqsura_and_ya_find_each_other(client):
    main, other = make_search_corpus()

    for typed in ("مستشفى", "مستشفي"):
        html = search(client, typed)
        assert f'href="{main.get_absolute_url()}#p-4"' in html
        assert f'href="{other.get_absolute_url()}#p-1"' in html


def test_persian_and_urdu_letters_in_a_query_find_the_arabic_spelling(client):
    """Text copied from Persian or Urdu pages carries ی and ک for ي and ك."""
    main, _ = make_search_corpus()

    html = search(client, "الروسی")

    assert f'href="{main.get_absolute_url()}#p-1"' in html
    assert "<mark>الروسي</mark>" in html


def test_a_paragraph_written_with_persian_letters_is_found_by_arabic_spelling(client):
    article = make_article(
        paragraphs=["وصل وفد کبیر إلى سوریا أمس."], status=Article.Status.PUBLISHED
    )

    html = search(client, "سوريا")

    assert f'href="{article.get_absolute_url()}#p-1"' in html
    assert "<mark>سوریا</mark>" in html


def test_all_words_must_appear_and_minus_excludes(client):
    main, other = make_search_corpus()

    assert main.get_absolute_url() not in search(client, "مستشفى الحي")
    assert other.get_absolute_url() in search(client, "مستشفى الحي")
    html = search(client, "مستشفى -المدينة")
    assert other.get_absolute_url() in html and main.get_absolute_url() not in html


def test_a_quoted_phrase_must_appear_in_order(client):
    main, _ = make_search_corpus()

    assert f"{main.get_absolute_url()}#p-3" in search(client, '"مؤتمر اللاجئين"')
    assert "<mark>مُؤتَمَر اللاجئين</mark>" in search(client, "«مؤتمر اللاجئين»")
    assert main.get_absolute_url() not in search(client, '"اللاجئين مؤتمر"')


def test_or_accepts_either_word(client):
    main, other = make_search_corpus()

    html = search(client, "الحصار أو المرضى")
    assert main.get_absolute_url() in html and other.get_absolute_url() in html


def test_part_of_a_word_finds_the_longer_word(client):
    main, _ = make_search_corpus()

    html = search(client, "لاجئ")

    assert f"{main.get_absolute_url()}#p-3" in html


def test_title_matches_come_first_and_link_to_the_article(client):
    make_search_corpus()
    titled = make_article(title="الأسد في دمشق", paragraphs=["نص لا يذكر الاسم."])

    html = search(client, "الاسد")

    assert html.index(titled.get_absolute_url()) < html.index("#p-1")


def test_readers_do_not_find_drafts_and_curators_do(client, curator):
    draft = make_article(
        title="مسودة عن مؤتمر اللاجئين",
        paragraphs=["نص لم يُنشر عن الأسد."],
        status=Article.Status.DRAFT,
    )

    assert draft.get_absolute_url() not in search(client, "الاسد")
    client.force_login(curator)
    html = search(client, "الاسد")
    assert draft.get_absolute_url() in html and "مسودة" in html


def test_hostile_text_in_a_paragraph_is_shown_as_text(client):
    make_article(
        title="نص عدائي",
        paragraphs=['<script>alert("x")</script> قال الأسد <img src=x onerror=alert(1)>'],
    )

    html = search(client, "الاسد")

    assert '<script>alert("x")' not in html and "<img src=x" not in html
    assert "&lt;" in html and "<mark>الأسد</mark>" in html


def test_many_results_are_paged_and_the_query_kept(client):
    for n in range(25):
        make_article(title=f"تقرير رقم {n}", paragraphs=["وصل الوفد إلى دمشق صباحا."])

    first = search(client, "دمشق")
    second = search(client, "دمشق", page=2)

    assert "صفحة 1 من 2" in first
    assert "?q=%D8%AF%D9%85%D8%B4%D9%82&amp;page=2" in first
    assert first.count('class="search-result"') == 20
    assert second.count('class="search-result"') == 5


@pytest.mark.parametrize("size", [1, 30])
def test_the_search_page_runs_a_fixed_number_of_queries(
    client, size, django_assert_max_num_queries
):
    for n in range(size):
        make_article(title=f"الأسد {n}", paragraphs=["قال الأسد", "ثم قال الأسد مجددا"])

    with django_assert_max_num_queries(9):
        html = search(client, "الاسد")
    assert html.count('class="search-result"') == min(size, 20)


def test_nothing_exact_falls_back_to_words_inside_longer_words_and_says_so(client):
    main, _ = make_search_corpus()

    html = search(client, "Y24")

    assert "نتائج تقريبية" in html
    assert f"{main.get_absolute_url()}#p-3" in html


def test_a_short_word_inside_longer_words_is_found_too(client):
    main, _ = make_search_corpus()

    html = search(client, "حض")  # inside «بحضور»

    assert f"{main.get_absolute_url()}#p-3" in html


@pytest.mark.parametrize("size", [1, 30])
def test_the_approximate_search_also_runs_a_fixed_number_of_queries(
    client, size, django_assert_max_num_queries
):
    for n in range(size):
        make_article(title=f"تقرير {n}", paragraphs=["حسب منصة SY24 اليوم"])

    # Three searches find nothing exactly, three find substrings, then the page's rows load.
    with django_assert_max_num_queries(12):
        html = search(client, "Y24")
    assert html.count('class="search-result"') == min(size, 20)
