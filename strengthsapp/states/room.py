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

from strengthsapp.settings import get_settings


def room_token(client_id: int) -> str:
    digest = hmac.new(get_settings().secret_key.encode(), f"board:{client_id}".encode(), hashlib.sha256)
    return f"board-{client_id}-{digest.hexdigest()[:32]}"


class BoardRoom(rx.SharedState):
    """Linked to by every open screen of one board."""
