"""Nothing typed is lost: every change is kept on the device until the server has it,
applied once, and an outreach visit works with no signal at all.

Sam visits Oli in the park. His tablet loses signal: he records visits, check-ins, a win
and a step done, on the live board and then on the offline screen; he reloads, closes the
page and opens another; nothing is lost and nothing is sent twice when signal returns, and
Oli's phone shows it all as it arrives."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlmodel import func, select

from strengthsapp.db.models import AuditEvent, CaseAssignment, CheckIn, Contact, Goal, Step, Win
from strengthsapp.db.types import utcnow
from tests.e2e.conftest import (
    PHONE,
    TABLET,
    new_client,
    screenshot,
    serious_accessibility_violations,
    sign_in,
    wait_until,
)

pytestmark = pytest.mark.e2e
PASSWORD = "swings in the park at noon"
VISITS = ("Fed the ducks and talked about the job fair", "Walked to the library together",
          "Planned the bus route to the interview")  # fmt: skip


def make_oli(app_server, name: str) -> dict:
    now = utcnow()
    with app_server.db() as db:
        oli, sam = new_client(db, name, password=PASSWORD)
        db.add(CaseAssignment(client_id=oli.id, case_manager_id=sam.id, since=now - timedelta(days=3)))
        goal = Goal(
            client_id=oli.id, text="Find a part-time job", domain_key="vocational", created_by_id=oli.id
        )
        db.add(goal)
        db.flush()
        steps = [Step(goal_id=goal.id, text=text, position=n) for n, text in
                 enumerate(("Print my CV", "Ask at the garden centre", "Visit the job fair"))]  # fmt: skip
        db.add_all(steps)
        db.flush()
        return {"id": oli.id, "login": f"{name.lower()}.e2e", "goal": goal.id, "steps": [s.id for s in steps]}


def open_context(browser: Browser, device: dict) -> BrowserContext:
    context = browser.new_context(**device, locale="en-GB", color_scheme="light")
    context.set_default_timeout(20_000)
    return context


def counts(app_server, client_id: int) -> dict[str, int]:
    with app_server.db() as db:
        return {
            "visits": db.exec(select(func.count()).select_from(Contact).where(Contact.client_id == client_id)).one(),
            "check_ins": db.exec(select(func.count()).select_from(CheckIn).where(CheckIn.client_id == client_id)).one(),
            "wins": db.exec(select(func.count()).select_from(Win).where(Win.client_id == client_id)).one(),
            "steps_done": db.exec(select(func.count()).select_from(Step).join(Goal, Goal.id == Step.goal_id)
                                  .where(Goal.client_id == client_id, Step.done_at.is_not(None))).one(),
        }  # fmt: skip


def all_saved(page: Page, *, timeout: float = 20) -> None:
    """Wait until every change this device kept for the signed-in person is saved."""
    wait_until(
        page,
        """async () => { if (typeof saOutbox === 'undefined') return false; const me = await saOutbox.me();
        return Boolean(me) && (await saOutbox.list(me.user_id)).every((o) => o.status === "saved"); }""",
        timeout=timeout,
    )


def board_kept(page: Page, client_id: int) -> None:
    """Wait until the board shows and this device keeps it (a snapshot, for when there is no
    signal)."""
    expect(page.locator(f"[data-board='{client_id}'] h1")).to_be_visible()
    wait_until(
        page,
        """async (board) => { if (typeof saOutbox === 'undefined') return false; const me = await saOutbox.me(); if (!me) return false;
             return (await saOutbox.snapshots(me.user_id)).some((s) => s.board === board); }""",
        client_id,
    )
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def kept_statuses(page: Page) -> list[str]:
    return page.evaluate("""async () => { const me = await saOutbox.me();
        return (await saOutbox.list(me.user_id)).map((o) => o.status); }""")


def record_visit(page: Page, words: str) -> None:
    page.get_by_label("What we worked on").fill(words)
    page.get_by_role("button", name="Save the visit").click()
    expect(page.locator(".outbox-card", has_text=words)).to_contain_text("On this tablet")


def test_an_outreach_visit_with_no_signal_loses_nothing_and_sends_each_thing_once(
    app_server, browser: Browser
):
    oli = make_oli(app_server, "Oli")
    tablet_context = open_context(browser, TABLET)
    tablet = tablet_context.new_page()
    sign_in(tablet, app_server, "sam")
    tablet.goto(f"{app_server.url}/board?client={oli['id']}")
    expect(tablet.get_by_role("heading", name="Oli's board")).to_be_visible()
    board_kept(tablet, oli["id"])

    phone_context = open_context(browser, PHONE)
    phone = phone_context.new_page()
    sign_in(phone, app_server, oli["login"], PASSWORD)
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Oli")

    # No signal in the park. On the live board, still open: two visits and a check-in.
    tablet_context.set_offline(True)
    record_visit(tablet, VISITS[0])
    record_visit(tablet, VISITS[1])
    expect(tablet.get_by_label("What we worked on")).to_have_value("")  # the box empties only once kept
    tablet.get_by_label("How is it going with Find a part-time job").click()
    tablet.get_by_role("textbox", name="How is it going with Find a part-time job").fill(
        "Looked at two adverts"
    )
    tablet.get_by_role("button", name="Save check-in for Find a part-time job").click()
    expect(tablet.locator(".outbox-banner")).to_contain_text("3 things on this tablet")
    screenshot(tablet, "outbox-live-board-offline-tablet")

    # A reload, with no signal: the offline screen, with Oli's board as it was.
    tablet.reload()
    expect(tablet.get_by_role("heading", name="Oli's board")).to_be_visible()
    expect(tablet.get_by_text("As of").first).to_be_visible()
    expect(tablet.locator(".outbox-card", has_text=VISITS[0])).to_contain_text("On this tablet")
    record_visit(tablet, VISITS[2])
    tablet.get_by_label("How is it going?").fill("Wants to try the garden centre")
    tablet.get_by_role("button", name="Save check-in for Find a part-time job").click()
    tablet.get_by_label("A win Oli wants to keep").fill("Printed the CV at the library")
    tablet.get_by_role("button", name="Add").click()
    tablet.get_by_role("button", name="Done: Print my CV").click()
    expect(tablet.locator(".outbox-banner")).to_contain_text("7 things on this tablet")
    assert serious_accessibility_violations(tablet) == []
    screenshot(tablet, "outbox-offline-screen-tablet")

    # The page is closed and another opened, still with no signal: all of it is there.
    tablet.close()
    tablet = tablet_context.new_page()
    tablet.goto(f"{app_server.url}/board?client={oli['id']}")
    expect(tablet.locator(".outbox-banner")).to_contain_text("7 things on this tablet")
    assert counts(app_server, oli["id"]) == {"visits": 0, "check_ins": 0, "wins": 0, "steps_done": 0}

    # Signal again: each is sent once, says "Saved", and Oli's phone shows them as they land.
    tablet_context.set_offline(False)
    tablet.evaluate("window.dispatchEvent(new Event('online'))")
    expect(tablet.locator(".outbox-card", has_text=VISITS[2])).to_contain_text("Saved", timeout=20_000)
    all_saved(tablet)
    assert counts(app_server, oli["id"]) == {"visits": 3, "check_ins": 2, "wins": 1, "steps_done": 1}
    expect(phone.locator(".contact", has_text=VISITS[2])).to_be_visible()
    expect(phone.locator(".win", has_text="Printed the CV at the library")).to_be_visible()
    screenshot(phone, "outbox-arrived-phone")
    tablet_context.close()
    phone_context.close()


def test_a_link_that_drops_every_two_seconds_still_delivers_everything_once(app_server, browser: Browser):
    oli = make_oli(app_server, "Ola")
    context = open_context(browser, TABLET)
    tablet = context.new_page()
    sign_in(tablet, app_server, "sam")
    tablet.goto(f"{app_server.url}/board?client={oli['id']}")
    board_kept(tablet, oli["id"])
    words = [f"Visit note {n} on a flaky link" for n in range(6)]
    offline = False
    last_flip = time.monotonic()
    for note in words:
        tablet.get_by_label("What we worked on").fill(note)
        tablet.get_by_role("button", name="Save the visit").click()
        tablet.wait_for_timeout(700)
        if time.monotonic() - last_flip > 2:
            offline, last_flip = not offline, time.monotonic()
            context.set_offline(offline)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and counts(app_server, oli["id"])["visits"] < len(words):
        if time.monotonic() - last_flip > 2:
            offline, last_flip = not offline, time.monotonic()
            context.set_offline(offline)
            if not offline:
                tablet.evaluate("window.dispatchEvent(new Event('online'))")
        tablet.wait_for_timeout(200)
    context.set_offline(False)
    tablet.evaluate("window.dispatchEvent(new Event('online'))")
    all_saved(tablet, timeout=30)
    with app_server.db() as db:
        sent = sorted(c.summary for c in db.exec(select(Contact).where(Contact.client_id == oli["id"])))
    assert sent == sorted(words)  # each once
    context.close()


def test_access_that_ended_while_offline_is_refused_the_words_kept_and_audited(app_server, browser: Browser):
    oli = make_oli(app_server, "Ode")
    context = open_context(browser, TABLET)
    tablet = context.new_page()
    sign_in(tablet, app_server, "sam")
    tablet.goto(f"{app_server.url}/board?client={oli['id']}")
    board_kept(tablet, oli["id"])
    context.set_offline(True)
    record_visit(tablet, "Talked about the allotment")
    with app_server.db() as db:  # meanwhile, the assignment ends
        assignment = db.exec(select(CaseAssignment).where(CaseAssignment.client_id == oli["id"])).one()
        assignment.until = utcnow() - timedelta(seconds=1)
        db.add(assignment)
    context.set_offline(False)
    tablet.evaluate("window.dispatchEvent(new Event('online'))")
    card = tablet.locator(".outbox-card", has_text="Talked about the allotment")
    expect(card).to_contain_text("You can no longer add to Ode's board, so this wasn't sent.", timeout=20_000)
    expect(card.get_by_role("button", name="Copy my words")).to_be_visible()
    expect(card.get_by_role("button", name="Discard")).to_be_visible()
    assert counts(app_server, oli["id"])["visits"] == 0
    with app_server.db() as db:
        refused = db.exec(select(AuditEvent).where(AuditEvent.action == "denied:record_contact",
                                                   AuditEvent.board_client_id == oli["id"])).all()  # fmt: skip
        assert refused
    screenshot(tablet, "outbox-refused-tablet")
    context.close()


def test_a_grant_revoked_while_offline_is_refused_the_words_kept_and_audited(app_server, browser: Browser):
    """Rita, Uma's peer, writes an idea on the bus with no signal; meanwhile Uma ends her
    access. Her phone keeps the words, says why they weren't sent, and the refusal is audited."""
    oli = make_oli(app_server, "Uma")
    now = utcnow()
    with app_server.db() as db:
        from strengthsapp.db.models import Grant, User
        from strengthsapp.services.passwords import hash_password

        rita = User(agency_id=db.get(User, oli["id"]).agency_id, role="peer", display_name="Rita",
                    email="rita.outbox.e2e", password_hash=hash_password(PASSWORD))  # fmt: skip
        db.add(rita)
        db.flush()
        grant = Grant(client_id=oli["id"], grantee_id=rita.id, scopes=["view", "suggest"], sections=["goals"],
                      created_by_id=oli["id"], accepted_at=now - timedelta(days=1),
                      expires_at=now + timedelta(days=30))  # fmt: skip
        db.add(grant)
        db.flush()
        grant_id = grant.id
    context = open_context(browser, PHONE)
    phone = context.new_page()
    sign_in(phone, app_server, "rita.outbox.e2e", PASSWORD)
    phone.goto(f"{app_server.url}/board?client={oli['id']}")
    board_kept(phone, oli["id"])
    context.set_offline(True)
    phone.get_by_label("The idea").fill("Ask Mo at the café about weekend shifts")
    phone.get_by_role("button", name="Suggest").click()
    card = phone.locator(".outbox-card", has_text="Ask Mo at the café")
    expect(card).to_contain_text("On this phone")
    with app_server.db() as db:  # meanwhile, Uma ends Rita's access
        grant = db.get(Grant, grant_id)
        grant.revoked_at = utcnow()
        db.add(grant)
    context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    expect(card).to_contain_text("You can no longer add to Uma's board, so this wasn't sent.", timeout=20_000)
    expect(card.get_by_role("button", name="Copy my words")).to_be_visible()
    with app_server.db() as db:
        from strengthsapp.db.models import Suggestion

        assert not db.exec(select(Suggestion).where(Suggestion.client_id == oli["id"])).all()
        assert db.exec(select(AuditEvent).where(AuditEvent.action.like("denied:%"),
                                                AuditEvent.board_client_id == oli["id"])).all()  # fmt: skip
    # The words stay on her phone until she decides: a reload still shows them.
    phone.reload()
    expect(phone.locator(".outbox-card", has_text="Ask Mo at the café")).to_be_visible()
    screenshot(phone, "outbox-grant-revoked-phone")
    context.close()


