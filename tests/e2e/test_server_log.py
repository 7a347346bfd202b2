"""What a hostile or outdated page can put in the server's log: no cookie, no tab token,
no payload, and a few lines however much it sends."""

import asyncio

import httpx
import pytest
import socketio

from strengthsapp.states.today import TodayState
from tests.e2e.conftest import session_cookie
from tests.e2e.forged import Forged, run

pytestmark = pytest.mark.e2e


def log_after(app_server, start: int) -> str:
    return app_server.log.read_text(errors="replace")[start:]


def test_a_signed_in_tab_sending_unknown_and_broken_events_leaves_no_secret_and_few_lines(app_server):
    """An old page left open after a deploy names handlers that no longer exist, for every
    user: the log gets a line a minute per socket, without cookie, token or payload."""
    cookie = session_cookie(app_server, "alex")
    token = "alex-old-frontend-tab-e2e"
    secret_words = "my sister's new address is 12 Elm Street"
    start = len(app_server.log.read_text(errors="replace"))

    async def old_page() -> None:
        async with Forged(app_server.url, cookie=cookie, token=token) as tab:
            for n in range(300):
                await tab.send_raw(
                    {"name": f"{TodayState.get_full_name()}.gone_handler_{n % 3}",
                     "payload": {"form": {"words": secret_words}}, "router_data": {"pathname": "/"}},
                    wait=0,
                )  # fmt: skip
            for payload in ("not a dict", [1, 2], {"form": "text"}, {"form": {"a": {"b": {"c": [1]}}}},
                            {"step_id": "1 OR 1=1"}, {"step_id": 10**30}, {"nope": 1}):  # fmt: skip
                await tab.send_raw(
                    {"name": f"{TodayState.get_full_name()}.mark_done", "payload": payload}, wait=0
                )
            await tab.send_raw("a string, not an event", wait=0)
            await tab.send_raw({"name": f"{TodayState.get_full_name()}.add_win", "payload": {"form": {"win": "x" * 30_000}}}, wait=0)  # fmt: skip
            await asyncio.sleep(1.5)

    run(old_page())
    written = log_after(app_server, start)
    assert cookie not in written
    assert token not in written
    assert secret_words not in written
    assert "sa_session=" not in written or "sa_session=[redacted]" in written
    assert len(written.splitlines()) <= 5, written
    assert len(written) < 2_000


def test_an_oversized_message_is_refused_before_reflex_reads_it(app_server):
    """200 KB in one event: the socket is dropped at once, and the log doesn't grow by it."""
    start = len(app_server.log.read_text(errors="replace"))

    async def flood() -> bool:
        client = socketio.AsyncClient(reconnection=False)
        await client.connect(f"{app_server.url}?token=flood-e2e", socketio_path="/_event", namespaces=["/_event"],
                             transports=["websocket"], headers={"Origin": app_server.url})  # fmt: skip
        for _ in range(20):
            if not client.connected:
                break
            await client.emit(
                "event",
                {
                    "name": f"{TodayState.get_full_name()}.add_win",
                    "payload": {"form": {"win": "y" * 200_000}},
                },
                namespace="/_event",
            )
            await asyncio.sleep(0.2)
        connected = client.connected
        await client.disconnect()
        return connected

    assert run(flood()) is False  # the server closed the socket
    assert len(log_after(app_server, start)) < 2_000


@pytest.mark.parametrize("route", ["/api/push/subscribe", "/api/nudge/action"])
def test_json_routes_refuse_big_and_deeply_nested_bodies_plainly(app_server, route):
    cookies = {"sa_session": session_cookie(app_server, "alex")}
    headers = {"Origin": app_server.url, "Content-Type": "application/json"}
    big = httpx.post(f"{app_server.url}{route}", content=b"[" + b"1," * 10_000_000 + b"1]", headers=headers,
                     cookies=cookies, timeout=30)  # fmt: skip
    assert big.status_code == 413
    deep = httpx.post(f"{app_server.url}{route}", content=b"[" * 8000 + b"]" * 8000, headers=headers,
                      cookies=cookies)  # fmt: skip
    assert deep.status_code == 400
    assert deep.json()["ok"] is False
