"""One board, two screens: Cal's phone and Sam's tablet see each other's changes without
reloading. A peer's screen follows too, showing only what Cal shared."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from strengthsapp.db.models import CaseAssignment, Goal, Grant, Step, User
from strengthsapp.db.types import utcnow
from tests.e2e.conftest import (
    PHONE,
    TABLET,
    new_client,
    screenshot,
    serious_accessibility_violations,
    sign_in,
)

pytestmark = pytest.mark.e2e
PASSWORD = "kites over the harbour"


@pytest.fixture(scope="module")
def cal(app_server) -> int:
    now = utcnow()
    with app_server.db() as db:
        cal, sam = new_client(db, "Cal", password=PASSWORD)
        jordan = db.exec(select(User).where(User.email == "jordan")).one()
        db.add(CaseAssignment(client_id=cal.id, case_manager_id=sam.id, since=now - timedelta(days=1)))
        db.add(Grant(client_id=cal.id, grantee_id=jordan.id, scopes=["view"], sections=["wins"],
                     created_by_id=cal.id, accepted_at=now, expires_at=now + timedelta(days=7)))  # fmt: skip
        goal = Goal(client_id=cal.id, text="Fix my bike", domain_key="leisure", created_by_id=cal.id)
        db.add(goal)
        db.flush()
        db.add_all([Step(goal_id=goal.id, text="Buy a new tyre", position=0),
                    Step(goal_id=goal.id, text="Ride to the market", position=1)])  # fmt: skip
        return cal.id


def open_page(browser: Browser, device: dict) -> Page:
    context = browser.new_context(**device, color_scheme="light")
    context.set_default_timeout(20_000)
    return context.new_page()


def test_changes_on_one_screen_appear_on_the_others(app_server, browser, cal):
    phone = open_page(browser, PHONE)
    sign_in(phone, app_server, "cal.e2e", PASSWORD)
    expect(phone.locator(".next-step")).to_have_count(2)

    tablet = open_page(browser, TABLET)
    sign_in(tablet, app_server, "sam")
    tablet.goto(f"{app_server.url}/board?client={cal}")
    expect(tablet.locator(".next-step")).to_have_count(2)

    peer = open_page(browser, PHONE)
    sign_in(peer, app_server, "jordan")
    peer.goto(f"{app_server.url}/board?client={cal}")
    expect(peer.get_by_role("heading", name="Wins")).to_be_visible()

    # Cal, on the phone: one tap. Sam's tablet follows, no reload.
    phone.get_by_role("button", name="Done: Buy a new tyre", exact=True).click()
    expect(tablet.get_by_text("Cal did 1 step this week.")).to_be_visible(timeout=5000)
    expect(tablet.locator(".next-step", has_text="Buy a new tyre")).to_contain_text("Done")

    # Sam, on the tablet, records a win with Cal. Cal's phone and Jordan's follow.
    tablet.get_by_label("A win Cal wants to keep").fill("Fixed the puncture together")
    tablet.get_by_role("button", name="Add").click()
    expect(phone.locator(".win").first).to_contain_text("Fixed the puncture together", timeout=5000)
    expect(phone.locator(".win").first).to_contain_text("recorded with Sam Rivera")
    expect(peer.locator(".win").first).to_contain_text("Fixed the puncture together", timeout=5000)
    expect(peer.locator(".next-step")).to_have_count(0)  # Cal shared wins only
    screenshot(tablet, "live-tablet")
    screenshot(phone, "live-phone")
    for page in (phone, tablet, peer):
        page.context.close()


def test_room_names_cannot_be_guessed(app_server, cal):
    """Apps that share a Redis don't share rooms: each names them with its own secret."""
    from strengthsapp.rooms import room_token

    token = room_token(cal)
    assert token.startswith(f"board-{cal}-") and len(token) == len(f"board-{cal}-") + 32
    assert "_" not in token and token != room_token(cal + 1)
    assert room_token(cal, secret_key="one app") != room_token(cal, secret_key="another")


def worker_of(page: Page) -> str:
    expect(page.locator("main[data-worker]")).not_to_have_attribute("data-worker", "")
    return page.locator("main").get_attribute("data-worker") or ""


