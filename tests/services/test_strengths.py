"""The Strengths Assessment and priorities: the client's own words; others may look, if allowed."""

import pytest
from sqlmodel import select

from strengthsapp.db.models import Goal, Priority, StrengthEntry
from strengthsapp.services.errors import Conflict, InvalidInput, NotAllowed
from strengthsapp.services.plan import get_plan
from strengthsapp.services.progress import record_win, remove_win
from strengthsapp.services.strengths import (
    add_entry,
    add_priority,
    edit_entry,
    get_assessment,
    priority_to_goal,
    remove_entry,
    remove_priority,
    win_to_worked_before,
)
from tests.factories import make_goal
from tests.services.conftest import as_actor


def test_the_assessment_starts_from_what_i_want_in_every_life_domain(session, alice):
    add_entry(session, actor=as_actor(alice), client_id=alice.id, domain_key="leisure", column="want",
              text="Learn to swim")  # fmt: skip
    assessment = get_assessment(session, actor=as_actor(alice), client_id=alice.id)
    assert [d.label for d in assessment.domains][:2] == ["Home and daily life", "Money"]
    assert len(assessment.domains) == 7
    leisure = next(d for d in assessment.domains if d.key == "leisure")
    assert [e.text for e in leisure.want] == ["Learn to swim"] and leisure.count == 1
    assert leisure.have_now == leisure.worked_before == []
    assert assessment.edits and assessment.room_for_priorities


@pytest.mark.parametrize("who", ["bob", "charlie", "dana", "ada", "olga"])
def test_only_the_client_writes_strengths_and_priorities(session, request, alice, bob, charlie, who):
    other = request.getfixturevalue(who)
    entry = add_entry(session, actor=as_actor(alice), client_id=alice.id, domain_key="social", column="want",
                      text="Friends")  # fmt: skip
    priority = add_priority(session, actor=as_actor(alice), client_id=alice.id, text="A job")
    for attempt in [
        lambda: add_entry(session, actor=as_actor(other), client_id=alice.id, domain_key="social", column="want",
                          text="x"),
        lambda: edit_entry(session, actor=as_actor(other), entry_id=entry.id, version=1, text="x"),
        lambda: remove_entry(session, actor=as_actor(other), entry_id=entry.id),
        lambda: add_priority(session, actor=as_actor(other), client_id=alice.id, text="x"),
        lambda: priority_to_goal(session, actor=as_actor(other), priority_id=priority.id),
        lambda: remove_priority(session, actor=as_actor(other), priority_id=priority.id),
    ]:  # fmt: skip
        with pytest.raises(NotAllowed):
            attempt()
    assert session.get(StrengthEntry, entry.id).text == "Friends"
    assert session.exec(select(Goal)).all() == []


def test_the_case_manager_sees_the_assessment_a_wins_only_peer_does_not(session, alice, bob, charlie):
    assert not get_assessment(session, actor=as_actor(bob), client_id=alice.id).edits
    with pytest.raises(NotAllowed):
        get_assessment(session, actor=as_actor(charlie), client_id=alice.id)


def test_an_edit_from_an_old_version_shows_the_new_words(session, alice):
    entry = add_entry(session, actor=as_actor(alice), client_id=alice.id, domain_key="social", column="have_now",
                      text="My sister")  # fmt: skip
    edit_entry(session, actor=as_actor(alice), entry_id=entry.id, version=1, text="My sister Jo")
    with pytest.raises(Conflict) as conflict:
        edit_entry(session, actor=as_actor(alice), entry_id=entry.id, version=1, text="My brother")
    assert conflict.value.current == {"text": "My sister Jo"} and conflict.value.version == 2


