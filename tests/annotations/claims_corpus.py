"""A small archive of claims for the open-data exports and the read API.

Four published claims varied on every filter of /claims/, and a draft with a
claim by an actor known only from it. Every annotation is made by an editor
whose e-mail address must never come out of any export.
"""

import datetime

from annotations.models import Actor
from archive.models import Article
from tests.factories import make_actor, make_annotation, make_article, make_claim, make_outlet

EDITOR_EMAIL = "muharrir.siri@example.org"
DRAFT_QUOTE = "القوات ستنسحب من المدينة قبل نهاية الشهر"
DRAFT_PARAGRAPH = f"وزعم مصدر سري في المسودة أن {DRAFT_QUOTE}."


def make_claims_corpus(django_user_model):
    author = django_user_model.objects.create_user(
        "kateb-al-tawsim", email=EDITOR_EMAIL, password="x"
    )
    sy24, enab = make_outlet("SY24", url="https://www.sy-24.com/"), make_outlet("عنب بلدي")
    russia = make_actor("روسيا", kind="state")
    putin = make_actor("فلاديمير بوتين", kind="person", aliases=["بوتين", "الرئيس الروسي"])
    Actor.objects.filter(pk=putin.pk).update(wikidata_id="Q7747", name_en="Vladimir Putin")
    putin.refresh_from_db()
    ministry = make_actor("وزارة الدفاع الروسية", kind="government_body")
    Actor.objects.filter(pk=ministry.pk).update(parent=russia)
    secret = make_actor("مصدر سري في المسودة", kind="unnamed_collective")
    claims = {
        "putin_distancing": make_claim(
            actor=putin,
            cue="وزعم",
            stance="distancing",
            specificity="anonymous",
            tags=["عودة اللاجئين"],
            user=author,
            outlet=sy24,
            published_on=datetime.date(2021, 7, 20),
            url="https://www.sy-24.com/news/putin-refugees/",
        ),
        "putin_neutral": make_claim(
            actor=putin,
            cue="وقال",
            stance="neutral",
            specificity=None,
            tags=["عودة اللاجئين", "العقوبات"],
            user=author,
            outlet=enab,
            published_on=datetime.date(2020, 11, 9),
        ),
        "ministry_distancing": make_claim(
            actor=ministry,
            cue="وادعت",
            stance="distancing",
            specificity="document",
            tags=["العقوبات"],
            user=author,
            outlet=sy24,
            published_on=datetime.date(2021, 7, 22),
        ),
        "ministry_endorsing": make_claim(
            actor=ministry,
            cue="وكشفت",
            stance="endorsing",
            specificity="document",
            user=author,
            outlet=enab,
            published_on=datetime.date(2022, 1, 5),
        ),
    }
    draft = make_article(
        title="مسودة عن انسحاب القوات",
        paragraphs=[DRAFT_PARAGRAPH],
        status=Article.Status.DRAFT,
        outlet=sy24,
        published_on=datetime.date(2021, 7, 21),
    )
    claims["draft"] = make_annotation(
        draft.paragraphs.get(),
        DRAFT_QUOTE,
        actor=secret,
        cue="وزعم",
        stance="distancing",
        tags=["انسحاب سري"],
        user=author,
    )
    return {
        "author": author,
        "sy24": sy24,
        "enab": enab,
        "russia": russia,
        "putin": putin,
        "ministry": ministry,
        "secret": secret,
        "draft_article": draft,
        **claims,
    }


PUBLISHED = ("putin_distancing", "putin_neutral", "ministry_distancing", "ministry_endorsing")

# Filter sets of /claims/ (values naming corpus objects are resolved by `resolve`), and what they keep.
FILTER_CASES = [
    ({}, PUBLISHED),
    ({"speaker": "putin"}, ("putin_distancing", "putin_neutral")),
    ({"actor_kind": "government_body"}, ("ministry_distancing", "ministry_endorsing")),
    ({"stance": "distancing"}, ("putin_distancing", "ministry_distancing")),
    ({"specificity": "document"}, ("ministry_distancing", "ministry_endorsing")),
    ({"specificity": "none"}, ("putin_neutral",)),
    ({"outlet": "enab"}, ("putin_neutral", "ministry_endorsing")),
    ({"tag": "العقوبات"}, ("putin_neutral", "ministry_distancing")),
    ({"from": "2021-07-21", "to": "2021-12-31"}, ("ministry_distancing",)),
    ({"speaker": "putin", "stance": "distancing"}, ("putin_distancing",)),
]


def case_id(value):
    if not isinstance(value, dict):
        return None
    return "+".join(f"{k}={v}" for k, v in value.items()) or "no-filter"


def resolve(corpus, params):
    """Filter values naming corpus objects ("putin", "enab") as their slugs."""
    return {
        name: corpus[value].slug if value in ("putin", "ministry", "sy24", "enab") else value
        for name, value in params.items()
    }


def pks(corpus, names):
    return {corpus[name].pk for name in names}
