"""Merging duplicate actors: a confirmation page lists what changes; confirming moves it all at once."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from annotations.models import Actor, ActorAlias, Annotation
from annotations.services import actor_merge, actor_merge_plan
from tests.admin.forms import form_data
from tests.factories import make_actor, make_annotation, make_article

PUTIN_PARAGRAPH = "قال الرئيس بوتين إن بوتين لن يتراجع، وأكد الناطق باسم الرئيس ذلك"


@pytest.fixture
def changelist():
    return reverse("admin:annotations_actor_changelist")


@pytest.fixture
def putins(editor):
    """«فلاديمير بوتين» to keep; «بوتين» with three annotations, aliases and a child body; a third spelling."""
    keep = make_actor("فلاديمير بوتين", kind="person", aliases=["بوتين", "الرئيس الروسي"])
    dup = make_actor("بوتين", kind="person", aliases=["الرئيس بوتين", "الرئيس الروسى"])
    third = Actor.objects.create(name="فلاديمير فلاديميروفيتش بوتين", kind="person")
    spokesman = Actor.objects.create(name="الناطق باسم الرئيس", kind="person", parent=dup)
    paragraph = make_article(paragraphs=[PUTIN_PARAGRAPH]).paragraphs.get()
    mentions = [
        make_annotation(paragraph, "الرئيس بوتين", kind="actor", actor=dup, user=editor),
        make_annotation(paragraph, "بوتين", kind="actor", actor=dup, user=editor, occurrence=2),
        make_annotation(paragraph, "لن يتراجع", actor=dup, user=editor),
    ]
    kept_claim = make_annotation(paragraph, "وأكد", actor=keep, user=editor)
    return {
        "keep": keep,
        "dup": dup,
        "third": third,
        "spokesman": spokesman,
        "moved": mentions,
        "kept_claim": kept_claim,
    }


def start_merge(client, changelist, actors, **extra):
    data = {"action": "merge_actors", "_selected_action": [a.pk for a in actors], **extra}
    return client.post(changelist, data)


def snapshot():
    """Everything a merge may touch, to show that nothing was written."""
    return (
        sorted(Annotation.objects.values_list("pk", "actor_id")),
        sorted(ActorAlias.objects.values_list("pk", "actor_id", "alias")),
        sorted(Actor.objects.values_list("pk", "parent_id")),
    )


@pytest.mark.django_db
def test_the_confirmation_page_lists_exactly_what_will_change(
    client, changelist, head_curator, putins
):
    p = putins
    client.force_login(head_curator)
    before = snapshot()
    response = start_merge(client, changelist, [p["keep"], p["dup"], p["third"]], keep=p["keep"].pk)
    assert response.status_code == 200
    html = response.content.decode()
    plan = response.context["plan"]
    assert plan.keep == p["keep"] and plan.others == [p["dup"], p["third"]]
    assert "ما سيتغيّر إن بقي «فلاديمير بوتين»" in html
    assert "من «بوتين»: ادعاءات 1، إشارات 2" in html
    # «الرئيس بوتين» moves; «بوتين» and «الرئيس الروسى» (ى for ي) are already on the kept actor.
    assert [a.alias for a in plan.aliases_moved] == ["الرئيس بوتين"]
    assert sorted(a.alias for a in plan.aliases_dropped) == ["الرئيس الروسى", "بوتين"]
    assert "«الرئيس بوتين» (من «بوتين»)" in html
    assert "«الرئيس الروسى» (من «بوتين»)" in html
    # The third spelling had no aliases: its name becomes one.
    assert plan.names_added == ["فلاديمير فلاديميروفيتش بوتين"]
    assert "«الناطق باسم الرئيس» (كانت تابعة لـ«بوتين»)" in html
    assert "الفاعلون الذين يُحذفون" in html
    assert 'name="confirm"' in html
    assert snapshot() == before


@pytest.mark.django_db
def test_the_actor_with_most_annotations_is_offered_to_stay(
    client, changelist, head_curator, putins
):
    client.force_login(head_curator)
    response = start_merge(client, changelist, [putins["keep"], putins["dup"]])
    assert response.context["keep"] == putins["dup"]  # three annotations against one


@pytest.mark.django_db
def test_confirming_moves_annotations_aliases_and_children_then_deletes_the_others(
    client, changelist, head_curator, putins
):
    p = putins
    client.force_login(head_curator)
    page = start_merge(client, changelist, [p["keep"], p["dup"], p["third"]], keep=p["keep"].pk)
    data = form_data(page.content.decode(), "merge-form")
    data["confirm"] = "تأكيد الدمج"
    response = client.post(changelist, data, follow=True)
    assert response.redirect_chain[-1][0].endswith(changelist)
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [
        "دُمج في «فلاديمير بوتين» ثم حُذف: «بوتين»، «فلاديمير فلاديميروفيتش بوتين». "
        "نُقل إليه: 3 توسيمات، اسمان بديلان، جهة تابعة واحدة."
    ]

    keep = p["keep"]
    assert not Actor.objects.filter(pk__in=[p["dup"].pk, p["third"].pk]).exists()
    assert set(Annotation.objects.values_list("actor_id", flat=True)) == {keep.pk}
    assert set(keep.aliases.values_list("alias", flat=True)) == {
        "فلاديمير بوتين",
        "بوتين",
        "الرئيس الروسي",
        "الرئيس بوتين",
        "فلاديمير فلاديميروفيتش بوتين",
    }
    assert Actor.objects.get(pk=p["spokesman"].pk).parent == keep

    # Every write is in history, by the curator, with the merge as the reason.
    reason = "دمج في «فلاديمير بوتين»"
    moved = Annotation.objects.get(pk=p["moved"][0].pk)
    record = moved.history.latest()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "~",
        head_curator,
        reason,
    )
    assert [(c.field, c.old, c.new) for c in record.diff_against(record.prev_record).changes] == [
        ("actor", p["dup"].pk, keep.pk),
        ("updated_by", moved.created_by_id, head_curator.pk),
    ]
    deleted = Actor.history.filter(id=p["dup"].pk).latest()
    assert (deleted.history_type, deleted.history_user, deleted.history_change_reason) == (
        "-",
        head_curator,
        reason,
    )
    dropped = ActorAlias.history.filter(alias="الرئيس الروسى", history_type="-").get()
    assert dropped.history_user == head_curator
    child = Actor.history.filter(id=p["spokesman"].pk).latest()
    assert (child.parent_id, child.history_user) == (keep.pk, head_curator)


@pytest.mark.django_db
def test_confirming_a_plan_for_another_actor_shows_the_new_plan_instead(
    client, changelist, head_curator, putins
):
    """The curator changed the radio button after the preview: nothing merges unseen."""
    p = putins
    client.force_login(head_curator)
    page = start_merge(client, changelist, [p["keep"], p["dup"]], keep=p["keep"].pk)
    data = form_data(page.content.decode(), "merge-form")
    data.update(keep=p["dup"].pk, confirm="تأكيد الدمج")
    before = snapshot()
    response = client.post(changelist, data)
    assert response.status_code == 200
    assert "تغيّر ما سيُدمج منذ عُرضت هذه الصفحة" in response.content.decode()
    assert response.context["plan"].keep == p["dup"]
    assert snapshot() == before


@pytest.mark.django_db
def test_a_failure_in_the_last_step_leaves_everything_as_it_was(head_curator, putins, monkeypatch):
    """Deleting the merged actors comes last; when it fails, the moves before it are undone too."""
    before = snapshot()

    def fail(self, *args, **kwargs):
        raise RuntimeError("انقطع الاتصال بقاعدة البيانات")

    monkeypatch.setattr(Actor, "delete", fail)
    with pytest.raises(RuntimeError):
        actor_merge(putins["keep"], [putins["dup"], putins["third"]], head_curator)
    assert snapshot() == before
    assert Actor.objects.filter(pk=putins["dup"].pk).exists()


@pytest.mark.django_db
def test_merging_an_actor_into_itself_is_refused(client, changelist, head_curator, putins):
    keep = putins["keep"]
    with pytest.raises(ValidationError, match="لا يُدمج الفاعل «فلاديمير بوتين» في نفسه"):
        actor_merge(keep, [keep], head_curator)

    client.force_login(head_curator)
    before = snapshot()
    response = start_merge(client, changelist, [keep], keep=keep.pk, confirm="1")
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [
        "لا يُدمج الفاعل «فلاديمير بوتين» في نفسه: اختر فاعلًا آخر على الأقل ليُدمج فيه."
    ]
    assert snapshot() == before


@pytest.fixture
def russia():
    """روسيا › الحكومة الروسية › وزارة الدفاع الروسية."""
    state = make_actor("روسيا", kind="state")
    government = make_actor("الحكومة الروسية")
    government.parent = state
    government.save()
    ministry = make_actor("وزارة الدفاع الروسية")
    ministry.parent = government
    ministry.save()
    return state, government, ministry


@pytest.mark.django_db
@pytest.mark.parametrize("depth", ["child", "grandchild"])
def test_merging_into_a_child_or_grandchild_is_refused(
    client, changelist, head_curator, russia, depth
):
    """Keeping a body that hangs under the merged one would make it its own parent."""
    state, government, ministry = russia
    keep = government if depth == "child" else ministry
    with pytest.raises(ValidationError, match="تابع لـ«روسيا»"):
        actor_merge_plan(keep, [state])

    client.force_login(head_curator)
    before = snapshot()
    page = start_merge(client, changelist, [state, keep], keep=keep.pk)
    html = page.content.decode()
    assert f"لا يُدمج «روسيا» في «{keep.name}»" in html
    assert 'name="confirm"' not in html
    data = form_data(html, "merge-form")
    data["confirm"] = "تأكيد الدمج"
    response = client.post(changelist, data)
    assert f"لا يُدمج «روسيا» في «{keep.name}»" in response.content.decode()
    assert snapshot() == before


@pytest.mark.django_db
def test_merging_a_child_into_its_parent_reattaches_the_grandchild(head_curator, russia):
    state, government, ministry = russia
    plan = actor_merge(state, [government], head_curator)
    assert plan.children == [ministry]
    assert Actor.objects.get(pk=ministry.pk).parent == state
    assert not Actor.objects.filter(pk=government.pk).exists()


@pytest.mark.django_db
def test_an_editor_without_merge_rights_is_not_offered_the_action(client, changelist, putins):
    """Staff without the right to delete actors or change annotations cannot merge."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("murajei", password="x", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_actor", "change_actor"])
    )
    client.force_login(user)
    assert 'value="merge_actors"' not in client.get(changelist).content.decode()
    before = snapshot()
    start_merge(client, changelist, [putins["keep"], putins["dup"]], keep=putins["keep"].pk)
    assert snapshot() == before


