"""Nudges: the client's choices, her devices, and the pipeline that sends each once."""

import base64
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from strengthsapp import i18n
from strengthsapp.db.models import NudgeDelivery, NudgePlan, PushSubscription, Step
from strengthsapp.push.webpush import Sent
from strengthsapp.services.deliveries import claim, messages, prepare, record, renew, schedule, top_up
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
    assert (shown.about, shown.days, shown.at, shown.message) == ("Walk to the park", "Wed, Thu", "9:30\u202fAM",
                                                                  "<b>Park</b> time 🌳")  # fmt: skip
    assert plan.step_id == step.id and plan.goal_id == step.goal_id
    assert shown.timezone == "United Kingdom Time"  # as people know it, not its tz database id
    with i18n.using("es"):
        [shown] = plans_of(session, actor=as_actor(alice), client_id=alice.id, now=NOW)
    assert shown.timezone == "hora de Reino Unido" and shown.at == "9:30"


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


def test_saving_a_plan_schedules_it_once_and_quiet_hours_move_its_waiting_nudges(session, alice, step):
    plan_for(session, alice, step, days=[2], at="23:00")
    [due] = session.exec(select(NudgeDelivery)).all()  # made when she saved it
    assert due.due_at == datetime(2026, 11, 25, 23, 0, tzinfo=UTC)
    set_quiet_hours(session, actor=as_actor(alice), client_id=alice.id, start="22:00", end="07:00", now=NOW)
    assert schedule(session, now=NOW, ahead=timedelta(days=2)) == 0  # nothing more: already there
    session.expire_all()
    [due] = session.exec(select(NudgeDelivery)).all()
    assert due.due_at == datetime(2026, 11, 26, 7, 0, tzinfo=UTC)  # after quiet hours, the next morning


def test_the_horizon_is_topped_up_in_small_batches_and_a_pass_with_nothing_short_adds_nothing(
    session, alice, step
):
    plans = [plan_for(session, alice, step, days=list(range(7)), message=f"Walk {n}") for n in range(5)]
    assert top_up(session, now=NOW) == (0, 0)  # each was scheduled 36 h ahead when saved
    later = NOW + timedelta(hours=14)  # under 24 h left of each horizon: topped up, 2 at a time
    assert top_up(session, now=later, batch=2) == (2, 2)
    assert top_up(session, now=later, batch=2) == (2, 2)
    assert top_up(session, now=later, batch=2) == (1, 1)
    assert top_up(session, now=later, batch=2) == (0, 0)
    for plan in plans:
        assert session.get(NudgePlan, plan.id).scheduled_until == later + timedelta(hours=36)
    days = sorted({d.due_at for d in session.exec(select(NudgeDelivery))})
    assert len(days) == 3 and all(d.hour == 9 and d.minute == 30 for d in days)  # 09:30 London


def test_a_plan_whose_timezone_is_no_longer_known_says_so_and_sends_nothing(session, alice, step):
    plan = plan_for(session, alice, step, days=list(range(7)))
    plan.timezone, plan.scheduled_until = "Mars/Olympus_Mons", None  # removed from the tz database
    session.add(plan)
    assert top_up(session, now=NOW) == (1, 1)  # one row: the reason, skipped
    skipped = session.exec(select(NudgeDelivery).where(NudgeDelivery.status == "skipped")).one()
    assert "timezone 'Mars/Olympus_Mons' is no longer known" in skipped.result
    assert top_up(session, now=NOW + timedelta(minutes=1)) == (0, 0)  # bounded: not every pass


def test_a_nudge_goes_quiet_when_its_step_is_done_snoozed_or_stopped(session, alice, step):
    plan = plan_for(session, alice, step, days=list(range(7)))
    device(session, alice)
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


def run_round(session, outcomes, now, worker="w"):
    """Claim, prepare, "send" (each device answers as `outcomes` says) and record."""
    ids = claim(session, worker=worker, now=now, limit=100)
    outgoing, quiet = prepare(session, delivery_ids=ids, now=now)
    results = {
        m.key: outcomes[m.target.endpoint.rsplit("/", 1)[-1].split("-")[0]] for m in messages(outgoing)
    }
    return record(session, worker=worker, outgoing=outgoing, quiet=quiet, results=results, now=now)


