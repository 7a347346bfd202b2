"""Does a burst of sign-ins stall the other tabs? An innocent tab's round trip, alone and
while 8 sign-ins with wrong passwords run in parallel, without pause.

Starts the real server (`python -m strengthsapp.manage run`, SQLite, demo data, one
worker) from `--app DIR` (default: this checkout; give a worktree of another commit to
compare). The innocent tab is Alex's, a Socket.IO client with her cookie, sending
`SessionState.refresh` (the page frame's on_load: one session lookup) one after another.
The sign-ins come from 8 sockets, each trying made-up names with a wrong password, from an
address of its own (X-Forwarded-For, the server trusting one proxy hop; a new one every 30
tries), so that no pause stops the hashing: every try costs a full argon2 check.

Phases take turns (`--rounds`), so both meet the same noise; the figure that counts is the
ratio of the tab's round trip during the sign-ins to alone, in the same run.

    .venv/bin/python bench/sign_in_load.py [--seconds 8] [--rounds 2] [--app DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import socketio

from tests.e2e.conftest import running_app, session_cookie

ROOT = "reflex___state____state"
APP = f"{ROOT}.strengthsapp___states___base____app_state"
REFRESH = f"{APP}.strengthsapp___states___session____session_state.refresh"
SIGN_IN = f"{APP}.strengthsapp___states___signin____sign_in_state.sign_in"
_addresses = itertools.count(1)
TRIES_PER_ADDRESS = 30  # under the 40 that pause an address


class Tab:
    """One websocket speaking Reflex's protocol; `ask` sends an event and waits for its reply."""

    def __init__(self, url: str, token: str, *, cookie: str | None = None, forwarded: bool = False) -> None:
        self.url, self.token, self.cookie, self.forwarded = url, token, cookie, forwarded
        self.client = socketio.AsyncClient(reconnection=False)
        self.replied = asyncio.Event()
        self.client.on("event", self._on_reply, namespace="/_event")

    async def _on_reply(self, _data: object) -> None:
        self.replied.set()

    async def connect(self, address: str = "") -> None:
        headers = {"Origin": self.url}
        if self.cookie:
            headers["Cookie"] = f"sa_session={self.cookie}"
        if address:
            headers["X-Forwarded-For"] = address
        await self.client.connect(f"{self.url}?token={self.token}", socketio_path="/_event",
                                  namespaces=["/_event"], transports=["websocket"], headers=headers)  # fmt: skip

    async def ask(self, name: str, payload: dict, path: str) -> float:
        self.replied.clear()
        start = time.perf_counter()
        await self.client.emit("event", {"name": name, "payload": payload,
                                         "router_data": {"pathname": path, "query": {}, "asPath": path}},
                               namespace="/_event")  # fmt: skip
        await asyncio.wait_for(self.replied.wait(), timeout=60)
        return time.perf_counter() - start


async def innocent_round_trips(tab: Tab, seconds: float) -> list[float]:
    times, end = [], time.perf_counter() + seconds
    while time.perf_counter() < end:
        times.append(await tab.ask(REFRESH, {}, "/"))
    return times


async def wrong_sign_ins(url: str, n: int, seconds: float) -> int:
    """Sign-in tries until `seconds` are over, one after another; from a new address (a new
    socket) every TRIES_PER_ADDRESS tries, under the pause for an address."""
    tries, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        number = next(_addresses)
        tab = Tab(url, f"bench-signin-{n}-{number}", forwarded=True)
        await tab.connect(address=f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}")
        for attempt in range(TRIES_PER_ADDRESS):
            if time.perf_counter() >= end:
                break
            form = {"login": f"nobody-{number}-{attempt}", "password": "not the password at all"}
            await tab.ask(SIGN_IN, {"form": form}, "/signin")
            tries += 1
        await tab.client.disconnect()
    return tries


def figures(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1], ordered[-1]


async def measure(url: str, cookie: str, seconds: float, rounds: int) -> None:
    tab = Tab(url, "bench-innocent-tab", cookie=cookie)
    await tab.connect()
    await innocent_round_trips(tab, 1.0)  # warm
    alone: list[float] = []
    during: list[float] = []
    tries = 0
    for _ in range(rounds):
        alone += await innocent_round_trips(tab, seconds)
        results = await asyncio.gather(
            innocent_round_trips(tab, seconds), *(wrong_sign_ins(url, n, seconds) for n in range(8))
        )
        during += results[0]
        tries += sum(results[1:])
    await tab.client.disconnect()
    a, d = figures(alone), figures(during)
    print(f"\ninnocent tab's round trip (SessionState.refresh), {rounds} x {seconds:.0f} s each")
    print(f"{'':28}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'trips':>7}")
    print(f"{'alone':28}{a[0] * 1000:9.1f}{a[1] * 1000:9.1f}{a[2] * 1000:9.1f}{len(alone):7}")
    print(
        f"{'during 8 wrong sign-ins':28}{d[0] * 1000:9.1f}{d[1] * 1000:9.1f}{d[2] * 1000:9.1f}{len(during):7}"
    )
    print(f"ratio during / alone: p50 x{d[0] / a[0]:.2f}, p95 x{d[1] / a[1]:.2f}, max x{d[2] / a[2]:.2f}")
    print(f"sign-in tries: {tries} ({tries / (rounds * seconds):.1f}/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--app", type=Path, default=None, help="checkout to run (default: this one)")
    args = parser.parse_args()
    project = {"project_dir": args.app.resolve()} if args.app else {}
    with (
        tempfile.TemporaryDirectory(prefix="bench-signin-") as home,
        running_app(
            Path(home), "bench-sign-in", TRUSTED_PROXY_HOPS="1", STRENGTHSAPP_WORKER="0", **project
        ) as app,
    ):
        asyncio.run(measure(app.url, session_cookie(app, "alex"), args.seconds, args.rounds))


if __name__ == "__main__":
    main()
