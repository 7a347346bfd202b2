"""Nudges the client chose: what, when, in her words; the devices that receive them; and
what she does from a notification ("Done", "Not today"). Only the client sets her nudges
(`MANAGE_OWN`); others may suggest one. The worker sends them (services.deliveries).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import Session, col, select

from strengthsapp.db.models import Goal, NudgeDelivery, NudgePlan, PushSubscription, QuietHours, Step, User
from strengthsapp.db.types import id_of, utcnow
from strengthsapp.domain.access import Action, Actor, may_move_device, owns
from strengthsapp.domain.nudges import describe_days
from strengthsapp.domain.vocabulary import DeliveryStatus, GoalStatus
from strengthsapp.i18n import N_, _, clock, day, day_name, is_timezone, timezone_name
from strengthsapp.push.webpush import valid_subscription
from strengthsapp.services import audit, deliveries
from strengthsapp.services.boards import authorize, refuse, row_by_id
from strengthsapp.services.errors import InvalidInput, NotFound
from strengthsapp.services.words import clean

log = logging.getLogger(__name__)

MAX_MESSAGE = 200  # a notification shows two or three lines
DEFAULT_MESSAGE = N_("When you're ready: {step}")  # offered in the form, never imposed: _(it, step=...)
SNOOZES = {1: "a day", 7: "a week"}
# Every account's timezone until one is set, so also that of a nudge suggested for her.
ACCOUNT_TIMEZONE = "UTC"


# --- the client's choices ---------------------------------------------------------------


@dataclass
class NudgePlanPublic:
    id: int
    about: str  # the step or goal, in the client's words
    days: str
    at: str
    timezone: str
    message: str
    active: bool
    snoozed_until: str


def _target(db: Session, client_id: int, *, step_id: object, goal_id: object) -> tuple[Step | None, Goal]:
    step = row_by_id(db, Step, step_id) if step_id else None
    goal = db.get(Goal, step.goal_id) if step is not None else row_by_id(db, Goal, goal_id)
    if goal is None or goal.client_id != client_id:
        raise InvalidInput(_("Choose one of your steps or goals."), field="about")
    return step, goal


def checked_choice(
    days: Iterable[object], at: str, timezone: str, message: str
) -> tuple[list[int], time, str, str]:
    chosen = sorted({d for d in days if isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6})
    if not chosen:
        raise InvalidInput(_("Choose at least one day."), field="days")
    try:
        moment = time.fromisoformat(str(at)[:8])
    except ValueError:
        raise InvalidInput(_("Choose a time, like 09:30."), field="at") from None
    if not (timezone == ACCOUNT_TIMEZONE or is_timezone(timezone)):  # one of the form's list
        raise InvalidInput(
            _("We don't know the timezone “{zone}”. Choose one from the list.", zone=str(timezone)[:60]),
            field="timezone",
        )
    return (
        chosen,
        moment.replace(second=0, microsecond=0),
        timezone,
        clean(message, field="message", limit=MAX_MESSAGE),
    )


def save_plan(
    db: Session,
    *,
    actor: Actor,
    client_id: int,
    days: Iterable[object],
    at: str,
    timezone: str,
    message: str,
    step_id: int | None = None,
    goal_id: int | None = None,
    now: datetime | None = None,
) -> NudgePlan:
    """A nudge for a step or a goal, on the days and at the time the client chose."""
    now = now or utcnow()
    authorize(db, actor=actor, action=Action.MANAGE_OWN, client_id=client_id, now=now)
    step, goal = _target(db, client_id, step_id=step_id, goal_id=goal_id)
    chosen, moment, zone, words = checked_choice(days, at, timezone, message)
    plan = NudgePlan(
        client_id=client_id, goal_id=goal.id, step_id=step.id if step else None, days=chosen, at_time=moment,
        timezone=zone, message=words, created_at=now,
    )  # fmt: skip
    db.add(plan)
    db.flush()
    deliveries.schedule_plan(db, plan, now=now)  # its coming nudges exist from now on
    audit.record(
        db, actor=actor, action="nudge.set", board_client_id=client_id, target=f"nudge {plan.id}", at=now
    )
    return plan


def _plan_for(db: Session, actor: Actor, plan_id: object, now: datetime) -> NudgePlan:
    plan = row_by_id(db, NudgePlan, plan_id)
    if plan is None:
        raise NotFound()
    authorize(db, actor=actor, action=Action.MANAGE_OWN, client_id=plan.client_id, now=now)
    return plan


def stop_plan(db: Session, *, actor: Actor, plan_id: int, now: datetime | None = None) -> None:
    now = now or utcnow()
    plan = _plan_for(db, actor, plan_id, now)
    plan.active = False
    db.add(plan)
    _skip_waiting(db, [id_of(plan)], reason="stopped")
    audit.record(db, actor=actor, action="nudge.stopped", board_client_id=plan.client_id, at=now)


def snooze_plan(db: Session, *, actor: Actor, plan_id: int, days: int, now: datetime | None = None) -> None:
    """Quiet for a day or a week, counted to the end of the client's day."""
    now = now or utcnow()
    if days not in SNOOZES:
        raise InvalidInput(_("Snooze for a day or a week."))
    plan = _plan_for(db, actor, plan_id, now)
    plan.snoozed_until = _end_of_local_day(now, plan.timezone, days - 1)
    db.add(plan)
    _skip_waiting(db, [id_of(plan)], reason="snoozed", before=plan.snoozed_until)
    audit.record(db, actor=actor, action="nudge.snoozed", board_client_id=plan.client_id, at=now)


