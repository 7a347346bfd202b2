"""Deleting a client's account: she asks, waits `DELETION_WAIT_DAYS` (in which she can change
her mind), and then everything the app holds about her is removed (`purge_due`, run by the
worker). Only she may ask or change her mind (`MANAGE_OWN`); her case manager and the
agency's admin see that she asked and when it will happen, never anything more.

What stays: her `User` row as a tombstone (named "A former client", no email, no password,
inactive), so that the audit still says who did what and when on which board; the audit
rows themselves, with their targets cleared; and her `AccountDeletion` row, which holds
only dates. What she wrote or did on other people's boards as someone they shared with
(a cheer, an idea) goes; what they keep of their own boards stays theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, delete, false, or_, update
from sqlmodel import Session, SQLModel, col, select

from strengthsapp import i18n
from strengthsapp.db.engine import for_this_worker
from strengthsapp.db.models import (
    AccountDeletion,
    AppliedOperation,
    AuditEvent,
    BoardViewer,
    CaseAssignment,
    CheckIn,
    Cheer,
    Contact,
    Goal,
    GoalResourceLink,
    GoalStrengthLink,
    Grant,
    Invite,
    NudgeDelivery,
    NudgePlan,
    Priority,
    PushNotice,
    PushSubscription,
    QuietHours,
    Resource,
    SignInThrottle,
    Step,
    StepResourceLink,
    StepStrengthLink,
    StrengthEntry,
    Suggestion,
    User,
    Win,
)
from strengthsapp.db.models import Session as SessionRow
from strengthsapp.db.types import utcnow
from strengthsapp.domain.access import Action, Actor, AgencyAction, can, can_in_agency
from strengthsapp.i18n import N_, _
from strengthsapp.services import audit
from strengthsapp.services.boards import authorize, load_board, refuse
from strengthsapp.services.errors import NotFound
from strengthsapp.services.sessions import normalize_login
from strengthsapp.settings import get_settings

# The name an account keeps once it is deleted: stored as the message id, said in the
# reader's language where names are shown (`shown_name`).
FORMER_CLIENT = N_("A former client")
ASKED, CANCELLED, DELETED = "account.delete_asked", "account.delete_cancelled", "account.deleted"
PURGE_BATCH = 20  # accounts removed in one unit of work


def wait() -> timedelta:
    return timedelta(days=get_settings().deletion_wait_days)


def shown_name(name: str | None) -> str | None:
    """A person's name as the reader sees it: a deleted account's in the reader's words."""
    return _(FORMER_CLIENT) if name == FORMER_CLIENT else name


@dataclass
class DeletionStatus:
    """For her account page: how long the wait is, and, once she asked, the dates."""

    wait_days: int
    asked_on: str = ""  # "" while she hasn't asked (or changed her mind)
    removed_on: str = ""


@dataclass
class PendingDeletion:
    """For her case manager and the admin: who asked, when, and when it happens."""

    client_id: int
    name: str
    asked_on: str
    removed_on: str


def _local_day(moment: datetime, zone: str) -> str:
    where = ZoneInfo(zone if i18n.is_timezone(zone) else "UTC")
    return i18n.day(moment.astimezone(where).date(), style="long")


def _zone_of(db: Session, user_id: int) -> str:
    user = db.get(User, user_id)
    return user.timezone if user is not None else "UTC"


def _pending(row: AccountDeletion | None) -> bool:
    return row is not None and row.cancelled_at is None and row.done_at is None


def _status(db: Session, client_id: int, row: AccountDeletion | None) -> DeletionStatus:
    status = DeletionStatus(wait_days=get_settings().deletion_wait_days)
    if row is not None and _pending(row):
        zone = _zone_of(db, client_id)
        status.asked_on = _local_day(row.requested_at, zone)
        status.removed_on = _local_day(row.due_at, zone)
    return status


def _locked(db: Session, client_id: int) -> AccountDeletion | None:
    """Her request, read afresh and held until this unit of work ends: a removal running
    at the same moment waits for it, or it for the removal (which skips held rows)."""
    return db.get(AccountDeletion, client_id, with_for_update=True, populate_existing=True)


def deletion_status(db: Session, *, actor: Actor, now: datetime | None = None) -> DeletionStatus | None:
    """The actor's own request, for her account page; None for anyone with no board of
    their own (staff, peers), who have nothing to delete here. Changes nothing."""
    board = load_board(db, client_id=actor.user_id, now=now)
    if board is None or not can(actor, Action.MANAGE_OWN, board):
        return None
    return _status(db, actor.user_id, db.get(AccountDeletion, actor.user_id))


