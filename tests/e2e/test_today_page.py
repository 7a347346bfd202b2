"""A client opens Today on their phone; a case manager looks at it on a tablet."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, TABLET, screenshot, serious_accessibility_violations

DEVICES = {"phone": PHONE, "tablet": TABLET}

pytestmark = pytest.mark.e2e


def open_today(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Alex")


def test_the_client_sees_their_day_on_a_phone(app_server, phone):
    open_today(phone, app_server.url)

    expect(phone.get_by_text("Demo: you are looking at Alex's board")).to_be_visible()
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


def test_the_phone_layout_fits_without_sideways_scrolling(app_server, phone):
    open_today(phone, app_server.url)
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_the_tablet_shows_steps_and_wins_side_by_side(app_server, tablet):
    open_today(tablet, app_server.url)
    steps = tablet.get_by_role("heading", name="My next steps").bounding_box()
    wins = tablet.get_by_role("heading", name="My wins").bounding_box()
    assert abs(steps["y"] - wins["y"]) < 4
    assert wins["x"] > steps["x"] + 300
    screenshot(tablet, "today-tablet")


def test_the_phone_stacks_wins_below_the_steps(app_server, phone):
    open_today(phone, app_server.url)
    steps = phone.get_by_role("heading", name="My next steps").bounding_box()
    wins = phone.get_by_role("heading", name="My wins").bounding_box()
    assert wins["y"] > steps["y"] + 200
    assert abs(wins["x"] - steps["x"]) < 4


def test_buttons_are_big_enough_for_a_thumb(app_server, phone):
    open_today(phone, app_server.url)
    for button in phone.get_by_role("button").all():
        box = button.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, button.get_attribute("aria-label")


def test_dark_mode_can_be_chosen(app_server, phone):
    open_today(phone, app_server.url)
    phone.get_by_role("button", name="Switch light or dark").click()
    expect(phone.locator("html")).to_have_class(re.compile(r"\bdark\b"))
    screenshot(phone, "today-phone-dark")


@pytest.mark.parametrize("device", ["phone", "tablet"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_accessibility_problem(app_server, browser, device, scheme):
    context = browser.new_context(**DEVICES[device], color_scheme=scheme)
    try:
        page = context.new_page()
        open_today(page, app_server.url)
        expect(page.locator(".win").first).to_be_visible()
        assert serious_accessibility_violations(page) == []
    finally:
        context.close()
