"""Nudges end to end, in Chromium: Nia turns nudges on for her phone (headless Chromium
cannot reach a real push service, so PushManager.subscribe is stubbed to hand out a
subscription at the local fake push service), chooses a nudge in her words; the app's own
worker sends it, the fake service decrypts exactly her words; delivered to the service
worker through CDP it shows a notification with "Done" and "Not today"; "Done" marks the
step done, once."""

import json
import time

import pytest
from playwright.sync_api import Browser, expect
from sqlmodel import select

from strengthsapp.db.models import Goal, NudgeDelivery, NudgePlan, PushSubscription, Step
from strengthsapp.db.types import utcnow
from tests.e2e.conftest import (
    PHONE,
    from_menu,
    new_client,
    screenshot,
    serious_accessibility_violations,
    sign_in,
)
from tests.push_service import FakePushService

pytestmark = pytest.mark.e2e
WORDS = "Park time 🌳 <b>you've got this</b>"


PASSWORD = "moss on the garden wall"


@pytest.fixture(scope="module")
def nia(app_server) -> None:
    """A client of her own: this test marks a step done, and the demo board stays as it is."""
    with app_server.db() as db:
        nia, _sam = new_client(db, "Nia", password=PASSWORD, timezone="Europe/London")
        goal = Goal(
            client_id=nia.id, text="Keep in touch with Mia", domain_key="social", created_by_id=nia.id
        )
        db.add(goal)
        db.flush()
        db.add(Step(goal_id=goal.id, text="Write Mia a birthday card", position=0))


def test_nia_turns_nudges_on_chooses_one_and_acts_on_it(app_server, browser: Browser, nia):
    context = browser.new_context(**PHONE, locale="en-GB")
    context.set_default_timeout(20_000)
    context.grant_permissions(["notifications"], origin=app_server.url)
    page = context.new_page()
    sign_in(page, app_server, "nia.e2e", PASSWORD)
    page.goto(f"{app_server.url}/nudges")
    expect(page.get_by_role("heading", name="My nudges")).to_be_visible()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    assert serious_accessibility_violations(page) == []
    key = page.locator("#vapid-key").get_attribute("data-key")

    with FakePushService(key) as service:
        device = service.subscription("ok")
        page.evaluate(
            """(sub) => { PushManager.prototype.subscribe = async () => ({toJSON: () => sub, endpoint: sub.endpoint}); }""",
            device.as_json(),
        )
        page.get_by_role("button", name="Turn on nudges on this device").click()
        expect(page.get_by_role("status")).to_contain_text("Nudges are on for this device.")
        expect(page.locator(".device")).to_contain_text("(this one)")

        page.get_by_role("combobox", name="About", exact=True).select_option(
            label="Write Mia a birthday card"
        )
        page.get_by_label("In my words").fill(WORDS)
        page.get_by_role("button", name="Set the nudge").click()
        expect(page.locator(".nudge").filter(has_text=WORDS)).to_be_visible()
        screenshot(page, "nudges-phone")

        # Due now: the app's own worker (started by `manage run`) claims it and sends it.
        with app_server.db() as db:
            plan = db.exec(select(NudgePlan).where(NudgePlan.message == WORDS)).one()
            db.add(NudgeDelivery(plan_id=plan.id, due_at=utcnow(), next_attempt_at=utcnow()))
            step_id = plan.step_id
        assert service.wait_for(1, timeout=30), "the worker did not send the nudge"
        [arrived] = service.received
        assert arrived.payload["body"] == WORDS  # decrypted: exactly her words
        delivery_id = arrived.payload["delivery"]

        # The push reaches the service worker: a notification with her words and two actions.
        cdp = context.new_cdp_session(page)
        registrations: list[str] = []
        cdp.on("ServiceWorker.workerRegistrationUpdated",
               lambda event: registrations.extend(r["registrationId"] for r in event["registrations"]))  # fmt: skip
        cdp.send("ServiceWorker.enable")
        deadline = time.monotonic() + 10
        while not registrations and time.monotonic() < deadline:
            page.wait_for_timeout(100)

        def push(payload: dict) -> None:
            cdp.send("ServiceWorker.deliverPushMessage", {"origin": app_server.url, "registrationId": registrations[0],
                                                          "data": json.dumps(payload)})  # fmt: skip

        notifications = """navigator.serviceWorker.ready.then(r => r.getNotifications()).then(all => all.map(n =>
                 ({title: n.title, body: n.body, actions: n.actions.map(a => a.title), delivery: n.data.delivery})))"""

        def shown_once(delivery: int) -> list:
            """The notifications on screen once `delivery` is among them (pushes are handled in turn)."""
            shown: list = []
            deadline = time.monotonic() + 10
            while not any(n["delivery"] == delivery for n in shown) and time.monotonic() < deadline:
                page.wait_for_timeout(200)
                shown = page.evaluate(notifications)
            return shown

        push(arrived.payload)
        assert shown_once(delivery_id) == [{"title": "strengthsapp", "body": WORDS, "actions": ["Done", "Not today"],
                                            "delivery": delivery_id}]  # fmt: skip

        # The push service took it, the answer was lost, the worker sent it again (twice):
        # the same delivery id, shown once.
        push(arrived.payload)
        push(arrived.payload)
        marker = {**arrived.payload, "delivery": delivery_id + 1_000_000, "body": "A later nudge"}
        push(marker)
        on_screen = shown_once(marker["delivery"])
        assert sorted(n["delivery"] for n in on_screen) == [delivery_id, marker["delivery"]]
        screenshot(page, "nudge-shown-once-phone")
        # Dismissed, then a late copy arrives: not shown again.
        page.evaluate(
            "navigator.serviceWorker.ready.then(r => r.getNotifications()).then(all => all.forEach(n => n.close()))"
        )
        push(arrived.payload)
        last = {**marker, "delivery": delivery_id + 2_000_000}
        push(last)
        assert [n["delivery"] for n in shown_once(last["delivery"])] == [last["delivery"]]

    # "Done", as the notification's action sends it (headless Chromium cannot click a
    # notification: the page asks the service worker to run the same action).
    act = """(delivery) => new Promise((resolve) => {
        navigator.serviceWorker.addEventListener('message', (e) => resolve(e.data), {once: true});
        navigator.serviceWorker.controller.postMessage({type: 'nudge-action', delivery, action: 'done'});
    })"""
    assert page.evaluate(act, delivery_id) == {"type": "nudge-acted", "ok": True}
    assert page.evaluate(act, delivery_id) == {"type": "nudge-acted", "ok": True}  # again: counted once
    with app_server.db() as db:
        assert db.get(Step, step_id).done_at is not None
        delivery = db.get(NudgeDelivery, delivery_id)
        assert (delivery.action, delivery.status) == ("done", "sent")

    # Signing out on this phone removes its subscription: no more nudges to a signed-out device.
    page.goto(f"{app_server.url}/")
    from_menu(page, "Sign out")
    page.wait_for_url("**/signin**")
    with app_server.db() as db:
        assert (
            db.exec(select(PushSubscription).where(PushSubscription.endpoint == device.endpoint)).first()
            is None
        )
    context.close()