def request_deletion(
    db: Session, *, actor: Actor, client_id: int, now: datetime | None = None
) -> DeletionStatus:
    """The client asks for her account to be deleted, `wait()` from now. Only she may
    (`MANAGE_OWN`); anyone else is refused and audited. Asking again while it is waiting
    changes nothing; asking after she changed her mind starts the wait again."""
    now = now or utcnow()
    authorize(db, actor=actor, action=Action.MANAGE_OWN, client_id=client_id, now=now)
    row = _locked(db, client_id)
    if _pending(row):
        return _status(db, client_id, row)
    if row is None:
        row = AccountDeletion(client_id=client_id, requested_at=now, due_at=now + wait())
    else:
        row.requested_at, row.due_at, row.cancelled_at = now, now + wait(), None
    db.add(row)
    audit.record(db, actor=actor, action=ASKED, board_client_id=client_id, at=now)
    db.flush()
    return _status(db, client_id, row)


def cancel_deletion(
    db: Session, *, actor: Actor, client_id: int, now: datetime | None = None
) -> DeletionStatus:
    """The client changes her mind: her account stays. Only she may (`MANAGE_OWN`), and
    only until it is done (then there is no account to keep). Nothing waiting: nothing
    changes."""
    now = now or utcnow()
    authorize(db, actor=actor, action=Action.MANAGE_OWN, client_id=client_id, now=now)
    row = _locked(db, client_id)
    if row is not None and row.done_at is not None:
        raise NotFound()  # removed while she was asking
    if row is not None and _pending(row):
        row.cancelled_at = now
        db.add(row)
        audit.record(db, actor=actor, action=CANCELLED, board_client_id=client_id, at=now)
        db.flush()
    return _status(db, client_id, row)


def pending_deletions_for(db: Session, *, actor: Actor, now: datetime | None = None) -> list[PendingDeletion]:
    """The requests still waiting: for an admin, the agency's; for a case manager, those of
    the clients assigned to them now. Names and dates only. Anyone else is refused."""
    now = now or utcnow()
    query = (
        select(AccountDeletion, User.display_name)
        .join(User, col(User.id) == AccountDeletion.client_id)
        .where(
            User.agency_id == actor.agency_id,
            col(AccountDeletion.cancelled_at).is_(None),
            col(AccountDeletion.done_at).is_(None),
        )
        .order_by(col(AccountDeletion.due_at))
    )
    if not can_in_agency(actor, AgencyAction.RUN_AGENCY):
        if not can_in_agency(actor, AgencyAction.CASELOAD):
            refuse(db, actor=actor, action="deletions", board=None)
        mine = select(CaseAssignment.client_id).where(
            CaseAssignment.case_manager_id == actor.user_id,
            CaseAssignment.since <= now,
            (col(CaseAssignment.until).is_(None)) | (col(CaseAssignment.until) > now),
        )
        query = query.where(col(AccountDeletion.client_id).in_(mine))
    zone = _zone_of(db, actor.user_id)
    return [
        PendingDeletion(
            client_id=row.client_id,
            name=name,
            asked_on=_local_day(row.requested_at, zone),
            removed_on=_local_day(row.due_at, zone),
        )
        for row, name in db.exec(query)
    ]


# --- the removal ------------------------------------------------------------------------------


def purge_due(db: Session, *, now: datetime | None = None, limit: int = PURGE_BATCH) -> list[int]:
    """Remove the accounts whose wait is over and that were not kept: up to `limit`, in this
    unit of work (each wholly or, on a rollback, not at all). Rows another worker is
    removing are skipped (PostgreSQL), and a removed one is never removed again. Returns
    the clients' ids. Called by the worker and `manage purge-deleted`, never by a person."""
    now = now or utcnow()
    due = list(
        db.exec(
            for_this_worker(
                db,
                select(AccountDeletion)
                .where(
                    col(AccountDeletion.due_at) <= now,
                    col(AccountDeletion.cancelled_at).is_(None),
                    col(AccountDeletion.done_at).is_(None),
                )
                .order_by(col(AccountDeletion.due_at))
                .limit(limit),
            )
        )
    )
    for row in due:
        _remove(db, row, now=now)
    return [row.client_id for row in due]


