"""Loading a board's access facts and asking `can` — the door every service goes through."""

from __future__ import annotations

from datetime import datetime
from typing import NoReturn, TypeVar

from sqlmodel import Session, select

from strengthsapp.db.models import CaseAssignment, Goal, Grant, Step, User
from strengthsapp.db.types import id_of, utcnow
from strengthsapp.domain.access import Action, Actor, Assignment, Board, GrantTerms, can
from strengthsapp.domain.vocabulary import Role, Scope, Section
from strengthsapp.services import audit
from strengthsapp.services.errors import NotAllowed, NotFound

T = TypeVar("T")
MAX_ID = 2**31  # ids are 32-bit integer columns


def row_by_id(db: Session, model: type[T], row_id: object) -> T | None:
    """The row with this primary key, or None; ids from a browser may be of any type, and
    only a real int (not a bool) that fits an id column is looked up."""
    if not isinstance(row_id, int) or isinstance(row_id, bool) or not 0 < row_id < MAX_ID:
        return None
    return db.get(model, row_id)


def step_and_goal(db: Session, step_id: object) -> tuple[Step, Goal]:
    """A step and the goal it belongs to (whose client owns the board), or NotFound."""
    step = row_by_id(db, Step, step_id)
    goal = db.get(Goal, step.goal_id) if step is not None else None
    if step is None or goal is None:
        raise NotFound()
    return step, goal


def actor_for(user: User) -> Actor:
    return Actor(
        user_id=id_of(user), agency_id=user.agency_id, role=Role(user.role), display_name=user.display_name
    )


def load_board(db: Session, *, client_id: int, now: datetime | None = None) -> Board | None:
    """The access facts of a client's board, or None if there is no such client."""
    client = db.get(User, client_id)
    if client is None or client.role != Role.CLIENT.value or not client.is_active:
        return None
    assignments = db.exec(select(CaseAssignment).where(CaseAssignment.client_id == client_id))
    grants = db.exec(select(Grant).where(Grant.client_id == client_id))
    return Board(
        client_id=client_id,
        agency_id=client.agency_id,
        as_of=now or utcnow(),
        assignments=tuple(
            Assignment(case_manager_id=a.case_manager_id, since=a.since, until=a.until) for a in assignments
        ),
        grants=tuple(
            GrantTerms(
                grantee_id=g.grantee_id,
                scopes=frozenset(Scope(s) for s in g.scopes),
                sections=frozenset(Section(s) for s in g.sections),
                expires_at=g.expires_at,
                accepted_at=g.accepted_at,
                revoked_at=g.revoked_at,
            )
            for g in grants
        ),
    )


def authorize(
    db: Session, *, actor: Actor | None, action: Action, client_id: int, now: datetime | None = None
) -> Board:
    """The board, if the actor may do `action` on it; otherwise the refusal is audited
    (committed, so it survives the caller's rollback) and NotAllowed raised."""
    board = load_board(db, client_id=client_id, now=now)
    if board is not None and can(actor, action, board):
        return board
    refuse(db, actor=actor, action=action, board=board)


def refuse(db: Session, *, actor: Actor | None, action: Action | str, board: Board | None) -> NoReturn:
    # Only a board of the actor's own agency is named: nothing about other agencies leaks
    # into this agency's audit, and a made-up id names nothing.
    same_agency = board is not None and actor is not None and board.agency_id == actor.agency_id
    audit.record(
        db,
        actor=actor,
        action=f"denied:{action}",
        board_client_id=board.client_id if board is not None and same_agency else None,
        agency_id=board.agency_id
        if board is not None and same_agency
        else (actor.agency_id if actor else None),
        allowed=False,
    )
    db.commit()
    raise NotAllowed()
