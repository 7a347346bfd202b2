"""Nudges: the client's choices, her devices, and the pipeline that sends each once."""

import base64
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from strengthsapp.db.models import NudgeDelivery, NudgePlan, PushSubscription, Step
from strengthsapp.push.webpush import Sent
from strengthsapp.services.deliveries import claim, prepare, record, schedule, send_all
from strengthsapp.services.errors import InvalidInput, NotAllowed
from strengthsapp.services.nudges import (
    act,
    plans_of,
    remove_device,
    save_plan,
    set_quiet_hours,
    snooze_plan,
    stop_plan,
    subscribe,
)
from strengthsapp.services.sessions import end_session, start_session
from strengthsapp.settings import generate_vapid_keys
from tests.factories import make_goal, make_step
from tests.services.conftest import as_actor

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # a Wednesday
KEY = generate_vapid_keys()[1]  # a browser's P-256 public key has the same shape
AUTH = base64.urlsafe_b64encode(b"sixteen byte key").rstrip(b"=").decode()


@pytest.fixture
def step(session, alice):
    return make_step(session, goal=make_goal(session, client=alice), text="Walk to the park")


def plan_for(session, alice, step, **changes):
    choice = {
        "days": [2, 3],
        "at": "09:30",
        "timezone": "Europe/London",
        "message": "Park time, you've got this",
    }
    return save_plan(session, actor=as_actor(alice), client_id=alice.id, step_id=step.id, now=NOW,
                     **{**choice, **changes})  # fmt: skip


def device(session, user, name="phone"):
    return subscribe(session, actor=as_actor(user), session_id=None,
                     endpoint=f"https://push.example.org/{name}-{user.id}", p256dh=KEY, auth=AUTH)  # fmt: skip


def test_the_client_chooses_days_time_timezone_and_her_own_words(session, alice, step):
    plan = plan_for(session, alice, step, message="<b>Park</b> time 🌳")
    [shown] = plans_of(session, actor=as_actor(alice), client_id=alice.id, now=NOW)
    assert (shown.about, shown.days, shown.at, shown.message) == ("Walk to the park", "Wed, Thu", "09:30",
                                                                  "<b>Park</b> time 🌳")  # fmt: skip
    assert plan.step_id == step.id and plan.goal_id == step.goal_id


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"days": []}, "days"),
        ({"days": ["monday", True, 9]}, "days"),
        ({"at": "25:99"}, "at"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"message": "x" * 5000}, "message"),
        ({"message": "   "}, "message"),
    ],
)
def test_bad_choices_get_a_clear_message_and_nothing_is_saved(session, alice, step, changes, field):
    with pytest.raises(InvalidInput) as bad:
        plan_for(session, alice, step, **changes)
    assert bad.value.field == field
    assert session.exec(select(NudgePlan)).all() == []


@pytest.mark.parametrize("who", ["bob", "charlie", "dana", "olga"])
def test_only_the_client_sets_her_nudges(session, request, alice, bob, charlie, step, who):
    other = request.getfixturevalue(who)
    with pytest.raises(NotAllowed):
        save_plan(session, actor=as_actor(other), client_id=alice.id, step_id=step.id, days=[1], at="09:00",
                  timezone="UTC", message="x")  # fmt: skip
    plan = plan_for(session, alice, step)
    for attempt in (lambda: stop_plan(session, actor=as_actor(other), plan_id=plan.id),
                    lambda: snooze_plan(session, actor=as_actor(other), plan_id=plan.id, days=1)):  # fmt: skip
        with pytest.raises(NotAllowed):
            attempt()


def test_scheduling_twice_schedules_once_and_quiet_hours_are_kept(session, alice, step):
    plan_for(session, alice, step, days=[2], at="23:00")
    set_quiet_hours(session, actor=as_actor(alice), client_id=alice.id, start="22:00", end="07:00")
    assert schedule(session, now=NOW, ahead=timedelta(days=2)) == 1
    assert schedule(session, now=NOW, ahead=timedelta(days=2)) == 0
    [due] = session.exec(select(NudgeDelivery)).all()
    assert due.due_at == datetime(2026, 11, 26, 7, 0, tzinfo=UTC)  # after quiet hours, the next morning


def test_a_nudge_goes_quiet_when_its_step_is_done_snoozed_or_stopped(session, alice, step):
    plan = plan_for(session, alice, step, days=list(range(7)))
    device(session, alice)
    schedule(session, now=NOW, ahead=timedelta(days=1))
    ids = claim(session, worker="w", now=NOW + timedelta(days=1), limit=10)
    outgoing, quiet = prepare(session, delivery_ids=ids, now=NOW)
    assert len(outgoing) == 1 and quiet == {}
    assert outgoing[0].payload["body"] == "Park time, you've got this"

    snooze_plan(session, actor=as_actor(alice), plan_id=plan.id, days=7, now=NOW)
    assert set(prepare(session, delivery_ids=ids, now=NOW)[1].values()) == {"snoozed"}
    plan.snoozed_until = None
    session.get(Step, step.id).done_at = NOW
    assert set(prepare(session, delivery_ids=ids, now=NOW)[1].values()) == {"step done"}
    stop_plan(session, actor=as_actor(alice), plan_id=plan.id, now=NOW)
    assert set(prepare(session, delivery_ids=ids, now=NOW)[1].values()) == {"stopped"}


