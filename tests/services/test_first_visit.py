"""The first visit in the 4-E order: the client's own, written at once; the case
manager's, one idea the client keeps with one tap."""

import pytest
from sqlmodel import select

from strengthsapp.db.models import Goal, GoalStrengthLink, Priority, Step, StrengthEntry
from strengthsapp.services.errors import InvalidInput, NotAllowed
from strengthsapp.services.first_visit import FirstVisit, start_together
from strengthsapp.services.suggestions import decide, pending_for
from tests.services.conftest import as_actor


def visit(**changes):
    fields = dict(want="A job with animals", domain_key="vocational", have_now="I am patient with dogs",
                  goal="Volunteer at the shelter", why="Dogs calm me", step="Call the shelter", who="me",
                  who_name="", worked_before="Walking my aunt's dog")  # fmt: skip
    return FirstVisit(**{**fields, **changes})


def test_on_the_clients_phone_it_is_her_plan_at_once(session, alice):
    assert start_together(session, actor=as_actor(alice), client_id=alice.id, visit=visit()) == "written"
    goal = session.exec(select(Goal)).one()
    assert (goal.text, goal.why, goal.domain_key) == (
        "Volunteer at the shelter",
        "Dogs calm me",
        "vocational",
    )
    assert [s.text for s in session.exec(select(Step))] == ["Call the shelter"]
    columns = {e.column: e.text for e in session.exec(select(StrengthEntry))}
    assert columns == {"want": "A job with animals", "have_now": "I am patient with dogs",
                       "worked_before": "Walking my aunt's dog"}  # fmt: skip
    assert len(session.exec(select(GoalStrengthLink)).all()) == 2
    assert session.exec(select(Priority)).one().goal_id == goal.id


def test_on_the_case_managers_tablet_nothing_enters_the_plan_until_she_keeps_it(session, alice, bob):
    assert start_together(session, actor=as_actor(bob), client_id=alice.id, visit=visit()) == "suggested"
    assert session.exec(select(Goal)).all() == [] and session.exec(select(StrengthEntry)).all() == []
    [idea] = pending_for(session, actor=as_actor(alice), client_id=alice.id)
    assert idea.text == "Volunteer at the shelter" and "First step: Call the shelter" in idea.detail
    decide(session, actor=as_actor(alice), suggestion_id=idea.id, accept=True, text="Help at the shelter")
    assert session.exec(select(Goal.text)).one() == "Help at the shelter"
    assert len(session.exec(select(StrengthEntry)).all()) == 3


@pytest.mark.parametrize("who", ["charlie", "dana", "ada", "olga"])
def test_nobody_else_starts_it(session, request, alice, bob, charlie, who):
    with pytest.raises(NotAllowed):
        start_together(
            session, actor=as_actor(request.getfixturevalue(who)), client_id=alice.id, visit=visit()
        )


def test_missing_words_are_named(session, alice):
    with pytest.raises(InvalidInput) as missing:
        start_together(session, actor=as_actor(alice), client_id=alice.id, visit=visit(step=" "))
    assert missing.value.field == "step"
    assert session.exec(select(Goal)).all() == []
