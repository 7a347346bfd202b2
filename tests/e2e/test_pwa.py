"""The installable app: manifest, icons, a service worker registered from the head, an
offline screen with the board the client last saw, and nothing left behind after signing out."""

import json
import tempfile
import urllib.request

import pytest
from playwright.sync_api import Browser, expect

from strengthsapp.pwa import manifest
from tests.e2e.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    from_menu,
    screenshot,
    serious_accessibility_violations,
    sign_in,
    wait_until,
)

pytestmark = pytest.mark.e2e


def get(url: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers["content-type"], response.read()


def test_the_manifest_icons_and_worker_are_served_as_a_browser_expects(app_server):
    kind, body = get(f"{app_server.url}/manifest.webmanifest")
    assert kind.startswith("application/manifest+json")
    served = json.loads(body)
    assert served == manifest() and len(served["short_name"]) <= 12
    assert (served["display"], served["start_url"], served["scope"]) == (
        "standalone",
        "/?source=home-screen",
        "/",
    )
    purposes = {(icon["sizes"], icon["purpose"]) for icon in served["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes
    for icon in served["icons"]:
        assert get(app_server.url + icon["src"])[0] == "image/png"

    kind, worker = get(f"{app_server.url}/sw.js")
    assert kind.startswith("application/javascript") and b"__VERSION__" not in worker
    _, page = get(f"{app_server.url}/signin")
    head = page.decode().split("</head>")[0]
    for expected in ('rel="manifest"', 'name="theme-color"', 'rel="apple-touch-icon"',
                     "navigator.serviceWorker.register('/sw.js'"):  # fmt: skip
        assert expected in head, expected


def test_chrome_finds_nothing_in_the_way_of_installing(app_server, browser: Browser):
    # A persistent profile: Chrome does not offer installing in an incognito-like context.
    with tempfile.TemporaryDirectory() as profile:
        context = browser.browser_type.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, **PHONE
        )
        page = context.new_page()
        page.goto(f"{app_server.url}/signin")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()  # now controlled by the worker
        errors = context.new_cdp_session(page).send("Page.getInstallabilityErrors")["installabilityErrors"]
        manifest_info = context.new_cdp_session(page).send("Page.getAppManifest")
        context.close()
    assert errors == [], errors
    assert manifest_info["url"].endswith("/manifest.webmanifest") and not manifest_info["errors"]


def test_offline_the_client_sees_her_board_as_she_last_saw_it_and_back_online_says_so(
    app_server, browser: Browser
):
    context = browser.new_context(**PHONE, locale="en-GB")
    context.set_default_timeout(20_000)
    page = context.new_page()
    sign_in(page, app_server, "alex")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    wait_until(
        page,
        "typeof saOutbox !== 'undefined' && saOutbox.me()"
        ".then((me) => me && saOutbox.snapshots(me.user_id)).then((kept) => kept && kept.length > 0)",
    )

    context.set_offline(True)
    page.goto(f"{app_server.url}/goals")
    expect(page.get_by_role("heading", level=1)).to_have_text("No signal right now, Alex")
    expect(page.locator(".card", has_text="Update my CV with Sam").first).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("sent by itself when there is signal")
    assert serious_accessibility_violations(page) == []
    screenshot(page, "offline-phone")

    context.set_offline(False)  # the browser says "online": the page says so, and leads back
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.get_by_role("link", name="Open the live board").click()
    expect(page.get_by_role("heading", name="My goals")).to_be_visible(timeout=30_000)

    # Signing out forgets the board: the next person on a shared phone finds nothing.
    from_menu(page, "Sign out")
    page.wait_for_url("**/signin**")
    wait_until(page, "typeof saOutbox !== 'undefined'")  # the outbox script is deferred
    assert page.evaluate("saOutbox.me()") is None
    context.set_offline(True)
    page.goto(f"{app_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("No signal right now")
    expect(page.locator(".card")).to_have_count(0)
    context.close()


def test_a_new_build_is_a_new_worker(monkeypatch, tmp_path):
    """The worker's version follows the built frontend, so a deploy replaces old caches."""
    from strengthsapp import pwa

    build = tmp_path / "web" / "build" / "client"  # REFLEX_WEB_WORKDIR is the web folder itself
    build.mkdir(parents=True)
    monkeypatch.setenv("REFLEX_WEB_WORKDIR", str(tmp_path / "web"))
    (build / "index.html").write_text("<script src=/assets/app-1.js>")
    pwa.build_version.cache_clear()
    first = pwa.build_version()
    (build / "index.html").write_text("<script src=/assets/app-2.js>")
    pwa.build_version.cache_clear()
    assert pwa.build_version() != first
    pwa.build_version.cache_clear()
