from datetime import UTC, date, datetime, timedelta

import pytest

from strengthsapp.domain.vocabulary import GoalStatus, Role, StepWho
from strengthsapp.services.boards import actor_for
from strengthsapp.services.errors import NotAllowed
from strengthsapp.services.today import get_today
from tests.factories import make_agency, make_cheer, make_goal, make_step, make_user, make_win
from tests.queries import count_queries

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)  # a Wednesday morning
TODAY = NOW.date()


@pytest.fixture
def agency(session):
    return make_agency(session)


@pytest.fixture
def alice(session, agency):
    return make_user(session, agency=agency, name="Alice")


@pytest.fixture
def bob(session, agency):
    return make_user(session, agency=agency, role=Role.CASE_MANAGER, name="Bob")


def test_it_greets_the_client_in_their_own_timezone(session, agency):
    night_owl = make_user(session, agency=agency, name="Kai", timezone="Pacific/Auckland")
    # 09:30 UTC is 22:30 in Auckland.
    assert (
        get_today(session, actor=actor_for(night_owl), client_id=night_owl.id, now=NOW).greeting
        == "Good evening, Kai"
    )


def test_it_lists_open_steps_of_active_goals_only(session, alice):
    active = make_goal(session, client=alice, text="Work with animals")
    paused = make_goal(session, client=alice, text="Save money", status=GoalStatus.PAUSED, position=1)
    achieved = make_goal(session, client=alice, text="Walk daily", status=GoalStatus.ACHIEVED, position=2)
    make_step(session, goal=active, text="Call the shelter")
    make_step(session, goal=active, text="Already done", position=1, done_at=NOW - timedelta(days=1))
    make_step(session, goal=paused, text="Open a savings pot")
    make_step(session, goal=achieved, text="Find a route")

    today = get_today(session, actor=actor_for(alice), client_id=alice.id, now=NOW)

    assert [s.text for s in today.next_steps] == ["Call the shelter"]
    assert [g.text for g in today.goals] == ["Work with animals"]
    assert (today.goals[0].steps_done, today.goals[0].steps_total) == (1, 2)


def test_steps_due_soon_come_first_and_read_kindly(session, alice):
    goal = make_goal(session, client=alice)
    make_step(session, goal=goal, text="No date", position=0)
    make_step(session, goal=goal, text="Friday", position=1, target_date=date(2026, 11, 27))
    make_step(session, goal=goal, text="Last week", position=2, target_date=date(2026, 11, 18))

    steps = get_today(session, actor=actor_for(alice), client_id=alice.id, now=NOW).next_steps

    assert [(s.text, s.when) for s in steps] == [
        ("Last week", "Any time now"),
        ("Friday", "By Friday"),
        ("No date", ""),
    ]


def test_it_says_who_does_each_step(session, alice):
    goal = make_goal(session, client=alice)
    make_step(session, goal=goal, text="a", who=StepWho.ME)
    make_step(session, goal=goal, text="b", who=StepWho.CASE_MANAGER, position=1)
    make_step(session, goal=goal, text="c", who=StepWho.SOMEONE_ELSE, who_name="Aunt Rose", position=2)

    whos = [s.who for s in get_today(session, actor=actor_for(alice), client_id=alice.id, now=NOW).next_steps]

    assert whos == ["Me", "With my case manager", "With Aunt Rose"]


def test_her_case_manager_reads_who_does_each_step_as_himself_and_her(session, agency, alice):
    from tests.factories import make_assignment

    bob = make_user(session, agency=agency, role=Role.CASE_MANAGER, name="Bob")
    make_assignment(session, client=alice, case_manager=bob)
    goal = make_goal(session, client=alice)
    make_step(session, goal=goal, text="a", who=StepWho.ME)
    make_step(session, goal=goal, text="b", who=StepWho.CASE_MANAGER, position=1)
    make_step(session, goal=goal, text="c", who=StepWho.PEER, position=2)

    whos = [s.who for s in get_today(session, actor=actor_for(bob), client_id=alice.id, now=NOW).next_steps]

    assert whos == [alice.display_name, "With you", f"With {alice.display_name}'s peer supporter"]


def test_it_shows_the_domain_of_each_goal_with_its_icon(session, alice):
    make_goal(session, client=alice, domain="social")
    goal = get_today(session, actor=actor_for(alice), client_id=alice.id, now=NOW).goals[0]
    assert (goal.domain_label, goal.domain_icon) == ("People in my life", "users")


def test_it_counts_steps_done_this_week(session, alice):
    goal = make_goal(session, client=alice)
    for days_ago in (0, 2, 10):
        make_step(session, goal=goal, done_at=NOW - timedelta(days=days_ago))
    assert (
        get_today(session, actor=actor_for(alice), client_id=alice.id, now=NOW).week_summary
        == "You did 2 steps this week."
    )


def test_it_shows_the_three_latest_wins_with_who_cheered(session, alice, bob):
    for days_ago in (9, 1, 4, 0):
        make_win(session, client=alice, text=f"win {days_ago}", on=TODAY - timedelta(days=days_ago))
    latest = make_win(session, client=alice, text="called Mia", on=TODAY)
    make_cheer(session, win=latest, by=bob, text="🎉")

    wins = get_today(session, actor=actor_for(alice), client_id=alice.id, now=NOW).wins

    assert [w.text for w in wins] == ["called Mia", "win 0", "win 1"]
    assert [(c.by, c.text) for c in wins[0].cheers] == [("Bob", "🎉")]
    assert wins[2].when == "Yesterday"


def test_it_never_shows_another_clients_board(session, agency, alice):
    other = make_user(session, agency=agency, name="Olive")
    goal = make_goal(session, client=other, text="Olive's private goal")
    make_step(session, goal=goal, text="Olive's step")
    make_win(session, client=other, text="Olive's win")

    today = get_today(session, actor=actor_for(alice), client_id=alice.id, now=NOW)

    assert today.next_steps == [] and today.goals == [] and today.wins == []


def test_an_empty_board_is_friendly(session, alice):
    today = get_today(session, actor=actor_for(alice), client_id=alice.id, now=NOW)
    assert today.week_summary == "A new week. One small step is enough."


def test_it_refuses_an_unknown_client(session, alice):
    with pytest.raises(NotAllowed):
        get_today(session, actor=actor_for(alice), client_id=987654, now=NOW)


def test_the_number_of_queries_does_not_grow_with_the_board(session, alice, bob):
    def grow(goals: int) -> None:
        for g in range(goals):
            goal = make_goal(session, client=alice, text=f"goal {g}", position=g)
            for s in range(3):
                make_step(session, goal=goal, text=f"step {s}", position=s)
            win = make_win(session, client=alice, text=f"win {g}")
            make_cheer(session, win=win, by=bob)

    grow(1)
    small = count_queries(
        session, lambda: get_today(session, actor=actor_for(alice), client_id=alice.id, now=NOW)
    )
    grow(20)
    large = count_queries(
        session, lambda: get_today(session, actor=actor_for(alice), client_id=alice.id, now=NOW)
    )
    assert small == large <= 10
