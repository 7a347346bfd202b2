"""The live room of a board: every open screen of one board is linked to it.

The room carries no board data, only a change counter. When someone changes the board,
each other screen linked to the room (Reflex keeps their client tokens) is asked to reload
its own view through its own session, so a peer still sees only what was shared with them. Room tokens are an HMAC of the
board's id with the secret key: a socket that connects with a room's token *is* the room,
so the token must not be guessable.
"""

from __future__ import annotations

import hashlib
import hmac

import reflex as rx

from strengthsapp.settings import get_settings


def room_token(client_id: int) -> str:
    digest = hmac.new(get_settings().secret_key.encode(), f"board:{client_id}".encode(), hashlib.sha256)
    return f"board-{client_id}-{digest.hexdigest()[:32]}"


class BoardRoom(rx.SharedState):
    changes: int = 0