def _end_of_local_day(now: datetime, timezone: str, extra_days: int = 0) -> datetime:
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone).date() + timedelta(days=extra_days + 1)
    return datetime.combine(local, time(0)).replace(tzinfo=zone).astimezone(ZoneInfo("UTC"))


def set_quiet_hours(
    db: Session, *, actor: Actor, client_id: int, start: str, end: str, now: datetime | None = None
) -> None:
    """Client-wide hours without nudges; both empty removes them."""
    now = now or utcnow()
    authorize(db, actor=actor, action=Action.MANAGE_OWN, client_id=client_id, now=now)
    existing = db.get(QuietHours, client_id)
    if not start and not end:
        if existing is None:
            return
        db.delete(existing)
    else:
        try:
            begin, finish = time.fromisoformat(str(start)[:8]), time.fromisoformat(str(end)[:8])
        except ValueError:
            raise InvalidInput(
                _("Choose when quiet hours start and end, like 22:00 and 07:00."), field="quiet"
            ) from None
        row = existing or QuietHours(client_id=client_id, start=begin, end=finish)
        row.start, row.end = begin, finish
        db.add(row)
    db.flush()
    deliveries.reschedule_client(db, client_id=client_id, now=now)  # the waiting nudges move


def plans_of(
    db: Session, *, actor: Actor, client_id: int, now: datetime | None = None
) -> list[NudgePlanPublic]:
    now = now or utcnow()
    authorize(db, actor=actor, action=Action.MANAGE_OWN, client_id=client_id, now=now)
    rows = db.exec(
        select(NudgePlan, Step.text, Goal.text)
        .outerjoin(Step, col(Step.id) == NudgePlan.step_id)
        .outerjoin(Goal, col(Goal.id) == NudgePlan.goal_id)
        .where(NudgePlan.client_id == client_id, col(NudgePlan.active))
        .order_by(col(NudgePlan.id))
    )
    return [
        NudgePlanPublic(
            id=id_of(p), about=step_text or goal_text or "", days=describe_days(frozenset(p.days)),
            at=clock(datetime.combine(now.date(), p.at_time)), timezone=timezone_name(p.timezone), message=p.message,
            active=p.active,
            snoozed_until=day_name(p.snoozed_until.astimezone(ZoneInfo(p.timezone)).date())
            if p.snoozed_until and p.snoozed_until > now else "",
        )
        for p, step_text, goal_text in rows
    ]  # fmt: skip


