"""The Personal Recovery Plan: only the client writes it; edits never overwrite silently."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from strengthsapp.db.models import AuditEvent, CheckIn, Goal, Step, StepStrengthLink, StrengthEntry
from strengthsapp.db.types import utcnow
from strengthsapp.domain.vocabulary import GoalStatus
from strengthsapp.services.errors import Conflict, InvalidInput, NotAllowed, NotFound
from strengthsapp.services.plan import (
    add_goal,
    add_step,
    edit_goal,
    edit_step,
    get_plan,
    move_goal,
    move_step,
    remove_step,
    set_link,
)
from strengthsapp.services.progress import check_in, mark_step_done, record_win, set_goal_status
from strengthsapp.services.resources import add_resource
from strengthsapp.services.strengths import add_entry
from tests.factories import make_goal, make_grant, make_password_user, make_step
from tests.services.conftest import PASSWORD, as_actor

TOMORROW = date.today() + timedelta(days=1)


def test_the_client_writes_a_goal_in_her_own_words(session, alice):
    goal = add_goal(session, actor=as_actor(alice), client_id=alice.id, text="  Get a   dog  ",
                    why="Company on my walks", domain_key="leisure", target_date=TOMORROW)  # fmt: skip
    plan = get_plan(session, actor=as_actor(alice), client_id=alice.id)
    [shown] = plan.goals
    assert (shown.id, shown.text, shown.why, shown.domain_label) == (goal.id, "Get a dog", "Company on my walks",
                                                                      "Fun and free time")  # fmt: skip
    assert shown.target_date == TOMORROW.isoformat() and shown.when == "Tomorrow" and plan.edits


@pytest.mark.parametrize("who", ["bob", "charlie", "dana", "ada", "olga"])
def test_nobody_else_writes_the_plan_and_the_refusal_is_audited(session, request, alice, bob, charlie, who):
    other = request.getfixturevalue(who)
    goal = make_goal(session, client=alice)
    step = make_step(session, goal=goal)
    attempts = [
        lambda: add_goal(session, actor=as_actor(other), client_id=alice.id, text="Theirs"),
        lambda: edit_goal(
            session, actor=as_actor(other), goal_id=goal.id, version=goal.version, text="Theirs"
        ),
        lambda: move_goal(session, actor=as_actor(other), goal_id=goal.id, offset=1),
        lambda: add_step(session, actor=as_actor(other), goal_id=goal.id, text="Theirs"),
        lambda: edit_step(
            session, actor=as_actor(other), step_id=step.id, version=step.version, text="Theirs"
        ),
        lambda: move_step(session, actor=as_actor(other), step_id=step.id, offset=1),
        lambda: remove_step(session, actor=as_actor(other), step_id=step.id),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed):
            attempt()
    assert session.get(Goal, goal.id).text == "Get a job working with animals"
    assert session.get(Step, step.id) is not None
    denied = session.exec(select(AuditEvent).where(AuditEvent.allowed == False)).all()  # noqa: E712
    assert len(denied) == len(attempts)


def test_a_second_save_from_an_old_version_gets_the_new_words_not_an_overwrite(session, alice):
    goal = add_goal(session, actor=as_actor(alice), client_id=alice.id, text="Find a flat")
    seen = goal.version
    edit_goal(
        session, actor=as_actor(alice), goal_id=goal.id, version=seen, text="Find a flat near my sister"
    )
    with pytest.raises(Conflict) as conflict:
        edit_goal(
            session, actor=as_actor(alice), goal_id=goal.id, version=seen, text="Find a flat with a garden"
        )
    assert conflict.value.current["text"] == "Find a flat near my sister"
    assert session.get(Goal, goal.id).text == "Find a flat near my sister"
    # Choosing to keep her own words: she saves again from the version she was shown.
    edit_goal(session, actor=as_actor(alice), goal_id=goal.id, version=conflict.value.version,
              text="Find a flat with a garden")  # fmt: skip
    assert session.get(Goal, goal.id).text == "Find a flat with a garden"


def test_marking_done_or_resting_a_goal_is_not_an_edit_of_the_words(session, alice, bob):
    goal = make_goal(session, client=alice)
    step = make_step(session, goal=goal)
    mark_step_done(session, actor=as_actor(bob), step_id=step.id)
    edit_step(session, actor=as_actor(alice), step_id=step.id, version=1, text="Call the shelter on Monday")
    set_goal_status(session, actor=as_actor(alice), goal_id=goal.id, status=GoalStatus.PAUSED)
    edit_goal(session, actor=as_actor(alice), goal_id=goal.id, version=1, text="Work with dogs")
    assert session.get(Goal, goal.id).version == 2


def test_step_conflict_and_who_does_it(session, alice):
    goal = make_goal(session, client=alice)
    step = add_step(session, actor=as_actor(alice), goal_id=goal.id, text="Ask Dee", who="someone_else",
                    who_name="Dee")  # fmt: skip
    assert (step.who, step.who_name) == ("someone_else", "Dee")
    edit_step(session, actor=as_actor(alice), step_id=step.id, version=1, text="Ask Dee about Saturday",
              who="someone_else", who_name="Dee")  # fmt: skip
    with pytest.raises(Conflict) as conflict:
        edit_step(session, actor=as_actor(alice), step_id=step.id, version=1, text="Ask Dee tomorrow")
    assert conflict.value.current["text"] == "Ask Dee about Saturday"
    with pytest.raises(InvalidInput, match="name"):
        add_step(session, actor=as_actor(alice), goal_id=goal.id, text="Ask", who="someone_else")
    with pytest.raises(InvalidInput, match="who"):
        add_step(session, actor=as_actor(alice), goal_id=goal.id, text="Ask", who="the mayor")
    [shown] = get_plan(session, actor=as_actor(alice), client_id=alice.id).goals[0].steps
    assert (shown.who_words, shown.version) == ("Dee", 2)


def test_her_case_manager_reads_me_as_her_name_and_my_case_manager_as_you(session, alice, bob):
    goal = make_goal(session, client=alice)
    add_step(session, actor=as_actor(alice), goal_id=goal.id, text="Call", who="me")
    add_step(session, actor=as_actor(alice), goal_id=goal.id, text="Visit", who="case_manager")
    mine = [s.who_words for s in get_plan(session, actor=as_actor(alice), client_id=alice.id).goals[0].steps]
    his = [s.who_words for s in get_plan(session, actor=as_actor(bob), client_id=alice.id).goals[0].steps]
    assert (mine, his) == (["Me", "My case manager"], ["Alice", "You"])


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "a few words"), ("   ", "a few words"), ("x" * 10_000, "under 500 characters \\(this is 10000\\)")],
)
def test_empty_or_huge_goals_get_a_clear_message_and_nothing_is_saved(session, alice, text, message):
    with pytest.raises(InvalidInput, match=message):
        add_goal(session, actor=as_actor(alice), client_id=alice.id, text=text)
    assert session.exec(select(Goal)).all() == []


def test_markup_emoji_and_right_to_left_words_are_kept_as_written(session, alice):
    for text in [
        "<script>alert(1)</script> <b>bold</b>",
        "Walk the dog 🐕‍🦺 every day",
        "أريد أن أتعلم الطبخ",
    ]:
        add_goal(session, actor=as_actor(alice), client_id=alice.id, text=text)
    assert [g.text for g in get_plan(session, actor=as_actor(alice), client_id=alice.id).goals] == [
        "<script>alert(1)</script> <b>bold</b>",
        "Walk the dog 🐕‍🦺 every day",
        "أريد أن أتعلم الطبخ",
    ]


def test_a_date_that_has_passed_is_refused_kindly_but_an_old_one_may_stay(session, alice):
    yesterday = date.today() - timedelta(days=2)
    with pytest.raises(InvalidInput, match="has passed"):
        add_goal(session, actor=as_actor(alice), client_id=alice.id, text="Swim", target_date=yesterday)
    goal = make_goal(session, client=alice)
    goal.target_date = yesterday
    session.add(goal)
    edit_goal(session, actor=as_actor(alice), goal_id=goal.id, version=1, text="Swim in the sea",
              target_date=yesterday)  # fmt: skip
    assert session.get(Goal, goal.id).text == "Swim in the sea"


def test_a_step_on_a_goal_set_aside_meanwhile_gets_a_clear_message(session, alice):
    goal = make_goal(session, client=alice)
    set_goal_status(session, actor=as_actor(alice), goal_id=goal.id, status=GoalStatus.SET_ASIDE)
    with pytest.raises(InvalidInput, match="set aside"):
        add_step(session, actor=as_actor(alice), goal_id=goal.id, text="Call the shelter")
    plan = get_plan(session, actor=as_actor(alice), client_id=alice.id)
    assert [g.text for g in plan.set_aside] == [goal.text] and plan.goals == []


def test_goals_and_steps_move_with_buttons(session, alice):
    goals = [make_goal(session, client=alice, text=t, position=0) for t in ("A", "B", "C")]  # ties on purpose
    move_goal(session, actor=as_actor(alice), goal_id=goals[2].id, offset=-1)
    assert [g.text for g in get_plan(session, actor=as_actor(alice), client_id=alice.id).goals] == [
        "A",
        "C",
        "B",
    ]
    move_goal(session, actor=as_actor(alice), goal_id=goals[0].id, offset=-1)  # already first: nothing
    assert [g.text for g in get_plan(session, actor=as_actor(alice), client_id=alice.id).goals] == [
        "A",
        "C",
        "B",
    ]
    steps = [add_step(session, actor=as_actor(alice), goal_id=goals[0].id, text=t) for t in ("one", "two")]
    move_step(session, actor=as_actor(alice), step_id=steps[0].id, offset=1)
    [first, *_] = get_plan(session, actor=as_actor(alice), client_id=alice.id).goals
    assert [s.text for s in first.steps] == ["two", "one"]
    with pytest.raises(InvalidInput):
        move_step(session, actor=as_actor(alice), step_id=steps[0].id, offset=5)


def test_removing_a_step_keeps_what_was_said_about_it(session, alice):
    goal = make_goal(session, client=alice)
    step = make_step(session, goal=goal)
    check_in(session, actor=as_actor(alice), step_id=step.id, text="Went fine")
    remove_step(session, actor=as_actor(alice), step_id=step.id)
    [kept] = session.exec(select(CheckIn)).all()
    assert (kept.goal_id, kept.step_id, kept.text) == (goal.id, None, "Went fine")


def test_strengths_and_resources_link_to_goals_and_steps_of_the_same_board_only(session, agency, alice):
    goal = make_goal(session, client=alice)
    step = make_step(session, goal=goal)
    strength = add_entry(session, actor=as_actor(alice), client_id=alice.id, domain_key="social",
                         column="have_now", text="My sister Jo")  # fmt: skip
    place = add_resource(session, actor=as_actor(alice), client_id=alice.id, name="Dog shelter",
                         kind="place", support="natural")  # fmt: skip
    set_link(session, actor=as_actor(alice), what="strength", what_id=strength.id, to="goal", to_id=goal.id,
             linked=True)  # fmt: skip
    set_link(session, actor=as_actor(alice), what="strength", what_id=strength.id, to="step", to_id=step.id,
             linked=True)  # fmt: skip
    set_link(session, actor=as_actor(alice), what="resource", what_id=place.id, to="step", to_id=step.id,
             linked=True)  # fmt: skip
    [shown] = get_plan(session, actor=as_actor(alice), client_id=alice.id).goals
    assert [s.text for s in shown.strengths] == ["My sister Jo"]
    assert [s.text for s in shown.steps[0].strengths] == ["My sister Jo"]
    assert [r.text for r in shown.steps[0].resources] == ["Dog shelter"]
    set_link(session, actor=as_actor(alice), what="strength", what_id=strength.id, to="step", to_id=step.id,
             linked=False)  # fmt: skip
    assert session.exec(select(StepStrengthLink)).all() == []
    # Someone else's strength can't be linked onto Alice's goal.
    zoe = make_password_user(session, agency=agency, name="Zoe", password=PASSWORD)
    hers = add_entry(session, actor=as_actor(zoe), client_id=zoe.id, domain_key="social", column="want",
                     text="Zoe's")  # fmt: skip
    with pytest.raises(NotAllowed):
        set_link(session, actor=as_actor(alice), what="strength", what_id=hers.id, to="goal", to_id=goal.id,
                 linked=True)  # fmt: skip
    with pytest.raises(NotAllowed):
        set_link(session, actor=as_actor(zoe), what="strength", what_id=hers.id, to="goal", to_id=goal.id,
                 linked=True)  # fmt: skip
    assert session.exec(select(StrengthEntry).where(StrengthEntry.client_id == zoe.id)).one()


def test_the_timeline_of_a_goal_shows_what_was_done_and_by_whom(session, alice, bob):
    goal = make_goal(session, client=alice)
    step = make_step(session, goal=goal, text="Visit the shelter")
    mark_step_done(session, actor=as_actor(bob), step_id=step.id)
    check_in(session, actor=as_actor(alice), goal_id=goal.id, text="Loved it", feeling="proud")
    record_win(session, actor=as_actor(alice), client_id=alice.id, text="Walked Rex", goal_id=goal.id)
    plan = get_plan(session, actor=as_actor(alice), client_id=alice.id, open_goal_id=goal.id)
    timeline = plan.goals[0].timeline
    assert {(t.kind, t.text, t.by) for t in timeline} == {
        ("step_done", "Visit the shelter", "Bob"),
        ("check_in", "Loved it (proud)", ""),
        ("win", "Walked Rex", ""),
    }
    assert all(t.when == "Today" for t in timeline)
    assert get_plan(session, actor=as_actor(alice), client_id=alice.id).goals[0].timeline == []


def test_a_peer_sees_the_plan_only_with_goals_granted_and_never_unshared_strengths(
    session, agency, alice, charlie
):
    goal = make_goal(session, client=alice)
    add_entry(
        session, actor=as_actor(alice), client_id=alice.id, domain_key="social", column="have_now", text="Jo"
    )
    with pytest.raises(NotAllowed):  # charlie was shown wins only
        get_plan(session, actor=as_actor(charlie), client_id=alice.id)
    from strengthsapp.domain.vocabulary import Role

    pat = make_password_user(session, agency=agency, role=Role.PEER, name="Pat", password=PASSWORD)
    make_grant(session, client=alice, grantee=pat, scopes=("view",), sections=("goals",))
    plan = get_plan(session, actor=as_actor(pat), client_id=alice.id)
    assert [g.id for g in plan.goals] == [goal.id] and plan.strengths == [] and not plan.edits


def test_achieved_goals_keep_the_strengths_used(session, alice):
    goal = make_goal(session, client=alice)
    strength = add_entry(session, actor=as_actor(alice), client_id=alice.id, domain_key="social",
                         column="worked_before", text="Asking Jo for help")  # fmt: skip
    set_link(session, actor=as_actor(alice), what="strength", what_id=strength.id, to="goal", to_id=goal.id,
             linked=True)  # fmt: skip
    set_goal_status(session, actor=as_actor(alice), goal_id=goal.id, status=GoalStatus.ACHIEVED, now=utcnow())
    [done] = get_plan(session, actor=as_actor(alice), client_id=alice.id).achieved
    assert [s.text for s in done.strengths] == ["Asking Jo for help"] and done.achieved_when == "Today"


def test_hostile_ids_find_nothing(session, alice):
    for bad in [None, "1", 10**30, True, {"id": 1}]:
        with pytest.raises(NotFound):
            edit_goal(session, actor=as_actor(alice), goal_id=bad, version=1, text="x")
        with pytest.raises(NotFound):
            move_step(session, actor=as_actor(alice), step_id=bad, offset=1)


def test_a_check_in_written_during_a_visit_can_be_taken_back_by_the_client(
    session, alice, bob, charlie, dana
):
    from strengthsapp.services.progress import remove_check_in

    goal = make_goal(session, client=alice)
    check_in(session, actor=as_actor(bob), goal_id=goal.id, text="Talked it through at the café")
    check_in(session, actor=as_actor(bob), goal_id=goal.id, text="Second visit")
    [newest, older] = (
        get_plan(session, actor=as_actor(alice), client_id=alice.id, open_goal_id=goal.id).goals[0].timeline
    )
    assert (older.by, older.removable) == ("Bob", True)
    for stranger in (charlie, dana):
        with pytest.raises(NotAllowed):
            remove_check_in(session, actor=as_actor(stranger), check_in_id=older.id)
    remove_check_in(session, actor=as_actor(alice), check_in_id=older.id)
    remove_check_in(session, actor=as_actor(bob), check_in_id=newest.id)  # his own
    assert session.exec(select(CheckIn)).all() == []


def test_a_peer_shown_goals_alone_sees_no_wins_in_a_goals_story(session, agency, alice, bob):
    from strengthsapp.domain.vocabulary import Role

    goal = make_goal(session, client=alice)
    record_win(session, actor=as_actor(bob), client_id=alice.id, text="SECRET WIN", goal_id=goal.id)
    check_in(session, actor=as_actor(alice), goal_id=goal.id, text="Going well")
    pat = make_password_user(session, agency=agency, role=Role.PEER, name="Pat", password=PASSWORD)
    make_grant(session, client=alice, grantee=pat, scopes=("view",), sections=("goals",))
    timeline = (
        get_plan(session, actor=as_actor(pat), client_id=alice.id, open_goal_id=goal.id).goals[0].timeline
    )
    assert [t.text for t in timeline] == ["Going well"]


def test_why_it_matters_keeps_its_line_breaks(session, alice):
    goal = add_goal(session, actor=as_actor(alice), client_id=alice.id, text="Swim",
                    why="  For my  back\n\n\n\nand for  fun  ")  # fmt: skip
    assert goal.why == "For my back\n\nand for fun"
