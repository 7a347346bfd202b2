"""Telling other open screens of a board to look again.

An event is queued for each client token. It runs in that token's own state, re-checks
access with that browser's own session cookie, and shows what it may now show (or
nothing). Through Reflex's event processor the event reaches the right worker, also with
Redis and several workers.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Iterable

from reflex_base.event import Event
from reflex_base.utils.format import format_event_handler

from strengthsapp.db.engine import session_scope
from strengthsapp.services.live import viewers_of


async def recheck_screens(tokens: Iterable[str]) -> None:
    """Queue a re-check on each of these client tokens."""
    # Enqueued from inside an event, the new event would inherit *this* event's router
    # data, this browser's cookie included, and run in the other browser under it. From an
    # empty context it keeps the router data (and cookie) of its own browser.
    await asyncio.create_task(_enqueue_rechecks(list(tokens)), context=contextvars.Context())


async def recheck_open_boards(*, user_id: int, board_client_id: int) -> int:
    """When access ended: every open screen of `user_id` showing this board checks again."""
    with session_scope() as db:
        tokens = viewers_of(db, user_id=user_id, board_client_id=board_client_id)
    await recheck_screens(tokens)
    return len(tokens)


async def _enqueue_rechecks(tokens: list[str]) -> None:
    # Imported late: the running app, and the state, import this module.
    from strengthsapp.states.today import TodayState
    from strengthsapp.strengthsapp import app

    name = format_event_handler(TodayState.recheck)
    for token in tokens:
        await app.event_processor.enqueue(token, Event(name=name, payload={}))
