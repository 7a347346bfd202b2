"""The agency's people and case assignments, for admins; a case manager's caseload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, func, select

from strengthsapp.db.models import AccountDeletion, CaseAssignment, Contact, Goal, Step, Suggestion, User, Win
from strengthsapp.db.types import utcnow
from strengthsapp.domain.access import Actor, AgencyAction, can_in_agency
from strengthsapp.domain.today import day_and_month
from strengthsapp.domain.vocabulary import GoalStatus, Role, SuggestionStatus
from strengthsapp.i18n import N_, _, day, is_timezone
from strengthsapp.services import audit
from strengthsapp.services.boards import refuse
from strengthsapp.services.errors import InvalidInput, NotFound

ROLE_LABELS = {  # message ids, translated where they are shown
    Role.CLIENT: N_("Client"),
    Role.CASE_MANAGER: N_("Case manager"),
    Role.PEER: N_("Peer supporter"),
    Role.ADMIN: N_("Admin"),
}


@dataclass
class PersonRow:
    id: int
    name: str
    role: str  # in the reader's words
    login: str
    role_value: str = ""  # Role, to compare with


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
    removed_on: str = ""  # she asked to delete her account: the day it will be ("" if not)


def _require_admin(db: Session, actor: Actor, action: str) -> None:
    if not can_in_agency(actor, AgencyAction.RUN_AGENCY):
        refuse(db, actor=actor, action=action, board=None)


def list_people(db: Session, *, actor: Actor) -> list[PersonRow]:
    """Everyone in the admin's agency who has an account (not deleted ones): names, roles,
    sign-in names. No board content."""
    _require_admin(db, actor, "admin.people")
    users = db.exec(
        select(User)
        .where(User.agency_id == actor.agency_id, col(User.is_active).is_(True))
        .order_by(col(User.role), col(User.display_name))
    )
    return [
        PersonRow(
            id=u.id or 0,
            name=u.display_name,
            role=_(ROLE_LABELS[Role(u.role)]),
            login=u.email or "",
            role_value=u.role,
        )
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
        AssignmentRow(id=a.id or 0, client=c, case_manager=m, since=day(a.since.date())) for a, c, m in rows
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
        or not (client.is_active and manager.is_active)
    ):
        raise InvalidInput(_("Choose a client and a case manager from your agency."))
    existing = db.exec(
        select(CaseAssignment).where(
            CaseAssignment.client_id == client_id,
            CaseAssignment.case_manager_id == case_manager_id,
            (col(CaseAssignment.until).is_(None)) | (col(CaseAssignment.until) > now),
        )
    ).first()
    if existing is not None:
        raise InvalidInput(
            _(
                "{manager} already works with {client}.",
                manager=manager.display_name,
                client=client.display_name,
            )
        )
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


QUIET_DAYS = 14


def caseload(db: Session, *, actor: Actor, now: datetime | None = None) -> list[CaseloadRow]:
    """The clients a case manager is assigned to now, with what moved on each board.

    Only a case manager may call it; it changes nothing. One statement whatever the size of
    the caseload: each figure is a subquery per client, answered from that client's
    entries in an index, so the time follows the caseload, not the agency
    (bench/caseload.py)."""
    if not can_in_agency(actor, AgencyAction.CASELOAD):
        refuse(db, actor=actor, action="caseload", board=None)
    now = now or utcnow()
    since = now - timedelta(days=QUIET_DAYS)
    client = col(User.id)
    figures = (
        select(func.max(Contact.on)).where(Contact.client_id == client),
        select(func.count())
        .select_from(Goal)
        .where(Goal.client_id == client, Goal.status == GoalStatus.ACTIVE.value),
        select(func.count())
        .select_from(Step)
        .join(Goal, col(Goal.id) == Step.goal_id)
        .where(Goal.client_id == client, col(Step.done_at) >= since),
        select(func.count()).select_from(Win).where(Win.client_id == client, Win.on >= since.date()),
        select(func.count())
        .select_from(Suggestion)
        .where(Suggestion.client_id == client, Suggestion.status == SuggestionStatus.PENDING.value),
        select(AccountDeletion.due_at).where(
            AccountDeletion.client_id == client,
            col(AccountDeletion.cancelled_at).is_(None),
            col(AccountDeletion.done_at).is_(None),
        ),
    )
    rows: Any = db.exec(
        select(User.id, User.display_name, CaseAssignment.since, *(f.scalar_subquery() for f in figures))  # type: ignore[call-overload]
        .join(CaseAssignment, col(CaseAssignment.client_id) == User.id)
        .where(
            CaseAssignment.case_manager_id == actor.user_id,
            CaseAssignment.since <= now,
            (col(CaseAssignment.until).is_(None)) | (col(CaseAssignment.until) > now),
            User.agency_id == actor.agency_id,
            col(User.is_active).is_(True),
        )
        .order_by(col(User.display_name))
    )
    me = db.get(User, actor.user_id)
    zone = ZoneInfo(me.timezone if me is not None and is_timezone(me.timezone) else "UTC")
    caseload_rows = []
    for client_id, name, assigned_since, last_contact, active_goals, steps_done, wins, ideas, due in rows:
        days = (now.date() - last_contact).days if last_contact else -1
        caseload_rows.append(
            CaseloadRow(
                client_id=client_id,
                name=name,
                since=day(assigned_since.date()),
                last_contact=day_and_month(last_contact) if last_contact else "",
                days_since_contact=days,
                active_goals=active_goals,
                steps_done_14_days=steps_done,
                new_wins=wins,
                pending_suggestions=ideas,
                quiet_for_a_while=days < 0 or days >= QUIET_DAYS,
                removed_on=day(due.astimezone(zone).date(), style="long") if due else "",
            )
        )
    return caseload_rows
