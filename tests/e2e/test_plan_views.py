"""Dee's plan, strengths, wins and people & places, on her phone and on Sam's tablet:
she writes it in her words; Sam sees it live and suggests; two saves never overwrite."""

from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from strengthsapp.db.models import (
    CaseAssignment,
    Goal,
    Grant,
    NudgePlan,
    Resource,
    Step,
    StrengthEntry,
    Suggestion,
    User,
)
from strengthsapp.db.types import utcnow
from strengthsapp.services.passwords import hash_password
from strengthsapp.states.board import BoardState
from strengthsapp.states.plan import PlanState
from tests.e2e.conftest import (
    PHONE,
    TABLET,
    new_client,
    screenshot,
    serious_accessibility_violations,
    session_cookie,
    sign_in,
)

pytestmark = pytest.mark.e2e
PASSWORD = "lanterns by the river"


@pytest.fixture(scope="module")
def dee(app_server) -> dict[str, int]:
    """Dee (client, Sam is her case manager) and Pip, a peer she lets see her goals only."""
    now = utcnow()
    with app_server.db() as db:
        sam = db.exec(select(User).where(User.email == "sam")).one()
        dee = User(agency_id=sam.agency_id, role="client", display_name="Dee", email="dee.e2e",
                   password_hash=hash_password(PASSWORD), timezone="Europe/London")  # fmt: skip
        pip = User(agency_id=sam.agency_id, role="peer", display_name="Pip", email="pip.e2e",
                   password_hash=hash_password(PASSWORD))  # fmt: skip
        db.add_all([dee, pip])
        db.flush()
        db.add(CaseAssignment(client_id=dee.id, case_manager_id=sam.id, since=now - timedelta(days=1)))
        db.add(Grant(client_id=dee.id, grantee_id=pip.id, scopes=["view"], sections=["goals"],
                     created_by_id=dee.id, accepted_at=now, expires_at=now + timedelta(days=30)))  # fmt: skip
        goal = Goal(client_id=dee.id, text="Find a flat", why="A door of my own", domain_key="daily_living",
                    created_by_id=dee.id)  # fmt: skip
        db.add(goal)
        db.flush()
        db.add(Step(goal_id=goal.id, text="Look at listings", position=0))
        return {"dee": dee.id, "pip": pip.id, "goal": goal.id}


def open_page(browser: Browser, device: dict, color_scheme: str = "light") -> Page:
    context = browser.new_context(**device, locale="en-GB", color_scheme=color_scheme)
    context.set_default_timeout(20_000)
    return context.new_page()


