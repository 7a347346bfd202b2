""" "Who has seen and changed my board", in plain words; and metadata for admins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from strengthsapp.db.models import AuditEvent, User
from strengthsapp.db.types import utcnow
from strengthsapp.domain.access import Action, Actor, AgencyAction, can, can_in_agency
from strengthsapp.services.boards import load_board, refuse

LIMIT = 200
WORDS = {
    "board.viewed": "looked at the board",
    "grant.invited": "invited someone to see the board",
    "grant.invited_with_client": "invited someone to see the board, together with the client",
    "grant.accepted": "accepted an invitation to see the board",
    "grant.revoked": "stopped someone's access",
    "grant.invite_cancelled": "cancelled an invitation",
    "grant.invite_confirmed": "said yes to an invitation made together",
    "assignment.started": "started working together",
    "assignment.ended": "ended a case manager's access",
    "invite.accepted:grant": "joined to see the board",
    "invite.accepted:reset": "chose a new password with a sign-in link",
    "reset.created": "made a new sign-in link for you",
    "reset.seen": "saw the note about a new sign-in link",
}


@dataclass
class ActivityPublic:
    when: str
    who: str
    what: str
    refused: bool


def describe_action(action: str) -> str:
    if action == "denied:reset_password":
        return "tried to make a sign-in link for you without being allowed, and was stopped"
    if action.startswith("denied:"):
        return "tried to open or change something without access, and was stopped"
    return WORDS.get(action, action.replace(".", " ").replace("_", " "))


def board_activity(
    db: Session, *, actor: Actor, client_id: int, now: datetime | None = None
) -> list[ActivityPublic]:
    """The client sees everything on their board; their case manager sees their own actions."""
    board = load_board(db, client_id=client_id, now=now or utcnow())
    if board is not None and can(actor, Action.VIEW_AUDIT, board):
        only_actor = None
    elif board is not None and can(actor, Action.VIEW_OWN_AUDIT, board):
        only_actor = actor.user_id
    else:
        refuse(db, actor=actor, action=Action.VIEW_AUDIT, board=board)
    query = (
        select(AuditEvent, User.display_name)
        .join(User, col(User.id) == AuditEvent.actor_id, isouter=True)
        .where(AuditEvent.board_client_id == client_id)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(LIMIT)
    )
    if only_actor is not None:
        query = query.where(AuditEvent.actor_id == only_actor)
    viewer = db.get(User, actor.user_id)
    zone = ZoneInfo(viewer.timezone if viewer else "UTC")
    return [
        ActivityPublic(
            when=f"{event.at.astimezone(zone):%d %b %Y, %H:%M}",
            who="You" if event.actor_id == actor.user_id else (name or "Someone without an account"),
            what=describe_action(event.action),
            refused=not event.allowed,
        )
        for event, name in db.exec(query)
    ]


@dataclass
class AuditMetadataRow:
    when: str
    who: str
    board: str
    kind: str
    refused: bool


def agency_activity(db: Session, *, actor: Actor) -> list[AuditMetadataRow]:
    """For an admin: who did something, when, on which board — never what it said."""
    if not can_in_agency(actor, AgencyAction.RUN_AGENCY):
        refuse(db, actor=actor, action=Action.VIEW_AUDIT_METADATA, board=None)
    who = User.__table__.alias("who")  # type: ignore[attr-defined]
    board = User.__table__.alias("board")  # type: ignore[attr-defined]
    rows = db.exec(
        select(AuditEvent, who.c.display_name, board.c.display_name)  # type: ignore[call-overload]
        .join(who, who.c.id == AuditEvent.actor_id, isouter=True)
        .join(board, board.c.id == AuditEvent.board_client_id, isouter=True)
        .where(AuditEvent.agency_id == actor.agency_id)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(LIMIT)
    )
    return [
        AuditMetadataRow(
            when=f"{event.at:%d %b %Y %H:%M} UTC",
            who=who_name or "—",
            board=board_name or "—",
            kind=event.action.split(":")[0].split(".")[0],
            refused=not event.allowed,
        )
        for event, who_name, board_name in rows
    ]