def _remove(db: Session, row: AccountDeletion, *, now: datetime) -> None:
    client_id = row.client_id
    client = db.get(User, client_id, populate_existing=True)
    if client is None:
        return
    for table, which in _everything_of(client_id, client.email):
        db.exec(delete(table).where(which))  # type: ignore[call-overload]
    # Who and when stay; what it was about goes (a name she invited, words of hers).
    db.exec(
        update(AuditEvent)  # type: ignore[call-overload]
        .where(
            or_(
                col(AuditEvent.board_client_id) == client_id,
                (col(AuditEvent.actor_id) == client_id) & col(AuditEvent.board_client_id).is_(None),
            ),
            col(AuditEvent.target) != "",
        )
        .values(target="")
    )
    client.display_name = FORMER_CLIENT
    client.email = client.password_hash = None
    client.is_active = False
    client.locale, client.timezone = "en", "UTC"
    row.done_at = now
    db.add_all([client, row])
    audit.record(
        db, actor=None, action=DELETED, agency_id=client.agency_id, board_client_id=client_id, at=now
    )
    db.flush()


def _everything_of(client_id: int, email: str | None) -> list[tuple[type[SQLModel], ColumnElement[bool]]]:
    """Each table with the rows of hers to delete, in an order the foreign keys allow (what
    points at a row goes before it). tests/services/test_deletion.py checks that no table
    is left holding her id or her words."""
    goals = select(Goal.id).where(Goal.client_id == client_id)
    steps = select(Step.id).where(col(Step.goal_id).in_(goals))
    wins = select(Win.id).where(Win.client_id == client_id)
    strengths = select(StrengthEntry.id).where(StrengthEntry.client_id == client_id)
    resources = select(Resource.id).where(Resource.client_id == client_id)
    plans = select(NudgePlan.id).where(NudgePlan.client_id == client_id)
    sessions = select(SessionRow.id).where(SessionRow.user_id == client_id)
    login = normalize_login(email or "")
    throttles = (
        or_(col(SignInThrottle.key) == f"account:{login}"[:300],
            col(SignInThrottle.key).startswith(f"pair:{login}|", autoescape=True))
        if login
        else false()  # no sign-in name: no failed sign-ins counted for it
    )  # fmt: skip
    return [
        (NudgeDelivery, col(NudgeDelivery.plan_id).in_(plans)),
        (NudgePlan, col(NudgePlan.client_id) == client_id),
        (QuietHours, col(QuietHours.client_id) == client_id),
        (PushSubscription, or_(col(PushSubscription.user_id) == client_id,
                               col(PushSubscription.session_id).in_(sessions))),
        (PushNotice, col(PushNotice.user_id) == client_id),
        (SessionRow, col(SessionRow.user_id) == client_id),
        (CheckIn, or_(col(CheckIn.client_id) == client_id, col(CheckIn.goal_id).in_(goals),
                      col(CheckIn.step_id).in_(steps))),
        (Cheer, or_(col(Cheer.win_id).in_(wins), col(Cheer.by_id) == client_id)),
        (GoalStrengthLink, or_(col(GoalStrengthLink.goal_id).in_(goals),
                               col(GoalStrengthLink.strength_id).in_(strengths))),
        (StepStrengthLink, or_(col(StepStrengthLink.step_id).in_(steps),
                               col(StepStrengthLink.strength_id).in_(strengths))),
        (GoalResourceLink, or_(col(GoalResourceLink.goal_id).in_(goals),
                               col(GoalResourceLink.resource_id).in_(resources))),
        (StepResourceLink, or_(col(StepResourceLink.step_id).in_(steps),
                               col(StepResourceLink.resource_id).in_(resources))),
        (Priority, col(Priority.client_id) == client_id),
        (StrengthEntry, col(StrengthEntry.client_id) == client_id),
        (Win, col(Win.client_id) == client_id),
        (Step, col(Step.goal_id).in_(goals)),
        (Goal, col(Goal.client_id) == client_id),
        (Suggestion, or_(col(Suggestion.client_id) == client_id, col(Suggestion.by_id) == client_id)),
        (Contact, col(Contact.client_id) == client_id),
        (Resource, col(Resource.client_id) == client_id),
        (Grant, or_(col(Grant.client_id) == client_id, col(Grant.grantee_id) == client_id,
                    col(Grant.created_by_id) == client_id)),
        (Invite, or_(col(Invite.for_client_id) == client_id, col(Invite.target_user_id) == client_id,
                     col(Invite.used_by_id) == client_id, col(Invite.created_by_id) == client_id)),
        (CaseAssignment, col(CaseAssignment.client_id) == client_id),
        (BoardViewer, or_(col(BoardViewer.user_id) == client_id, col(BoardViewer.board_client_id) == client_id)),
        # A change's stored result holds the words it was made with.
        (AppliedOperation, or_(col(AppliedOperation.user_id) == client_id,
                               col(AppliedOperation.board_client_id) == client_id)),
        (SignInThrottle, throttles),
    ]  # fmt: skip
