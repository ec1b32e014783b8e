"""Sixteen editors at work at once on a real server (gunicorn, 4 workers) get answers, never 500.

Each editor creates annotations on the seed articles at the same moment as the
others: every create is answered 201 and every one is there afterwards. When
several people save or delete the same version of one annotation at once,
exactly one of them succeeds and the others are told it changed (409), on
SQLite (one writer at a time, the others wait their turn) as on PostgreSQL
(the row is locked). Runs on the suite's database engine.
"""

import urllib.parse
from functools import partial

import pytest

from tests.editors_at_once import (
    add_editors,
    annotation_path,
    changed,
    logged_in,
    new_annotation,
    together,
    word_spans,
)
from tests.scratch import scratch_site

EDITORS = 16
CURATORS = 8  # the first eight are staff: they may change anyone's annotation
CREATES_EACH = 5
ROUNDS = 3


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """A served seed site with sixteen editors logged in, each in their own session."""
    with scratch_site(tmp_path_factory.mktemp("desk")) as site:
        # The suite's settings: the same database options, and a fast password hasher, so
        # sixteen logins take a moment rather than sixteen deliberately slow hashes.
        site.env["DJANGO_SETTINGS_MODULE"] = "tests.settings"
        site.seed()
        accounts = add_editors(site, EDITORS, curators=CURATORS)
        base = site.serve(workers=4)
        clients = logged_in(base, accounts)
        yield clients, word_spans(clients[0])
        assert "Traceback" not in site.server_log()


def create(client, span, note):
    status, _, data = client.json("POST", "/api/annotations/", new_annotation(span, note))
    return status, data


def reload(client, annotation):
    status, _, data = client.json("GET", annotation_path(annotation))
    return status, data


def put(client, annotation, note):
    status, _, data = client.json("PUT", annotation_path(annotation), changed(annotation, note))
    return status, data


def delete(client, annotation):
    query = urllib.parse.urlencode({"modified": annotation["modified"]})
    status, _, data = client.json("DELETE", f"{annotation_path(annotation)}?{query}")
    return status, data


def labelled(method, call, *args):
    return (method, *call(*args))


def test_sixteen_editors_creating_at_once_all_get_201_and_every_annotation_is_kept(desk):
    clients, spans = desk

    def work(n, client):
        def run():
            answers = []
            for i in range(CREATES_EACH):
                span = spans[(n * CREATES_EACH + i) % len(spans)]
                answers.append((create(client, span, f"ملاحظة المحرر {n} رقم {i}"), span))
            return answers

        return run

    results = [
        a for answers in together([work(n, c) for n, c in enumerate(clients)]) for a in answers
    ]

    statuses = [status for (status, _), _ in results]
    assert [s for s in statuses if s >= 500] == []
    assert statuses == [201] * EDITORS * CREATES_EACH
    reader = clients[-1]
    for (_, created), span in results:
        status, stored = reload(reader, created)
        assert status == 200
        assert stored["target"]["selector"][0]["exact"] == span[4]
        assert stored["body"][-1]["value"] == created["body"][-1]["value"]
    assert len({created["id"] for (_, created), _ in results}) == EDITORS * CREATES_EACH


def test_of_many_saves_of_one_version_at_once_exactly_one_is_kept_the_rest_are_409(desk):
    """The author and eight curators all opened the same version; they all press save."""
    clients, spans = desk
    author, curators = clients[CURATORS], clients[:CURATORS]
    for round_ in range(ROUNDS):
        status, annotation = create(author, spans[-1 - round_], "قبل السباق")
        assert status == 201
        writers = [author, *curators]

        answers = together(
            [
                partial(put, client, annotation, f"تعديل {n} في الجولة {round_}")
                for n, client in enumerate(writers)
            ]
        )

        statuses = sorted(status for status, _ in answers)
        assert statuses == [200] + [409] * (len(writers) - 1), statuses
        assert all(data["code"] == "stale" for status, data in answers if status == 409)
        (winner,) = [data for status, data in answers if status == 200]
        status, stored = reload(author, annotation)
        assert stored["body"][-1]["value"] == winner["body"][-1]["value"]
        assert stored["modified"] == winner["modified"]


def test_saves_and_deletes_of_one_version_at_once_one_wins_and_nothing_is_half_done(desk):
    """Four curators delete the version they opened while the author and four curators save it."""
    clients, spans = desk
    author, curators = clients[CURATORS + 1], clients[:CURATORS]
    for round_ in range(ROUNDS):
        status, annotation = create(author, spans[-10 - round_], "قبل السباق")
        assert status == 201
        calls = [partial(labelled, "DELETE", delete, c, annotation) for c in curators[:4]]
        calls += [
            partial(labelled, "PUT", put, c, annotation, f"تعديل {n}")
            for n, c in enumerate([author, *curators[4:]])
        ]

        answers = together(calls)

        assert [a for a in answers if a[1] >= 500] == []
        winners = [(method, data) for method, status, data in answers if status == 200]
        assert len(winners) == 1, answers
        (method, data), losers = winners[0], [a[1] for a in answers if a[1] != 200]
        status, stored = reload(author, annotation)
        if method == "DELETE":
            # The others' versions are gone: their save or delete finds it missing or changed.
            assert status == 404
            assert set(losers) <= {404, 409}
        else:
            assert status == 200 and stored["modified"] == data["modified"]
            assert stored["body"][-1]["value"] == data["body"][-1]["value"]
            assert losers == [409] * (len(answers) - 1)
