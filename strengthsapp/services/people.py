"""The agency's people and case assignments, for admins; a case manager's caseload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, func, select

from strengthsapp.db.models import CaseAssignment, Contact, Goal, Step, Suggestion, User, Win
from strengthsapp.db.types import utcnow
from strengthsapp.domain.access import Actor
from strengthsapp.domain.vocabulary import GoalStatus, Role, SuggestionStatus
from strengthsapp.services import audit
from strengthsapp.services.boards import refuse
from strengthsapp.services.errors import InvalidInput, NotFound

ROLE_LABELS = {
    Role.CLIENT: "Client",
    Role.CASE_MANAGER: "Case manager",
    Role.PEER: "Peer supporter",
    Role.ADMIN: "Admin",
}


@dataclass
class PersonRow:
    id: int
    name: str
    role: str
    login: str


@dataclass
class AssignmentRow:
    id: int
    client: str
    case_manager: str
    since: str


@dataclass
class CaseloadRow:
    client_id: int
    name: str
    since: str
    last_contact: str = ""  # "" when there has been none
    days_since_contact: int = -1  # -1: never; used for sorting
    active_goals: int = 0
    steps_done_14_days: int = 0
    new_wins: int = 0  # in the last 14 days
    pending_suggestions: int = 0
    quiet_for_a_while: bool = False  # no contact in 14 days: a gentle nudge to say hello


def _require_admin(db: Session, actor: Actor, action: str) -> None:
    if actor.role is not Role.ADMIN:
        refuse(db, actor=actor, action=action, board=None)


def list_people(db: Session, *, actor: Actor) -> list[PersonRow]:
    """Everyone in the admin's agency: names, roles, sign-in names. No board content."""
    _require_admin(db, actor, "admin.people")
    users = db.exec(
        select(User).where(User.agency_id == actor.agency_id).order_by(col(User.role), col(User.display_name))
    )
    return [
        PersonRow(id=u.id or 0, name=u.display_name, role=ROLE_LABELS[Role(u.role)], login=u.email or "")
        for u in users
    ]


def list_assignments(db: Session, *, actor: Actor, now: datetime | None = None) -> list[AssignmentRow]:
    _require_admin(db, actor, "admin.assignments")
    now = now or utcnow()
    client = User.__table__.alias("client")  # type: ignore[attr-defined]
    manager = User.__table__.alias("manager")  # type: ignore[attr-defined]
    rows = db.exec(
        select(CaseAssignment, client.c.display_name, manager.c.display_name)  # type: ignore[call-overload]
        .join(client, client.c.id == CaseAssignment.client_id)
        .join(manager, manager.c.id == CaseAssignment.case_manager_id)
        .where(client.c.agency_id == actor.agency_id)
        .where((col(CaseAssignment.until).is_(None)) | (col(CaseAssignment.until) > now))
        .order_by(client.c.display_name)
    )
    return [
        AssignmentRow(id=a.id or 0, client=c, case_manager=m, since=f"{a.since:%d %b %Y}") for a, c, m in rows
    ]


def assign(
    db: Session, *, actor: Actor, client_id: int, case_manager_id: int, now: datetime | None = None
) -> None:
    """An admin assigns a case manager to a client of the same agency."""
    _require_admin(db, actor, "admin.assign")
    now = now or utcnow()
    client, manager = db.get(User, client_id), db.get(User, case_manager_id)
    if client is not None and client.agency_id != actor.agency_id:
        refuse(db, actor=actor, action="admin.assign", board=None)
    if (
        client is None
        or manager is None
        or manager.agency_id != actor.agency_id
        or client.role != Role.CLIENT.value
        or manager.role != Role.CASE_MANAGER.value
    ):
        raise InvalidInput("Choose a client and a case manager from your agency.")
    existing = db.exec(
        select(CaseAssignment).where(
            CaseAssignment.client_id == client_id,
            CaseAssignment.case_manager_id == case_manager_id,
            (col(CaseAssignment.until).is_(None)) | (col(CaseAssignment.until) > now),
        )
    ).first()
    if existing is not None:
        raise InvalidInput(f"{manager.display_name} already works with {client.display_name}.")
    db.add(CaseAssignment(client_id=client_id, case_manager_id=case_manager_id, since=now))
    audit.record(db, actor=actor, action="assignment.started", board_client_id=client_id, at=now)


