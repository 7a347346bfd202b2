"""Alex asks, on her phone, for her account to be deleted: she reads what happens, says yes
with a second tap, sees the day it will be done (still there after a reload), and her case
manager Sam sees it on the caseload, on a tablet. Then she keeps her account after all."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from strengthsapp import i18n
from strengthsapp.db.models import AccountDeletion, User
from tests.e2e.conftest import TABLET, from_menu, screenshot, serious_accessibility_violations, sign_in

pytestmark = pytest.mark.e2e


def section(page: Page):
    return page.locator(".delete-account")


def alex_id(app_server) -> int:
    with app_server.db() as db:
        return db.exec(select(User.id).where(User.email == "alex")).one()


def removal_day(app_server) -> str:
    """The day her board will be removed, as the page should say it (in her timezone)."""
    with app_server.db() as db:
        row = db.get(AccountDeletion, alex_id(app_server))
        assert row is not None and row.cancelled_at is None and row.done_at is None
        local = row.due_at.astimezone(ZoneInfo("Europe/London")).date()
    with i18n.using("en"):
        return i18n.day(local, style="long")


def test_alex_asks_to_delete_her_account_sam_sees_it_and_she_keeps_it(
    app_server, browser: Browser, phone, tablet
):
    try:
        sign_in(phone, app_server, "alex")
        from_menu(phone, "My account")
        expect(phone.get_by_role("heading", level=1)).to_have_text("My account")
        expect(section(phone).get_by_role("heading", name="Delete my account")).to_be_visible()
        expect(section(phone)).to_contain_text("Everything on your board is removed 14 days after you ask.")
        expect(section(phone)).to_contain_text("Your case manager will see that you asked")
        expect(section(phone)).to_contain_text("keeps only names and dates, not your words")

        # The first tap only asks; the focus goes to the way back, with the question.
        section(phone).get_by_role("button", name="Delete my account").click()
        confirm = phone.locator(".delete-account-confirm")
        expect(confirm).to_contain_text("Are you sure you want to delete your account?")
        no = confirm.get_by_role("button", name="No, go back")
        expect(no).to_be_focused()
        assert serious_accessibility_violations(phone) == []
        screenshot(phone, "delete-account-confirm-phone")
        with app_server.db() as db:
            assert db.get(AccountDeletion, alex_id(app_server)) is None  # nothing asked yet
        no.click()
        expect(confirm).to_have_count(0)

        section(phone).get_by_role("button", name="Delete my account").click()
        phone.get_by_role("button", name="Yes, delete my account").click()
        waiting = phone.locator(".delete-account-waiting")
        expect(waiting).to_be_visible()
        day = removal_day(app_server)
        expect(waiting).to_contain_text(f"Everything on your board will be removed on {day}.")
        expect(waiting).to_contain_text("Until then, you can change your mind.")
        # The button she tapped is gone: the focus goes to what it says now.
        phone.wait_for_function("document.activeElement?.id === 'delete-account-status'", timeout=5_000)
        box = phone.get_by_role("button", name="Keep my account").bounding_box()
        assert box is not None and box["height"] >= 44
        assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

        phone.reload()
        expect(phone.locator(".delete-account-waiting")).to_contain_text(f"will be removed on {day}")
        assert serious_accessibility_violations(phone) == []
        screenshot(phone, "delete-account-waiting-phone")

        # Sam, on a tablet, sees it on her line of the caseload.
        sign_in(tablet, app_server, "sam")
        alex_line = tablet.locator(".client").filter(has=tablet.get_by_role("link", name="Alex", exact=True))
        expect(alex_line.locator(".deletion-asked")).to_have_text(
            f"Asked to delete their account. It will be removed on {day}."
        )
        assert serious_accessibility_violations(tablet) == []
        screenshot(tablet, "delete-account-caseload-tablet")
        # And the agency's admin, on hers.
        admin = browser.new_context(**TABLET, color_scheme="light").new_page()
        sign_in(admin, app_server, "priya")
        expect(admin.get_by_role("heading", name="Accounts to be deleted")).to_be_visible()
        expect(admin.locator(".pending-deletions").get_by_role("row", name="Alex")).to_contain_text(day)
        assert serious_accessibility_violations(admin) == []
        screenshot(admin, "delete-account-admin-tablet")
        admin.context.close()

        # She changes her mind.
        phone.get_by_role("button", name="Keep my account").click()
        expect(section(phone).get_by_role("status")).to_contain_text("Good. Your account stays")
        expect(section(phone).get_by_role("button", name="Delete my account")).to_be_visible()
        expect(phone.locator(".delete-account-waiting")).to_have_count(0)
        screenshot(phone, "delete-account-kept-phone")
        with app_server.db() as db:
            assert db.get(AccountDeletion, alex_id(app_server)).cancelled_at is not None
        tablet.reload()
        expect(alex_line).to_be_visible()
        expect(alex_line.locator(".deletion-asked")).to_have_count(0)
    finally:  # the demo board stays Alex's for the other tests, whatever happened here
        with app_server.db() as db:
            row = db.get(AccountDeletion, alex_id(app_server))
            if row is not None and row.cancelled_at is None:
                db.delete(row)
