"""The live room of a board: the tab tokens of the screens open on it.

The room carries no board data at all. When someone changes the board, each other screen
in its room is asked to look again through its own session (states.live), so a peer still
sees only what was shared with them. With Redis (several workers) a room is a Redis set,
so a change on one worker reaches the screens on another; with one worker, a set in this
process.

Not Reflex's SharedState: a tab linked to one carries the room in its state tree, and then
every event of that tab, a refresh as much as a change, took the room's lock and patched
it into the tab's tree (a resolved delta of the whole tree more): in bench/live_sync.py's
py-spy profile a tenth of the event loop's work during marks; without it the server's CPU
per step done went from x1.30 to x1.10 of the commit before the outbox (bench/README.md).
Here joining is one SADD, and an event that doesn't join or leave doesn't touch the room.

A room's key is named by `room_token`, an HMAC of the board's id with the secret key:
apps sharing one Redis (a test run, a staging copy) don't share rooms.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import weakref
from typing import Any

from strengthsapp.settings import get_settings

# A tab's membership lasts this long after it last joined: a tab open longer than a week is
# reloaded or reconnects (states.live.LONGEST_WAIT), and joins again when it does.
KEEP_FOR_S = 8 * 24 * 3600

_here: dict[int, set[str]] = {}  # one worker: board -> tab tokens
_redis: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = weakref.WeakKeyDictionary()


def room_token(client_id: int, *, secret_key: str | None = None) -> str:
    """The board's room name: made with this server's secret key (or `secret_key`)."""
    key = secret_key if secret_key is not None else get_settings().secret_key
    digest = hmac.new(key.encode(), f"board:{client_id}".encode(), hashlib.sha256)
    return f"board-{client_id}-{digest.hexdigest()[:32]}"


def redis_key(client_id: int, *, secret_key: str | None = None) -> str:
    return f"strengthsapp:room:{room_token(client_id, secret_key=secret_key)}"


async def join(client_id: int, token: str) -> None:
    """This tab is open on this board now: later changes to the board reach it."""
    store = _store()
    if store is None:
        _here.setdefault(client_id, set()).add(token)
        return
    key = redis_key(client_id)
    async with store.pipeline(transaction=False) as pipe:
        pipe.sadd(key, token)
        pipe.expire(key, KEEP_FOR_S)
        await pipe.execute()


async def leave(client_id: int, token: str) -> None:
    store = _store()
    if store is None:
        tokens = _here.get(client_id)
        if tokens is not None:
            tokens.discard(token)
            if not tokens:
                del _here[client_id]
        return
    await store.srem(redis_key(client_id), token)


async def screens_in(client_id: int) -> set[str]:
    """The tab tokens in this board's room (some may have closed since: a re-check of a
    closed tab makes it leave)."""
    store = _store()
    if store is None:
        return set(_here.get(client_id, ()))
    return set(await store.smembers(redis_key(client_id)))


def _store() -> Any:
    """This event loop's Redis client, or None without Redis (one worker)."""
    url = get_settings().redis_url
    if not url:
        return None
    loop = asyncio.get_running_loop()  # a Redis client belongs to the loop it was made on
    client = _redis.get(loop)
    if client is None:
        import redis.asyncio

        client = _redis[loop] = redis.asyncio.Redis.from_url(url, decode_responses=True)
    return client
