"""The append-only audit trail: who looked at or changed which board, and who was refused."""

from __future__ import annotations

from datetime import datetime

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
) -> None:
    """Add one audit event to the current unit of work. Nothing ever updates or deletes them."""
    db.add(
        AuditEvent(
            agency_id=agency_id if agency_id is not None else (actor.agency_id if actor else None),
            actor_id=actor.user_id if actor else None,
            board_client_id=board_client_id,
            action=action[:40],
            target=target[:120],
            allowed=allowed,
            at=at or utcnow(),
        )
    )
