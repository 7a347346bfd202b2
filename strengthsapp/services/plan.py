"""Envision: the client's Personal Recovery Plan — goals in their own words, why they
matter, and the steps toward them.

Only the client writes the plan (`EDIT_PLAN`); everyone else suggests (services.suggestions).
An edit names the version of the words it started from: if they changed meanwhile (the
client's other device, an accepted idea), `Conflict` carries the new words and nothing is
overwritten. Marking done, moving and resting a goal are not edits of the words.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, update
from sqlmodel import Session, col, func, select

from strengthsapp.db.models import (
    CheckIn,
    Goal,
    GoalResourceLink,
    GoalStrengthLink,
    LifeDomain,
    NudgeDelivery,
    NudgePlan,
    Resource,
    Step,
    StepResourceLink,
    StepStrengthLink,
    StrengthEntry,
    User,
    Win,
)
from strengthsapp.db.types import id_of, utcnow
from strengthsapp.domain.access import Action, Actor, Relation, can, may_take_back, relation
from strengthsapp.domain.life_domains import FALLBACK_ICON, label_words
from strengthsapp.domain.today import describe_day, describe_target, step_who
from strengthsapp.domain.vocabulary import DeliveryStatus, GoalStatus, StepWho
from strengthsapp.i18n import _
from strengthsapp.services import audit
from strengthsapp.services.boards import authorize, load_board, refuse, row_by_id, step_and_goal
from strengthsapp.services.errors import Conflict, InvalidInput, NotFound
from strengthsapp.services.progress import FEELING_WORDS
from strengthsapp.services.words import LONG, clean, future_date

TIMELINE_LENGTH = 30
# The client's own words for who does a step (her forms, her ideas' details): message ids,
# made in English at import, translated where they are shown.
WHO_WORDS = {who: step_who(who, "", viewer=Relation.CLIENT, client_name="") for who in StepWho}
WHO = [(who.value, words) for who, words in WHO_WORDS.items()]  # the choices of a form


# --- what the screens show ---------------------------------------------------------------


@dataclass
class LinkPublic:
    id: int
    text: str


@dataclass
class StepPublic:
    id: int
    text: str
    who: str
    who_name: str
    who_words: str
    target_date: str  # ISO, for the edit form
    when: str  # in kind words
    done: bool
    version: int
    strengths: list[LinkPublic] = field(default_factory=list)
    resources: list[LinkPublic] = field(default_factory=list)
    undoable: bool = False  # done, and this viewer may undo it (the client, or whoever marked it)


@dataclass
class TimelineItemPublic:
    when: str
    kind: str  # step_done | check_in | win
    text: str
    by: str = ""  # someone other than the client
    id: int = 0  # of the check-in or win
    removable: bool = False


@dataclass
class PlanGoalPublic:
    id: int
    text: str
    why: str
    domain_key: str
    domain_label: str
    domain_icon: str
    status: str
    target_date: str
    when: str
    version: int
    steps_done: int
    steps: list[StepPublic] = field(default_factory=list)
    strengths: list[LinkPublic] = field(default_factory=list)
    resources: list[LinkPublic] = field(default_factory=list)
    achieved_when: str = ""
    timeline: list[TimelineItemPublic] = field(default_factory=list)  # only for the goal opened


@dataclass
class DomainPublic:
    key: str
    label: str
    icon: str


@dataclass
class PlanPublic:
    goals: list[PlanGoalPublic]  # active, in the client's order
    resting: list[PlanGoalPublic]  # paused
    set_aside: list[PlanGoalPublic]
    achieved: list[PlanGoalPublic]  # "I did it", newest first, with the strengths used
    domains: list[DomainPublic]
    strengths: list[LinkPublic]  # what can be linked to a goal or step
    resources: list[LinkPublic]
    edits: bool  # the viewer is the client and writes the plan


def client_today(db: Session, client_id: int, now: datetime) -> date:
    return now.astimezone(ZoneInfo(_timezone(db, client_id))).date()


def domains_of(db: Session, agency_id: int) -> list[DomainPublic]:
    rows = db.exec(
        select(LifeDomain).where(LifeDomain.agency_id == agency_id).order_by(col(LifeDomain.position))
    )
    return [DomainPublic(key=d.key, label=label_words(d.label), icon=d.icon) for d in rows]


def get_plan(
    db: Session, *, actor: Actor | None, client_id: int, open_goal_id: int = 0, now: datetime | None = None
) -> PlanPublic:
    """The whole plan as far as the actor may see it, in a fixed number of queries; the
    timeline only for the goal opened."""
    now = now or utcnow()
    board = authorize(db, actor=actor, action=Action.VIEW_GOALS, client_id=client_id, now=now)
    client = db.get(User, client_id)
    assert client is not None  # authorized: the board is a client's
    zone = ZoneInfo(client.timezone)
    today = now.astimezone(zone).date()
    viewer = relation(actor, board)
    domains = domains_of(db, board.agency_id)
    by_key = {d.key: d for d in domains}
    goals = list(
        db.exec(select(Goal).where(Goal.client_id == client_id).order_by(col(Goal.position), col(Goal.id)))
    )
    goal_ids = [id_of(g) for g in goals]
    steps = (
        list(
            db.exec(
                select(Step).where(col(Step.goal_id).in_(goal_ids)).order_by(col(Step.position), col(Step.id))
            )
        )
        if goal_ids
        else []
    )
    step_ids = [id_of(s) for s in steps]
    sees_strengths = can(actor, Action.VIEW_STRENGTHS, board)
    sees_wins = can(actor, Action.VIEW_WINS, board)
    sees_resources = can(actor, Action.VIEW_RESOURCES, board)
    strengths = (
        {
            id_of(s): s.text
            for s in db.exec(
                select(StrengthEntry)
                .where(StrengthEntry.client_id == client_id)
                .order_by(col(StrengthEntry.id))
            )
        }
        if sees_strengths
        else {}
    )
    resources = (
        {
            id_of(r): r.name
            for r in db.exec(
                select(Resource).where(Resource.client_id == client_id).order_by(col(Resource.id))
            )
        }
        if sees_resources
        else {}
    )
    goal_strengths = _links(db, GoalStrengthLink, "goal_id", "strength_id", goal_ids, strengths)
    step_strengths = _links(db, StepStrengthLink, "step_id", "strength_id", step_ids, strengths)
    goal_resources = _links(db, GoalResourceLink, "goal_id", "resource_id", goal_ids, resources)
    step_resources = _links(db, StepResourceLink, "step_id", "resource_id", step_ids, resources)

    steps_by_goal: dict[int, list[StepPublic]] = defaultdict(list)
    for step in steps:
        steps_by_goal[step.goal_id].append(
            StepPublic(
                id=id_of(step),
                text=step.text,
                who=step.who,
                who_name=step.who_name,
                who_words=step_who(step.who, step.who_name, viewer=viewer, client_name=client.display_name),
                target_date=step.target_date.isoformat() if step.target_date else "",
                when=describe_target(step.target_date, today=today) if step.done_at is None else "",
                done=step.done_at is not None,
                undoable=step.done_at is not None and may_take_back(actor, client_id=client_id, recorded_by=step.done_by_id),
                version=step.version,
                strengths=step_strengths.get(id_of(step), []),
                resources=step_resources.get(id_of(step), []),
            )
        )  # fmt: skip

    def public(goal: Goal) -> PlanGoalPublic:
        domain = by_key.get(goal.domain_key)
        goal_steps = steps_by_goal.get(id_of(goal), [])
        return PlanGoalPublic(
            id=id_of(goal),
            text=goal.text,
            why=goal.why,
            domain_key=goal.domain_key,
            domain_label=domain.label if domain else "",
            domain_icon=domain.icon if domain else FALLBACK_ICON,
            status=goal.status,
            target_date=goal.target_date.isoformat() if goal.target_date else "",
            when=describe_target(goal.target_date, today=today) if goal.status == GoalStatus.ACTIVE else "",
            version=goal.version,
            steps_done=sum(1 for s in goal_steps if s.done),
            steps=goal_steps,
            strengths=goal_strengths.get(id_of(goal), []),
            resources=goal_resources.get(id_of(goal), []),
            achieved_when=describe_day(goal.achieved_at.astimezone(zone).date(), today=today)
            if goal.achieved_at
            else "",
            timeline=goal_timeline(db, goal=goal, today=today, viewer=actor, shows_wins=sees_wins)
            if goal.id == open_goal_id
            else [],
        )

    def with_status(status: GoalStatus) -> list[PlanGoalPublic]:
        return [public(g) for g in goals if g.status == status.value]

    achieved = sorted(
        (g for g in goals if g.status == GoalStatus.ACHIEVED.value),
        key=lambda g: g.achieved_at or g.updated_at,
        reverse=True,
    )
    return PlanPublic(
        goals=with_status(GoalStatus.ACTIVE),
        resting=with_status(GoalStatus.PAUSED),
        set_aside=with_status(GoalStatus.SET_ASIDE),
        achieved=[public(g) for g in achieved],
        domains=domains,
        strengths=[LinkPublic(id=k, text=v) for k, v in strengths.items()],
        resources=[LinkPublic(id=k, text=v) for k, v in resources.items()],
        edits=can(actor, Action.EDIT_PLAN, board),
    )


def _links(
    db: Session, model: type, owner: str, other: str, owner_ids: list[int], names: dict[int, str]
) -> dict[int, list[LinkPublic]]:
    """owner id -> the linked things the viewer may see, in one query."""
    if not owner_ids or not names:
        return {}
    found: dict[int, list[LinkPublic]] = defaultdict(list)
    rows: Any = db.exec(select(model).where(col(getattr(model, owner)).in_(owner_ids)))  # type: ignore[call-overload]
    for row in rows:
        other_id = getattr(row, other)
        if other_id in names:
            found[getattr(row, owner)].append(LinkPublic(id=other_id, text=names[other_id]))
    return found


def goal_timeline(
    db: Session, *, goal: Goal, today: date, viewer: Actor | None = None, shows_wins: bool = True
) -> list[TimelineItemPublic]:
    """What happened on a goal, newest first: steps done, check-ins and wins. Only what
    was done is shown; nothing counts what was not. A check-in or win can be taken back by
    the client, or by whoever recorded it (`removable` for this viewer)."""
    zone = ZoneInfo(_timezone(db, goal.client_id))
    done = db.exec(select(Step).where(Step.goal_id == goal.id, col(Step.done_at).is_not(None)))
    check_ins = db.exec(
        select(CheckIn)
        .where(CheckIn.goal_id == goal.id)
        .order_by(col(CheckIn.at).desc())
        .limit(TIMELINE_LENGTH)
    )
    wins: Any = (
        db.exec(select(Win).where(Win.goal_id == goal.id).order_by(col(Win.on).desc()).limit(TIMELINE_LENGTH))
        if shows_wins  # a peer shown goals alone sees no wins in a goal's story
        else []
    )
    # (day, order within a day, kind, text, who did it, id)
    items: list[tuple[date, int, str, str, int | None, int]] = [
        (s.done_at.astimezone(zone).date(), 1, "step_done", s.text, s.done_by_id, id_of(s))
        for s in done
        if s.done_at
    ]
    items += [
        (c.at.astimezone(zone).date(), 2, "check_in", _with_feeling(c.text, c.feeling), c.recorded_by_id, id_of(c))
        for c in check_ins
    ]  # fmt: skip
    items += [(w.on, 0, "win", w.text, w.recorded_by_id, id_of(w)) for w in wins]
    items.sort(key=lambda item: (item[0], item[1]), reverse=True)
    items = items[:TIMELINE_LENGTH]
    others = {item[4] for item in items if item[4] is not None and item[4] != goal.client_id}
    names = (
        {u.id: u.display_name for u in db.exec(select(User).where(col(User.id).in_(others)))}
        if others
        else {}
    )
    return [
        TimelineItemPublic(
            when=describe_day(day, today=today), kind=kind, text=text, by=names.get(by, ""), id=item_id,
            removable=kind != "step_done" and may_take_back(viewer, client_id=goal.client_id, recorded_by=by),
        )
        for day, _, kind, text, by, item_id in items
    ]  # fmt: skip


def _with_feeling(words: str, feeling: str | None) -> str:
    """A check-in's words, with the feeling chosen beside them: "Loved it (proud)"."""
    if not feeling:
        return words
    return _(
        "{words} ({feeling})",
        words=words,
        feeling=_(FEELING_WORDS[feeling]) if feeling in FEELING_WORDS else feeling,
    )


