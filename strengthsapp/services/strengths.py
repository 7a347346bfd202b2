"""Explicitize: the client's Strengths Assessment and priorities.

Life domains (an agency setting) by three columns, taken in the order a conversation
takes them: what I want, what I have now, what has worked before. Entries are the
client's own words. Up to four priorities, each of which becomes a goal with one tap.
A recorded win is evidence of a strength: it joins *what has worked before* with one tap.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from strengthsapp.db.models import Goal, GoalStrengthLink, Priority, StepStrengthLink, StrengthEntry, Win
from strengthsapp.db.types import id_of, utcnow
from strengthsapp.domain.access import Action, Actor, can
from strengthsapp.domain.life_domains import FALLBACK_ICON
from strengthsapp.domain.vocabulary import GoalStatus, StrengthColumn
from strengthsapp.i18n import N_, _
from strengthsapp.services import audit
from strengthsapp.services.boards import authorize, row_by_id
from strengthsapp.services.errors import Conflict, InvalidInput, NotFound
from strengthsapp.services.plan import DomainPublic, domain_key_for, domains_of, next_goal_position
from strengthsapp.services.words import clean

MAX_PRIORITIES = 4
COLUMN_WORDS = {  # (heading, hint): message ids, translated where they are shown
    StrengthColumn.WANT: (N_("What I want"), N_("Hopes and dreams, big or small")),
    StrengthColumn.HAVE_NOW: (N_("What I have now"), N_("What is going well, who and what is around me")),
    StrengthColumn.WORKED_BEFORE: (
        N_("What has worked before"),
        N_("People, places and ways that helped in the past"),
    ),
}
# Where strengths of no life domain (or of one the agency retired) are shown.
ANYWHERE_LABEL = N_("All through my life")


@dataclass
class EntryPublic:
    id: int
    text: str
    version: int


@dataclass
class DomainStrengthsPublic:
    """One life domain; a field per column (named as StrengthColumn's values)."""

    key: str
    label: str
    icon: str
    count: int
    want: list[EntryPublic] = field(default_factory=list)
    have_now: list[EntryPublic] = field(default_factory=list)
    worked_before: list[EntryPublic] = field(default_factory=list)


@dataclass
class PriorityPublic:
    id: int
    rank: int
    text: str
    became_goal: bool
    goal_text: str  # once it became a goal; only for whoever may see goals


@dataclass
class AssessmentPublic:
    domains: list[DomainStrengthsPublic]
    priorities: list[PriorityPublic]
    edits: bool
    room_for_priorities: bool


def get_assessment(
    db: Session, *, actor: Actor | None, client_id: int, now: datetime | None = None
) -> AssessmentPublic:
    board = authorize(db, actor=actor, action=Action.VIEW_STRENGTHS, client_id=client_id, now=now)
    entries: dict[tuple[str, str], list[EntryPublic]] = defaultdict(list)
    for entry in db.exec(
        select(StrengthEntry).where(StrengthEntry.client_id == client_id).order_by(col(StrengthEntry.id))
    ):
        entries[(entry.domain_key, entry.column)].append(
            EntryPublic(id=id_of(entry), text=entry.text, version=entry.version)
        )
    domains = domains_of(db, board.agency_id)
    known = {d.key for d in domains}
    for key, column in [k for k in entries if k[0] not in known and k[0] != ""]:  # a retired domain
        entries[("", column)] += entries.pop((key, column))
    if any(key == "" for key, _ in entries):
        domains.append(DomainPublic(key="", label=_(ANYWHERE_LABEL), icon=FALLBACK_ICON))
    rows = db.exec(
        select(Priority, Goal.text)
        .outerjoin(Goal, col(Goal.id) == Priority.goal_id)
        .where(Priority.client_id == client_id)
        .order_by(col(Priority.rank))
    )
    sees_goals = can(actor, Action.VIEW_GOALS, board)
    priorities = [
        PriorityPublic(id=id_of(p), rank=p.rank, text=p.text, became_goal=p.goal_id is not None,
                       goal_text=(text or "") if sees_goals else "")
        for p, text in rows
    ]  # fmt: skip
    return AssessmentPublic(
        domains=[
            DomainStrengthsPublic(
                key=d.key,
                label=d.label,
                icon=d.icon,
                count=sum(len(entries.get((d.key, c.value), [])) for c in StrengthColumn),
                **{c.value: entries.get((d.key, c.value), []) for c in StrengthColumn},
            )
            for d in domains
        ],
        priorities=priorities,
        edits=can(actor, Action.EDIT_PLAN, board),
        room_for_priorities=sum(1 for p in priorities if not p.became_goal) < MAX_PRIORITIES,
    )


def _column(value: str) -> StrengthColumn:
    try:
        return StrengthColumn(value)
    except ValueError:
        raise InvalidInput(
            _("Choose a column: what I want, what I have now, or what has worked before.")
        ) from None


def add_entry(
    db: Session,
    *,
    actor: Actor,
    client_id: int,
    domain_key: str,
    column: str,
    text: str,
    now: datetime | None = None,
) -> StrengthEntry:
    now = now or utcnow()
    authorize(db, actor=actor, action=Action.EDIT_PLAN, client_id=client_id, now=now)
    entry = StrengthEntry(
        client_id=client_id,
        domain_key=domain_key_for(db, client_id, domain_key),
        column=_column(column).value,
        text=clean(text, field="strength"),
        author_id=actor.user_id,
        created_at=now,
        updated_at=now,
    )
    db.add(entry)
    db.flush()
    audit.record(
        db,
        actor=actor,
        action="strength.added",
        board_client_id=client_id,
        target=f"strength {entry.id}",
        at=now,
    )
    return entry


def _entry_for_edit(db: Session, actor: Actor, entry_id: object, now: datetime) -> StrengthEntry:
    entry = row_by_id(db, StrengthEntry, entry_id)
    if entry is None:
        raise NotFound()
    authorize(db, actor=actor, action=Action.EDIT_PLAN, client_id=entry.client_id, now=now)
    return entry


def edit_entry(
    db: Session, *, actor: Actor, entry_id: int, version: int, text: str, now: datetime | None = None
) -> StrengthEntry:
    now = now or utcnow()
    entry = _entry_for_edit(db, actor, entry_id, now)
    words = clean(text, field="strength")
    if entry.version != version:
        raise Conflict(current={"text": entry.text}, version=entry.version)
    if words != entry.text:
        entry.text, entry.updated_at, entry.version = words, now, entry.version + 1
        db.add(entry)
        audit.record(
            db, actor=actor, action="strength.edited", board_client_id=entry.client_id,
            target=f"strength {entry.id}", at=now,
        )  # fmt: skip
    return entry


def remove_entry(db: Session, *, actor: Actor, entry_id: int, now: datetime | None = None) -> None:
    now = now or utcnow()
    entry = _entry_for_edit(db, actor, entry_id, now)
    db.exec(delete(GoalStrengthLink).where(col(GoalStrengthLink.strength_id) == entry.id))  # type: ignore[call-overload]
    db.exec(delete(StepStrengthLink).where(col(StepStrengthLink.strength_id) == entry.id))  # type: ignore[call-overload]
    db.delete(entry)
    audit.record(db, actor=actor, action="strength.removed", board_client_id=entry.client_id, at=now)


# --- priorities ---------------------------------------------------------------------------


def add_priority(
    db: Session, *, actor: Actor, client_id: int, text: str, now: datetime | None = None
) -> Priority:
    """One of up to four things that matter most now, in the client's words."""
    now = now or utcnow()
    authorize(db, actor=actor, action=Action.EDIT_PLAN, client_id=client_id, now=now)
    words = clean(text, field="priority")
    rank = next_priority_rank(db, client_id)
    if rank is None:
        raise InvalidInput(
            _("You have four priorities waiting. Make one a goal, or take one off, first."), field="priority"
        )
    priority = Priority(client_id=client_id, rank=rank, text=words)
    db.add(priority)
    db.flush()
    audit.record(
        db, actor=actor, action="priority.added", board_client_id=client_id, target=f"priority {priority.id}",
        at=now,
    )  # fmt: skip
    return priority


def max_rank(db: Session, client_id: int) -> int:
    return max(db.exec(select(Priority.rank).where(Priority.client_id == client_id)).all(), default=0)


def next_priority_rank(db: Session, client_id: int) -> int | None:
    """The place after the last priority, or None when four are waiting (not yet goals):
    a priority that became a goal stays in the list and frees its place."""
    rows = list(db.exec(select(Priority).where(Priority.client_id == client_id)))
    if sum(1 for p in rows if p.goal_id is None) >= MAX_PRIORITIES:
        return None
    return max((p.rank for p in rows), default=0) + 1


def _priority_for_edit(db: Session, actor: Actor, priority_id: object, now: datetime) -> Priority:
    priority = row_by_id(db, Priority, priority_id)
    if priority is None:
        raise NotFound()
    authorize(db, actor=actor, action=Action.EDIT_PLAN, client_id=priority.client_id, now=now)
    return priority


def remove_priority(db: Session, *, actor: Actor, priority_id: int, now: datetime | None = None) -> None:
    """Taking a priority off leaves any goal made from it where it is."""
    now = now or utcnow()
    priority = _priority_for_edit(db, actor, priority_id, now)
    db.delete(priority)
    audit.record(db, actor=actor, action="priority.removed", board_client_id=priority.client_id, at=now)


def priority_to_goal(db: Session, *, actor: Actor, priority_id: int, now: datetime | None = None) -> Goal:
    """One tap: the priority, in the same words, becomes a goal at the end of the plan."""
    now = now or utcnow()
    priority = _priority_for_edit(db, actor, priority_id, now)
    if priority.goal_id is not None:
        goal = db.get(Goal, priority.goal_id)
        if goal is not None:
            return goal
    goal = Goal(
        client_id=priority.client_id, text=priority.text, domain_key="", status=GoalStatus.ACTIVE.value,
        position=next_goal_position(db, priority.client_id), created_by_id=actor.user_id, created_at=now,
        updated_at=now,
    )  # fmt: skip
    db.add(goal)
    db.flush()
    priority.goal_id = goal.id
    db.add(priority)
    audit.record(
        db,
        actor=actor,
        action="goal.added",
        board_client_id=priority.client_id,
        target=f"goal {goal.id}",
        at=now,
    )
    return goal


# --- a win becomes evidence of a strength ---------------------------------------------------


def win_to_worked_before(
    db: Session, *, actor: Actor, win_id: int, now: datetime | None = None
) -> StrengthEntry:
    """One tap: the win's words join *what has worked before*, in the domain of its goal
    (or all through my life). The same win is added once."""
    now = now or utcnow()
    win = row_by_id(db, Win, win_id)
    if win is None:
        raise NotFound()
    authorize(db, actor=actor, action=Action.EDIT_PLAN, client_id=win.client_id, now=now)
    existing = db.exec(select(StrengthEntry).where(StrengthEntry.from_win_id == win.id)).first()
    if existing is not None:
        return existing
    goal = db.get(Goal, win.goal_id) if win.goal_id else None
    entry = StrengthEntry(
        client_id=win.client_id, domain_key=goal.domain_key if goal else "",
        column=StrengthColumn.WORKED_BEFORE.value, text=win.text, author_id=actor.user_id, created_at=now,
        updated_at=now, from_win_id=win.id,
    )  # fmt: skip
    db.add(entry)
    db.flush()
    audit.record(
        db, actor=actor, action="strength.from_win", board_client_id=win.client_id, target=f"strength {entry.id}",
        at=now,
    )  # fmt: skip
    return entry
