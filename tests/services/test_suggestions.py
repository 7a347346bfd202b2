import pytest
from sqlmodel import select

from strengthsapp.db.models import Goal, Step, Suggestion
from strengthsapp.db.types import utcnow
from strengthsapp.domain.vocabulary import GoalStatus, SuggestionKind
from strengthsapp.services.errors import InvalidInput, NotAllowed
from strengthsapp.services.suggestions import decide, ideas_waiting, pending_for, suggest
from tests.factories import make_goal, make_grant, make_password_user
from tests.services.conftest import PASSWORD, as_actor


@pytest.fixture
def goal(session, alice):
    return make_goal(session, client=alice, text="Work with animals")


@pytest.fixture
def sue(session, agency, alice):
    """A peer Alice allowed to suggest."""
    from strengthsapp.domain.vocabulary import Role

    sue = make_password_user(session, agency=agency, role=Role.PEER, name="Sue", password=PASSWORD)
    make_grant(session, client=alice, grantee=sue, scopes=("view", "suggest"), sections=("goals",))
    return sue


def test_a_suggestion_changes_nothing_until_the_client_says_yes(session, alice, bob, goal):
    suggest(session, actor=as_actor(bob), client_id=alice.id, kind=SuggestionKind.NEW_STEP,
            text="Ask Dee about dog walking", goal_id=goal.id)  # fmt: skip
    assert session.exec(select(Step)).all() == []
    [waiting] = pending_for(session, actor=as_actor(alice), client_id=alice.id)
    assert (waiting.by, waiting.text, waiting.goal_text) == (
        "Bob",
        "Ask Dee about dog walking",
        "Work with animals",
    )
    decide(session, actor=as_actor(alice), suggestion_id=waiting.id, accept=True)
    assert [s.text for s in session.exec(select(Step))] == ["Ask Dee about dog walking"]
    assert session.get(Suggestion, waiting.id).status == "accepted"
    assert pending_for(session, actor=as_actor(alice), client_id=alice.id) == []


def test_the_client_can_put_it_in_their_own_words(session, alice, bob):
    suggestion = suggest(session, actor=as_actor(bob), client_id=alice.id, kind=SuggestionKind.NEW_GOAL,
                         text="Improve employability")  # fmt: skip
    decide(session, actor=as_actor(alice), suggestion_id=suggestion.id, accept=True, text="Get a job I like")
    goal = session.exec(select(Goal)).one()
    assert (goal.text, goal.created_by_id) == ("Get a job I like", alice.id)
    assert suggestion.status == "edited"


def test_no_thanks_with_a_reason(session, alice, bob):
    suggestion = suggest(session, actor=as_actor(bob), client_id=alice.id, kind=SuggestionKind.NEW_GOAL,
                         text="Join a gym")  # fmt: skip
    decide(
        session, actor=as_actor(alice), suggestion_id=suggestion.id, accept=False, reason="I prefer walking"
    )
    assert (suggestion.status, suggestion.reason) == ("declined", "I prefer walking")
    assert session.exec(select(Goal)).all() == []
    with pytest.raises(InvalidInput, match="already decided"):
        decide(session, actor=as_actor(alice), suggestion_id=suggestion.id, accept=True)


def test_a_peer_with_suggest_may_suggest(session, alice, sue, goal):
    suggest(session, actor=as_actor(sue), client_id=alice.id, kind=SuggestionKind.NEW_STEP, text="Visit the farm",
            goal_id=goal.id)  # fmt: skip
    assert len(pending_for(session, actor=as_actor(alice), client_id=alice.id)) == 1


def test_no_one_else_may_suggest_or_decide(session, alice, bob, charlie, dana, ada, olga, goal):
    for person in (alice, charlie, dana, ada, olga):  # charlie may only cheer
        with pytest.raises(NotAllowed):
            suggest(
                session, actor=as_actor(person), client_id=alice.id, kind=SuggestionKind.NEW_GOAL, text="x"
            )
    suggestion = suggest(
        session, actor=as_actor(bob), client_id=alice.id, kind=SuggestionKind.NEW_GOAL, text="y"
    )
    for person in (bob, charlie, dana, ada, olga):
        with pytest.raises(NotAllowed):
            decide(session, actor=as_actor(person), suggestion_id=suggestion.id, accept=True)
        with pytest.raises(NotAllowed):
            pending_for(session, actor=as_actor(person), client_id=alice.id)
    assert session.exec(select(Goal)).all() == [goal]