def _timezone(db: Session, client_id: int) -> str:
    client = db.get(User, client_id)
    return client.timezone if client else "UTC"


# --- the client writes the plan ----------------------------------------------------------


def _goal_for_edit(db: Session, actor: Actor, goal_id: object, now: datetime) -> Goal:
    goal = row_by_id(db, Goal, goal_id)
    if goal is None:
        raise NotFound()
    authorize(db, actor=actor, action=Action.EDIT_PLAN, client_id=goal.client_id, now=now)
    return goal


def domain_key_for(db: Session, client_id: int, key: str) -> str:
    if not key:
        return ""
    client = db.get(User, client_id)
    known = db.exec(
        select(LifeDomain.key).where(
            LifeDomain.agency_id == (client.agency_id if client else 0), LifeDomain.key == key
        )
    ).first()
    if known is None:
        raise InvalidInput(_("Choose a part of life from the list, or none."), field="domain")
    return key


def add_goal(
    db: Session,
    *,
    actor: Actor,
    client_id: int,
    text: str,
    why: str = "",
    domain_key: str = "",
    target_date: date | None = None,
    now: datetime | None = None,
) -> Goal:
    """A new goal in the client's own words, at the end of their plan."""
    now = now or utcnow()
    authorize(db, actor=actor, action=Action.EDIT_PLAN, client_id=client_id, now=now)
    goal = Goal(
        client_id=client_id,
        text=clean(text, field="goal"),
        why=clean(why, field="why", limit=LONG, required=False),
        domain_key=domain_key_for(db, client_id, domain_key),
        target_date=future_date(target_date, today=client_today(db, client_id, now)),
        position=next_goal_position(db, client_id),
        created_by_id=actor.user_id,
        created_at=now,
        updated_at=now,
    )
    db.add(goal)
    db.flush()
    audit.record(
        db, actor=actor, action="goal.added", board_client_id=client_id, target=f"goal {goal.id}", at=now
    )
    return goal


