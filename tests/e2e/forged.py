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

    async def __aenter__(self) -> Forged:
        self.client = socketio.AsyncClient(reconnection=False)
        self.got = asyncio.Event()

        @self.client.on("event", namespace="/_event")
        async def on_event(data: Any) -> None:
            self.replies.append(json.loads(data) if isinstance(data, str) else data)
            self.got.set()

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

    async def send(self, name: str, payload: dict[str, Any] | None = None, *, path: str = "/",
                   query: dict[str, str] | None = None) -> list[dict[str, Any]]:  # fmt: skip
        """Send one event; return the replies that came within a short while."""
        start = len(self.replies)
        self.got.clear()
        as_path = path + (f"?{urlencode(query)}" if query else "")
        await self.client.emit(
            "event",
            {
                "name": name,
                "payload": payload or {},
                "router_data": {"pathname": path, "query": query or {}, "asPath": as_path},
            },
            namespace="/_event",
        )
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.got.wait(), timeout=10)
        await asyncio.sleep(0.5)  # chained events (redirects, follow-ups) arrive after the first
        return self.replies[start:]


def everything_sent(replies: list[dict[str, Any]]) -> str:
    return json.dumps(replies, ensure_ascii=False)


def run(coroutine: Any) -> Any:
    """Run on a thread of its own: Playwright's sync API keeps an event loop on this one."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