def sender(outcomes):
    def fake(target, payload, *, topic, **_options):
        return outcomes[target.endpoint.rsplit("/", 1)[-1].split("-")[0]]

    return fake


def run_round(session, outcomes, now):
    ids = claim(session, worker="w", now=now, limit=100)
    outgoing, quiet = prepare(session, delivery_ids=ids, now=now)
    with ThreadPoolExecutor(4) as pool:
        results = send_all(outgoing, pool=pool, sender=sender(outcomes))
    return record(session, outgoing=outgoing, quiet=quiet, results=results, now=now)


def test_results_sent_retried_with_backoff_and_dead_devices_removed(session, alice, step):
    plan_for(session, alice, step, days=list(range(7)))
    device(session, alice, "phone")
    device(session, alice, "tablet")
    schedule(session, now=NOW, ahead=timedelta(hours=12))  # today's 09:30 only
    later = NOW + timedelta(hours=12)
    busy = {"phone": Sent("retry", 429, 7.0, "busy"), "tablet": Sent("retry", 500, None, "broken")}
    assert run_round(session, busy, later) == {"due": 1}
    delivery = session.exec(select(NudgeDelivery)).one()
    assert delivery.attempts == 1 and delivery.next_attempt_at == later + timedelta(seconds=7)
    assert run_round(session, busy, later) == {}  # not before its time
    gone = {"phone": Sent("dead", 410, None, "gone"), "tablet": Sent("sent", 201, None, "")}
    assert run_round(session, gone, later + timedelta(seconds=8)) == {"sent": 1}
    assert [d.endpoint.rsplit("/", 1)[-1] for d in session.exec(select(PushSubscription))] == [
        f"tablet-{alice.id}"
    ]
    assert session.exec(select(NudgeDelivery)).one().status == "sent"


def test_acting_on_a_nudge_counts_once(session, alice, bob, step):
    plan_for(session, alice, step, days=list(range(7)))
    schedule(session, now=NOW, ahead=timedelta(days=1))
    delivery = session.exec(select(NudgeDelivery)).first()
    with pytest.raises(NotAllowed):
        act(session, actor=as_actor(bob), delivery_id=delivery.id, action="done", now=NOW)
    assert act(session, actor=as_actor(alice), delivery_id=delivery.id, action="done", now=NOW) == "done"
    assert act(session, actor=as_actor(alice), delivery_id=delivery.id, action="done", now=NOW) == "already"
    assert (
        act(session, actor=as_actor(alice), delivery_id=delivery.id, action="not_today", now=NOW) == "already"
    )
    assert session.get(Step, step.id).done_at is not None
    with pytest.raises(InvalidInput):
        act(session, actor=as_actor(alice), delivery_id=delivery.id, action="explode", now=NOW)


def test_not_today_is_quiet_until_tomorrow_in_her_timezone(session, alice, step):
    plan = plan_for(session, alice, step, days=list(range(7)), timezone="America/New_York")
    schedule(session, now=NOW, ahead=timedelta(days=1))
    delivery = session.exec(select(NudgeDelivery)).first()
    act(session, actor=as_actor(alice), delivery_id=delivery.id, action="not_today", now=NOW)
    assert session.get(NudgePlan, plan.id).snoozed_until == datetime(2026, 11, 26, 5, 0, tzinfo=UTC)


def test_a_device_belongs_to_one_account_and_signing_out_removes_it(session, alice, dana):
    token = start_session(session, user=alice)
    from strengthsapp.db.models import Session as SessionRow
    from strengthsapp.services.sessions import token_hash

    row = session.exec(select(SessionRow).where(SessionRow.token_hash == token_hash(token))).one()
    mine = subscribe(session, actor=as_actor(alice), session_id=row.id, endpoint="https://push.example.org/shared",
                     p256dh=KEY, auth=AUTH)  # fmt: skip
    moved = subscribe(session, actor=as_actor(dana), session_id=None, endpoint="https://push.example.org/shared",
                      p256dh=KEY, auth=AUTH)  # fmt: skip
    assert moved.id == mine.id and len(session.exec(select(PushSubscription)).all()) == 1
    assert moved.user_id == dana.id
    with pytest.raises(Exception):  # noqa: B017 - alice no longer owns it
        remove_device(session, actor=as_actor(alice), subscription_id=moved.id)
    subscribe(session, actor=as_actor(alice), session_id=row.id, endpoint="https://push.example.org/shared",
              p256dh=KEY, auth=AUTH)  # fmt: skip
    end_session(session, token=token)
    assert session.exec(select(PushSubscription)).all() == []


def test_someone_who_knows_only_the_endpoint_cannot_take_her_device(session, alice, dana):
    mine = device(session, alice)
    other_key = generate_vapid_keys()[1]
    with pytest.raises(InvalidInput, match="set up for someone else"):
        subscribe(session, actor=as_actor(dana), session_id=None, endpoint=mine.endpoint,
                  p256dh=other_key, auth=AUTH)  # fmt: skip
    assert session.get(PushSubscription, mine.id).user_id == alice.id
    assert session.get(PushSubscription, mine.id).p256dh == KEY


def test_a_malformed_subscription_is_refused_plainly(session, alice):
    with pytest.raises(InvalidInput):
        subscribe(
            session, actor=as_actor(alice), session_id=None, endpoint="ftp://nope", p256dh="x", auth="y"
        )
    assert session.exec(select(PushSubscription)).all() == []
