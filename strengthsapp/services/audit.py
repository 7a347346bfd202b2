"""The append-only audit trail: who looked at or changed which board, and who was refused."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlmodel import Session

from strengthsapp.db.models import AuditEvent
from strengthsapp.db.types import utcnow
from strengthsapp.domain.access import Actor


def record(
    db: Session,
    *,
    actor: Actor | None,
    action: str,
    board_client_id: int | None = None,
    agency_id: int | None = None,
    target: str = "",
    allowed: bool = True,
    at: datetime | None = None,
) -> AuditEvent:
    """Add one audit event to the current unit of work. Nothing ever updates or deletes them."""
    event = AuditEvent(
        agency_id=agency_id if agency_id is not None else (actor.agency_id if actor else None),
        actor_id=actor.user_id if actor else None,
        board_client_id=board_client_id,
        action=action[:40],
        target=target[:120],
        allowed=allowed,
        at=at or utcnow(),
    )
    db.add(event)
    return event


def record_refusal(db: Session, **fields: Any) -> None:
    """A refusal's audit event, which must outlive the refused work: committed now, so that
    the caller's rollback keeps it. While an operation is applied (`refusals_kept`) it is
    not committed, as that would commit the operation's claim (and whatever came before it
    in the unit of work) before its answer is known: it is held, and added again once the
    operation's own writes are rolled back, to the unit of work that stores the answer."""
    event = record(db, **fields, allowed=False)  # record's fields: actor, action, board, ...
    held = db.info.get(_HELD)
    if held is None:
        db.commit()
    else:
        held.append(event)


@contextmanager
def refusals_kept(db: Session) -> Iterator[list[AuditEvent]]:
    """Within: a refusal is audited in this unit of work, not committed (record_refusal);
    yields the refusals' events, for the caller to add again after its rollback."""
    before = db.info.get(_HELD)
    held: list[AuditEvent] = []
    db.info[_HELD] = held
    try:
        yield held
    finally:
        db.info[_HELD] = before


_HELD = "strengthsapp.refusals_kept"
