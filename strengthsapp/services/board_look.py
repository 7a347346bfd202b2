"""One look at a board, as a screen takes it: who holds the session, the change they make,
and the board as they may now see it, in one transaction (states.board shows it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from strengthsapp.db.engine import session_scope
from strengthsapp.services.boards import reading_boards
from strengthsapp.services.errors import NotAllowed, Unavailable
from strengthsapp.services.live import note_viewer
from strengthsapp.services.operations import Operation, Outcome, apply_operation
from strengthsapp.services.plan import get_plan
from strengthsapp.services.resources import get_resources
from strengthsapp.services.sessions import resolve_session
from strengthsapp.services.strengths import get_assessment
from strengthsapp.services.suggestions import IdeaWaitingPublic, SuggestionPublic, ideas_waiting, pending_for
from strengthsapp.services.today import TodayPublic, get_today, wins_journal

# What the views beside Today read, each as far as the actor may see it (NotAllowed: that
# part isn't shared); a view names its reading and any options (a goal's story opened).
READINGS: dict[str, Callable[..., Any]] = {
    "goals": get_plan,
    "strengths": get_assessment,
    "wins": wins_journal,
    "resources": get_resources,
}


@dataclass
class Seen:
    """One look at a board: the Today view (None: not shared with this person), the ideas
    waiting for the client, and the reading of the view shown (None: none asked, or that
    part isn't shared)."""

    today: TodayPublic | None
    suggestions: list[SuggestionPublic]
    page: Any
    my_ideas: list[IdeaWaitingPublic] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)  # of the operations applied first


def look(
    *,
    session_token: str | None,
    client_token: str,
    client_id: int,
    record_view: bool,
    ops: list[Operation] | None = None,
    reading: str = "",
    options: dict[str, Any] | None = None,
) -> Seen | None:
    """Who holds this session, the operations they apply (each through services.operations,
    its outcome kept in `outcomes`), and the board as they may now see it: one transaction,
    None without a session. With operations, a database that is away raises Unavailable:
    nothing was kept, and the device sends them again."""
    try:
        return _look(session_token, client_token, client_id, record_view, ops or [], reading, options)
    except SQLAlchemyError as error:
        if not ops:
            raise
        raise Unavailable() from error


def _look(
    session_token: str | None,
    client_token: str,
    client_id: int,
    record_view: bool,
    ops: list[Operation],
    reading: str,
    options: dict[str, Any] | None,
) -> Seen | None:
    with session_scope() as db:
        actor = resolve_session(db, token=session_token)
        if actor is None:
            return None
        # A change made on the board never changes who may see it (sharing is changed on
        # its own page), so its access facts are loaded once for the change and the look.
        with reading_boards(db):
            outcomes = [apply_operation(db, actor=actor, op=op) for op in ops]
            if ops:
                db.flush()
            try:
                today = get_today(db, actor=actor, client_id=client_id, record_view=record_view)
            except NotAllowed:
                return Seen(today=None, suggestions=[], page=None, outcomes=outcomes)
            # The client decides on every idea; whoever suggests sees their own, still waiting.
            suggestions = pending_for(db, actor=actor, client_id=client_id) if today.own else []
            mine = ideas_waiting(db, actor=actor, client_id=client_id) if today.suggests else []
            if not today.own:
                note_viewer(db, client_token=client_token, user_id=actor.user_id, board_client_id=client_id)
            page = None
            if reading:
                try:
                    page = READINGS[reading](db, actor=actor, client_id=client_id, **(options or {}))
                except NotAllowed:
                    page = None
        return Seen(today=today, suggestions=suggestions, page=page, my_ideas=mine, outcomes=outcomes)
