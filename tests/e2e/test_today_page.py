"""Alex opens Today on their phone; their case manager looks at it on a tablet."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, TABLET, screenshot, serious_accessibility_violations, sign_in

pytestmark = pytest.mark.e2e
DEVICES = {"phone": PHONE, "tablet": TABLET}


@pytest.fixture
def alex_phone(app_server, phone) -> Page:
    sign_in(phone, app_server, "alex")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Alex")
    return phone


def test_the_client_sees_their_day_on_a_phone(alex_phone):
    phone = alex_phone
    steps = phone.locator("section[aria-labelledby=next-steps] .next-step")
    expect(steps.first).to_contain_text("Update my CV with Sam")
    expect(steps.first).to_contain_text("With my case manager")
    expect(phone.get_by_role("heading", name="My goals")).to_be_visible()
    expect(phone.locator(".goal").first).to_contain_text("1 of 3 steps done")
    wins = phone.locator(".win")
    expect(wins.first).to_contain_text("I called the shelter myself")
    expect(wins.first).to_contain_text("Sam Rivera: 🎉")
    expect(wins.first).to_contain_text("Jordan: So proud of you!")
    # Nothing on the page talks about what was missed.
    body = phone.locator("body").inner_text().lower()
    assert "missed" not in body and "overdue" not in body
    screenshot(phone, "today-phone")


def test_the_phone_layout_fits_without_sideways_scrolling(alex_phone):
    overflow = alex_phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_the_tablet_shows_steps_and_wins_side_by_side(app_server, tablet):
    sign_in(tablet, app_server, "alex")
    steps = tablet.get_by_role("heading", name="My next steps")
    expect(steps).to_be_visible()
    wins = tablet.get_by_role("heading", name="My wins").bounding_box()
    steps = steps.bounding_box()
    assert abs(steps["y"] - wins["y"]) < 4
    assert wins["x"] > steps["x"] + 300
    screenshot(tablet, "today-tablet")


def test_the_phone_stacks_wins_below_the_steps(alex_phone):
    steps = alex_phone.get_by_role("heading", name="My next steps").bounding_box()
    wins = alex_phone.get_by_role("heading", name="My wins").bounding_box()
    assert wins["y"] > steps["y"] + 200
    assert abs(wins["x"] - steps["x"]) < 4


def test_buttons_and_menu_links_are_big_enough_for_a_thumb(alex_phone):
    targets = (
        alex_phone.get_by_role("button").all()
        + alex_phone.get_by_role("navigation").get_by_role("link").all()
    )
    assert len(targets) >= 5
    for target in targets:
        box = target.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, target.inner_text()


def test_dark_mode_can_be_chosen(alex_phone):
    alex_phone.get_by_role("button", name="Switch light or dark").click()
    expect(alex_phone.locator("html")).to_have_class(re.compile(r"\bdark\b"))
    screenshot(alex_phone, "today-phone-dark")


def test_the_case_manager_opens_alexs_board_from_the_caseload_on_a_tablet(app_server, tablet):
    sign_in(tablet, app_server, "sam")
    expect(tablet).to_have_url(re.compile(r"/caseload$"))
    tablet.get_by_role("link", name="Alex").click()
    expect(tablet.get_by_role("heading", level=1)).to_have_text("Alex's board")
    expect(tablet.locator(".next-step").first).to_contain_text("Update my CV with Sam")
    expect(tablet.get_by_text("Alex did 2 steps this week.")).to_be_visible()
    screenshot(tablet, "board-case-manager-tablet")


@pytest.mark.parametrize("device", ["phone", "tablet"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_accessibility_problem(app_server, browser, device, scheme):
    context = browser.new_context(**DEVICES[device], color_scheme=scheme)
    try:
        page = context.new_page()
        sign_in(page, app_server, "alex")
        expect(page.locator(".win").first).to_be_visible()
        assert serious_accessibility_violations(page) == []
    finally:
        context.close()