def test_a_double_tap_on_done_marks_exactly_that_step_once(app_server, browser: Browser):
    oli = make_oli(app_server, "Dot")
    context = open_context(browser, PHONE)
    phone = context.new_page()
    sign_in(phone, app_server, "dot.e2e", PASSWORD)
    posted: list[str] = []  # online, the page's own socket carries the taps (components/ops_bridge.jsx)
    phone.on("request", lambda request: posted.append(request.url) if "/api/ops" in request.url else None)
    done = phone.get_by_role("button", name="Done: Print my CV", exact=True)
    box = done.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    phone.mouse.click(x, y)
    phone.wait_for_timeout(50)
    phone.mouse.click(x, y)
    expect(phone.locator(".next-step", has_text="Print my CV")).to_contain_text("Done")
    phone.wait_for_timeout(1500)
    with app_server.db() as db:
        done_steps = [
            s.text
            for s in db.exec(select(Step).where(Step.goal_id == oli["goal"], Step.done_at.is_not(None)))
        ]
    assert done_steps == ["Print my CV"]
    # The list stayed as it was: the step is still where it was, shown done, with Undo.
    expect(phone.locator(".next-step").first).to_contain_text("Print my CV")
    phone.get_by_role("button", name="Undo done: Print my CV").click()
    expect(phone.get_by_role("button", name="Done: Print my CV", exact=True)).to_be_visible(timeout=15_000)
    with app_server.db() as db:
        assert db.get(Step, oli["steps"][0]).done_at is None
    assert posted == []
    context.close()