@dataclass
class ChoicePublic:
    value: str  # "step-3" or "goal-2"
    label: str


@dataclass
class NudgeSettingsPublic:
    """Settings → Nudges, as the client sees it on one device."""

    plans: list[NudgePlanPublic]
    devices: list[DevicePublic]
    choices: list[ChoicePublic]  # what a new nudge can be about
    timezone: str
    quiet_start: str  # "22:00", or "" for none
    quiet_end: str


def nudge_settings(db: Session, *, actor: Actor, session_id: int | None) -> NudgeSettingsPublic:
    """The client's own nudges, devices (this one marked) and quiet hours."""
    plans = plans_of(db, actor=actor, client_id=actor.user_id)  # authorized: her own
    user = db.get(User, actor.user_id)
    quiet = db.get(QuietHours, actor.user_id)
    return NudgeSettingsPublic(
        plans=plans,
        devices=devices_of(db, actor=actor, session_id=session_id),
        choices=_choices(db, actor.user_id),
        timezone=user.timezone if user else "UTC",
        quiet_start=quiet.start.strftime("%H:%M") if quiet else "",
        quiet_end=quiet.end.strftime("%H:%M") if quiet else "",
    )


def _choices(db: Session, client_id: int) -> list[ChoicePublic]:
    """Open steps of active goals, then the goals themselves."""
    goals = list(
        db.exec(
            select(Goal)
            .where(Goal.client_id == client_id, Goal.status == GoalStatus.ACTIVE.value)
            .order_by(col(Goal.position), col(Goal.id))
        )
    )
    steps = (
        list(
            db.exec(
                select(Step)
                .where(col(Step.goal_id).in_([g.id for g in goals]), col(Step.done_at).is_(None))
                .order_by(col(Step.position), col(Step.id))
            )
        )
        if goals
        else []
    )
    return [ChoicePublic(value=f"step-{s.id}", label=s.text) for s in steps] + [
        ChoicePublic(value=f"goal-{g.id}", label=_("My goal: {goal}", goal=g.text)) for g in goals
    ]


# --- devices ------------------------------------------------------------------------------


def subscribe(
    db: Session,
    *,
    actor: Actor,
    session_id: int | None,
    endpoint: str,
    p256dh: str,
    auth: str,
    user_agent: str = "",
    now: datetime | None = None,
) -> PushSubscription:
    """This device receives this person's nudges. A subscription seen before under another
    account (a shared phone) moves here only when the browser proves it holds it: the same
    endpoint *and* its keys, which only that browser (and we) know. The endpoint alone would
    let anyone who learned it take someone's device. One device, one owner, never two rows."""
    now = now or utcnow()
    problem = valid_subscription(endpoint, p256dh, auth)
    if problem:  # the technical words are for the log; the person is told what to do
        log.warning("push subscription of user %s refused: %s", actor.user_id, problem)
        raise InvalidInput(
            _("This browser's nudge settings didn't come through right. Please try turning nudges on again."),
            field="subscription",
        )
    row = db.exec(select(PushSubscription).where(PushSubscription.endpoint == endpoint)).first()
    if row is not None and not may_move_device(
        actor, owner_id=row.user_id, proves_keys=(row.p256dh, row.auth) == (p256dh, auth)
    ):
        audit.record_refusal(db, actor=actor, action="denied:push_subscribe", at=now)
        raise InvalidInput(
            _(
                "This browser's nudges are set up for someone else. Turn nudges off in their account "
                "first, or use another browser."
            ),
            field="subscription",
        )
    if row is None:
        row = PushSubscription(
            user_id=actor.user_id, endpoint=endpoint, p256dh=p256dh, auth=auth, created_at=now
        )
    row.user_id, row.p256dh, row.auth, row.session_id = actor.user_id, p256dh, auth, session_id
    row.user_agent, row.failures = user_agent[:300], 0
    db.add(row)
    db.flush()
    return row