def test_up_to_four_priorities_each_a_goal_with_one_tap(session, alice):
    made = [add_priority(session, actor=as_actor(alice), client_id=alice.id, text=t) for t in "ABCD"]
    with pytest.raises(InvalidInput, match="four priorities waiting"):
        add_priority(session, actor=as_actor(alice), client_id=alice.id, text="E")
    goal = priority_to_goal(session, actor=as_actor(alice), priority_id=made[1].id)
    again = priority_to_goal(session, actor=as_actor(alice), priority_id=made[1].id)
    assert goal.id == again.id and goal.text == "B"
    assert [g.text for g in get_plan(session, actor=as_actor(alice), client_id=alice.id).goals] == ["B"]
    assessment = get_assessment(session, actor=as_actor(alice), client_id=alice.id)
    assert [(p.rank, p.text, p.became_goal) for p in assessment.priorities] == [
        (1, "A", False), (2, "B", True), (3, "C", False), (4, "D", False)
    ]  # fmt: skip
    assert assessment.room_for_priorities  # B became a goal: its place is free
    add_priority(session, actor=as_actor(alice), client_id=alice.id, text="E")
    assert not get_assessment(session, actor=as_actor(alice), client_id=alice.id).room_for_priorities
    remove_priority(session, actor=as_actor(alice), priority_id=made[0].id)
    add_priority(session, actor=as_actor(alice), client_id=alice.id, text="F")
    ranks = session.exec(select(Priority.text).order_by(Priority.rank)).all()
    assert ranks == ["B", "C", "D", "E", "F"]  # a new priority joins at the end
    assert session.get(Goal, goal.id) is not None  # a goal made from a priority stays


def test_a_win_joins_what_has_worked_before_once_and_survives_its_removal(session, alice):
    goal = make_goal(session, client=alice, domain="vocational")
    win = record_win(
        session, actor=as_actor(alice), client_id=alice.id, text="Finished the CV", goal_id=goal.id
    )
    entry = win_to_worked_before(session, actor=as_actor(alice), win_id=win.id)
    assert win_to_worked_before(session, actor=as_actor(alice), win_id=win.id).id == entry.id
    assert (entry.domain_key, entry.column, entry.text) == ("vocational", "worked_before", "Finished the CV")
    loose = record_win(session, actor=as_actor(alice), client_id=alice.id, text="Slept well")
    win_to_worked_before(session, actor=as_actor(alice), win_id=loose.id)
    assessment = get_assessment(session, actor=as_actor(alice), client_id=alice.id)
    anywhere = assessment.domains[-1]
    assert (anywhere.label, [e.text for e in anywhere.worked_before]) == (
        "All through my life",
        ["Slept well"],
    )
    remove_win(session, actor=as_actor(alice), win_id=win.id)
    assert session.get(StrengthEntry, entry.id).from_win_id is None


def test_unknown_domains_and_columns_get_a_clear_message(session, alice):
    with pytest.raises(InvalidInput, match="part of life"):
        add_entry(
            session, actor=as_actor(alice), client_id=alice.id, domain_key="nope", column="want", text="x"
        )
    with pytest.raises(InvalidInput, match="column"):
        add_entry(
            session, actor=as_actor(alice), client_id=alice.id, domain_key="social", column="x", text="x"
        )
    assert session.exec(select(StrengthEntry)).all() == []


def test_a_peer_shown_strengths_alone_learns_nothing_of_goals(session, agency, alice):
    from strengthsapp.domain.vocabulary import Role
    from strengthsapp.services.plan import edit_goal
    from tests.factories import make_grant, make_password_user
    from tests.services.conftest import PASSWORD

    priority = add_priority(session, actor=as_actor(alice), client_id=alice.id, text="A job")
    goal = priority_to_goal(session, actor=as_actor(alice), priority_id=priority.id)
    edit_goal(session, actor=as_actor(alice), goal_id=goal.id, version=goal.version, text="SECRET GOAL WORDS")
    sid = make_password_user(session, agency=agency, role=Role.PEER, name="Sid", password=PASSWORD)
    make_grant(session, client=alice, grantee=sid, scopes=("view",), sections=("strengths",))
    [shown] = get_assessment(session, actor=as_actor(sid), client_id=alice.id).priorities
    assert shown.became_goal and shown.goal_text == ""
    assert "SECRET" not in repr(get_assessment(session, actor=as_actor(sid), client_id=alice.id))
