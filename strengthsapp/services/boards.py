"""Loading a board's access facts and asking `can` — the door every service goes through."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import NoReturn, TypeVar

from sqlalchemy import bindparam
from sqlalchemy import select as sql_select  # plain rows
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col, select

from strengthsapp.db.models import CaseAssignment, Goal, Grant, Step, User
from strengthsapp.db.types import id_of, utcnow
from strengthsapp.domain.access import Action, Actor, Assignment, Board, GrantTerms, can
from strengthsapp.domain.vocabulary import Role, Scope, Section
from strengthsapp.services import audit
from strengthsapp.services.errors import NotAllowed, NotFound

T = TypeVar("T")
Row = TypeVar("Row", Goal, Step)
MAX_ID = 2**31  # ids are 32-bit integer columns


def row_by_id(db: Session, model: type[T], row_id: object) -> T | None:
    """The row with this primary key, or None; ids from a browser may be of any type, and
    only a real int (not a bool) that fits an id column is looked up."""
    return db.get(model, row_id) if is_id(row_id) else None


def is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < MAX_ID


def step_and_goal(db: Session, step_id: object) -> tuple[Step, Goal]:
    """A step and the goal it belongs to (whose client owns the board), or NotFound."""
    if not is_id(step_id):
        raise NotFound()
    # Already read in this unit of work (an operation checks its step is on its board first).
    step = held(db, Step, step_id)
    goal = held(db, Goal, step.goal_id) if step is not None else None
    if step is not None and goal is not None:
        return step, goal
    found = db.exec(
        select(Step, Goal).join(Goal, col(Goal.id) == Step.goal_id).where(Step.id == step_id)
    ).first()
    if found is None:
        raise NotFound()
    return found


def held(db: Session, model: type[Row], row_id: object) -> Row | None:
    """The row if this unit of work has read it already (its identity map), else None."""
    row: Row | None = db.identity_map.get(identity_key(model, row_id))
    return row


def held_or_loaded(db: Session, model: type[Row], ids: Iterable[object]) -> dict[object, Row]:
    """These rows by id: those this unit of work has read already from its identity map (a
    look at the board read its goals), the rest in one query."""
    wanted = {i for i in ids if is_id(i)}
    found: dict[object, Row] = {}
    for i in wanted:
        row = held(db, model, i)
        if row is not None:
            found[i] = row
    missing = wanted - set(found)
    if missing:
        found.update({id_of(row): row for row in db.exec(select(model).where(col(model.id).in_(missing)))})
    return found


def actor_for(user: User) -> Actor:
    return Actor(
        user_id=id_of(user), agency_id=user.agency_id, role=Role(user.role), display_name=user.display_name
    )


@contextmanager
def reading_boards(db: Session) -> Iterator[None]:
    """Within this block, each board's access facts are loaded once: for showing a board,
    which asks `can` in several services but changes no access. (Outside it every call
    loads them afresh, so a change to a grant is seen at once.)"""
    outer = "boards" in db.info
    db.info.setdefault("boards", {})
    db.info.setdefault("clients", [])
    try:
        yield
    finally:
        if not outer:
            db.info.pop("boards", None)
            db.info.pop("clients", None)


def load_board(db: Session, *, client_id: int, now: datetime | None = None) -> Board | None:
    """The access facts of a client's board, or None if there is no such client."""
    memo: dict[int, Board | None] | None = db.info.get("boards")
    if memo is not None and client_id in memo:
        return memo[client_id]
    client = db.get(User, client_id)
    board = _load_board(db, client, now=now)
    if memo is not None:
        memo[client_id] = board
        # Held, so that the services reading the board get the same row from the session
        # (its identity map holds rows only while someone does) instead of a second query.
        db.info["clients"].append(client)
    return board


def _load_board(db: Session, client: User | None, *, now: datetime | None) -> Board | None:
    if client is None or client.role != Role.CLIENT.value or not client.is_active:
        return None
    client_id = id_of(client)
    assignments = db.execute(_ASSIGNMENTS, {"client_id": client_id})
    grants = db.execute(_GRANTS, {"client_id": client_id})
    return Board(
        client_id=client_id,
        agency_id=client.agency_id,
        as_of=now or utcnow(),
        assignments=tuple(
            Assignment(case_manager_id=manager, since=since, until=until)
            for manager, since, until in assignments
        ),
        grants=tuple(
            GrantTerms(
                grantee_id=grantee,
                scopes=frozenset(Scope(s) for s in scopes),
                sections=frozenset(Section(s) for s in sections),
                expires_at=expires_at,
                accepted_at=accepted_at,
                revoked_at=revoked_at,
            )
            for grantee, scopes, sections, expires_at, accepted_at, revoked_at in grants
        ),
    )


# Built once, as plain rows: every event that shows or changes a board loads these.
_ASSIGNMENTS = sql_select(
    col(CaseAssignment.case_manager_id), col(CaseAssignment.since), col(CaseAssignment.until)
).where(col(CaseAssignment.client_id) == bindparam("client_id"))
_GRANT_COLUMNS = [col(c) for c in (Grant.grantee_id, Grant.scopes, Grant.sections, Grant.expires_at,
                                    Grant.accepted_at, Grant.revoked_at)]  # fmt: skip
_GRANTS = sql_select(*_GRANT_COLUMNS).where(col(Grant.client_id) == bindparam("client_id"))


def authorize(
    db: Session, *, actor: Actor | None, action: Action, client_id: int, now: datetime | None = None
) -> Board:
    """The board, if the actor may do `action` on it; otherwise the refusal is audited (so
    that it survives the caller's rollback: audit.record_refusal) and NotAllowed raised."""
    board = load_board(db, client_id=client_id, now=now)
    if board is not None and can(actor, action, board):
        return board
    refuse(db, actor=actor, action=action, board=board)


def refuse(db: Session, *, actor: Actor | None, action: Action | str, board: Board | None) -> NoReturn:
    # Only a board of the actor's own agency is named: nothing about other agencies leaks
    # into this agency's audit, and a made-up id names nothing.
    same_agency = board is not None and actor is not None and board.agency_id == actor.agency_id
    audit.record_refusal(
        db,
        actor=actor,
        action=f"denied:{action}",
        board_client_id=board.client_id if board is not None and same_agency else None,
        agency_id=board.agency_id
        if board is not None and same_agency
        else (actor.agency_id if actor else None),
    )
    raise NotAllowed()
