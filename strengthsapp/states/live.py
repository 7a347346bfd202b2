"""Telling other open screens of a board to look again.

An event is queued for each client token. It runs in that token's own state, re-checks
access with that browser's own session cookie, and shows what it may now show (or
nothing). Through Reflex's event processor the event reaches the right worker, also with
Redis and several workers. The app names the board's re-check at start-up (`attach`):
nothing here imports the app or a page's state.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Iterable
from datetime import datetime, timedelta

from reflex_base.event import Event, EventHandler
from reflex_base.utils.format import format_event_handler

from strengthsapp import rooms, sockets
from strengthsapp.db.engine import session_scope
from strengthsapp.db.types import utcnow
from strengthsapp.services.live import viewers_of
from strengthsapp.services.operations import Outcome, apply_sent, changed_boards

# A tab open longer than this is reloaded (or reconnects, and looks again) before then.
LONGEST_WAIT = timedelta(days=7)
_timers: dict[str, asyncio.TimerHandle] = {}  # tab token -> its one re-check to come
_due: set[asyncio.Task] = set()  # re-checks on their way (held, so they aren't collected)
_recheck = ""  # the event a screen looks at its board again with (attach)


def attach(*, recheck: EventHandler) -> None:
    """At start-up: the event a screen looks at its board again with (it is given the
    board's id as `board`)."""
    global _recheck
    _recheck = format_event_handler(recheck)


async def recheck_screens(tokens: Iterable[str], *, board: int) -> None:
    """Queue a re-check of `board` on each of these client tokens."""
    # Enqueued from inside an event, the new event would inherit *this* event's router
    # data, this browser's cookie included, and run in the other browser under it. From an
    # empty context it keeps the router data (and cookie) of its own browser.
    await asyncio.create_task(_enqueue_rechecks(list(tokens), board), context=contextvars.Context())


async def recheck_board(client_id: int, *, but: str = "") -> int:
    """Someone changed this board: every screen in its room looks again, but the tab `but`
    (the author's, when its own event showed the change already). Returns how many."""
    if sockets.current is None:
        return 0
    tokens = await rooms.screens_in(client_id) - {but}
    await recheck_screens(tokens, board=client_id)
    return len(tokens)


async def apply_from_device(token: str | None, sent: list[object]) -> list[Outcome] | None:
    """A device's operations as the session `token`'s person (services.operations, on a
    thread); then every screen of each board they changed looks again, the author's own
    included. None: no session."""
    outcomes = await asyncio.to_thread(apply_sent, token, sent)
    for board in changed_boards(outcomes or []):
        await recheck_board(board)
    return outcomes


async def recheck_open_boards(*, user_id: int, board_client_id: int) -> int:
    """When access ended: every open screen of `user_id` showing this board checks again."""
    with session_scope() as db:
        tokens = viewers_of(db, user_id=user_id, board_client_id=board_client_id)
    await recheck_screens(tokens, board=board_client_id)
    return len(tokens)


async def _enqueue_rechecks(tokens: list[str], board: int) -> None:
    if sockets.current is None or not _recheck:  # no server running (a test of a state alone)
        return
    for token in tokens:
        await sockets.current.app.event_processor.enqueue(
            token, Event(name=_recheck, payload={"board": board})
        )


async def has_socket(token: str) -> bool:
    """Whether this tab is open now (connected on any worker)."""
    return sockets.current is not None and await sockets.current.is_connected(token)


def recheck_at(token: str, when: datetime | None, *, board: int) -> None:
    """One re-check of this tab at `when`, the moment its access to `board` ends (None: no
    end, or none known): replaces the one asked for before. For this process's own tabs."""
    earlier = _timers.pop(token, None)
    if earlier is not None:
        earlier.cancel()
    if when is None or not token:
        return
    wait = when - utcnow()
    if wait > LONGEST_WAIT:
        return
    loop = asyncio.get_running_loop()

    def due() -> None:
        _timers.pop(token, None)
        task = loop.create_task(_enqueue_rechecks([token], board), context=contextvars.Context())
        _due.add(task)
        task.add_done_callback(_due.discard)

    # A moment after: the look at that time must already find the access ended.
    _timers[token] = loop.call_later(max(0.0, wait.total_seconds()) + 0.5, due)
