"""The nudge worker's pipeline: schedule, claim, send, record; and what a stopped worker leaves.

Scheduling costs what changed. A plan gets its deliveries when it is saved (and again when
quiet hours change); the worker tops each plan's horizon up in small batches, outside its
send loop, about twice a day per plan. Deliveries are unique per (plan, moment), so
scheduling twice schedules once.

A claim is exclusive and leased. PostgreSQL's `FOR UPDATE SKIP LOCKED` lets several workers
share the queue without taking the same row (on SQLite one worker runs: worker.py holds a
lock). The worker that holds a claim renews its lease every few seconds while it sends and
records; when a worker dies, its lease runs out within seconds and another worker takes the
delivery over and sends it again, with the same delivery id and Topic, counting a resend.
The phone shows a delivery once whatever the wire did (the service worker ignores an id it
has shown). Results are written only by the worker that holds the claim.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfoNotFoundError

from sqlalchemy import delete, or_, update
from sqlalchemy import select as columns  # sqlmodel's select types at most four columns
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from strengthsapp import i18n
from strengthsapp.db.engine import for_this_worker
from strengthsapp.db.models import Goal, NudgeDelivery, NudgePlan, PushSubscription, QuietHours, Step, User
from strengthsapp.domain.nudges import NudgeRule, due_moments
from strengthsapp.domain.nudges import QuietHours as QuietRule
from strengthsapp.domain.vocabulary import DeliveryStatus, GoalStatus
from strengthsapp.i18n import N_, _
from strengthsapp.push.webpush import SEND_TIMEOUT, Message, Target, backoff
from strengthsapp.settings import get_settings

log = logging.getLogger(__name__)

SCHEDULE_AHEAD = timedelta(hours=36)
# A plan is topped up once its horizon is this much short of now + SCHEDULE_AHEAD, that is
# with less than 24 h left: each plan about every 12 h.
REFILL_EVERY = timedelta(hours=12)
PLANS_PER_TOP_UP = 200
LEASE = timedelta(seconds=15)
MAX_ATTEMPTS = 8
# A nudge's notification buttons (sw.js shows them, in English when a payload has none).
ACTIONS = (("done", N_("Done")), ("not_today", N_("Not today")))


# --- scheduling -----------------------------------------------------------------------


def schedule_plan(db: Session, plan: NudgePlan, *, now: datetime, ahead: timedelta = SCHEDULE_AHEAD) -> int:
    """This plan's deliveries from where they stop (or now) to now + ahead; how many were added."""
    return _schedule(db, [plan], now=now, ahead=ahead)


def reschedule_client(db: Session, *, client_id: int, now: datetime) -> int:
    """The client's waiting deliveries made again (their quiet hours changed)."""
    plans = list(db.exec(select(NudgePlan).where(NudgePlan.client_id == client_id, col(NudgePlan.active))))
    if not plans:
        return 0
    db.exec(
        delete(NudgeDelivery).where(  # type: ignore[call-overload]
            col(NudgeDelivery.plan_id).in_([p.id for p in plans]),
            col(NudgeDelivery.status) == DeliveryStatus.DUE.value,
            col(NudgeDelivery.attempts) == 0,
            col(NudgeDelivery.due_at) >= now,
        )
    )
    for plan in plans:
        plan.scheduled_until = None
    return _schedule(db, plans, now=now, ahead=SCHEDULE_AHEAD)


def top_up(
    db: Session, *, now: datetime, ahead: timedelta = SCHEDULE_AHEAD, batch: int = PLANS_PER_TOP_UP
) -> tuple[int, int]:
    """One small batch of plans whose horizon is running short, topped up to now + ahead:
    (plans, deliveries added). (0, 0) when nothing is short: one indexed query."""
    query = (
        select(NudgePlan)
        .where(
            col(NudgePlan.active),
            or_(col(NudgePlan.scheduled_until).is_(None), col(NudgePlan.scheduled_until) < now + ahead - REFILL_EVERY),
        )
        .order_by(col(NudgePlan.scheduled_until).asc().nulls_first())
        .limit(batch)
    )  # fmt: skip
    plans = list(db.exec(for_this_worker(db, query)))
    if not plans:
        return 0, 0
    return len(plans), _schedule(db, plans, now=now, ahead=ahead)