def test_whoever_suggests_sees_their_own_ideas_while_they_wait_and_no_one_elses(
    session, agency, alice, bob, sue, charlie, dana, ada, olga, goal
):
    suggest(session, actor=as_actor(bob), client_id=alice.id, kind=SuggestionKind.NEW_STEP, text="Visit the farm",
            goal_id=goal.id)  # fmt: skip
    suggest(session, actor=as_actor(sue), client_id=alice.id, kind=SuggestionKind.NEW_GOAL, text="Sue's idea")
    [bobs] = ideas_waiting(session, actor=as_actor(bob), client_id=alice.id)
    assert (bobs.text, bobs.goal_text) == ("Visit the farm", "Work with animals")
    assert [i.text for i in ideas_waiting(session, actor=as_actor(sue), client_id=alice.id)] == ["Sue's idea"]
    # Charlie may only cheer; Dana is another case manager; Ada an admin; Olga elsewhere;
    # Vic sees the goals but may not suggest; Alice decides (pending_for), she doesn't suggest.
    from strengthsapp.db.models import CaseAssignment, Grant
    from strengthsapp.domain.vocabulary import Role

    vic = make_password_user(session, agency=agency, role=Role.PEER, name="Vic", password=PASSWORD)
    make_grant(session, client=alice, grantee=vic, scopes=("view",), sections=("goals",))
    for person in (charlie, dana, ada, olga, vic, alice):
        with pytest.raises(NotAllowed):
            ideas_waiting(session, actor=as_actor(person), client_id=alice.id)
    # Access that ends takes the list with it: Sue's grant revoked, Bob's assignment ended.
    grant = session.exec(select(Grant).where(Grant.grantee_id == sue.id)).one()
    grant.revoked_at = utcnow()
    assignment = session.exec(select(CaseAssignment).where(CaseAssignment.case_manager_id == bob.id)).one()
    assignment.until = utcnow()
    session.add_all([grant, assignment])
    session.flush()
    for person in (sue, bob):
        with pytest.raises(NotAllowed):
            ideas_waiting(session, actor=as_actor(person), client_id=alice.id)


def test_an_idea_decided_no_longer_waits(session, alice, bob, goal):
    idea = suggest(
        session, actor=as_actor(bob), client_id=alice.id, kind=SuggestionKind.NEW_GOAL, text="A dog"
    )
    assert [i.text for i in ideas_waiting(session, actor=as_actor(bob), client_id=alice.id)] == ["A dog"]
    decide(session, actor=as_actor(alice), suggestion_id=idea.id, accept=False)
    assert ideas_waiting(session, actor=as_actor(bob), client_id=alice.id) == []


def test_bad_input_is_refused_clearly(session, alice, bob, goal):
    with pytest.raises(InvalidInput):
        suggest(
            session,
            actor=as_actor(bob),
            client_id=alice.id,
            kind=SuggestionKind.NEW_STEP,
            text="x",
            goal_id=None,
        )
    with pytest.raises(InvalidInput):
        suggest(session, actor=as_actor(bob), client_id=alice.id, kind=SuggestionKind.NEW_GOAL, text="   ")
    with pytest.raises(InvalidInput):
        suggest(
            session, actor=as_actor(bob), client_id=alice.id, kind=SuggestionKind.NEW_GOAL, text="x" * 501
        )
    with pytest.raises(InvalidInput, match="goals being worked on"):
        suggest(session, actor=as_actor(bob), client_id=alice.id, kind=SuggestionKind.NUDGE, text="x")


def test_a_step_for_a_goal_set_aside_meanwhile_waits_with_a_clear_message(session, alice, bob, goal):
    suggestion = suggest(session, actor=as_actor(bob), client_id=alice.id, kind=SuggestionKind.NEW_STEP,
                         text="Call the shelter", goal_id=goal.id)  # fmt: skip
    goal.status = GoalStatus.SET_ASIDE.value
    with pytest.raises(InvalidInput, match="resting"):
        decide(session, actor=as_actor(alice), suggestion_id=suggestion.id, accept=True)
    assert session.exec(select(Step)).all() == []


def test_new_words_for_a_goal_wait_for_the_client_and_show_both_if_it_changed(session, alice, bob, goal):
    from strengthsapp.services.errors import Conflict
    from strengthsapp.services.plan import edit_goal

    made = suggest(session, actor=as_actor(bob), client_id=alice.id, kind=SuggestionKind.EDIT,
                   text="Volunteer at the dog shelter", goal_id=goal.id)  # fmt: skip
    assert session.get(Goal, goal.id).text == "Work with animals"
    edit_goal(session, actor=as_actor(alice), goal_id=goal.id, version=goal.version, text="Work with horses")
    [waiting] = pending_for(session, actor=as_actor(alice), client_id=alice.id)
    assert (waiting.kind, waiting.was, waiting.changed) == ("edit", "Work with horses", True)
    with pytest.raises(Conflict) as conflict:
        decide(session, actor=as_actor(alice), suggestion_id=made.id, accept=True)
    assert conflict.value.current == {"text": "Work with horses"}
    assert session.get(Goal, goal.id).text == "Work with horses"
    # Her other device changes it again before she says yes: she is shown the newest words first.
    edit_goal(
        session, actor=as_actor(alice), goal_id=goal.id, version=conflict.value.version, text="Ride horses"
    )
    with pytest.raises(Conflict) as again:
        decide(session, actor=as_actor(alice), suggestion_id=made.id, accept=True,
               seen_version=conflict.value.version)  # fmt: skip
    assert again.value.current == {"text": "Ride horses"}
    decide(
        session, actor=as_actor(alice), suggestion_id=made.id, accept=True, seen_version=again.value.version
    )
    assert session.get(Goal, goal.id).text == "Volunteer at the dog shelter"


