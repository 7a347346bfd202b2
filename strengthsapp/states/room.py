"""The live room of a board: every open screen of one board is linked to it.

The room carries no board data at all: it is where Reflex keeps the client tokens of the
screens linked to it. When someone changes the board, each other screen linked to the
room is asked to reload its own view through its own session (states.live), so a peer
still sees only what was shared with them. Nothing in the room is ever changed (a change
would send it to every linked screen, a second message each). Room tokens are an HMAC of the
board's id with the secret key: a socket that connects with a room's token *is* the room,
so the token must not be guessable.
"""

from __future__ import annotations

import hashlib
import hmac

import reflex as rx
from reflex.istate.manager import get_state_manager
from reflex.istate.manager.token import BaseStateToken

from strengthsapp.settings import get_settings


def room_token(client_id: int, *, secret_key: str | None = None) -> str:
    """The board's room token: made with this server's secret key (or `secret_key`)."""
    key = secret_key if secret_key is not None else get_settings().secret_key
    digest = hmac.new(key.encode(), f"board:{client_id}".encode(), hashlib.sha256)
    return f"board-{client_id}-{digest.hexdigest()[:32]}"


class BoardRoom(rx.SharedState):
    """Linked to by every open screen of one board."""


async def screens_in(client_id: int) -> set[str]:
    """The client tokens of the screens linked to this board's room, read without taking
    the room's lock: loading the room from inside an event (`get_state(BoardRoom)`) would
    lock it until the event ends, and with Redis that is a lock, a read, a write and an
    unlock more for every change. A screen linking meanwhile looks at the board once more
    after its link is saved (`TodayState._join_room`), so it misses no change either way."""
    root = await get_state_manager().get_state(BaseStateToken(ident=room_token(client_id), cls=BoardRoom))
    room = await root.get_state(BoardRoom)
    return set(room._linked_from)