def test_live_across_two_workers_with_redis(redis_app_server, browser):
    app = redis_app_server
    with app.db() as db:
        dee, sam = new_client(db, "Dee", password=PASSWORD)
        db.add(CaseAssignment(client_id=dee.id, case_manager_id=sam.id, since=utcnow() - timedelta(days=1)))
        goal = Goal(client_id=dee.id, text="Plant tomatoes", domain_key="leisure", created_by_id=dee.id)
        db.add(goal)
        db.flush()
        db.add_all([Step(goal_id=goal.id, text="Buy seedlings", position=0),
                    Step(goal_id=goal.id, text="Water them", position=1)])  # fmt: skip
        dee_id = dee.id

    phone = open_page(browser, PHONE)
    sign_in(phone, app, "dee.e2e", PASSWORD)
    expect(phone.locator(".next-step")).to_have_count(2)
    phone_worker = worker_of(phone)

    # Which worker a websocket lands on is the kernel's choice: open tablets until one
    # lands on the other worker.
    for _attempt in range(12):
        tablet = open_page(browser, TABLET)
        sign_in(tablet, app, "sam")
        tablet.goto(f"{app.url}/board?client={dee_id}")
        expect(tablet.locator(".next-step")).to_have_count(2)
        if worker_of(tablet) != phone_worker:
            break
        tablet.context.close()
    else:
        pytest.fail("every tablet landed on the phone's worker; is GRANIAN_WORKERS=2 honoured?")

    phone.get_by_role("button", name="Done: Buy seedlings", exact=True).click()
    expect(tablet.get_by_text("Dee did 1 step this week.")).to_be_visible(timeout=5000)
    tablet.get_by_label("A win Dee wants to keep").fill("First tomato flower")
    tablet.get_by_role("button", name="Add").click()
    expect(phone.locator(".win").first).to_contain_text("First tomato flower", timeout=5000)
    phone.context.close()
    tablet.context.close()


def test_a_suggestion_waits_for_the_client_who_puts_it_in_her_words(app_server, browser, cal):
    tablet = open_page(browser, TABLET)
    sign_in(tablet, app_server, "sam")
    tablet.goto(f"{app_server.url}/board?client={cal}")
    phone = open_page(browser, PHONE)
    sign_in(phone, app_server, "cal.e2e", PASSWORD)
    expect(phone.locator(".idea")).to_have_count(0)

    tablet.get_by_label("The idea").fill("Ask at the bike co-op about tools")
    tablet.get_by_role("combobox", name="It is").select_option(label="A step for: Fix my bike")
    tablet.get_by_role("button", name="Suggest").click()
    sent = tablet.locator(".outbox-card", has_text="Ask at the bike co-op about tools")
    expect(sent).to_contain_text("Saved ✓ Your idea is waiting for Cal to decide.")
    expect(sent).to_be_in_viewport()  # said where Suggest was tapped, at the foot of the board
    expect(tablet.get_by_label("The idea")).to_have_value("")  # sent, so not sent twice
    assert "Ask at the bike co-op" not in tablet.locator(".next-step").all_inner_texts()
    # Sam sees his idea waiting (so he doesn't suggest it twice); Cal's phone decides.
    waiting = tablet.locator(".waiting-idea")
    expect(waiting).to_have_text("A step for “Fix my bike”: Ask at the bike co-op about tools")
    screenshot(tablet, "ideas-waiting-tablet")
    assert serious_accessibility_violations(tablet) == []

    idea = phone.locator(".idea")
    expect(idea).to_contain_text("Sam Rivera suggests a step for “Fix my bike”", timeout=5000)
    screenshot(phone, "idea-phone")
    idea.get_by_label("The idea, in my words").fill("Borrow a pump at the bike co-op")
    idea.get_by_role("button", name="Add to my plan").click()
    expect(phone.locator(".idea")).to_have_count(0)
    expect(phone.locator(".next-step", has_text="Borrow a pump at the bike co-op")).to_be_visible()
    expect(tablet.locator(".next-step", has_text="Borrow a pump at the bike co-op")).to_be_visible(
        timeout=5000
    )
    expect(waiting).to_have_count(0)  # decided: no longer waiting, live

    tablet.get_by_label("The idea").fill("Join a gym")
    tablet.get_by_role("button", name="Suggest").click()
    expect(phone.locator(".idea")).to_contain_text("suggests a new goal", timeout=5000)
    phone.get_by_role("button", name="No thanks: Join a gym").click()
    expect(phone.locator(".idea")).to_have_count(0)
    expect(tablet.locator(".goal", has_text="Join a gym")).to_have_count(0)
    for page in (phone, tablet):
        page.context.close()


