"""The production build serves the page, /ping, the API and the websocket on one port."""

import json
import urllib.error
import urllib.parse
import urllib.request

import aiohttp
import pytest

from strengthsapp.states.signin import SignInState
from tests.e2e.forged import Forged, everything_sent, run

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


def test_the_websocket_answers_on_the_same_port(app_server):
    async def ask() -> list:
        async with Forged(app_server.url) as forged:
            return await forged.send(f"{SignInState.get_full_name()}.load", path="/signin")

    sent = everything_sent(run(ask()))
    assert '"demo_rx_state_": true' in sent


async def websocket_handshake_status(base_url: str, origin: str) -> int:
    url = base_url.replace("http", "ws", 1) + "/_event/?EIO=4&transport=websocket"
    async with aiohttp.ClientSession() as http:
        try:
            async with http.ws_connect(url, origin=origin, timeout=aiohttp.ClientWSTimeout(ws_close=5)):
                return 101
        except aiohttp.WSServerHandshakeError as error:
            return error.status


def test_the_websocket_refuses_another_origin(app_server):
    assert run(websocket_handshake_status(app_server.url, app_server.url)) == 101
    assert run(websocket_handshake_status(app_server.url, "http://evil.example")) == 403


def test_pages_and_api_carry_security_headers(app_server):
    for path in ("/", "/signin", "/api/health"):
        with urllib.request.urlopen(f"{app_server.url}{path}", timeout=10) as response:
            headers = response.headers
            assert "frame-ancestors 'none'" in headers["content-security-policy"]
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["x-frame-options"] == "DENY"
            assert headers["referrer-policy"] == "same-origin"
    with urllib.request.urlopen(f"{app_server.url}/api/health", timeout=10) as response:
        assert response.headers["cache-control"] == "no-store"


def post(url: str, data: dict, headers: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode(), headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def test_cookie_routes_refuse_posts_from_other_sites(app_server):
    for path in ("/api/session/claim", "/api/signout"):
        status, _ = post(f"{app_server.url}{path}", {"claim": "x"}, {"Origin": "http://evil.example"})
        assert status == 403
        status, _ = post(f"{app_server.url}{path}", {"claim": "x"}, {})  # no Origin, no Referer
        assert status == 403


def test_a_made_up_claim_sets_no_cookie(app_server):
    status, headers = post(
        f"{app_server.url}/api/session/claim", {"claim": "made-up"}, {"Origin": app_server.url}
    )
    assert status == 303 and headers["location"] == "/signin?problem=expired"
    assert "set-cookie" not in {k.lower() for k in headers}


def test_the_api_does_not_grant_credentials_to_another_origin(app_server):
    request = urllib.request.Request(
        f"{app_server.url}/api/health", headers={"Origin": "http://evil.example"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers.get("access-control-allow-origin") != "http://evil.example"
        assert response.headers.get("access-control-allow-origin") != "*"