def next_goal_position(db: Session, client_id: int) -> int:
    last = db.exec(select(func.max(Goal.position)).where(Goal.client_id == client_id)).one()
    return (last if last is not None else -1) + 1


def edit_goal(
    db: Session,
    *,
    actor: Actor,
    goal_id: int,
    version: int,
    text: str,
    why: str = "",
    domain_key: str = "",
    target_date: date | None = None,
    now: datetime | None = None,
) -> Goal:
    """New words for a goal, if they are still the ones the client started from."""
    now = now or utcnow()
    goal = _goal_for_edit(db, actor, goal_id, now)
    words = clean(text, field="goal")
    reason = clean(why, field="why", limit=LONG, required=False)
    domain = domain_key_for(db, goal.client_id, domain_key)
    if target_date != goal.target_date:  # a past date already there may stay
        future_date(target_date, today=client_today(db, goal.client_id, now))
    if goal.version != version:
        raise Conflict(
            current={"text": goal.text, "why": goal.why, "domain": goal.domain_key,
                     "target_date": goal.target_date.isoformat() if goal.target_date else ""},
            version=goal.version,
        )  # fmt: skip
    if (words, reason, domain, target_date) == (goal.text, goal.why, goal.domain_key, goal.target_date):
        return goal
    goal.text, goal.why, goal.domain_key, goal.target_date = words, reason, domain, target_date
    goal.updated_at, goal.version = now, goal.version + 1
    db.add(goal)
    audit.record(
        db,
        actor=actor,
        action="goal.edited",
        board_client_id=goal.client_id,
        target=f"goal {goal.id}",
        at=now,
    )
    return goal


