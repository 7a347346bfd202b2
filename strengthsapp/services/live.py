"""Open screens: which browser shows which board to whom, so access ended elsewhere can
clear them at once rather than at their next click."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from strengthsapp.db.models import BoardViewer
from strengthsapp.db.types import utcnow

REMEMBER_FOR = timedelta(days=2)  # longer than any open tab is likely to stay useful
MAX_TOKEN = 100


def note_viewer(
    db: Session, *, client_token: str, user_id: int, board_client_id: int, now: datetime | None = None
) -> None:
    """Called after access was checked and the board was shown on this client token."""
    if not client_token or len(client_token) > MAX_TOKEN:
        return
    db.merge(
        BoardViewer(
            client_token=client_token,
            user_id=user_id,
            board_client_id=board_client_id,
            seen_at=now or utcnow(),
        )
    )


def viewers_of(db: Session, *, user_id: int, board_client_id: int, now: datetime | None = None) -> list[str]:
    """Client tokens on which this person has lately had this board open."""
    since = (now or utcnow()) - REMEMBER_FOR
    return list(
        db.exec(
            select(BoardViewer.client_token).where(
                BoardViewer.user_id == user_id,
                BoardViewer.board_client_id == board_client_id,
                col(BoardViewer.seen_at) >= since,
            )
        )
    )
