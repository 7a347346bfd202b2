"""A new-password link is a way into a board, so it follows who may see the board, and the
person it is for always hears of it.

Dana, a case manager who isn't Lia's, asks for a link for Lia: refused, and Lia's activity
says someone tried. Sam, Lia's case manager, makes one on his tablet: it lives 30 minutes;
Lia's phone gets a push at once; she uses the link, and a banner tells her Sam made it
until she says she knows; her activity page says so too."""

from datetime import timedelta

import pytest
from playwright.sync_api import Browser, expect
from sqlmodel import select

from strengthsapp.db.models import AuditEvent, CaseAssignment, Invite, PushSubscription, User
from strengthsapp.db.types import utcnow
from strengthsapp.services.sessions import start_session
from strengthsapp.states.people import CaseloadState
from tests.e2e.conftest import (
    PHONE,
    TABLET,
    from_menu,
    new_client,
    screenshot,
    serious_accessibility_violations,
    sign_in,
)
from tests.e2e.forged import Forged, everything_sent, run
from tests.push_service import FakePushService

pytestmark = pytest.mark.e2e
PASSWORD = "lanterns along the river"
NEW_PASSWORD = "seven quiet herons at dawn"


def test_only_her_case_manager_makes_lia_a_link_and_she_hears_of_it_everywhere(app_server, browser: Browser):
    with FakePushService(app_server.secret("vapid_public_key")) as service:
        with app_server.db() as db:
            lia, sam = new_client(db, "Lia", password=PASSWORD, timezone="Europe/London")
            db.add(
                CaseAssignment(client_id=lia.id, case_manager_id=sam.id, since=utcnow() - timedelta(days=3))
            )
            phone = service.subscription("ok")
            db.add(
                PushSubscription(
                    user_id=lia.id, endpoint=phone.endpoint, p256dh=phone.p256dh, auth=phone.auth
                )
            )
            dana = User(
                agency_id=sam.agency_id, role="case_manager", display_name="Dana Cole", email="dana.links.e2e"
            )
            db.add(dana)
            db.flush()
            dana_cookie, lia_id = start_session(db, user=dana), lia.id

        # Dana is not Lia's case manager: no link, and Lia's board records the try.
        async def dana_tries() -> str:
            async with Forged(app_server.url, cookie=dana_cookie, token="dana-links-e2e") as forged:
                await forged.send(f"{CaseloadState.get_full_name()}.load", path="/caseload")
                return everything_sent(
                    await forged.send(f"{CaseloadState.get_full_name()}.reset_link", {"client_id": lia_id},
                                      path="/caseload")
                )  # fmt: skip

        assert "/invite?code=" not in run(dana_tries())
        with app_server.db() as db:
            assert db.exec(select(Invite).where(Invite.target_user_id == lia_id)).all() == []
            denied = db.exec(select(AuditEvent).where(AuditEvent.action == "denied:reset_password",
                                                      AuditEvent.board_client_id == lia_id)).all()  # fmt: skip
            assert len(denied) == 1

        # Sam, on his tablet, makes her one from his caseload.
        tablet = browser.new_context(**TABLET, locale="en-GB").new_page()
        sign_in(tablet, app_server, "sam")
        tablet.goto(f"{app_server.url}/caseload")
        tablet.get_by_role("button", name="New password link for Lia").click()
        card = tablet.locator(".invite-url")
        expect(card).to_contain_text("/invite?code=")
        expect(
            tablet.get_by_text("It works once, for 30 minutes. Lia will see that you made it")
        ).to_be_visible()
        link = card.inner_text()
        screenshot(tablet, "sign-in-link-tablet")

        # Her phone hears of it at once, through the app's worker.
        assert service.wait_for(1, timeout=30), "the worker did not send the notice"
        [notice] = service.received
        assert notice.payload["body"].startswith("Sam Rivera made a new sign-in link for you at ")
        assert notice.payload["body"].endswith("If you weren't with Sam, tell your agency.")

    # She uses it on her phone, and a banner says who made it until she says she knows.
    page = browser.new_context(**PHONE, locale="en-GB").new_page()
    page.goto(link)
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save my new password").click()
    banner = page.locator(".sign-in-link-notice")
    expect(banner).to_contain_text("Sam Rivera made a new sign-in link for you at ")
    expect(banner).to_contain_text("If you weren't with Sam, tell your agency.")
    assert serious_accessibility_violations(page) == []
    screenshot(page, "sign-in-link-banner-phone")
    page.get_by_role("button", name="I know about it").click()
    expect(banner).to_have_count(0)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".sign-in-link-notice")).to_have_count(0)

    # Her activity page tells it too: who made it, and who tried without being allowed.
    from_menu(page, "Activity")
    expect(page.get_by_text("made a new sign-in link for you")).to_be_visible()
    expect(page.get_by_text("Dana Cole")).to_be_visible()
    screenshot(page, "sign-in-link-activity-phone")