def move_goal(db: Session, *, actor: Actor, goal_id: int, offset: int, now: datetime | None = None) -> None:
    """Up (-1) or down (+1) among the goals of the same status: buttons, no dragging."""
    now = now or utcnow()
    goal = _goal_for_edit(db, actor, goal_id, now)
    siblings = list(
        db.exec(
            select(Goal)
            .where(Goal.client_id == goal.client_id, Goal.status == goal.status)
            .order_by(col(Goal.position), col(Goal.id))
        )
    )
    _swap(db, siblings, goal, offset)
    audit.record(
        db, actor=actor, action="goal.moved", board_client_id=goal.client_id, target=f"goal {goal.id}", at=now
    )


def _swap(db: Session, rows: list, row: object, offset: int) -> None:
    if offset not in (-1, 1):
        raise InvalidInput(_("Move one place up or down."))
    index = rows.index(row)
    other = index + offset
    if not 0 <= other < len(rows):
        return  # already first or last
    rows[index], rows[other] = rows[other], rows[index]
    for position, item in enumerate(rows):  # renumber: positions may have had gaps or ties
        if item.position != position:
            item.position = position
            db.add(item)


# --- steps -------------------------------------------------------------------------------


def _who(who: str, who_name: str) -> tuple[str, str]:
    try:
        choice = StepWho(who or StepWho.ME.value)
    except ValueError:
        raise InvalidInput(_("Choose who does this step."), field="who") from None
    name = clean(who_name, field="who_name", limit=80, required=False)
    if choice is StepWho.SOMEONE_ELSE and not name:
        raise InvalidInput(_("Write the name of the person who does this step."), field="who_name")
    return choice.value, name if choice is StepWho.SOMEONE_ELSE else ""


