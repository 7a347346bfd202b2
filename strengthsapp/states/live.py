"""Clearing other people's open screens when their access ends.

An event is queued for each client token that lately showed the board to that person.
It runs in that token's own state, re-checks access with that browser's own session
cookie, and clears the screen when the answer is no. Through Reflex's event processor the
event reaches the right worker, also with Redis and several workers.
"""

from __future__ import annotations

import asyncio
import contextvars

from reflex_base.event import Event
from reflex_base.utils.format import format_event_handler

from strengthsapp.db.engine import session_scope
from strengthsapp.services.live import viewers_of
from strengthsapp.states.today import TodayState


async def recheck_open_boards(*, user_id: int, board_client_id: int) -> int:
    """Ask every open screen of `user_id` showing this board to check again. Returns how many."""
    with session_scope() as db:
        tokens = viewers_of(db, user_id=user_id, board_client_id=board_client_id)
    # Enqueued from inside an event, the new event would inherit *this* event's router
    # data, this browser's cookie included, and run in the other browser under it. From an
    # empty context it keeps the router data (and cookie) of its own browser.
    await asyncio.create_task(_enqueue_rechecks(tokens), context=contextvars.Context())
    return len(tokens)


async def _enqueue_rechecks(tokens: list[str]) -> None:
    from strengthsapp.strengthsapp import app  # the running app; imported late to avoid a cycle

    name = format_event_handler(TodayState.recheck)
    for token in tokens:
        await app.event_processor.enqueue(token, Event(name=name, payload={}))
