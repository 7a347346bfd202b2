"""A websocket client that speaks Reflex's protocol without a browser: any client token,
any cookie, any event name and arguments. What an attacker's script can do."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import socketio


@dataclass
class Forged:
    base_url: str
    cookie: str | None = None
    token: str = "forged-client-token"
    origin: str | None = None
    replies: list[dict[str, Any]] = field(default_factory=list)
    new_tokens: list[str] = field(default_factory=list)  # Reflex's "use this token instead"

    async def __aenter__(self) -> Forged:
        self.client = socketio.AsyncClient(reconnection=False)
        self.got = asyncio.Event()

        @self.client.on("event", namespace="/_event")
        async def on_event(data: Any) -> None:
            self.replies.append(json.loads(data) if isinstance(data, str) else data)
            self.got.set()

        @self.client.on("new_token", namespace="/_event")
        async def on_new_token(token: str) -> None:
            self.new_tokens.append(token)

        headers = {"Origin": self.origin or self.base_url}
        if self.cookie:
            headers["Cookie"] = f"sa_session={self.cookie}"
        await self.client.connect(
            f"{self.base_url}?token={self.token}",
            socketio_path="/_event",
            namespaces=["/_event"],
            transports=["websocket"],
            headers=headers,
            wait_timeout=10,
        )
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.client.disconnect()

    async def send(self, name: str, payload: Any = None, *, path: str = "/",
                   query: dict[str, str] | None = None, wait: float = 10) -> list[dict[str, Any]]:  # fmt: skip
        """Send one event; return the replies that came within a short while (`wait` for
        the first: an event the server drops gets none)."""
        start = len(self.replies)
        self.got.clear()
        as_path = path + (f"?{urlencode(query)}" if query else "")
        await self.client.emit(
            "event",
            {
                "name": name,
                "payload": {} if payload is None else payload,
                "router_data": {"pathname": path, "query": query or {}, "asPath": as_path},
            },
            namespace="/_event",
        )
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.got.wait(), timeout=wait)
        await asyncio.sleep(min(0.5, wait))  # chained events (redirects, follow-ups) come after the first
        return self.replies[start:]

    async def send_raw(self, data: Any, *, wait: float = 1.0) -> list[dict[str, Any]]:
        """Anything at all as an event: what a hostile script can send."""
        start = len(self.replies)
        await self.client.emit("event", data, namespace="/_event")
        await asyncio.sleep(wait)
        return self.replies[start:]

    async def listen(self, seconds: float, *, since: int | None = None) -> list[dict[str, Any]]:
        """Send nothing; what arrives meanwhile (or since reply number `since`)."""
        start = len(self.replies) if since is None else since
        await asyncio.sleep(seconds)
        return self.replies[start:]


def everything_sent(replies: list[dict[str, Any]]) -> str:
    return json.dumps(replies, ensure_ascii=False)


def run(coroutine: Any) -> Any:
    """Run on a thread of its own: Playwright's sync API keeps an event loop on this one."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def operation(
    author: int, board: int, kind: str, /, base_version: int | None = None, **fields: Any
) -> dict[str, Any]:
    """An operation as a device makes it (assets/outbox.js): a fresh id of its own."""
    import uuid

    return {"id": str(uuid.uuid4()), "author": author, "board": board, "kind": kind, "fields": fields,
            "base_version": base_version}  # fmt: skip


def post_ops(
    base_url: str, cookie: str | None, ops: list[dict[str, Any]], *, origin: str | None = None
) -> Any:
    """Send operations as the outbox does: POST /api/ops with the session cookie."""
    import httpx

    return httpx.post(
        f"{base_url}/api/ops",
        json={"ops": ops},
        headers={"Origin": origin or base_url},
        cookies={"sa_session": cookie} if cookie else {},
        timeout=30,
    )
