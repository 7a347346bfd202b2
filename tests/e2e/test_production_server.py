"""The production build serves the page, /ping, the API and the websocket on one port."""

import asyncio
import json
import urllib.error
import urllib.request

import aiohttp
import pytest
import socketio

from strengthsapp.states.today import TodayState

pytestmark = pytest.mark.e2e


def get(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers.get("content-type", ""), response.read().decode()


def test_it_serves_the_page_ping_and_health_on_one_port(app_server):
    status, content_type, body = get(f"{app_server.url}/")
    assert status == 200 and "text/html" in content_type
    assert '<html lang="en"' in body
    assert get(f"{app_server.url}/ping")[0] == 200
    status, _, body = get(f"{app_server.url}/api/health")
    assert status == 200 and json.loads(body) == {"ok": True, "database": "ok"}


async def call_over_websocket(base_url: str, origin: str, event: str) -> list[dict]:
    """Connect to the app's websocket like a browser would, send one event, collect replies."""
    client = socketio.AsyncClient(reconnection=False)
    replies: list[dict] = []
    got_reply = asyncio.Event()

    @client.on("event", namespace="/_event")
    async def on_event(data):
        replies.append(json.loads(data) if isinstance(data, str) else data)
        got_reply.set()

    await client.connect(
        f"{base_url}?token=e2e-websocket-test",
        socketio_path="/_event",
        namespaces=["/_event"],
        transports=["websocket"],
        headers={"Origin": origin},
        wait_timeout=10,
    )
    try:
        await client.emit(
            "event",
            {"name": event, "payload": {}, "router_data": {"pathname": "/", "query": {}, "asPath": "/"}},
            namespace="/_event",
        )
        await asyncio.wait_for(got_reply.wait(), timeout=15)
        await asyncio.sleep(0.3)
    finally:
        await client.disconnect()
    return replies


def test_the_websocket_answers_on_the_same_port(app_server):
    event = f"{TodayState.get_full_name()}.load"
    replies = asyncio.run(call_over_websocket(app_server.url, app_server.url, event))
    deltas = json.dumps([reply.get("delta") for reply in replies], ensure_ascii=False)
    assert "Alex" in deltas
    assert "I called the shelter myself" in deltas


async def websocket_handshake_status(base_url: str, origin: str) -> int:
    url = base_url.replace("http", "ws", 1) + "/_event/?EIO=4&transport=websocket"
    async with aiohttp.ClientSession() as http:
        try:
            async with http.ws_connect(url, origin=origin, timeout=aiohttp.ClientWSTimeout(ws_close=5)):
                return 101
        except aiohttp.WSServerHandshakeError as error:
            return error.status


def test_the_websocket_refuses_another_origin(app_server):
    assert asyncio.run(websocket_handshake_status(app_server.url, app_server.url)) == 101
    assert asyncio.run(websocket_handshake_status(app_server.url, "http://evil.example")) == 403


def test_the_api_does_not_grant_credentials_to_another_origin(app_server):
    request = urllib.request.Request(
        f"{app_server.url}/api/health", headers={"Origin": "http://evil.example"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers.get("access-control-allow-origin") != "http://evil.example"
        assert response.headers.get("access-control-allow-origin") != "*"