def dee_on(browser: Browser, app_server, path: str, device: dict = PHONE) -> Page:
    page = open_page(browser, device)
    sign_in(page, app_server, "dee.e2e", PASSWORD)
    page.goto(app_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page


def test_dee_writes_her_plan_and_sams_tablet_follows_live(app_server, browser, dee):
    phone = dee_on(browser, app_server, "/goals")
    tablet = open_page(browser, TABLET)
    sign_in(tablet, app_server, "sam")
    tablet.goto(f"{app_server.url}/goals?client={dee['dee']}")
    expect(tablet.get_by_role("heading", name="Dee's goals")).to_be_visible()
    expect(tablet.get_by_role("button", name="Change goal: Find a flat")).to_have_count(0)  # Sam suggests

    # A goal in her words, markup and emoji as written; then a step someone else does.
    expect(phone.get_by_label("What I want, in my words")).to_have_count(0)  # folded, not built
    phone.get_by_text("A new goal").click()
    phone.get_by_label("What I want, in my words").fill("Cook for friends 🍲 <b>pasta</b>")
    phone.get_by_label("Why this matters to me (if you like)").fill("I like feeding people")
    phone.get_by_role("button", name="Add my goal").click()
    card = phone.locator(".plan-goal").filter(has_text="Cook for friends")
    expect(card.get_by_role("heading")).to_have_text("Cook for friends 🍲 <b>pasta</b>")
    expect(phone.get_by_label("What I want, in my words")).to_have_value("")
    expect(tablet.locator(".plan-goal").filter(has_text="Cook for friends 🍲 <b>pasta</b>")).to_be_visible(
        timeout=5000
    )
    assert phone.locator(".plan-goal b").count() == 0  # shown as text, never as markup

    card.get_by_label("A next step").fill("Ask Nan for her sauce recipe")
    card.get_by_text("Who, and by when").click()
    card.get_by_label("Who does it").select_option("someone_else")
    card.get_by_label("Name (for someone else)").fill("Nan")
    card.get_by_role("button", name="Add the step").click()
    expect(card.locator(".step").filter(has_text="Ask Nan for her sauce recipe")).to_contain_text("Nan")
    # "Add a step" opened by itself for the first step, and stays open for the next one.
    expect(card.get_by_label("A next step")).to_be_visible()
    expect(card.get_by_label("A next step")).to_have_value("")
    expect(tablet.locator(".step").filter(has_text="Ask Nan for her sauce recipe")).to_be_visible(
        timeout=5000
    )

    # Reorder with buttons: the new goal goes first, on both screens.
    card.get_by_role("button", name="Move up: Cook for friends").click()
    expect(phone.locator(".plan-goal").first).to_contain_text("Cook for friends")
    expect(tablet.locator(".plan-goal").first).to_contain_text("Cook for friends", timeout=5000)

    # How a step went, in her words: it joins the goal's story.
    step = card.locator(".step").filter(has_text="Ask Nan for her sauce recipe")
    how = step.get_by_role("textbox", name="How it went: Ask Nan for her sauce recipe")
    expect(step.locator("details form")).to_have_count(0)  # a closed fold-out isn't built yet
    step.get_by_text("How did it go?").click()
    how.fill("She laughed and said yes")
    step.get_by_text("How did it go?").click()  # folded away and opened again: the words stay
    expect(how).to_be_hidden()
    step.get_by_text("How did it go?").click()
    expect(how).to_have_value("She laughed and said yes")
    step.get_by_role("button", name="Save how it went: Ask Nan for her sauce recipe").click()
    expect(how).to_have_value("")  # kept: the box is empty for the next time
    card.get_by_role("button", name="The story so far of Cook for friends 🍲 <b>pasta</b>").click()
    expect(card.locator(".timeline")).to_contain_text("She laughed and said yes")

    # Sam suggests new words; nothing changes until Dee says yes on Today.
    flat = tablet.locator(".plan-goal").filter(has_text="Find a flat")
    flat.get_by_text("Suggest new words for this goal").click()
    flat.get_by_label("New words for Find a flat").fill("Find a flat near the park")
    flat.get_by_role("button", name="Suggest").click()
    expect(flat.locator(".outbox-card")).to_contain_text("Saved ✓ Your idea is waiting for Dee to decide.")
    with app_server.db() as db:
        assert db.get(Goal, dee["goal"]).text == "Find a flat"
    phone.goto(app_server.url + "/")
    idea = phone.locator(".idea").filter(has_text="new words")
    idea.get_by_role("button", name="Use these words: Find a flat near the park").click()
    expect(phone.locator(".idea")).to_have_count(0)
    expect(tablet.locator(".plan-goal").filter(has_text="Find a flat near the park")).to_be_visible(
        timeout=5000
    )
    # A nudge, suggested by Sam: it becomes Dee's only when she keeps it, in her words.
    flat = tablet.locator(".plan-goal").filter(has_text="Find a flat near the park")
    flat.get_by_text("Suggest a nudge for this goal").click()
    flat.get_by_label("The nudge, in words they might use").fill("Listings check?")
    flat.get_by_role("button", name="Suggest the nudge").click()
    idea = phone.locator(".idea").filter(has_text="suggests a nudge")
    expect(idea).to_contain_text("Weekdays at 10:00", timeout=5000)  # live on her phone
    idea.get_by_role("textbox", name="The idea, in my words").fill("Flat hunt, 10 minutes")
    idea.get_by_role("button", name="Add to my plan: Listings check?").click()
    expect(phone.locator(".idea")).to_have_count(0)
    with app_server.db() as db:
        plan = db.exec(select(NudgePlan).where(NudgePlan.client_id == dee["dee"])).one()
        assert (plan.message, plan.days, plan.timezone) == (
            "Flat hunt, 10 minutes",
            [0, 1, 2, 3, 4],
            "Europe/London",
        )
    screenshot(tablet, "plan-tablet")
    for page in (phone, tablet):
        page.context.close()


def test_with_no_goals_yet_the_new_goal_form_is_open_and_folds_after_the_first(app_server, browser):
    with app_server.db() as db:
        fay, _sam = new_client(db, "Fay", password=PASSWORD)
        db.expunge(fay)
    page = open_page(browser, PHONE)
    sign_in(page, app_server, "fay.e2e", PASSWORD)
    page.goto(app_server.url + "/goals")
    expect(page.get_by_text("No goals in motion right now.")).to_be_visible()
    page.get_by_label("What I want, in my words").fill("Walk to the river on Sundays")
    page.get_by_role("button", name="Add my goal").click()
    expect(page.locator(".plan-goal")).to_contain_text("Walk to the river on Sundays")
    with app_server.db() as db:  # no part of life chosen: none is given (not the list's first)
        assert db.exec(select(Goal.domain_key).where(Goal.client_id == fay.id)).one() == ""
    expect(page.get_by_label("What I want, in my words")).to_be_hidden()  # folded away, still there
    screenshot(page, "plan-new-goal-folded-phone")
    page.get_by_text("A new goal").click()
    expect(page.get_by_label("What I want, in my words")).to_have_value("")
    page.get_by_role("button", name="Change goal: Walk to the river on Sundays").click()
    page.get_by_label("Why this matters to me", exact=True).fill("Fresh air")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".plan-goal")).to_contain_text("Fresh air")
    with app_server.db() as db:  # and saving an edit doesn't give one either
        assert db.exec(select(Goal.domain_key).where(Goal.client_id == fay.id)).one() == ""
    page.context.close()