def schedule(db: Session, *, now: datetime, ahead: timedelta = SCHEDULE_AHEAD) -> int:
    """Every plan topped up (batch after batch); deliveries added. For `--once` and tests."""
    added = 0
    while True:
        plans, more = top_up(db, now=now, ahead=ahead)
        added += more
        if plans == 0:
            return added


def _schedule(db: Session, plans: list[NudgePlan], *, now: datetime, ahead: timedelta) -> int:
    client_ids = {p.client_id for p in plans}
    quiet = {
        q.client_id: QuietRule(q.start, q.end)
        for q in db.exec(select(QuietHours).where(col(QuietHours.client_id).in_(client_ids)))
    }
    end = now + ahead
    rows: list[dict[str, object]] = []
    for plan in plans:
        start = max(now, plan.scheduled_until) if plan.scheduled_until else now
        rule = NudgeRule(days=frozenset(plan.days), at=plan.at_time, timezone=plan.timezone)
        try:
            moments = list(due_moments(rule, start=start, end=end, quiet=quiet.get(plan.client_id)))
        except (ZoneInfoNotFoundError, ValueError) as error:
            # The tz database no longer knows her timezone: nothing can be due. Say so once
            # per top-up (about twice a day), where the plan's deliveries are kept.
            log.warning("nudge plan %s: timezone %r is unknown (%s)", plan.id, plan.timezone, error)
            rows.append(_row(plan, now, status=DeliveryStatus.SKIPPED,
                             result=f"The plan's timezone {plan.timezone!r} is no longer known, so no time "
                                    "can be worked out; choose the nudge's time again."))  # fmt: skip
            moments = []
        rows.extend(_row(plan, moment) for moment in moments)
        plan.scheduled_until = end
        db.add(plan)
    db.flush()
    if not rows:
        return 0
    insert = pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    added = 0
    for first in range(0, len(rows), 1000):
        statement = insert(NudgeDelivery).values(rows[first : first + 1000]).on_conflict_do_nothing()
        added += len(db.exec(statement.returning(NudgeDelivery.id)).all())  # type: ignore[call-overload]
    return added


def _row(
    plan: NudgePlan, moment: datetime, *, status: DeliveryStatus = DeliveryStatus.DUE, result: str = ""
) -> dict[str, object]:
    return {"plan_id": plan.id, "due_at": moment, "status": status.value, "next_attempt_at": moment,
            "attempts": 0, "claimed_by": "", "result": result, "action": "", "resends": 0}  # fmt: skip


# --- claims and their leases ------------------------------------------------------------


def claim(
    db: Session,
    *,
    worker: str,
    now: datetime,
    limit: int = 100,
    lease: timedelta = LEASE,
    take_over: bool = True,
) -> list[int]:
    """Up to `limit` deliveries for this worker alone: first those whose worker stopped
    renewing its lease (a resend), then due ones. `take_over=False` leaves others' claims
    alone (a worker does until it has itself been connected for a whole lease)."""
    ids: list[int] = []
    if take_over:
        stale = (
            select(NudgeDelivery.id)
            .where(col(NudgeDelivery.status) == DeliveryStatus.CLAIMED.value,
                   or_(col(NudgeDelivery.lease_until).is_(None), col(NudgeDelivery.lease_until) < now))
            .order_by(col(NudgeDelivery.lease_until))
            .limit(limit)
        )  # fmt: skip
        taken = [i for i in db.exec(for_this_worker(db, stale)) if i is not None]
        if taken:
            db.exec(
                update(NudgeDelivery)  # type: ignore[call-overload]
                .where(col(NudgeDelivery.id).in_(taken), col(NudgeDelivery.status) == DeliveryStatus.CLAIMED.value)
                .values(claimed_by=worker[:80], claimed_at=now, lease_until=now + lease,
                        resends=col(NudgeDelivery.resends) + 1)
            )  # fmt: skip
            log.warning("worker %s took over %d deliveries whose worker stopped", worker, len(taken))
            ids.extend(taken)
    if len(ids) < limit:
        due = (
            select(NudgeDelivery.id)
            .where(
                NudgeDelivery.status == DeliveryStatus.DUE.value, col(NudgeDelivery.next_attempt_at) <= now
            )
            .order_by(col(NudgeDelivery.next_attempt_at))
            .limit(limit - len(ids))
        )
        fresh = [i for i in db.exec(for_this_worker(db, due)) if i is not None]
        if fresh:
            db.exec(
                update(NudgeDelivery)  # type: ignore[call-overload]
                .where(col(NudgeDelivery.id).in_(fresh), col(NudgeDelivery.status) == DeliveryStatus.DUE.value)
                .values(status=DeliveryStatus.CLAIMED.value, claimed_by=worker[:80], claimed_at=now,
                        lease_until=now + lease)
            )  # fmt: skip
            ids.extend(fresh)
    return ids