def test_a_peer_without_suggest_has_no_suggest_control_and_a_forged_call_is_refused(app_server, phone, cal):
    from sqlmodel import func

    from strengthsapp.db.models import Suggestion
    from strengthsapp.states.board import BoardState
    from strengthsapp.states.today import TodayState
    from tests.e2e.conftest import session_cookie
    from tests.e2e.forged import Forged, run

    sign_in(phone, app_server, "jordan")  # Cal shared wins with Jordan, without `suggest`
    phone.goto(f"{app_server.url}/board?client={cal}")
    expect(phone.get_by_role("heading", name="Wins")).to_be_visible()
    expect(phone.get_by_role("button", name="Suggest")).to_have_count(0)
    with app_server.db() as db:
        before = db.exec(select(func.count()).select_from(Suggestion)).one()

    async def forge() -> None:
        async with Forged(
            app_server.url, cookie=session_cookie(app_server, "jordan"), token="t-suggest"
        ) as f:
            name, query = TodayState.get_full_name(), {"client": str(cal)}
            await f.send(f"{BoardState.get_full_name()}.load_client", path="/board", query=query)
            await f.send(
                f"{name}.suggest", {"form": {"idea": "forged", "target": "new"}}, path="/board", query=query
            )

    run(forge())
    with app_server.db() as db:
        assert db.exec(select(func.count()).select_from(Suggestion)).one() == before


def test_the_case_manager_cheers_a_win_and_cal_sees_it_at_once(app_server, browser, cal):
    phone = open_page(browser, PHONE)
    sign_in(phone, app_server, "cal.e2e", PASSWORD)
    phone.get_by_label("A win, big or small").fill("Rode to the market")
    phone.get_by_role("button", name="Add").click()
    expect(phone.locator(".win").first).to_contain_text("Rode to the market")
    expect(phone.get_by_role("button", name="Cheer Rode to the market with 👏")).to_have_count(0)

    tablet = open_page(browser, TABLET)
    sign_in(tablet, app_server, "sam")
    tablet.goto(f"{app_server.url}/board?client={cal}")
    tablet.get_by_role("button", name="Cheer Rode to the market with 👏").click()
    expect(phone.locator(".win").first).to_contain_text("Sam Rivera: 👏", timeout=5000)
    screenshot(tablet, "cheer-tablet")
    assert serious_accessibility_violations(tablet) == []
    for page in (phone, tablet):
        page.context.close()


def test_the_case_manager_records_a_visit_that_cal_reads(app_server, browser, cal):
    # Sam's tablet is in Los Angeles: the day starts as today there (a visit is mostly
    # recorded on its day), never a day ahead of the client's, which the server refuses.
    tablet = open_page(browser, {**TABLET, "timezone_id": "America/Los_Angeles"})
    sign_in(tablet, app_server, "sam")
    tablet.goto(f"{app_server.url}/board?client={cal}")
    there = datetime.now(ZoneInfo("America/Los_Angeles")).date()
    expect(tablet.get_by_label("When")).to_have_value(there.isoformat())
    tablet.get_by_label("What we worked on").fill("Walked to the bike co-op; Cal knew the way.")
    tablet.get_by_role("button", name="Save the visit").click()
    expect(tablet.locator(".contact").first).to_contain_text("Cal knew the way")
    expect(tablet.locator(".contact").first).to_contain_text("out in the community")
    assert serious_accessibility_violations(tablet) == []

    phone = open_page(browser, PHONE)
    sign_in(phone, app_server, "cal.e2e", PASSWORD)
    expect(phone.get_by_role("heading", name="When we met")).to_be_visible()
    expect(phone.locator(".contact").first).to_contain_text("Sam Rivera")
    expect(phone.get_by_role("button", name="Save the visit")).to_have_count(0)
    screenshot(phone, "contact-phone")
    for page in (phone, tablet):
        page.context.close()