def test_a_second_save_shows_the_new_words_and_lets_dee_choose(app_server, browser, dee):
    phone = dee_on(browser, app_server, "/goals")
    laptop = dee_on(browser, app_server, "/goals", TABLET)
    for page in (phone, laptop):
        page.get_by_role("button", name="Change step: Look at listings").click()
    phone.get_by_label("The step").fill("Look at listings on Monday")
    phone.get_by_role("button", name="Save").click()
    expect(phone.locator(".step").filter(has_text="Look at listings on Monday")).to_be_visible()

    laptop.get_by_label("The step").fill("Look at listings with Sam")
    laptop.get_by_role("button", name="Save").click()
    conflict = laptop.locator(".outbox-card", has_text="Look at listings with Sam")
    expect(conflict).to_contain_text("This changed while you were writing")
    expect(conflict).to_be_in_viewport()
    expect(conflict.locator(".outbox-theirs")).to_have_text("Now it says: Look at listings on Monday")
    screenshot(laptop, "plan-conflict")
    with app_server.db() as db:
        assert db.exec(select(Step).where(Step.text == "Look at listings on Monday")).one()

    conflict.get_by_role("button", name="Save mine instead").click()
    expect(conflict).to_contain_text("Saved")
    expect(phone.locator(".step").filter(has_text="Look at listings with Sam")).to_be_visible(timeout=5000)
    for page in (phone, laptop):
        page.context.close()


def test_a_step_refused_at_the_foot_of_the_page_shows_why_and_keeps_the_words(app_server, browser):
    # Ivy has five goals with steps: her last goal's "Add a step" is far below the messages.
    with app_server.db() as db:
        ivy, _sam = new_client(db, "Ivy", password=PASSWORD)
        for n in range(5):
            goal = Goal(
                client_id=ivy.id, text=f"Goal {n}", domain_key="social", created_by_id=ivy.id, position=n
            )
            db.add(goal)
            db.flush()
            db.add_all([Step(goal_id=goal.id, text=f"Step {n}.{k}", position=k) for k in range(3)])
    phone = open_page(browser, PHONE)
    sign_in(phone, app_server, "ivy.e2e", PASSWORD)
    phone.goto(app_server.url + "/goals")
    card = phone.locator(".plan-goal").filter(has_text="Goal 4")
    card.get_by_text("Add a step", exact=True).click()
    card.get_by_label("A next step").fill("x" * 10_000)
    card.get_by_role("button", name="Add the step").click()
    refused = card.locator(".outbox-card")
    expect(refused).to_contain_text("Couldn't save: Please keep it under 500 characters (this is 10000).")
    expect(refused).to_be_in_viewport()  # said where Add was tapped, far below the board's top
    expect(refused).to_contain_text("Your words are back in the box")
    assert len(card.get_by_label("A next step").input_value()) == 10_000  # nothing lost
    phone.context.close()