def remove_device(db: Session, *, actor: Actor, subscription_id: int) -> None:
    row = row_by_id(db, PushSubscription, subscription_id)
    if row is None or not owns(actor, row.user_id):
        raise NotFound()
    db.delete(row)


# --- acting on a nudge ------------------------------------------------------------------------


def act(db: Session, *, actor: Actor, delivery_id: object, action: str, now: datetime | None = None) -> str:
    """ "Done" or "Not today" from the notification. Each delivery counts once: a repeated
    post (a retry, a double tap) records nothing more. Returns what happened."""
    from strengthsapp.services.progress import check_in, mark_step_done

    now = now or utcnow()
    if action not in {"done", "not_today"}:
        raise InvalidInput(_("Choose done or not today."))
    delivery = row_by_id(db, NudgeDelivery, delivery_id)
    plan = db.get(NudgePlan, delivery.plan_id) if delivery else None
    if delivery is None or plan is None:
        raise NotFound()
    board = authorize(db, actor=actor, action=Action.MARK_PROGRESS, client_id=plan.client_id, now=now)
    if not owns(actor, plan.client_id):  # a nudge is acted on by the person it was sent to
        refuse(db, actor=actor, action="nudge_action", board=board)
    taken = db.exec(
        update(NudgeDelivery)  # type: ignore[call-overload]
        .where(col(NudgeDelivery.id) == delivery.id, col(NudgeDelivery.acted_at).is_(None))
        .values(action=action, acted_at=now)
    )
    if not taken.rowcount:
        return "already"
    if action == "not_today":
        plan.snoozed_until = _end_of_local_day(now, plan.timezone)
        db.add(plan)
        return "not_today"
    if plan.step_id:
        try:
            mark_step_done(db, actor=actor, step_id=plan.step_id, now=now)
            return "done"
        except InvalidInput:  # the goal is resting: say so as a check-in instead
            pass
    if plan.goal_id:
        # Kept as her words, in the language she reads the app in on this phone.
        check_in(db, actor=actor, goal_id=plan.goal_id, text=_("Done, from my nudge"), now=now)
    return "done"


def _skip_waiting(db: Session, plan_ids: list[int], *, reason: str, before: datetime | None = None) -> None:
    waiting = [
        col(NudgeDelivery.plan_id).in_(plan_ids),
        col(NudgeDelivery.status) == DeliveryStatus.DUE.value,
    ]
    if before is not None:
        waiting.append(col(NudgeDelivery.due_at) < before)
    db.exec(
        update(NudgeDelivery)  # type: ignore[call-overload]
        .where(*waiting)
        .values(status=DeliveryStatus.SKIPPED.value, result=reason)
    )


@dataclass
class DevicePublic:
    id: int
    label: str  # the browser, in a few words
    since: str
    this_device: bool


def devices_of(db: Session, *, actor: Actor, session_id: int | None) -> list[DevicePublic]:
    rows = db.exec(
        select(PushSubscription)
        .where(PushSubscription.user_id == actor.user_id)
        .order_by(col(PushSubscription.id))
    )
    return [
        DevicePublic(id=id_of(d), label=device_words(d.user_agent), since=day(d.created_at.date()),
                     this_device=session_id is not None and d.session_id == session_id)
        for d in rows
    ]  # fmt: skip


def device_words(user_agent: str) -> str:
    agent = user_agent.lower()
    system = next((name for key, name in (("iphone", "iPhone"), ("ipad", "iPad"), ("android", "Android"),
                                          ("windows", "Windows"), ("mac os", "Mac"), ("linux", "Linux"))
                   if key in agent), "")  # fmt: skip
    browser = next((name for key, name in (("edg/", "Edge"), ("firefox", "Firefox"), ("chrome", "Chrome"),
                                           ("safari", "Safari")) if key in agent), "")  # fmt: skip
    if not system:
        return _("A device, {browser}", browser=browser) if browser else _("A device")
    return f"{system}, {browser}" if browser else system