def test_signing_out_warns_of_what_is_not_sent_and_leaves_nothing_behind(app_server, browser: Browser):
    oli = make_oli(app_server, "Sia")
    context = open_context(browser, PHONE)
    phone = context.new_page()
    sign_in(phone, app_server, "sia.e2e", PASSWORD)
    board_kept(phone, oli["id"])
    context.set_offline(True)
    phone.get_by_label("A win, big or small").fill("Called the garden centre")
    phone.get_by_role("button", name="Add").click()
    expect(phone.locator(".outbox-banner")).to_contain_text("1 thing on this phone")
    # Still without signal: back online, the outbox may send the win before the tap on
    # "Sign out" is handled, and then there is rightly nothing to warn of.
    asked: list[str] = []
    phone.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    phone.evaluate("document.getElementById('sign-out').requestSubmit()")
    phone.wait_for_timeout(500)
    assert asked and asked[0].startswith("1 thing hasn't been sent yet.")
    assert "/signin" not in phone.url  # she chose to stay
    context.set_offline(False)
    phone.once("dialog", lambda dialog: dialog.accept())  # if the win is still not sent
    phone.evaluate("document.getElementById('sign-out').requestSubmit()")
    phone.wait_for_url("**/signin**")
    left = phone.evaluate(
        """async (id) => ({me: await saOutbox.me(), ops: (await saOutbox.list(id)).length,
                           snaps: (await saOutbox.snapshots(id)).length})""",
        oli["id"],
    )
    assert left == {"me": None, "ops": 0, "snaps": 0}
    context.close()


def test_a_session_that_ended_offline_waits_to_send_until_the_same_person_signs_in(
    app_server, browser: Browser
):
    oli = make_oli(app_server, "Eve")
    context = open_context(browser, PHONE)
    phone = context.new_page()
    sign_in(phone, app_server, "eve.e2e", PASSWORD)
    board_kept(phone, oli["id"])
    context.set_offline(True)
    phone.get_by_label("A win, big or small").fill("Asked about the Saturday shift")
    phone.get_by_role("button", name="Add").click()
    context.clear_cookies()  # the session is over (it expired on the way)
    context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    expect(phone.locator(".outbox-banner")).to_contain_text("sign in to send it", timeout=20_000)
    assert counts(app_server, oli["id"])["wins"] == 0
    sign_in(phone, app_server, "eve.e2e", PASSWORD)
    all_saved(phone, timeout=20)
    assert counts(app_server, oli["id"])["wins"] == 1
    context.close()