def test_from_what_i_want_to_a_priority_to_a_goal_and_a_win_to_what_has_worked(app_server, browser, dee):
    phone = dee_on(browser, app_server, "/strengths")
    phone.locator(".domain").filter(has_text="Fun and free time").locator("summary").click()
    phone.get_by_role("textbox", name="Add to What I want, Fun and free time").fill("Sing in a choir")
    phone.get_by_role("button", name="Add to What I want, Fun and free time").click()
    expect(phone.locator(".strength").filter(has_text="Sing in a choir")).to_be_visible()
    expect(phone.get_by_role("textbox", name="Add to What I want, Fun and free time")).to_have_value("")
    flag = phone.get_by_role("button", name="Make it a priority: Sing in a choir")
    expect(flag).to_have_text("Priority")  # on a phone the flag says what it does
    flag.click()
    priority = phone.locator(".priority").filter(has_text="Sing in a choir")
    priority.get_by_role("button", name="Make it a goal: Sing in a choir").click()
    expect(priority).to_contain_text("It's a goal now")
    expect(phone.locator(".outbox-card", has_text="Make it a goal")).to_contain_text(
        "You'll find it in My goals"
    )
    screenshot(phone, "strengths-phone")

    phone.goto(app_server.url + "/wins")
    phone.get_by_label("A win, big or small").fill("Sang a whole song out loud")
    phone.get_by_role("button", name="Add").click()
    win = phone.locator(".win").filter(has_text="Sang a whole song out loud")
    win.get_by_role("button", name="Keep as a strength: Sang a whole song out loud").click()
    expect(win).to_contain_text("In “What has worked before”")
    with app_server.db() as db:
        kept = db.exec(select(StrengthEntry).where(StrengthEntry.text == "Sang a whole song out loud")).one()
        assert (kept.column, kept.client_id) == ("worked_before", dee["dee"])
        assert db.exec(select(Goal).where(Goal.text == "Sing in a choir")).one().client_id == dee["dee"]
    phone.context.close()


def test_people_and_places_natural_and_formal(app_server, browser, dee):
    phone = dee_on(browser, app_server, "/people-places")
    phone.get_by_label("Name").fill("Nan")
    phone.get_by_label("How to reach them").fill("Sundays, or call 07700 900123")
    phone.get_by_role("button", name="Add", exact=True).click()
    expect(phone.locator(".resource").filter(has_text="Nan")).to_contain_text("In my everyday life")
    expect(phone.get_by_text("1 in everyday life · 0 agency or health services")).to_be_visible()
    with app_server.db() as db:
        nan = db.exec(select(Resource).where(Resource.name == "Nan")).one()
        assert (nan.support, nan.kind, nan.client_id) == ("natural", "person", dee["dee"])
    phone.context.close()


def test_a_peer_without_suggest_sees_the_plan_but_no_controls_and_forged_calls_change_nothing(
    app_server, browser, dee
):
    page = open_page(browser, PHONE)
    sign_in(page, app_server, "pip.e2e", PASSWORD)
    page.goto(f"{app_server.url}/goals?client={dee['dee']}")
    expect(page.get_by_role("heading", name="Dee's goals")).to_be_visible()
    expect(page.get_by_text("Suggest new words for this goal")).to_have_count(0)
    expect(page.get_by_role("button", name="Add my goal")).to_have_count(0)
    tabs = page.locator("nav[aria-label=Board] a")
    expect(tabs).to_have_count(2)  # the board's overview and Goals: what Dee shared
    expect(tabs.first).to_have_text("Board")  # not "Today": it is Dee's board, not Pip's day
    page.context.close()

    from tests.e2e.forged import Forged, run

    query = {"client": str(dee["dee"])}

    async def forge() -> None:
        cookie = session_cookie(app_server, "pip.e2e")
        async with Forged(app_server.url, cookie=cookie, token="t-pip-plan") as f:
            await f.send(f"{BoardState.get_full_name()}.load_view", path="/goals", query=query)
            plan = PlanState.get_full_name()
            await f.send(f"{plan}.suggest_words", {"form": {"goal": str(dee["goal"]), "text": "Pip's words"}},
                         path="/goals", query=query)  # fmt: skip
            await f.send(f"{plan}.add_goal", {"form": {"text": "Pip's goal"}}, path="/goals", query=query)
            await f.send(
                f"{plan}.move_goal", {"goal_id": dee["goal"], "offset": 1}, path="/goals", query=query
            )

    run(forge())
    with app_server.db() as db:
        assert db.exec(select(Suggestion).where(Suggestion.client_id == dee["dee"],
                                                Suggestion.by_id == dee["pip"])).all() == []  # fmt: skip
        assert db.exec(select(Goal).where(Goal.text == "Pip's goal")).first() is None


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_every_view_is_accessible_at_both_sizes(app_server, browser, dee, color_scheme):
    for device, name in ((PHONE, "phone"), (TABLET, "tablet")):
        client = open_page(browser, device, color_scheme)
        sign_in(client, app_server, "dee.e2e", PASSWORD)
        manager = open_page(browser, device, color_scheme)
        sign_in(manager, app_server, "sam")
        for path in ("/goals", "/strengths", "/wins", "/people-places"):
            for page, url in ((client, path), (manager, f"{path}?client={dee['dee']}")):
                page.goto(app_server.url + url)
                expect(page.get_by_role("heading", level=1)).to_be_visible()
                page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
                assert serious_accessibility_violations(page) == [], (url, name)
                small = page.evaluate(
                    """() => [...document.querySelectorAll('main button, main input, main a, nav a')]
                        .filter(e => e.offsetParent !== null && e.type !== 'hidden')
                        .filter(e => (e.closest('.rt-TextFieldRoot') || e).getBoundingClientRect().height < 44)
                        .map(e => e.outerHTML.slice(0, 80))"""
                )
                assert small == [], (url, name, small)
            if color_scheme == "light":
                screenshot(client, f"{path.strip('/')}-{name}")
        client.context.close()
        manager.context.close()