@pytest.mark.django_db
def test_details_the_kept_actor_lacks_are_taken_from_the_merged_ones(
    client, changelist, head_curator, putins
):
    """A duplicate that carries the Wikidata id or the English name does not take it away with it."""
    p = putins
    russia = make_actor("روسيا", kind="state")
    Actor.objects.filter(pk=p["dup"].pk).update(
        wikidata_id="Q7747", name_en="Vladimir Putin", parent=russia
    )
    Actor.objects.filter(pk=p["third"].pk).update(
        wikidata_id="Q1", country="RUS", description="رئيس روسيا"
    )
    Actor.objects.filter(pk=p["keep"].pk).update(country="SYR")  # its own value stays
    client.force_login(head_curator)

    response = start_merge(client, changelist, [p["keep"], p["dup"], p["third"]], keep=p["keep"].pk)
    html = response.content.decode()
    plan = response.context["plan"]
    assert [(f.label, f.value, f.source.name) for f in plan.fields_filled] == [
        ("الاسم بالإنجليزية", "Vladimir Putin", "بوتين"),
        ("الجهة الأم", russia, "بوتين"),
        ("معرّف ويكي بيانات", "Q7747", "بوتين"),
        ("الوصف", "رئيس روسيا", "فلاديمير فلاديميروفيتش بوتين"),
    ]
    assert "«معرّف ويكي بيانات»: <bdi>Q7747</bdi> (من «بوتين»)" in html

    data = form_data(html, "merge-form")
    data["confirm"] = "تأكيد الدمج"
    done = client.post(changelist, data, follow=True)
    (message,) = [str(m) for m in get_messages(done.wsgi_request)]
    assert message.endswith(
        "وأُكمل من تفاصيلهم: «الاسم بالإنجليزية»، «الجهة الأم»، «معرّف ويكي بيانات»، «الوصف»."
    )

    kept = Actor.objects.get(pk=p["keep"].pk)
    assert (kept.wikidata_id, kept.name_en, kept.parent, kept.country, kept.description) == (
        "Q7747",
        "Vladimir Putin",
        russia,
        "SYR",
        "رئيس روسيا",
    )
    record = kept.history.latest()
    assert (record.wikidata_id, record.history_user) == ("Q7747", head_curator)