def add_step(
    db: Session,
    *,
    actor: Actor,
    goal_id: int,
    text: str,
    who: str = StepWho.ME.value,
    who_name: str = "",
    target_date: date | None = None,
    now: datetime | None = None,
) -> Step:
    now = now or utcnow()
    goal = _goal_for_edit(db, actor, goal_id, now)
    words = clean(text, field="step")
    who_value, name = _who(who, who_name)
    when = future_date(target_date, today=client_today(db, goal.client_id, now))
    if goal.status != GoalStatus.ACTIVE.value:
        raise InvalidInput(
            _(
                "This goal is resting or set aside now, so it takes no new steps. Pick it up again first; "
                "your words are still in the box."
            ),
            field="step",
        )
    last = db.exec(select(func.max(Step.position)).where(Step.goal_id == goal.id)).one()
    step = Step(
        goal_id=id_of(goal), text=words, who=who_value, who_name=name, target_date=when,
        position=(last if last is not None else -1) + 1, created_at=now, updated_at=now,
    )  # fmt: skip
    db.add(step)
    db.flush()
    audit.record(
        db, actor=actor, action="step.added", board_client_id=goal.client_id, target=f"step {step.id}", at=now
    )
    return step


def _step_for_edit(db: Session, actor: Actor, step_id: object, now: datetime) -> tuple[Step, Goal]:
    step, goal = step_and_goal(db, step_id)
    authorize(db, actor=actor, action=Action.EDIT_PLAN, client_id=goal.client_id, now=now)
    return step, goal


def edit_step(
    db: Session,
    *,
    actor: Actor,
    step_id: int,
    version: int,
    text: str,
    who: str = StepWho.ME.value,
    who_name: str = "",
    target_date: date | None = None,
    now: datetime | None = None,
) -> Step:
    now = now or utcnow()
    step, goal = _step_for_edit(db, actor, step_id, now)
    words = clean(text, field="step")
    who_value, name = _who(who, who_name)
    if target_date != step.target_date:
        future_date(target_date, today=client_today(db, goal.client_id, now))
    if step.version != version:
        raise Conflict(
            current={"text": step.text, "who": step.who, "who_name": step.who_name,
                     "target_date": step.target_date.isoformat() if step.target_date else ""},
            version=step.version,
        )  # fmt: skip
    if (words, who_value, name, target_date) == (step.text, step.who, step.who_name, step.target_date):
        return step
    step.text, step.who, step.who_name, step.target_date = words, who_value, name, target_date
    step.updated_at, step.version = now, step.version + 1
    db.add(step)
    audit.record(
        db,
        actor=actor,
        action="step.edited",
        board_client_id=goal.client_id,
        target=f"step {step.id}",
        at=now,
    )
    return step