def test_large_text_is_a_tap_away_and_stays_on_this_device(app_server, browser, dee):
    phone = dee_on(browser, app_server, "/goals")
    toggle = phone.get_by_role("button", name="Large text")
    before = phone.locator("h1").bounding_box()["height"]
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    phone.reload()
    expect(phone.get_by_role("button", name="Large text")).to_have_attribute("aria-pressed", "true")
    assert phone.locator("h1").bounding_box()["height"] > before * 1.2
    # Nothing runs off the side: no sideways scrolling with large text on a phone.
    assert phone.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert serious_accessibility_violations(phone) == []
    screenshot(phone, "goals-large-text")
    phone.context.close()


def test_first_visit_together_on_the_tablet_then_eli_keeps_it_on_her_phone(app_server, browser):
    with app_server.db() as db:
        eli, sam = new_client(db, "Eli", password=PASSWORD)
        db.add(CaseAssignment(client_id=eli.id, case_manager_id=sam.id, since=utcnow() - timedelta(days=1)))
        eli_id = eli.id
    tablet = open_page(browser, TABLET)
    sign_in(tablet, app_server, "sam")
    tablet.goto(f"{app_server.url}/board?client={eli_id}")
    tablet.get_by_role("link", name="First visit: a first goal together, in four small steps").click()
    expect(tablet.get_by_role("heading", name="First visit with Eli")).to_be_visible()
    tablet.get_by_label("What do I want?").fill("To paint again")
    tablet.get_by_label("What do I have now that helps?").fill("My old brushes")
    tablet.get_by_label("My goal").fill("Paint one picture a month")
    tablet.get_by_label("What has worked before", exact=True).fill("Painting with my gran")
    # Too long a step: the message names the question (it may be three stages up), and
    # every answer stays where it was written.
    tablet.get_by_label("The step").fill("Find my brushes " * 40)
    tablet.get_by_role("button", name="Save for Eli to keep").click()
    refused = tablet.locator(".outbox-card")
    expect(refused).to_contain_text("“The step”: Please keep it under 500 characters")
    expect(refused).to_be_in_viewport()  # seen where Save was tapped, at the foot of the form
    expect(tablet.get_by_label("What do I want?")).to_have_value("To paint again")  # every answer back
    screenshot(tablet, "first-visit-too-long-tablet")
    tablet.get_by_label("The step").fill("Find my brushes in the loft")
    assert serious_accessibility_violations(tablet) == []
    screenshot(tablet, "first-visit-tablet")
    tablet.get_by_role("button", name="Save for Eli to keep").click()
    expect(tablet.locator(".outbox-card", has_text="Paint one picture a month")).to_contain_text(
        "joins the plan when they keep it"
    )
    with app_server.db() as db:
        assert db.exec(select(Goal).where(Goal.client_id == eli_id)).all() == []

    phone = open_page(browser, PHONE)
    sign_in(phone, app_server, "eli.e2e", PASSWORD)
    idea = phone.locator(".idea")
    expect(idea).to_contain_text("First step: Find my brushes in the loft")
    idea.get_by_role("button", name="Add to my plan: Paint one picture a month").click()
    expect(phone.locator(".goal").filter(has_text="Paint one picture a month")).to_be_visible()
    phone.goto(app_server.url + "/goals")
    expect(phone.locator(".plan-goal")).to_contain_text("Painting with my gran")  # a strength the goal uses
    for page in (phone, tablet):
        page.context.close()
