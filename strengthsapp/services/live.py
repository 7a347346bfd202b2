"""Open screens: which browser shows which board to whom, so access ended elsewhere can
clear them at once rather than at their next click."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from strengthsapp.db.models import BoardViewer
from strengthsapp.db.types import utcnow

REMEMBER_FOR = timedelta(days=2)  # longer than any open tab is likely to stay useful
# A screen refreshed live, again and again, is noted again only after this long: not a
# database write (and a disk flush) on every refresh of every open screen.
NOTE_AGAIN_AFTER = timedelta(hours=1)
MAX_TOKEN = 100


def note_viewer(
    db: Session, *, client_token: str, user_id: int, board_client_id: int, now: datetime | None = None
) -> None:
    """Called after access was checked and the board was shown on this client token."""
    if not client_token or len(client_token) > MAX_TOKEN:
        return
    now = now or utcnow()
    seen = db.get(BoardViewer, client_token)
    if (
        seen is not None
        and (seen.user_id, seen.board_client_id) == (user_id, board_client_id)
        and now - seen.seen_at < NOTE_AGAIN_AFTER
    ):
        return
    db.merge(
        BoardViewer(client_token=client_token, user_id=user_id, board_client_id=board_client_id, seen_at=now)
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
