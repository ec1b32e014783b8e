"""Curators find articles by outlet, status, date and annotations, see their annotations per kind, and publish."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from archive.models import Article
from tests.factories import make_annotated_article, make_article, make_claim, make_outlet

CHANGELIST = "admin:archive_article_changelist"


def listed(client, **params):
    response = client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return response, list(response.context["cl"].result_list)


@pytest.fixture
def articles():
    """A published SY24 article with a claim and its source, a bare published one, and a draft."""
    sy24 = make_outlet("SY24")
    claimed = make_claim(title="روسيا تدعي أن المؤتمر يهدف إلى عودة اللاجئين", outlet=sy24)
    return {
        "claimed": claimed.paragraph.article,
        "bare": make_article(title="وصول قافلة مساعدات إلى إدلب", published_on="2024-07-26"),
        "draft": make_article(title="مسودة: اجتماع في دمشق", status="draft", outlet=sy24),
    }


@pytest.mark.django_db
def test_list_filters_by_outlet_status_and_annotations(client, head_curator, articles):
    """«فيه توسيمات» keeps articles with at least one annotation; the other filters combine with it."""
    client.force_login(head_curator)
    _, rows = listed(client, has_annotations="yes")
    assert rows == [articles["claimed"]]
    _, rows = listed(client, has_annotations="no")
    assert set(rows) == {articles["bare"], articles["draft"]}
    _, rows = listed(client, status__exact="draft")
    assert rows == [articles["draft"]]
    outlet = articles["draft"].outlet
    _, rows = listed(client, outlet__id__exact=outlet.pk, has_annotations="no")
    assert rows == [articles["draft"]]
    _, rows = listed(client, published_on__isnull="False")
    assert rows == [articles["bare"]]


@pytest.mark.django_db
def test_search_finds_an_article_by_its_arabic_title(client, head_curator, articles):
    client.force_login(head_curator)
    _, rows = listed(client, q="قافلة مساعدات")
    assert rows == [articles["bare"]]


@pytest.mark.django_db
def test_list_counts_annotations_of_each_kind_and_links_to_the_public_page(
    client, head_curator, articles
):
    """The claimed article shows 1 claim, 1 source, 0 actor mentions, and a link to its reading page."""
    client.force_login(head_curator)
    response, rows = listed(client)
    claimed = next(row for row in rows if row == articles["claimed"])
    assert (claimed.claim_count, claimed.source_count, claimed.actor_count) == (1, 1, 0)
    html = response.content.decode()
    assert f'href="{articles["claimed"].get_absolute_url()}"' in html
    assert "ادعاءات" in html and "مصادر" in html and "إشارات" in html


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_the_list_runs_a_constant_number_of_queries(
    client, head_curator, django_assert_max_num_queries, count
):
    """Counting annotations per kind is one grouped query, whatever the number of rows."""
    for _ in range(count):
        make_annotated_article(4, paragraph_count=2)
    client.force_login(head_curator)
    with django_assert_max_num_queries(8):
        response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert len(rows) == count
    assert all((r.claim_count, r.actor_count) == (2, 2) for r in rows)


def run_action(client, action, articles):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [a.pk for a in articles]},
        follow=True,
    )


@pytest.mark.django_db
def test_publishing_changes_the_status_says_how_many_and_records_it(client, head_curator, articles):
    """«نشر المقالات المحددة» publishes the draft, counts the one already published, and writes history."""
    client.force_login(head_curator)
    response = run_action(client, "publish", [articles["draft"], articles["bare"]])
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["نُشر: مقال واحد. منشور من قبل: مقال واحد."]
    draft = Article.objects.get(pk=articles["draft"].pk)
    assert draft.status == Article.Status.PUBLISHED
    record = draft.history.latest()
    assert record.history_type == "~"
    assert record.history_user == head_curator
    assert record.history_change_reason == "نشر"
    change = record.diff_against(record.prev_record).changes
    assert [(c.field, c.old, c.new) for c in change] == [("status", "draft", "published")]
    assert articles["bare"].history.count() == 1  # only its creation: it did not change


@pytest.mark.django_db
def test_unpublishing_returns_articles_to_drafts(client, head_curator, articles):
    client.force_login(head_curator)
    response = run_action(client, "unpublish", [articles["claimed"], articles["bare"]])
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["أُعيد إلى المسودات، فلا يراه القرّاء: مقالان."]
    assert set(Article.objects.published()) == set()
    record = Article.objects.get(pk=articles["bare"].pk).history.latest()
    assert (record.status, record.history_user, record.history_change_reason) == (
        "draft",
        head_curator,
        "إلغاء النشر",
    )


@pytest.mark.django_db
def test_an_editor_curator_without_article_rights_cannot_publish(client, curator, articles):
    """The Editors group may view articles, not change them: the publish actions are not offered."""
    client.force_login(curator)
    response = client.get(reverse(CHANGELIST))
    assert 'value="publish"' not in response.content.decode()
    run_action(client, "publish", [articles["draft"]])
    assert Article.objects.get(pk=articles["draft"].pk).status == Article.Status.DRAFT
