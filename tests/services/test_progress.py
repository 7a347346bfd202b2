from datetime import timedelta

import pytest
from sqlmodel import select

from strengthsapp.db.models import AuditEvent, Cheer, Goal, Win
from strengthsapp.db.types import utcnow
from strengthsapp.domain.vocabulary import GoalStatus
from strengthsapp.services.errors import InvalidInput, NotAllowed, NotFound
from strengthsapp.services.progress import mark_step_done, record_win, remove_win, undo_step_done
from strengthsapp.services.today import get_today
from tests.factories import make_cheer, make_goal, make_step
from tests.services.conftest import as_actor


@pytest.fixture
def step(session, alice):
    return make_step(session, goal=make_goal(session, client=alice), text="Call the shelter")


def test_the_client_marks_a_step_done_it_stays_in_its_place_done_then_leaves_today(session, alice, step):
    mark_step_done(session, actor=as_actor(alice), step_id=step.id)
    today = get_today(session, actor=as_actor(alice), client_id=alice.id)
    # Where it was, shown done, with Undo: the list doesn't move under her finger.
    assert [(s.text, s.done, s.undoable) for s in today.next_steps] == [("Call the shelter", True, True)]
    later = get_today(
        session, actor=as_actor(alice), client_id=alice.id, now=utcnow() + timedelta(hours=1, minutes=1)
    )
    assert later.next_steps == []
    assert today.week_summary == "You did 1 step this week."
    assert (step.done_by_id, step.version) == (alice.id, 1)  # done is not an edit of the words


def test_marking_twice_counts_once(session, alice, step):
    mark_step_done(session, actor=as_actor(alice), step_id=step.id)
    first = step.done_at
    mark_step_done(session, actor=as_actor(alice), step_id=step.id, now=utcnow() + timedelta(hours=1))
    assert step.done_at == first and step.version == 1


def test_the_case_manager_marks_it_as_theirs_and_the_client_can_undo_it(session, alice, bob, step):
    mark_step_done(session, actor=as_actor(bob), step_id=step.id)
    assert step.done_by_id == bob.id
    undo_step_done(session, actor=as_actor(alice), step_id=step.id)
    assert step.done_at is None and step.done_by_id is None


def test_the_case_manager_cannot_undo_what_the_client_did(session, alice, bob, step):
    mark_step_done(session, actor=as_actor(alice), step_id=step.id)
    with pytest.raises(NotAllowed):
        undo_step_done(session, actor=as_actor(bob), step_id=step.id)
    assert step.done_at is not None


def test_peers_and_others_cannot_mark_progress(session, alice, charlie, dana, ada, olga, step):
    for person in (charlie, dana, ada, olga):
        with pytest.raises(NotAllowed):
            mark_step_done(session, actor=as_actor(person), step_id=step.id)
    assert step.done_at is None


def test_a_step_of_a_goal_set_aside_waits_with_a_kind_message(session, alice, step):
    goal = session.get(Goal, step.goal_id)
    goal.status = GoalStatus.SET_ASIDE.value
    with pytest.raises(InvalidInput, match="resting"):
        mark_step_done(session, actor=as_actor(alice), step_id=step.id)


@pytest.mark.parametrize("bad", [987654, -1, "1", None, True])
def test_unknown_or_hostile_step_ids_are_not_found(session, alice, bad):
    with pytest.raises(NotFound):
        mark_step_done(session, actor=as_actor(alice), step_id=bad)


def test_wins_keep_the_words_given_shown_as_text(session, alice, bob):
    words = "<script>alert('x')</script> 🎉 قمت بذلك"
    win = record_win(session, actor=as_actor(bob), client_id=alice.id, text=f"  {words}  ")
    assert win.text == words and win.recorded_by_id == bob.id
    assert get_today(session, actor=as_actor(alice), client_id=alice.id).wins[0].text == words


@pytest.mark.parametrize("text", ["", "   ", "x" * 501])
def test_an_empty_or_huge_win_is_refused_clearly_and_nothing_is_saved(session, alice, text):
    with pytest.raises(InvalidInput) as error:
        record_win(session, actor=as_actor(alice), client_id=alice.id, text=text)
    assert error.value.field == "win"
    assert session.exec(select(Win)).all() == []


def test_the_client_removes_a_win_the_case_manager_recorded_with_its_cheers(session, alice, bob, charlie):
    win = record_win(session, actor=as_actor(bob), client_id=alice.id, text="Went to the interview")
    make_cheer(session, win=win, by=charlie)
    remove_win(session, actor=as_actor(alice), win_id=win.id)
    assert session.exec(select(Win)).all() == [] and session.exec(select(Cheer)).all() == []


def test_a_case_manager_cannot_remove_the_clients_own_win(session, alice, bob):
    win = record_win(session, actor=as_actor(alice), client_id=alice.id, text="Cooked for Dee")
    with pytest.raises(NotAllowed):
        remove_win(session, actor=as_actor(bob), win_id=win.id)


def test_progress_is_in_the_audit(session, alice, bob, step):
    mark_step_done(session, actor=as_actor(bob), step_id=step.id)
    actions = [e.action for e in session.exec(select(AuditEvent).where(AuditEvent.actor_id == bob.id))]
    assert "step.done" in actions


def test_peers_and_others_cannot_record_or_remove_wins(session, alice, charlie, dana, ada, olga):
    for person in (charlie, dana, ada, olga):
        with pytest.raises(NotAllowed):
            record_win(session, actor=as_actor(person), client_id=alice.id, text="Not mine to record")
    win = record_win(session, actor=as_actor(alice), client_id=alice.id, text="Mine")
    for person in (charlie, dana, ada, olga):
        with pytest.raises(NotAllowed):
            remove_win(session, actor=as_actor(person), win_id=win.id)
    assert [w.text for w in session.exec(select(Win))] == ["Mine"]


