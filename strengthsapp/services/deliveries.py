"""The nudge worker's pipeline: schedule, claim exactly once, send, record.

Deliveries are unique per (plan, moment), so scheduling twice schedules once. A claim is
exclusive: PostgreSQL's `FOR UPDATE SKIP LOCKED` lets several workers share the queue
without ever taking the same row; on SQLite one worker runs (worker.py holds a lock). The
send happens between two commits (claimed, then recorded): a worker that dies in between
leaves a claim that goes stale and is sent again — the only case where a nudge can arrive
twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from strengthsapp.db.models import Goal, NudgeDelivery, NudgePlan, PushSubscription, QuietHours, Step, User
from strengthsapp.db.types import id_of
from strengthsapp.domain.nudges import NudgeRule, due_moments
from strengthsapp.domain.nudges import QuietHours as QuietRule
from strengthsapp.domain.vocabulary import DeliveryStatus, GoalStatus
from strengthsapp.push.webpush import Sent, Target, backoff, send

SCHEDULE_AHEAD = timedelta(hours=36)
STALE_CLAIM = timedelta(minutes=10)
MAX_ATTEMPTS = 8


def schedule(db: Session, *, now: datetime, ahead: timedelta = SCHEDULE_AHEAD) -> int:
    """Due deliveries for the coming hours, for every active plan; idempotent."""
    plans = list(db.exec(select(NudgePlan).where(col(NudgePlan.active))))
    quiet = {q.client_id: QuietRule(q.start, q.end) for q in db.exec(select(QuietHours))}
    rows = [
        {"plan_id": p.id, "due_at": moment, "status": DeliveryStatus.DUE.value, "next_attempt_at": moment,
         "attempts": 0, "claimed_by": "", "result": "", "action": ""}
        for p in plans
        for moment in due_moments(
            NudgeRule(days=frozenset(p.days), at=p.at_time, timezone=p.timezone),
            start=now, end=now + ahead, quiet=quiet.get(p.client_id),
        )
    ]  # fmt: skip
    if not rows:
        return 0
    insert = pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    added = 0
    for start in range(0, len(rows), 1000):
        statement = insert(NudgeDelivery).values(rows[start : start + 1000]).on_conflict_do_nothing()
        added += len(db.exec(statement.returning(NudgeDelivery.id)).all())  # type: ignore[call-overload]
    return added


def release_stale_claims(db: Session, *, now: datetime) -> int:
    """Claims of a worker that stopped mid-send go back to the queue."""
    result = db.exec(
        update(NudgeDelivery)  # type: ignore[call-overload]
        .where(col(NudgeDelivery.status) == DeliveryStatus.CLAIMED.value,
               col(NudgeDelivery.claimed_at) < now - STALE_CLAIM)
        .values(status=DeliveryStatus.DUE.value, claimed_by="")
    )  # fmt: skip
    return result.rowcount or 0


def claim(db: Session, *, worker: str, now: datetime, limit: int = 100) -> list[int]:
    """Take up to `limit` due deliveries for this worker; no other worker gets them."""
    query = (
        select(NudgeDelivery.id)
        .where(NudgeDelivery.status == DeliveryStatus.DUE.value, col(NudgeDelivery.next_attempt_at) <= now)
        .order_by(col(NudgeDelivery.next_attempt_at))
        .limit(limit)
    )
    if db.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = [i for i in db.exec(query) if i is not None]
    if ids:
        db.exec(
            update(NudgeDelivery)  # type: ignore[call-overload]
            .where(col(NudgeDelivery.id).in_(ids), col(NudgeDelivery.status) == DeliveryStatus.DUE.value)
            .values(status=DeliveryStatus.CLAIMED.value, claimed_by=worker[:80], claimed_at=now)
        )
    return ids


@dataclass
class Outgoing:
    delivery_id: int
    topic: str
    payload: dict[str, object]
    targets: list[tuple[int, Target]]  # (subscription id, target)


def prepare(db: Session, *, delivery_ids: list[int], now: datetime) -> tuple[list[Outgoing], dict[int, str]]:
    """What to send for these claimed deliveries, and which go quiet instead (with why)."""
    rows = list(
        db.exec(
            select(NudgeDelivery, NudgePlan)
            .join(NudgePlan, col(NudgePlan.id) == NudgeDelivery.plan_id)
            .where(col(NudgeDelivery.id).in_(delivery_ids))
        )
    )
    client_ids = {plan.client_id for _, plan in rows}
    step_ids = {plan.step_id for _, plan in rows if plan.step_id}
    goal_ids = {plan.goal_id for _, plan in rows if plan.goal_id}
    steps = {s.id: s for s in db.exec(select(Step).where(col(Step.id).in_(step_ids)))} if step_ids else {}
    goals = {g.id: g for g in db.exec(select(Goal).where(col(Goal.id).in_(goal_ids)))} if goal_ids else {}
    devices: dict[int, list[PushSubscription]] = defaultdict(list)
    for device in db.exec(select(PushSubscription).where(col(PushSubscription.user_id).in_(client_ids))):
        devices[device.user_id].append(device)
    active_clients = set(db.exec(select(User.id).where(col(User.id).in_(client_ids), col(User.is_active))))
    outgoing, quiet = [], {}
    for delivery, plan in rows:
        step = steps.get(plan.step_id)
        goal = goals.get(plan.goal_id)
        reason = (
            "stopped" if not plan.active or plan.client_id not in active_clients
            else "snoozed" if plan.snoozed_until and plan.snoozed_until > now
            else "step done" if step is not None and step.done_at is not None
            else "goal resting" if goal is None or goal.status != GoalStatus.ACTIVE.value
            else "no device" if not devices.get(plan.client_id)
            else ""
        )  # fmt: skip
        if reason:
            quiet[id_of(delivery)] = reason
            continue
        outgoing.append(
            Outgoing(
                delivery_id=id_of(delivery),
                topic=f"nudge-{plan.id}",
                # Only what the notification shows: the client's own words, and where it leads.
                payload={"title": "strengthsapp", "body": plan.message, "delivery": delivery.id,
                         "url": "/goals/", "step": bool(step)},
                targets=[(id_of(d), Target(endpoint=d.endpoint, p256dh=d.p256dh, auth=d.auth))
                         for d in devices[plan.client_id]],
            )
        )  # fmt: skip
    return outgoing, quiet


Sender = Callable[..., Sent]


def send_all(outgoing: list[Outgoing], *, pool: Executor, sender: Sender = send, **options: object) -> dict:
    """Send every message to every device, in parallel: {(delivery id, subscription id): Sent}."""
    futures = {
        (item.delivery_id, sub_id): pool.submit(sender, target, item.payload, topic=item.topic, **options)
        for item in outgoing
        for sub_id, target in item.targets
    }
    return {key: future.result() for key, future in futures.items()}


def record(
    db: Session, *, outgoing: list[Outgoing], quiet: dict[int, str], results: dict, now: datetime
) -> dict[str, int]:
    """Every result written down. A delivery is sent if any device took it; dead devices
    are deleted (never tried again); otherwise it is retried with backoff, or fails."""
    counts: dict[str, int] = defaultdict(int)
    deliveries = {
        d.id: d for d in db.exec(select(NudgeDelivery).where(col(NudgeDelivery.id).in_([*quiet, *(o.delivery_id for o in outgoing)])))
    }  # fmt: skip
    for delivery_id, reason in quiet.items():
        delivery = deliveries[delivery_id]
        delivery.status, delivery.result = DeliveryStatus.SKIPPED.value, reason
        counts["skipped"] += 1
    dead_devices: set[int] = set()
    good_devices: set[int] = set()
    for item in outgoing:
        delivery = deliveries[item.delivery_id]
        delivery.attempts += 1
        outcomes = {sub_id: results[(item.delivery_id, sub_id)] for sub_id, _ in item.targets}
        dead_devices |= {s for s, r in outcomes.items() if r.outcome == "dead"}
        good_devices |= {s for s, r in outcomes.items() if r.outcome == "sent"}
        kinds = {r.outcome for r in outcomes.values()}
        delivery.result = "; ".join(
            f"{r.outcome} {r.status or ''} {r.detail}".strip() for r in outcomes.values()
        )[:2000]
        if "sent" in kinds:
            delivery.status, delivery.sent_at = DeliveryStatus.SENT.value, now
        elif "retry" in kinds and delivery.attempts < MAX_ATTEMPTS:
            wait = (
                max((r.retry_after or 0 for r in outcomes.values() if r.outcome == "retry"), default=0)
                or None
            )
            delivery.status = DeliveryStatus.DUE.value
            delivery.next_attempt_at = now + timedelta(seconds=backoff(delivery.attempts, wait))
            delivery.claimed_by = ""
        elif kinds == {"dead"}:
            delivery.status = DeliveryStatus.DEAD.value
        else:
            delivery.status = DeliveryStatus.FAILED.value
        counts[delivery.status] += 1
    for delivery in deliveries.values():
        db.add(delivery)
    if dead_devices:  # the push service says the subscription is gone: never try it again
        db.exec(delete(PushSubscription).where(col(PushSubscription.id).in_(dead_devices)))  # type: ignore[call-overload]
    if good_devices:
        db.exec(
            update(PushSubscription)  # type: ignore[call-overload]
            .where(col(PushSubscription.id).in_(good_devices))
            .values(last_success_at=now, failures=0)
        )
    return dict(counts)