@pytest.mark.django_db
def test_when_duplicates_disagree_the_page_says_which_value_is_kept_and_the_merge_writes_it(
    client, changelist, head_curator
):
    keep = make_actor("فلاديمير بوتين", kind="person")
    first = Actor.objects.create(name="بوتين", kind="person", wikidata_id="Q1")
    second = Actor.objects.create(name="بوتين", kind="person", wikidata_id="Q2")
    client.force_login(head_curator)

    page = start_merge(client, changelist, [keep, first, second], keep=keep.pk)
    html = page.content.decode()
    (filled,) = page.context["plan"].fields_filled
    assert (filled.value, filled.source) == ("Q1", first)
    assert [(actor, value) for actor, value in filled.dropped] == [(second, "Q2")]
    assert "«معرّف ويكي بيانات»: <bdi>Q1</bdi> (من «بوتين»)" in html
    assert "لا يُنقل: <bdi>Q2</bdi> (من «بوتين»)" in html

    data = form_data(html, "merge-form")
    data["confirm"] = "تأكيد الدمج"
    client.post(changelist, data)

    assert Actor.objects.get(pk=keep.pk).wikidata_id == "Q1"


@pytest.mark.django_db
def test_a_merge_whose_plan_changed_after_confirming_is_refused(head_curator, putins):
    p = putins
    plan = actor_merge_plan(p["keep"], [p["dup"]])
    Actor.objects.filter(pk=p["dup"].pk).update(wikidata_id="Q7747")  # meanwhile

    with pytest.raises(ValidationError, match="تغيّر"):
        actor_merge(p["keep"], [p["dup"]], head_curator, expected_digest=plan.digest())

    assert Actor.objects.filter(pk=p["dup"].pk).exists()
