"""Signing in and out, inviting, sharing and stopping sharing, as people do it in Chromium."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PHONE, TABLET, from_menu, screenshot, serious_accessibility_violations, sign_in

pytestmark = pytest.mark.e2e


def new_page(browser: Browser, device: dict) -> Page:
    context = browser.new_context(**device, color_scheme="light")
    context.set_default_timeout(20_000)
    return context.new_page()


def test_a_wrong_password_says_so_and_keeps_what_was_typed(app_server, phone):
    phone.goto(f"{app_server.url}/signin")
    phone.get_by_label("Sign-in name or email").fill("alex")
    phone.get_by_label("Password").fill("not my password")
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("alert")).to_contain_text("don't match")
    expect(phone.get_by_label("Sign-in name or email")).to_have_value("alex")
    screenshot(phone, "signin-wrong-password-phone")


def test_signing_in_sets_an_httponly_cookie_that_scripts_cannot_read(app_server, phone):
    sign_in(phone, app_server, "alex")
    cookie = next(c for c in phone.context.cookies() if c["name"] == "sa_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert "sa_session" not in phone.evaluate("document.cookie")


def test_signing_out_ends_the_session_even_for_a_copied_cookie(app_server, browser, phone):
    sign_in(phone, app_server, "alex")
    copied = [c for c in phone.context.cookies() if c["name"] == "sa_session"]
    from_menu(phone, "Sign out")
    expect(phone.get_by_text("You have signed out.")).to_be_visible()
    phone.goto(f"{app_server.url}/")
    expect(phone).to_have_url(re.compile(r"/signin$"))

    thief = new_page(browser, PHONE)
    thief.context.add_cookies(copied)
    thief.goto(f"{app_server.url}/")
    expect(thief).to_have_url(re.compile(r"/signin$"))
    assert "I called the shelter myself" not in thief.content()
    thief.context.close()


def test_the_main_menu_is_one_button_on_a_phone_and_a_row_on_a_tablet(app_server, phone, tablet):
    sign_in(phone, app_server, "alex")
    expect(phone.get_by_role("button", name="Menu")).to_be_visible()
    screenshot(phone, "menu-closed-phone")
    header = phone.locator("header").bounding_box()
    assert header is not None and header["height"] < 80  # one row: the page starts right below
    expect(phone.get_by_role("link", name="Nudges")).to_have_count(0)  # hidden, not just off screen
    phone.get_by_role("button", name="Menu").click()
    entries = phone.get_by_role("menuitem")
    expect(entries).to_have_text(
        ["Today", "Nudges", "Who can see my board", "Activity", "My account", "Sign out"]
    )
    assert serious_accessibility_violations(phone) == []  # (after the menu's opening animation)
    for box in (entries.nth(n).bounding_box() for n in range(6)):
        assert box is not None and box["height"] >= 44
    screenshot(phone, "menu-open-phone")
    phone.get_by_role("menuitem", name="Nudges").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("My nudges")

    sign_in(tablet, app_server, "sam")
    expect(tablet.get_by_role("button", name="Menu")).to_have_count(0)
    expect(
        tablet.get_by_role("navigation", name="Main").get_by_role("link", name="My caseload")
    ).to_be_visible()


def test_alex_shares_wins_with_a_friend_then_stops(app_server, browser, phone):
    sign_in(phone, app_server, "alex")
    from_menu(phone, "Who can see my board")
    expect(phone.get_by_role("heading", name="Who can see my board")).to_be_visible()
    expect(phone.locator(".grant").first).to_contain_text("Jordan")
    phone.get_by_label("Their name").fill("Kim")
    phone.get_by_role("combobox", name="Who are they to you?").click()
    phone.get_by_role("option", name="Friend").click()
    phone.get_by_text("My wins", exact=True).click()
    phone.get_by_text("Cheer my wins", exact=True).click()
    phone.get_by_role("combobox", name="For how long?").click()
    phone.get_by_role("option", name="For a week").click()
    phone.get_by_role("button", name="Make an invitation link").click()
    link = phone.locator(".invite-url")
    expect(link).to_contain_text("/invite?code=")
    expect(phone.get_by_role("img", name="QR code of the invitation link")).to_be_visible()
    expect(phone.locator(".grant", has_text="Kim")).to_contain_text("Waiting")
    screenshot(phone, "sharing-invite-phone")
    url = link.inner_text()

    kim = new_page(browser, PHONE)
    kim.goto(url)
    expect(kim.get_by_role("heading", level=1)).to_have_text("Alex invites you to their board")
    expect(kim.get_by_text("Friend. Can see my wins, and cheer my wins.")).to_be_visible()
    screenshot(kim, "invite-grant-phone")
    assert serious_accessibility_violations(kim) == []
    kim.get_by_label("Your name").fill("Kim")
    kim.get_by_label("Sign-in name or email").fill("kim.friend")
    kim.get_by_label("Password").fill("password123")
    kim.get_by_role("button", name="Create my account and accept").click()
    expect(kim.get_by_role("alert")).to_contain_text("easy to guess")
    expect(kim.get_by_label("Your name")).to_have_value("Kim")
    kim.get_by_label("Password").fill("tall pines by the lake")
    kim.get_by_role("button", name="Create my account and accept").click()
    expect(kim).to_have_url(re.compile(r"/my-people$"))
    expect(kim.locator(".person")).to_contain_text("Can see their wins, and cheer their wins")
    kim.get_by_role("link", name="Alex").click()
    expect(kim.get_by_role("heading", level=1)).to_have_text("Alex's board")
    expect(kim.locator(".win").first).to_contain_text("I called the shelter myself")
    expect(kim.locator(".next-step")).to_have_count(0)  # goals were not shared
    screenshot(kim, "board-friend-phone")
    # Kim goes on to the Wins view: it is that view that must empty when Alex stops sharing.
    kim.get_by_role("navigation", name="Board").get_by_role("link", name="Wins").click()
    expect(kim).to_have_url(re.compile(r"/wins\?client="))
    expect(kim.locator(".win").first).to_contain_text("I called the shelter myself")

    phone.reload()
    expect(phone.locator(".grant", has_text="Kim")).to_contain_text("Until")
    phone.get_by_role("button", name="Stop sharing with Kim").click()
    expect(phone.locator(".grant", has_text="Kim")).to_have_count(0)

    # Kim's open screen clears by itself: no reload, no click.
    expect(kim.get_by_role("alert")).to_contain_text("don't have access", timeout=5000)
    expect(kim.locator(".win")).to_have_count(0)
    screenshot(kim, "board-friend-after-revoke-phone")
    kim.reload()
    expect(kim.get_by_role("alert")).to_contain_text("don't have access")
    assert "I called the shelter myself" not in kim.content()

    # The used link now says so, kindly.
    kim.goto(url)
    expect(kim.get_by_role("alert")).to_contain_text("already been used")
    kim.context.close()


def test_an_unknown_invitation_link_gets_a_clear_page(app_server, phone):
    phone.goto(f"{app_server.url}/invite?code=not-a-real-code")
    expect(phone.get_by_role("alert")).to_contain_text("We don't know this link")


def test_alex_sees_who_looked_at_the_board(app_server, browser, phone):
    sam = new_page(browser, TABLET)
    sign_in(sam, app_server, "sam")
    sam.get_by_role("link", name="Alex").click()
    expect(sam.get_by_role("heading", level=1)).to_have_text("Alex's board")
    sam.context.close()

    sign_in(phone, app_server, "alex")
    from_menu(phone, "Activity")
    # "… once." or "… 3 times.": how often depends on the tests before this one.
    expect(phone.locator(".activity").first).to_contain_text("Sam Rivera looked at your board")
    screenshot(phone, "activity-phone")
    assert serious_accessibility_violations(phone) == []


def test_the_case_manager_invites_a_client_with_a_qr_code(app_server, tablet):
    sign_in(tablet, app_server, "sam")
    tablet.get_by_role("button", name="Invite a client").click()
    expect(tablet.get_by_role("img", name="QR code of the invitation link")).to_be_visible()
    screenshot(tablet, "caseload-invite-tablet")
    assert serious_accessibility_violations(tablet) == []


def test_the_admin_sees_people_assignments_and_audit_metadata(app_server, tablet):
    sign_in(tablet, app_server, "priya")
    expect(tablet).to_have_url(re.compile(r"/admin$"))
    expect(tablet.get_by_role("cell", name="Sam Rivera").first).to_be_visible()
    tablet.get_by_label("Their name").fill("Noor")
    tablet.get_by_role("button", name="Make an invitation link").click()
    expect(tablet.locator(".invite-url")).to_contain_text("/invite?code=")
    screenshot(tablet, "admin-tablet")
    assert serious_accessibility_violations(tablet) == []
    # The admin cannot open a board.
    tablet.goto(f"{app_server.url}/board?client=1")
    expect(tablet.get_by_role("alert")).to_contain_text("don't have access")


def test_a_new_password_signs_out_other_devices(app_server, browser, phone):
    from sqlmodel import select

    from strengthsapp.db.models import User
    from strengthsapp.services.passwords import hash_password

    with app_server.db() as db:
        user = User(agency_id=1, role="client", display_name="Mo", email="mo.e2e",
                    password_hash=hash_password("first long password"))  # fmt: skip
        db.add(user)
    other = new_page(browser, TABLET)
    sign_in(other, app_server, "mo.e2e", "first long password")
    sign_in(phone, app_server, "mo.e2e", "first long password")
    phone.goto(f"{app_server.url}/account")
    phone.get_by_label("Current password").fill("not my password at all")
    phone.get_by_label("New password").fill("second even longer password")
    phone.get_by_role("button", name="Save my new password").click()
    expect(phone.get_by_role("alert")).to_contain_text("Your current password is not right.")
    phone.get_by_label("Current password").fill("first long password")
    phone.get_by_label("New password").fill("second even longer password")
    phone.get_by_role("button", name="Save my new password").click()
    expect(phone.get_by_role("status")).to_contain_text("Your password is changed")
    phone.goto(f"{app_server.url}/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Mo")
    other.goto(f"{app_server.url}/")
    expect(other).to_have_url(re.compile(r"/signin$"))
    other.context.close()
    with app_server.db() as db:
        assert db.exec(select(User).where(User.email == "mo.e2e")).one()


@pytest.mark.parametrize("path", ["/signin", "/sharing", "/account"])
def test_axe_on_account_pages_at_phone_size(app_server, phone, path):
    if path != "/signin":
        sign_in(phone, app_server, "alex")
    phone.goto(f"{app_server.url}{path}")
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    assert serious_accessibility_violations(phone) == []


def test_ending_an_assignment_clears_the_case_managers_open_board(app_server, browser, tablet):
    from datetime import timedelta

    from sqlmodel import select

    from strengthsapp.db.models import CaseAssignment, User
    from strengthsapp.db.types import utcnow
    from strengthsapp.services.passwords import hash_password

    with app_server.db() as db:
        alex = db.exec(select(User).where(User.email == "alex")).one()
        lee = User(agency_id=alex.agency_id, role="case_manager", display_name="Lee", email="lee.e2e",
                   password_hash=hash_password("a long enough password"))  # fmt: skip
        db.add(lee)
        db.flush()
        db.add(CaseAssignment(client_id=alex.id, case_manager_id=lee.id, since=utcnow() - timedelta(days=1)))
    sign_in(tablet, app_server, "lee.e2e", "a long enough password")
    tablet.get_by_role("link", name="Alex").click()
    expect(tablet.locator(".next-step").first).to_be_visible()

    admin = new_page(browser, TABLET)
    sign_in(admin, app_server, "priya")
    admin.get_by_role("button", name="End Lee working with Alex").click()
    expect(admin.get_by_role("status")).to_contain_text("no longer see this board")
    admin.context.close()

    expect(tablet.get_by_role("alert")).to_contain_text("don't have access", timeout=5000)
    expect(tablet.locator(".next-step")).to_have_count(0)


def test_the_case_manager_invites_a_peer_together_with_the_client(app_server, tablet, browser):
    """Sam makes the invitation with Alex beside him; it works once Alex says yes on her
    own phone (a case manager alone could otherwise hand anyone her board)."""
    from sqlmodel import select

    from strengthsapp.db.models import AuditEvent

    sign_in(tablet, app_server, "sam")
    tablet.get_by_role("link", name="Alex").click()
    expect(tablet.get_by_role("heading", name="Invite someone, together with Alex")).to_be_visible()
    expect(
        tablet.get_by_role("combobox", name="Who are they to Alex?")
    ).to_be_visible()  # not "to you": Sam's
    tablet.get_by_label("Their name").fill("Robin")
    tablet.get_by_text("My goals and steps", exact=True).click()
    tablet.get_by_role("button", name="Make an invitation link").click()
    expect(tablet.locator(".invite-url")).to_contain_text("/invite?code=")
    expect(tablet.get_by_text("It works once Alex says yes on their own phone")).to_be_visible()
    screenshot(tablet, "board-case-manager-invite-tablet")
    assert serious_accessibility_violations(tablet) == []
    with app_server.db() as db:
        assert db.exec(select(AuditEvent).where(AuditEvent.action == "grant.invited_with_client")).first()
    link = tablet.locator(".invite-url").inner_text()

    robin = new_page(browser, PHONE)
    robin.goto(link)
    expect(robin.get_by_role("alert")).to_contain_text("waiting for the person whose board it is to say yes")

    alex = new_page(browser, PHONE)
    sign_in(alex, app_server, "alex")
    expect(alex.locator(".invitations-notice")).to_contain_text(
        "Sam Rivera made an invitation with you for Robin."
    )
    alex.get_by_role("link", name="Say yes or no in “Who can see my board”").click()
    alex.get_by_role("button", name="Yes, invite Robin").click()
    expect(alex.locator(".invitations-notice")).to_have_count(0)
    expect(alex.locator(".grant", has_text="Robin")).to_contain_text("Waiting: link open until")
    screenshot(alex, "sharing-after-yes-phone")
    robin.goto(link)
    expect(robin.get_by_role("heading", level=1)).to_have_text("Alex invites you to their board")
    robin.context.close()
    alex.context.close()


def test_a_peer_has_no_invite_form_on_the_board(app_server, phone):
    sign_in(phone, app_server, "jordan")
    phone.get_by_role("link", name="Alex").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Alex's board")
    expect(phone.get_by_role("button", name="Make an invitation link")).to_have_count(0)


def test_the_caseload_shows_what_moved_and_can_be_searched(app_server, tablet):
    sign_in(tablet, app_server, "sam")
    alex = tablet.locator(".client", has_text="Alex")
    expect(alex).to_contain_text("Goals in motion: 2")
    expect(alex).to_contain_text("Ideas waiting: 1")
    expect(alex).to_contain_text("Last met")
    tablet.get_by_label("Find a person").fill("zzz")
    expect(tablet.get_by_text("No one by that name.")).to_be_visible()
    tablet.get_by_label("Find a person").fill("ale")
    expect(tablet.locator(".client")).to_have_count(1)
    screenshot(tablet, "caseload-tablet")
    assert serious_accessibility_violations(tablet) == []