def move_step(db: Session, *, actor: Actor, step_id: int, offset: int, now: datetime | None = None) -> None:
    now = now or utcnow()
    step, goal = _step_for_edit(db, actor, step_id, now)
    siblings = list(
        db.exec(select(Step).where(Step.goal_id == goal.id).order_by(col(Step.position), col(Step.id)))
    )
    _swap(db, siblings, step, offset)
    audit.record(
        db, actor=actor, action="step.moved", board_client_id=goal.client_id, target=f"step {step.id}", at=now
    )


def remove_step(db: Session, *, actor: Actor, step_id: int, now: datetime | None = None) -> None:
    """The client takes a step off their plan; check-ins about it stay with the goal."""
    now = now or utcnow()
    step, goal = _step_for_edit(db, actor, step_id, now)
    db.exec(update(CheckIn).where(col(CheckIn.step_id) == step.id).values(step_id=None))  # type: ignore[call-overload]
    # Nudges about it go quiet (and keep pointing at its goal); none is left waiting.
    plans = list(db.exec(select(NudgePlan.id).where(NudgePlan.step_id == step.id)))
    if plans:
        db.exec(update(NudgePlan).where(col(NudgePlan.id).in_(plans)).values(step_id=None, active=False))  # type: ignore[call-overload]
        db.exec(
            update(NudgeDelivery)  # type: ignore[call-overload]
            .where(
                col(NudgeDelivery.plan_id).in_(plans), col(NudgeDelivery.status) == DeliveryStatus.DUE.value
            )
            .values(status=DeliveryStatus.SKIPPED.value, result="step removed")
        )
    db.exec(delete(StepStrengthLink).where(col(StepStrengthLink.step_id) == step.id))  # type: ignore[call-overload]
    db.exec(delete(StepResourceLink).where(col(StepResourceLink.step_id) == step.id))  # type: ignore[call-overload]
    db.delete(step)
    audit.record(
        db,
        actor=actor,
        action="step.removed",
        board_client_id=goal.client_id,
        target=f"step {step.id}",
        at=now,
    )


# --- links to strengths and to people & places -------------------------------------------

LINKS: dict[tuple[str, str], tuple[Any, Any, str, str]] = {
    ("strength", "goal"): (StrengthEntry, GoalStrengthLink, "goal_id", "strength_id"),
    ("strength", "step"): (StrengthEntry, StepStrengthLink, "step_id", "strength_id"),
    ("resource", "goal"): (Resource, GoalResourceLink, "goal_id", "resource_id"),
    ("resource", "step"): (Resource, StepResourceLink, "step_id", "resource_id"),
}


def set_link(
    db: Session,
    *,
    actor: Actor,
    what: str,
    what_id: int,
    to: str,
    to_id: int,
    linked: bool,
    now: datetime | None = None,
) -> None:
    """Link (or unlink) one of the client's strengths or resources to one of their goals or steps."""
    now = now or utcnow()
    if (what, to) not in LINKS:
        raise InvalidInput(_("That can't be linked."))
    model, link, owner_field, other_field = LINKS[(what, to)]
    if to == "goal":
        owner = _goal_for_edit(db, actor, to_id, now)
        client_id = owner.client_id
    else:
        _step, goal = _step_for_edit(db, actor, to_id, now)
        client_id = goal.client_id
    thing = row_by_id(db, model, what_id)
    if thing is None or thing.client_id != client_id:
        board = load_board(db, client_id=client_id, now=now)
        refuse(db, actor=actor, action=f"link_{what}", board=board)
    key = {owner_field: to_id, other_field: what_id}
    existing = db.exec(
        select(link).where(getattr(link, owner_field) == to_id, getattr(link, other_field) == what_id)
    ).first()
    if linked and existing is None:
        db.add(link(**key))
    elif not linked and existing is not None:
        db.delete(existing)
    else:
        return
    audit.record(
        db, actor=actor, action=f"{what}.{'linked' if linked else 'unlinked'}", board_client_id=client_id,
        target=f"{to} {to_id}", at=now,
    )  # fmt: skip