def renew(db: Session, *, worker: str, ids: list[int], now: datetime, lease: timedelta = LEASE) -> int:
    """The heartbeat: this worker still holds these claims for another lease."""
    if not ids:
        db.exec(select(1)).one()  # still a sign of life: the database answers
        return 0
    result = db.exec(
        update(NudgeDelivery)  # type: ignore[call-overload]
        .where(col(NudgeDelivery.id).in_(ids), col(NudgeDelivery.claimed_by) == worker[:80],
               col(NudgeDelivery.status) == DeliveryStatus.CLAIMED.value)
        .values(lease_until=now + lease)
    )  # fmt: skip
    return result.rowcount or 0


# --- sending ----------------------------------------------------------------------------


@dataclass
class Outgoing:
    delivery_id: int
    topic: str
    payload: dict[str, object]
    targets: list[tuple[int, Target]]  # (subscription id, target)


def prepare(db: Session, *, delivery_ids: list[int], now: datetime) -> tuple[list[Outgoing], dict[int, str]]:
    """What to send for these claimed deliveries, and which go quiet instead (with why).
    Two queries, plain rows (no ORM objects): this runs for every batch."""
    if not delivery_ids:
        return [], {}
    fields: list[Any] = [NudgeDelivery.id, NudgePlan.id, NudgePlan.client_id, NudgePlan.message, NudgePlan.active,
              NudgePlan.snoozed_until, User.is_active, User.locale, Step.id, Step.done_at, Goal.id, Goal.status]  # fmt: skip
    rows = db.exec(  # type: ignore[call-overload]
        columns(*fields)
        .join(NudgePlan, col(NudgePlan.id) == NudgeDelivery.plan_id)
        .join(User, col(User.id) == NudgePlan.client_id)
        .outerjoin(Step, col(Step.id) == NudgePlan.step_id)
        .outerjoin(Goal, col(Goal.id) == NudgePlan.goal_id)
        .where(col(NudgeDelivery.id).in_(delivery_ids))
    ).all()
    client_ids = {row[2] for row in rows}
    device_fields: list[Any] = [PushSubscription.id, PushSubscription.user_id, PushSubscription.endpoint, PushSubscription.p256dh,
                     PushSubscription.auth]  # fmt: skip
    devices: dict[int, list[tuple[int, Target]]] = defaultdict(list)
    for sub_id, user_id, endpoint, p256dh, auth in db.exec(  # type: ignore[call-overload]
        columns(*device_fields).where(col(PushSubscription.user_id).in_(client_ids))
    ):
        devices[user_id].append((int(sub_id or 0), Target(endpoint=endpoint, p256dh=p256dh, auth=auth)))
    outgoing, quiet = [], {}
    for delivery_id, plan_id, client_id, message, active, snoozed_until, client_active, locale, step_id, done_at, goal_id, goal_status in rows:  # fmt: skip
        reason = (
            "stopped" if not active or not client_active
            else "snoozed" if snoozed_until and snoozed_until > now
            else "step done" if step_id is not None and done_at is not None
            else "goal resting" if goal_id is None or goal_status != GoalStatus.ACTIVE.value
            else "no device" if not devices.get(client_id)
            else ""
        )  # fmt: skip
        if reason:
            quiet[delivery_id] = reason
            continue
        outgoing.append(
            Outgoing(
                delivery_id=delivery_id,
                topic=f"nudge-{plan_id}",
                # Only what the notification shows: the client's own words, where it leads, and
                # its buttons in her language.
                payload={"title": "strengthsapp", "body": message, "delivery": delivery_id,
                         "url": "/goals/", "step": step_id is not None, "actions": actions_in(locale)},
                targets=devices[client_id],
            )
        )  # fmt: skip
    return outgoing, quiet


def actions_in(locale: str | None) -> list[dict[str, str]]:
    """The notification's buttons, titled in the client's language (her account's)."""
    with i18n.using(i18n.known(locale) or get_settings().default_locale):
        return [{"action": action, "title": _(title)} for action, title in ACTIONS]