def test_new_words_for_a_step_edited_then_accepted(session, alice, bob, goal):
    step = Step(goal_id=goal.id, text="Call", position=0)
    session.add(step)
    session.flush()
    made = suggest(session, actor=as_actor(bob), client_id=alice.id, kind=SuggestionKind.EDIT, text="Call Dee",
                   step_id=step.id)  # fmt: skip
    decide(session, actor=as_actor(alice), suggestion_id=made.id, accept=True, text="Call Dee on Friday")
    assert session.get(Step, step.id).text == "Call Dee on Friday"
    assert session.get(Suggestion, made.id).status == "edited"


def test_a_resource_idea_joins_people_and_places_only_when_accepted(session, alice, bob, sue):
    from strengthsapp.db.models import Resource

    made = suggest(session, actor=as_actor(sue), client_id=alice.id, kind=SuggestionKind.RESOURCE,
                   text="Tuesday walking group", resource={"kind": "service", "support": "natural",
                                                           "how_to_reach": "Meet at the park gate, 10am"})  # fmt: skip
    assert session.exec(select(Resource)).all() == []
    [waiting] = pending_for(session, actor=as_actor(alice), client_id=alice.id)
    assert waiting.detail == "In my everyday life · Meet at the park gate, 10am"
    decide(session, actor=as_actor(alice), suggestion_id=made.id, accept=True)
    [added] = session.exec(select(Resource)).all()
    assert (added.name, added.support, added.client_id) == ("Tuesday walking group", "natural", alice.id)
    with pytest.raises(InvalidInput):
        suggest(session, actor=as_actor(bob), client_id=alice.id, kind=SuggestionKind.RESOURCE, text="x",
                resource={"kind": "spaceship", "support": "natural"})  # fmt: skip


def test_an_edit_idea_must_name_a_goal_or_step_of_this_client(session, agency, alice, bob, goal):
    other = make_goal(
        session, client=make_password_user(session, agency=agency, name="Zed", password=PASSWORD)
    )
    with pytest.raises(InvalidInput):
        suggest(session, actor=as_actor(bob), client_id=alice.id, kind=SuggestionKind.EDIT, text="x",
                goal_id=other.id)  # fmt: skip


def test_declining_can_say_why(session, alice, bob, goal):
    made = suggest(session, actor=as_actor(bob), client_id=alice.id, kind=SuggestionKind.NEW_GOAL, text="Run")
    decide(session, actor=as_actor(alice), suggestion_id=made.id, accept=False, reason="My knees, not now")
    assert (session.get(Suggestion, made.id).status, session.get(Suggestion, made.id).reason) == (
        "declined",
        "My knees, not now",
    )


def test_a_nudge_idea_becomes_her_nudge_only_when_she_keeps_it(session, alice, bob, goal):
    from strengthsapp.db.models import NudgePlan

    made = suggest(session, actor=as_actor(bob), client_id=alice.id, kind=SuggestionKind.NUDGE,
                   text="Time for the shelter?", goal_id=goal.id, nudge={"days": [0, 2], "at": "10:00"})  # fmt: skip
    assert session.exec(select(NudgePlan)).all() == []
    [idea] = pending_for(session, actor=as_actor(alice), client_id=alice.id)
    assert (idea.kind, idea.goal_text, idea.detail) == ("nudge", "Work with animals", "Mon, Wed at 10:00")
    decide(session, actor=as_actor(alice), suggestion_id=made.id, accept=True, text="Shelter time, me!")
    [plan] = session.exec(select(NudgePlan)).all()
    assert (plan.message, plan.days, plan.timezone, plan.goal_id) == (
        "Shelter time, me!",
        [0, 2],
        "UTC",
        goal.id,
    )
    with pytest.raises(InvalidInput):
        suggest(session, actor=as_actor(bob), client_id=alice.id, kind=SuggestionKind.NUDGE, text="x",
                goal_id=goal.id, nudge={"days": [], "at": "10:00"})  # fmt: skip