def test_the_case_manager_and_a_peer_with_cheer_cheer_a_win_once_each(session, alice, bob, charlie):
    from strengthsapp.services.progress import cheer

    win = record_win(session, actor=as_actor(alice), client_id=alice.id, text="Called Mia")
    cheer(session, actor=as_actor(bob), win_id=win.id, text="🎉")
    cheer(session, actor=as_actor(charlie), win_id=win.id, text="👏")
    cheer(session, actor=as_actor(charlie), win_id=win.id, text="So proud!")
    [shown] = get_today(session, actor=as_actor(alice), client_id=alice.id).wins
    assert sorted((c.by, c.text) for c in shown.cheers) == [("Bob", "🎉"), ("Charlie", "So proud!")]


def test_others_cannot_cheer_and_cheers_are_short(session, alice, bob, dana, ada, olga):
    from strengthsapp.services.progress import cheer

    win = record_win(session, actor=as_actor(alice), client_id=alice.id, text="Called Mia")
    for person in (alice, dana, ada, olga):
        with pytest.raises(NotAllowed):
            cheer(session, actor=as_actor(person), win_id=win.id, text="🎉")
    for bad in ("", "x" * 81):
        with pytest.raises(InvalidInput):
            cheer(session, actor=as_actor(bob), win_id=win.id, text=bad)
    assert session.exec(select(Cheer)).all() == []


def test_the_client_celebrates_a_goal_and_it_moves_to_i_did_it(session, alice):
    from strengthsapp.services.progress import set_goal_status

    goal = make_goal(session, client=alice, text="Walk to the park every day")
    set_goal_status(session, actor=as_actor(alice), goal_id=goal.id, status=GoalStatus.ACHIEVED)
    today = get_today(session, actor=as_actor(alice), client_id=alice.id)
    assert today.goals == [] and [(a.text, a.when) for a in today.achieved] == [
        ("Walk to the park every day", "Today")
    ]
    assert goal.achieved_at is not None and goal.version == 1


def test_pausing_costs_nothing_and_resuming_brings_the_steps_back(session, alice):
    from strengthsapp.services.progress import set_goal_status

    goal = make_goal(session, client=alice, text="Save for a deposit")
    make_step(session, goal=goal, text="Open a savings pot")
    set_goal_status(session, actor=as_actor(alice), goal_id=goal.id, status=GoalStatus.PAUSED)
    today = get_today(session, actor=as_actor(alice), client_id=alice.id)
    assert today.next_steps == [] and [g.text for g in today.resting] == ["Save for a deposit"]
    set_goal_status(session, actor=as_actor(alice), goal_id=goal.id, status=GoalStatus.ACTIVE)
    assert [s.text for s in get_today(session, actor=as_actor(alice), client_id=alice.id).next_steps] == [
        "Open a savings pot"
    ]


def test_only_the_client_moves_their_goals(session, alice, bob, charlie, dana, ada, olga):
    from strengthsapp.services.progress import set_goal_status

    goal = make_goal(session, client=alice)
    for person in (bob, charlie, dana, ada, olga):
        with pytest.raises(NotAllowed):
            set_goal_status(session, actor=as_actor(person), goal_id=goal.id, status=GoalStatus.ACHIEVED)
    assert goal.status == "active"


def test_a_check_in_keeps_the_words_and_shows_on_the_goal(session, alice, bob):
    from strengthsapp.services.progress import check_in

    goal = make_goal(session, client=alice, text="Reconnect with Mia")
    check_in(session, actor=as_actor(alice), goal_id=goal.id, text="Nervous, but I wrote the card", feeling="hopeful",
             now=utcnow() - timedelta(days=2))  # fmt: skip
    check_in(session, actor=as_actor(bob), goal_id=goal.id, text="We posted it together")
    [shown] = get_today(session, actor=as_actor(alice), client_id=alice.id).goals
    assert (shown.last_check_in, shown.last_check_in_feeling, shown.last_check_in_when) == (
        "We posted it together",
        "",
        "Today",
    )
    check_in(session, actor=as_actor(alice), goal_id=goal.id, text="Mia wrote back", feeling="proud")
    [shown] = get_today(session, actor=as_actor(alice), client_id=alice.id).goals
    # The feeling she chose is shown beside her words, not as if she had written it.
    assert (shown.last_check_in, shown.last_check_in_feeling) == ("Mia wrote back", "proud")
    from strengthsapp.db.models import CheckIn

    visit = session.exec(select(CheckIn).where(CheckIn.recorded_by_id == bob.id)).one()
    assert visit.during_visit is True


def test_check_ins_are_refused_to_others_and_bad_input_is_named(session, alice, charlie, dana):
    from strengthsapp.services.progress import check_in

    goal = make_goal(session, client=alice)
    for person in (charlie, dana):
        with pytest.raises(NotAllowed):
            check_in(session, actor=as_actor(person), goal_id=goal.id, text="hi")
    for text, feeling, field in (
        ("  ", "", "check_in"),
        ("x" * 501, "", "check_in"),
        ("ok", "furious", "feeling"),
    ):
        with pytest.raises(InvalidInput) as error:
            check_in(session, actor=as_actor(alice), goal_id=goal.id, text=text, feeling=feeling)
        assert error.value.field == field