def messages(outgoing: list[Outgoing]) -> list[Message]:
    """One message per device of each delivery, keyed (delivery id, subscription id)."""
    return [
        Message(key=(item.delivery_id, sub_id), target=target, payload=item.payload, topic=item.topic)
        for item in outgoing
        for sub_id, target in item.targets
    ]


def record(
    db: Session,
    *,
    worker: str,
    outgoing: list[Outgoing],
    quiet: dict[int, str],
    results: dict,
    now: datetime,
    at_least: float = SEND_TIMEOUT,
) -> dict[str, int]:
    """Every result written down, in a few statements. A delivery is sent if any device took
    it; dead devices are deleted (never tried again); otherwise it is retried with backoff
    (never sooner than ``at_least``, the send timeout), or fails. Only claims this worker
    still holds are written: one another worker took over is that worker's to record."""
    counts: dict[str, int] = defaultdict(int)
    ids = [*quiet, *(o.delivery_id for o in outgoing)]
    attempts_of = dict(
        db.exec(
            select(NudgeDelivery.id, NudgeDelivery.attempts).where(
                col(NudgeDelivery.id).in_(ids), col(NudgeDelivery.claimed_by) == worker[:80],
                col(NudgeDelivery.status) == DeliveryStatus.CLAIMED.value,
            )
        ).all()
    )  # fmt: skip
    # The same change for many rows is one UPDATE: {(tried, the new values): ids}. A tried
    # delivery counts one attempt more; one that went quiet was not tried.
    changes: dict[tuple[bool, tuple[tuple[str, object], ...]], list[int]] = defaultdict(list)
    for delivery_id, reason in quiet.items():
        if delivery_id in attempts_of:
            changes[(False, (("status", DeliveryStatus.SKIPPED.value), ("result", reason)))].append(
                delivery_id
            )
            counts["skipped"] += 1
    dead_devices: set[int] = set()
    good_devices: set[int] = set()
    for item in outgoing:
        if item.delivery_id not in attempts_of:
            counts["taken over"] += 1
            continue
        attempts = attempts_of[item.delivery_id] + 1
        outcomes = {sub_id: results[(item.delivery_id, sub_id)] for sub_id, _ in item.targets}
        dead_devices |= {s for s, r in outcomes.items() if r.outcome == "dead"}
        good_devices |= {s for s, r in outcomes.items() if r.outcome == "sent"}
        kinds = {r.outcome for r in outcomes.values()}
        said = "; ".join(f"{r.outcome} {r.status or ''} {r.detail}".strip() for r in outcomes.values())[:2000]
        values: dict[str, object] = {"result": said}
        if "sent" in kinds:
            values |= {"status": DeliveryStatus.SENT.value, "sent_at": now}
        elif "retry" in kinds and attempts < MAX_ATTEMPTS:
            wait = (
                max((r.retry_after or 0 for r in outcomes.values() if r.outcome == "retry"), default=0)
                or None
            )
            values |= {"status": DeliveryStatus.DUE.value, "claimed_by": "",
                       "next_attempt_at": now + timedelta(seconds=backoff(attempts, wait, at_least=at_least))}  # fmt: skip
        elif kinds == {"dead"}:
            values |= {"status": DeliveryStatus.DEAD.value}
        else:
            values |= {"status": DeliveryStatus.FAILED.value}
        changes[(True, tuple(sorted(values.items())))].append(item.delivery_id)
        counts[str(values["status"])] += 1
    for (tried, change), group in changes.items():
        db.exec(
            update(NudgeDelivery)  # type: ignore[call-overload]
            .where(col(NudgeDelivery.id).in_(group), col(NudgeDelivery.claimed_by) == worker[:80],
                   col(NudgeDelivery.status) == DeliveryStatus.CLAIMED.value)
            .values(**dict(change), **({"attempts": col(NudgeDelivery.attempts) + 1} if tried else {}))
        )  # fmt: skip
    if dead_devices:  # the push service says the subscription is gone: never try it again
        db.exec(delete(PushSubscription).where(col(PushSubscription.id).in_(dead_devices)))  # type: ignore[call-overload]
    if good_devices:
        db.exec(
            update(PushSubscription)  # type: ignore[call-overload]
            .where(col(PushSubscription.id).in_(good_devices))
            .values(last_success_at=now, failures=0)
        )
    return dict(counts)
