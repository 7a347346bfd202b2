"""Bea marks a step done and records a win on her phone; her case manager records one
with her on the tablet, and Bea decides to keep it or not."""

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from strengthsapp.db.models import CaseAssignment, Goal, Step, Win
from tests.e2e.conftest import TABLET, new_client, screenshot, serious_accessibility_violations, sign_in

pytestmark = pytest.mark.e2e
PASSWORD = "tea on the back step"


@pytest.fixture(scope="module")
def bea(app_server) -> int:
    with app_server.db() as db:
        bea, sam = new_client(db, "Bea", password=PASSWORD, timezone="Europe/London")
        db.add(CaseAssignment(client_id=bea.id, case_manager_id=sam.id))
        goal = Goal(client_id=bea.id, text="Join the choir", domain_key="leisure", created_by_id=bea.id)
        db.add(goal)
        db.flush()
        db.add_all([
            Step(goal_id=goal.id, text="Find the rehearsal time", position=0),
            Step(goal_id=goal.id, text="Go to one rehearsal", position=1),
        ])  # fmt: skip
        return bea.id


def bea_phone(app_server, page: Page) -> Page:
    sign_in(page, app_server, "bea.e2e", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bea")
    return page


def test_bea_marks_a_step_done_with_one_tap(app_server, phone, bea):
    bea_phone(app_server, phone)
    expect(phone.get_by_text("A new week. One small step is enough.")).to_be_visible()
    phone.get_by_role("button", name="Done: Find the rehearsal time", exact=True).click()
    expect(phone.get_by_text("You did 1 step this week.")).to_be_visible()
    # It stays where it was, shown done, with "Undo": nothing moved under her finger.
    expect(phone.locator(".next-step")).to_have_count(2)
    expect(phone.locator(".next-step").first).to_contain_text("Find the rehearsal time")
    expect(phone.get_by_role("button", name="Undo done: Find the rehearsal time")).to_be_visible()
    expect(phone.locator(".goal")).to_contain_text("1 of 2 steps done")
    screenshot(phone, "progress-step-done-phone")


def test_bea_records_a_win_in_her_own_words_shown_as_text(app_server, phone, bea):
    bea_phone(app_server, phone)
    words = "<b>Sang</b> the first verse 🎶 غنيت"
    phone.get_by_label("A win, big or small").fill(words)
    phone.get_by_role("button", name="Add").click()
    expect(phone.locator(".win").first).to_contain_text(words)
    assert phone.locator(".win b").count() == 0  # markup stays text
    expect(phone.get_by_label("A win, big or small")).to_have_value("")


def test_an_empty_win_says_so_and_a_huge_one_says_how_long_keeping_the_words(app_server, phone, bea):
    bea_phone(app_server, phone)
    field = phone.get_by_label("A win, big or small")
    field.fill("x" * 10_000)  # a paste is never cut silently
    phone.get_by_role("button", name="Add").click()
    refused = phone.locator(".outbox-card", has_text="xxxx")
    expect(refused).to_contain_text("Couldn't save: That is 10000 characters; a win fits in 500")
    expect(refused).to_contain_text("Your words are back in the box")
    assert len(field.input_value()) == 10_000  # nothing lost: the words wait to be shortened
    field.fill("   ")
    phone.get_by_role("button", name="Add").click()
    expect(refused).to_have_count(0)  # answered by the new words
    expect(phone.locator(".outbox-card")).to_contain_text("Couldn't save: Write a few words about the win")
    screenshot(phone, "progress-win-refused-phone")


def test_the_case_manager_records_a_win_with_bea_and_she_can_remove_it(app_server, browser, phone, bea):
    context = browser.new_context(**TABLET, color_scheme="light")
    tablet = context.new_page()
    sign_in(tablet, app_server, "sam")
    tablet.get_by_role("link", name="Bea").click()
    tablet.get_by_label("A win Bea wants to keep").fill("Asked the choir leader about joining")
    tablet.get_by_role("button", name="Add").click()
    expect(tablet.locator(".win").first).to_contain_text("recorded with Sam Rivera")
    screenshot(tablet, "progress-case-manager-win-tablet")
    assert serious_accessibility_violations(tablet) == []
    context.close()

    bea_phone(app_server, phone)
    win = phone.locator(".win", has_text="Asked the choir leader")
    expect(win).to_contain_text("recorded with Sam Rivera")
    remove = phone.get_by_role("button", name="Remove win: Asked the choir leader about joining")
    # A slip of the thumb loses nothing: the phone asks first, and "Keep it" keeps it.
    remove.click()
    question = phone.get_by_role("alertdialog", name="Remove this win?")
    expect(question).to_contain_text("“Asked the choir leader about joining”")
    expect(question.get_by_role("button", name="Keep it")).to_be_focused()
    assert serious_accessibility_violations(phone) == []
    screenshot(phone, "progress-remove-win-asks-phone")
    question.get_by_role("button", name="Keep it").click()
    expect(question).to_have_count(0)
    expect(win).to_be_visible()
    with app_server.db() as db:
        assert db.exec(select(Win).where(Win.text == "Asked the choir leader about joining")).one_or_none()

    remove.click()
    phone.get_by_role("alertdialog").get_by_role("button", name="Remove it").click()
    expect(phone.locator(".win", has_text="Asked the choir leader")).to_have_count(0)
    # The focus went with the button; it comes back at the heading above the win, not the page's top.
    expect(phone.get_by_role("heading", name="My wins")).to_be_focused()
    with app_server.db() as db:
        assert (
            db.exec(select(Win).where(Win.text == "Asked the choir leader about joining")).one_or_none()
            is None
        )
    assert serious_accessibility_violations(phone) == []
    screenshot(phone, "progress-wins-phone")


def test_a_peer_sees_no_done_buttons_and_a_forged_call_changes_nothing(app_server, phone, bea):
    from strengthsapp.db.models import User
    from tests.e2e.conftest import session_cookie
    from tests.e2e.forged import operation, post_ops

    sign_in(phone, app_server, "jordan")
    phone.goto(f"{app_server.url}/board?client={bea}")
    expect(phone.get_by_role("alert")).to_contain_text("don't have access")
    expect(phone.get_by_role("button", name="Done: Go to one rehearsal")).to_have_count(0)

    with app_server.db() as db:
        step = db.exec(select(Step).where(Step.text == "Go to one rehearsal")).one()

    with app_server.db() as db:
        jordan = db.exec(select(User.id).where(User.email == "jordan")).one()
    answer = post_ops(app_server.url, session_cookie(app_server, "jordan"),
                      [operation(jordan, bea, "step.done", step=step.id)]).json()  # fmt: skip
    assert answer["results"][0]["reason"] == "access"
    with app_server.db() as db:
        assert db.get(Step, step.id).done_at is None


def test_gus_pauses_a_goal_at_no_cost_and_celebrates_another(app_server, phone):
    with app_server.db() as db:
        gus, _sam = new_client(db, "Gus", password=PASSWORD)
        for position, text in enumerate(("Learn to swim", "Paint the kitchen")):
            goal = Goal(
                client_id=gus.id, text=text, domain_key="health", created_by_id=gus.id, position=position
            )
            db.add(goal)
            db.flush()
            db.add(Step(goal_id=goal.id, text=f"First step of {text}", position=0))
    sign_in(phone, app_server, "gus.e2e", PASSWORD)

    phone.get_by_role("button", name="Rest for now: Paint the kitchen").click()
    expect(phone.locator(".resting")).to_contain_text("Paint the kitchen")
    expect(phone.locator(".next-step", has_text="Paint the kitchen")).to_have_count(0)
    body = phone.locator("main").inner_text().lower()
    assert "missed" not in body and "streak" not in body

    phone.get_by_role("button", name="I did it: Learn to swim").click()
    celebration = phone.locator(
        ".outbox-card", has_text="You did it! 🎉 This goal is now in “Goals I reached”."
    )
    expect(celebration).to_be_visible()
    expect(phone.locator(".achieved")).to_contain_text("Learn to swim")
    screenshot(phone, "goals-did-it-phone")
    assert serious_accessibility_violations(phone) == []

    phone.get_by_role("button", name="Pick it up again: Paint the kitchen").click()
    expect(phone.locator(".next-step", has_text="First step of Paint the kitchen")).to_be_visible()


def test_bea_checks_in_on_her_goal_in_her_own_words(app_server, phone, bea):
    bea_phone(app_server, phone)
    phone.get_by_label("How is it going with Join the choir").first.click()  # it folds out
    phone.get_by_role("textbox", name="How is it going with Join the choir").fill("Nervous but excited")
    phone.get_by_role("combobox", name="Feeling").select_option("hopeful")
    phone.get_by_role("button", name="Save check-in for Join the choir").click()
    expect(phone.locator(".goal", has_text="Join the choir")).to_contain_text(
        "“Nervous but excited” · feeling hopeful · Today"
    )
    screenshot(phone, "check-in-phone")
    assert serious_accessibility_violations(phone) == []


def test_taking_a_step_off_asks_first_and_keep_it_keeps_it(app_server, browser, bea):
    with app_server.db() as db:
        goal = db.exec(select(Goal).where(Goal.client_id == bea)).one()
        db.add(Step(goal_id=goal.id, text="Ask about the bus times", position=5))
    context = browser.new_context(**TABLET, color_scheme="dark")
    tablet = bea_phone(app_server, context.new_page())
    tablet.get_by_role("link", name="Goals").click()
    tablet.get_by_role("button", name="Change step: Ask about the bus times").click()
    take_off = tablet.get_by_role("button", name="Take this step off: Ask about the bus times")
    take_off.click()
    question = tablet.get_by_role("alertdialog", name="Take this step off the plan?")
    expect(question).to_contain_text("“Ask about the bus times”")
    assert serious_accessibility_violations(tablet) == []
    screenshot(tablet, "progress-take-step-off-asks-tablet-dark")
    tablet.keyboard.press("Escape")  # as "Keep it"
    expect(question).to_have_count(0)
    with app_server.db() as db:
        assert db.exec(select(Step).where(Step.text == "Ask about the bus times")).one_or_none()

    take_off.click()
    tablet.get_by_role("alertdialog").get_by_role("button", name="Take it off").click()
    expect(tablet.locator(".step", has_text="Ask about the bus times")).to_have_count(0)
    expect(tablet.get_by_role("heading", name="Join the choir")).to_be_focused()  # its goal
    with app_server.db() as db:
        assert db.exec(select(Step).where(Step.text == "Ask about the bus times")).one_or_none() is None
    context.close()