def test_results_sent_retried_with_backoff_and_dead_devices_removed(session, alice, step):
    plan_for(session, alice, step, days=list(range(7)))
    device(session, alice, "phone")
    device(session, alice, "tablet")
    later = NOW + timedelta(hours=12)  # today's 09:30 is due, tomorrow's not yet
    busy = {"phone": Sent("retry", 429, 7.0, "busy"), "tablet": Sent("retry", 500, None, "broken")}
    assert run_round(session, busy, later) == {"due": 1}
    delivery = session.exec(select(NudgeDelivery).order_by(NudgeDelivery.due_at)).first()
    assert delivery.attempts == 1 and delivery.next_attempt_at == later + timedelta(seconds=7)
    assert run_round(session, busy, later) == {}  # not before its time
    gone = {"phone": Sent("dead", 410, None, "gone"), "tablet": Sent("sent", 201, None, "")}
    assert run_round(session, gone, later + timedelta(seconds=8)) == {"sent": 1}
    assert [d.endpoint.rsplit("/", 1)[-1] for d in session.exec(select(PushSubscription))] == [
        f"tablet-{alice.id}"
    ]
    session.refresh(delivery)
    assert (delivery.status, delivery.attempts, delivery.resends) == ("sent", 2, 0)


def test_a_timed_out_send_is_retried_no_sooner_than_its_timeout(session, alice, step):
    plan_for(session, alice, step, days=list(range(7)))
    device(session, alice, "phone")
    later = NOW + timedelta(hours=12)
    silent = {"phone": Sent("retry", None, None, "No whole answer from the push service within 30 s.")}
    assert run_round(session, silent, later) == {"due": 1}
    delivery = session.exec(select(NudgeDelivery).where(NudgeDelivery.attempts == 1)).one()
    assert delivery.next_attempt_at >= later + timedelta(seconds=30)


def test_a_stopped_workers_claims_are_taken_over_after_their_lease_and_counted_as_resends(
    session, alice, step
):
    plan_for(session, alice, step, days=list(range(7)))
    device(session, alice, "phone")
    later = NOW + timedelta(hours=12)
    [held] = claim(session, worker="one", now=later, limit=10)
    lease = timedelta(seconds=15)
    assert claim(session, worker="two", now=later + timedelta(seconds=10), limit=10) == []  # still leased
    assert renew(session, worker="one", ids=[held], now=later + timedelta(seconds=10)) == 1  # one lives
    assert claim(session, worker="two", now=later + timedelta(seconds=20), limit=10) == []
    assert renew(session, worker="two", ids=[held], now=later + timedelta(seconds=20)) == 0  # not two's
    # "one" stops renewing; once its lease has run out, "two" takes the delivery over.
    assert (
        claim(session, worker="two", now=later + lease + timedelta(seconds=11), take_over=False, limit=10)
        == []
    )
    assert claim(session, worker="two", now=later + lease + timedelta(seconds=11), limit=10) == [held]
    took = session.get(NudgeDelivery, held)
    assert (took.claimed_by, took.resends, took.status) == ("two", 1, "claimed")
    # "one" comes back with its results: they are no longer its to write.
    outgoing, quiet = prepare(session, delivery_ids=[held], now=later)
    results = {m.key: Sent("sent", 201, None, "") for m in messages(outgoing)}
    assert record(session, worker="one", outgoing=outgoing, quiet=quiet, results=results, now=later) == {
        "taken over": 1
    }
    assert record(session, worker="two", outgoing=outgoing, quiet=quiet, results=results, now=later) == {
        "sent": 1
    }
    session.refresh(took)
    assert (took.status, took.attempts, took.resends) == ("sent", 1, 1)
    assert outgoing[0].payload["delivery"] == held and outgoing[0].topic == f"nudge-{took.plan_id}"


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
