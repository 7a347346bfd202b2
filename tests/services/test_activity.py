"""The client's activity page tells a story: by day in her timezone, one sentence per event
naming the thing in her own words, looks folded into one line, in her language."""

from datetime import UTC, datetime, timedelta

import pytest

from strengthsapp import i18n
from strengthsapp.services import audit
from strengthsapp.services.activity import board_story
from strengthsapp.services.errors import NotAllowed
from strengthsapp.services.progress import cheer, mark_step_done, record_win
from tests.factories import make_agency, make_goal, make_step, make_user, make_win
from tests.services.conftest import as_actor

NOW = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)  # a Thursday; 12:00 in Mexico City


def sentences(story):
    return [(day.day, line.sentence) for day in story.days for line in day.lines]


def test_each_event_names_the_thing_in_the_clients_words(session, alice, bob, charlie):
    goal = make_goal(session, client=alice, text="Get a job working with animals")
    step = make_step(session, goal=goal, text="Update my CV")
    win = make_win(session, client=alice, text="I called the shelter myself")
    mark_step_done(session, actor=as_actor(bob), step_id=step.id, now=NOW - timedelta(minutes=3))
    cheer(session, actor=as_actor(charlie), win_id=win.id, text="🎉", now=NOW - timedelta(minutes=2))
    record_win(
        session,
        actor=as_actor(alice),
        client_id=alice.id,
        text="I slept well",
        now=NOW - timedelta(minutes=1),
    )
    story = board_story(session, actor=as_actor(alice), client_id=alice.id, now=NOW)
    assert sentences(story) == [
        ("Today", "You wrote down the win “I slept well”."),
        ("Today", "Charlie cheered the win “I called the shelter myself”."),
        ("Today", "Bob marked the step “Update my CV” done."),
    ]
    assert [line.time for line in story.days[0].lines] == ["5:59\u202fPM", "5:58\u202fPM", "5:57\u202fPM"]


def test_looks_fold_into_one_line_a_day_and_one_for_the_week(session, alice, bob):
    for minutes in range(21):
        audit.record(session, actor=as_actor(bob), action="board.viewed", board_client_id=alice.id,
                     at=NOW - timedelta(minutes=minutes))  # fmt: skip
    for days in (1, 1, 9):
        audit.record(session, actor=as_actor(bob), action="board.viewed", board_client_id=alice.id,
                     at=NOW - timedelta(days=days))  # fmt: skip
    story = board_story(session, actor=as_actor(alice), client_id=alice.id, now=NOW)
    assert sentences(story) == [
        ("Today", "Bob looked at your board 21 times."),
        ("Yesterday", "Bob looked at your board 2 times."),
        ("Tuesday, November 24", "Bob looked at your board once."),
    ]
    assert story.week == ["Bob looked at your board 23 times this week."]


def test_days_are_the_clients_own_and_gone_things_are_said_plainly(session, agency):
    maria = make_user(session, agency=agency, name="María", timezone="America/Mexico_City")
    goal = make_goal(session, client=maria, text="Volver a estudiar")
    step = make_step(session, goal=goal, text="Llamar a la escuela")
    me = as_actor(maria)
    audit.record(session, actor=me, action="step.done", board_client_id=maria.id, target=f"step {step.id}",
                 at=datetime(2026, 12, 3, 5, 0, tzinfo=UTC))  # 23:00 on Wednesday in Mexico City  # fmt: skip
    audit.record(session, actor=me, action="step.done", board_client_id=maria.id, target="step 999999",
                 at=datetime(2026, 12, 3, 7, 0, tzinfo=UTC))  # fmt: skip
    story = board_story(session, actor=me, client_id=maria.id, now=NOW)
    assert sentences(story) == [
        ("Today", "You marked a step that is no longer on your board done."),
        ("Yesterday", "You marked the step “Llamar a la escuela” done."),
    ]
    assert [line.time for line in story.days[1].lines] == ["11:00\u202fPM"]


def test_another_clients_goal_is_never_named(session, alice, agency):
    other = make_user(session, agency=agency, name="Other")
    theirs = make_goal(session, client=other, text="Something private")
    audit.record(session, actor=as_actor(alice), action="goal.edited", board_client_id=alice.id,
                 target=f"goal {theirs.id}", at=NOW)  # fmt: skip
    story = board_story(session, actor=as_actor(alice), client_id=alice.id, now=NOW)
    assert sentences(story) == [("Today", "You changed the words of a goal that is no longer on your board.")]


def test_in_spanish_the_story_is_spanish_and_her_words_stay_hers(session, alice, bob):
    goal = make_goal(session, client=alice, text="Get a job working with animals")
    step = make_step(session, goal=goal, text="Update my CV")
    mark_step_done(session, actor=as_actor(bob), step_id=step.id, now=NOW - timedelta(days=2))
    audit.record(session, actor=as_actor(bob), action="board.viewed", board_client_id=alice.id, at=NOW)
    with i18n.using("es"):
        story = board_story(session, actor=as_actor(alice), client_id=alice.id, now=NOW)
    assert sentences(story) == [
        ("Hoy", "Bob miró tu tablero una vez."),
        ("martes, 1 de diciembre", "Bob marcó el paso “Update my CV” como hecho."),
    ]
    assert story.week == ["Bob miró tu tablero una vez esta semana."]
    assert story.days[1].lines[0].time == "18:00"


def test_only_who_may_see_the_activity_sees_it(session, alice, bob, charlie):
    assert board_story(session, actor=as_actor(bob), client_id=alice.id, now=NOW).days == []
    with pytest.raises(NotAllowed):
        board_story(session, actor=as_actor(charlie), client_id=alice.id, now=NOW)
    olga_agency = make_agency(session, name="Elsewhere")
    with pytest.raises(NotAllowed):
        board_story(
            session, actor=as_actor(make_user(session, agency=olga_agency, name="Olga")), client_id=alice.id
        )