def end_assignment(
    db: Session, *, actor: Actor, assignment_id: int, now: datetime | None = None
) -> CaseAssignment:
    """From this moment the case manager no longer sees the client's board."""
    _require_admin(db, actor, "admin.end_assignment")
    now = now or utcnow()
    assignment = db.get(CaseAssignment, assignment_id)
    client = db.get(User, assignment.client_id) if assignment else None
    if assignment is None or client is None or client.agency_id != actor.agency_id:
        raise NotFound()
    if assignment.until is None or assignment.until > now:
        assignment.until = now
        db.add(assignment)
        audit.record(db, actor=actor, action="assignment.ended", board_client_id=client.id, at=now)
    return assignment


def caseload(db: Session, *, actor: Actor, now: datetime | None = None) -> list[CaseloadRow]:
    """The clients a case manager is assigned to now."""
    if actor.role is not Role.CASE_MANAGER:
        refuse(db, actor=actor, action="caseload", board=None)
    now = now or utcnow()
    rows = db.exec(
        select(CaseAssignment, User)
        .join(User, col(User.id) == CaseAssignment.client_id)
        .where(
            CaseAssignment.case_manager_id == actor.user_id,
            CaseAssignment.since <= now,
            (col(CaseAssignment.until).is_(None)) | (col(CaseAssignment.until) > now),
            User.agency_id == actor.agency_id,
            col(User.is_active).is_(True),
        )
        .order_by(col(User.display_name))
    )
    people = [(a, u) for a, u in rows]
    ids = [u.id for _a, u in people]
    facts = _caseload_facts(db, client_ids=ids, now=now) if ids else {}
    caseload_rows = []
    for assignment, user in people:
        fact = facts.get(user.id or 0, {})
        last: date | None = fact.get("last_contact")
        days = (now.date() - last).days if last else -1
        caseload_rows.append(
            CaseloadRow(
                client_id=user.id or 0,
                name=user.display_name,
                since=f"{assignment.since:%d %b %Y}",
                last_contact=f"{last:%d %b}" if last else "",
                days_since_contact=days,
                active_goals=fact.get("active_goals", 0),
                steps_done_14_days=fact.get("steps_done", 0),
                new_wins=fact.get("wins", 0),
                pending_suggestions=fact.get("suggestions", 0),
                quiet_for_a_while=days < 0 or days >= QUIET_DAYS,
            )
        )
    return caseload_rows


QUIET_DAYS = 14


def _caseload_facts(db: Session, *, client_ids: list[int | None], now: datetime) -> dict[int, dict]:
    """One grouped query per figure, whatever the size of the caseload."""
    since = now - timedelta(days=QUIET_DAYS)
    facts: dict[int, dict] = {}

    def put(name: str, rows) -> None:  # type: ignore[no-untyped-def]
        for client_id, value in rows:
            facts.setdefault(client_id, {})[name] = value

    put(
        "last_contact",
        db.exec(
            select(Contact.client_id, func.max(Contact.on))
            .where(col(Contact.client_id).in_(client_ids))
            .group_by(col(Contact.client_id))
        ),
    )
    put(
        "active_goals",
        db.exec(
            select(Goal.client_id, func.count())
            .where(col(Goal.client_id).in_(client_ids), Goal.status == GoalStatus.ACTIVE.value)
            .group_by(col(Goal.client_id))
        ),
    )
    put(
        "steps_done",
        db.exec(
            select(Goal.client_id, func.count())
            .join(Step, col(Step.goal_id) == Goal.id)
            .where(col(Goal.client_id).in_(client_ids), col(Step.done_at) >= since)
            .group_by(col(Goal.client_id))
        ),
    )
    put(
        "wins",
        db.exec(
            select(Win.client_id, func.count())
            .where(col(Win.client_id).in_(client_ids), Win.on >= since.date())
            .group_by(col(Win.client_id))
        ),
    )
    put("suggestions", db.exec(
        select(Suggestion.client_id, func.count())
        .where(col(Suggestion.client_id).in_(client_ids), Suggestion.status == SuggestionStatus.PENDING.value)
        .group_by(col(Suggestion.client_id))
    ))  # fmt: skip
    return facts
