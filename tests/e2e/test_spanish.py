"""The app in Spanish, at phone size, as people meet it.

Rosa signs in (in English), taps "Español" in the header, and the page is in Spanish: Today,
a check-in, a win, her nudges, with dates as Spanish writes them and her own words exactly
as she wrote them. It stays Spanish after a reload (the device) and on another device (her
account). Sam makes a client invitation in Spanish: opened in an English browser, the
invitation page turns Spanish, and the new account's board is Spanish. axe finds nothing
serious on Today and nudges in either language.

The Spanish asserted here is written out (from locales/es/LC_MESSAGES/messages.po), not
looked up: a translation gone missing shows English, and must fail here.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date, format_skeleton
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from strengthsapp.db.models import Goal, Step, User
from tests.conftest import ARTIFACTS
from tests.e2e.conftest import (
    PHONE,
    TABLET,
    new_client,
    screenshot,
    serious_accessibility_violations,
    sign_in,
)

pytestmark = pytest.mark.e2e
PASSWORD = "oranges on the window sill"
ZONE = "Europe/Madrid"
GOAL = "Find a part-time job"  # her words, in English: they stay as she wrote them
SOON_STEP = "Llamar a la panadería"
LATER_STEP = "Ask at the library about the CV class"
WIN = "Llamé al refugio yo misma"
CHECK_IN = "Nervous but ready"
NUDGE = "¡Tú puedes, Rosa!"
# English headings that must not be left on a Spanish Today.
ENGLISH_TODAY = ["My next steps", "My goals", "My wins", "A win, big or small", "How is it going?"]
GREETINGS_ES = re.compile(r"^(Hola|Buenos días|Buenas tardes|Buenas noches), ")


def new_context_page(browser: Browser, device: dict, *, locale: str = "en-GB") -> Page:
    context = browser.new_context(**device, locale=locale, color_scheme="light")
    context.set_default_timeout(20_000)
    return context.new_page()


def client_with_a_plan(app_server, name: str, **fields) -> int:
    """A client of her own (her language changes; the demo's people stay as they are), with
    a goal, a step due in three days and one due in ten, in her timezone."""
    with app_server.db() as db:
        client, _sam = new_client(db, name, password=PASSWORD, timezone=ZONE, **fields)
        goal = Goal(client_id=client.id, text=GOAL, domain_key="vocational", created_by_id=client.id)
        db.add(goal)
        db.flush()
        today = datetime.now(ZoneInfo(ZONE)).date()
        db.add(Step(goal_id=goal.id, text=SOON_STEP, position=0, target_date=today + timedelta(days=3)))
        db.add(Step(goal_id=goal.id, text=LATER_STEP, position=1, target_date=today + timedelta(days=10)))
        return client.id


def locale_of(app_server, user_id: int) -> str:
    with app_server.db() as db:
        return db.get(User, user_id).locale


def expect_spanish_page(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "es")
    # The switch now offers the other language, named in itself.
    expect(page.get_by_role("button", name="English")).to_be_visible()
    expect(page.get_by_role("button", name="Español")).to_have_count(0)


def expect_spanish_today(page: Page, name: str) -> None:
    expect_spanish_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(GREETINGS_ES.pattern + name + "$"))
    expect(page.get_by_role("heading", name="Mis siguientes pasos")).to_be_visible()
    expect(page.get_by_role("heading", name="Mis metas")).to_be_visible()
    expect(page.get_by_role("heading", name="Mis logros")).to_be_visible()
    main = page.locator("main").inner_text()
    left = [words for words in ENGLISH_TODAY if words in main]
    assert left == [], f"English left on a Spanish Today: {left}"


def test_rosa_switches_to_spanish_and_it_stays(app_server, browser: Browser, phone: Page):
    rosa = client_with_a_plan(app_server, "Rosa")
    sign_in(phone, app_server, "rosa.e2e", PASSWORD)
    expect(phone.get_by_role("heading", name="My next steps")).to_be_visible()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    screenshot(phone, "spanish-before-switch-phone")

    # One tap, in the header.
    phone.locator("header").get_by_role("button", name="Español").click()
    expect_spanish_today(phone, "Rosa")
    assert locale_of(app_server, rosa) == "es"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone.locator("header").screenshot(path=str(ARTIFACTS / "spanish-header-phone.png"))
    screenshot(phone, "spanish-today-phone")

    # Her steps' dates as Spanish writes them: a weekday, and a day and month.
    today = datetime.now(ZoneInfo(ZONE)).date()
    weekday = format_date(today + timedelta(days=3), "EEEE", locale="es")  # "martes"
    day_month = format_skeleton("MMMd", today + timedelta(days=10), locale="es")  # "15 dic"
    steps = phone.locator("section[aria-labelledby=next-steps] .next-step")
    expect(steps.filter(has_text=SOON_STEP)).to_contain_text(f"Para el {weekday}")
    expect(steps.filter(has_text=LATER_STEP)).to_contain_text(f"Para el {day_month}")
    expect(steps.filter(has_text=SOON_STEP).get_by_role("button", name=f"Hecho: {SOON_STEP}")).to_be_visible()
    # Her goal in her own (English) words, the words around it in Spanish.
    goal = phone.locator(".goal", has_text=GOAL)
    expect(goal).to_contain_text("0 de 2 pasos hechos")
    expect(goal).to_contain_text("Trabajo y estudio")

    # A check-in: "¿Cómo va?" folds out under her goal.
    phone.get_by_label(f"Cómo va {GOAL}").first.click()
    phone.get_by_role("textbox", name=f"Cómo va {GOAL}").fill(CHECK_IN)
    phone.get_by_role("combobox", name="Estado de ánimo").select_option("hopeful")
    phone.get_by_role("button", name=f"Guardar registro de {GOAL}").click()
    expect(goal).to_contain_text(f"“{CHECK_IN}” · ")
    expect(goal).to_contain_text(" · Hoy")
    screenshot(phone, "spanish-check-in-phone")

    # A win, in her words, exactly as she typed them.
    phone.get_by_label("Un logro, grande o pequeño").fill(WIN)
    phone.get_by_role("button", name="Agregar").click()
    win = phone.locator(".win", has_text=WIN)
    expect(win).to_be_visible()
    expect(win.get_by_text(WIN, exact=True)).to_be_visible()
    expect(win).to_contain_text("Hoy")
    screenshot(phone, "spanish-win-phone")

    # Her nudges, through the phone's menu, in Spanish.
    phone.get_by_role("button", name="Menú").click()
    phone.get_by_role("menuitem", name="Recordatorios").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Mis recordatorios")
    expect_spanish_page(phone)
    expect(phone.get_by_role("heading", name="Recordatorios en este dispositivo")).to_be_visible()
    expect(phone.get_by_role("button", name="Activar recordatorios en este dispositivo")).to_be_visible()
    expect(phone.get_by_role("heading", name="Horas de silencio")).to_be_visible()
    expect(phone.get_by_role("group", name="Qué días")).to_be_visible()  # (its days: see below)
    phone.get_by_role("combobox", name="Sobre qué").select_option(label=SOON_STEP)
    phone.get_by_label("En mis palabras").fill(NUDGE)
    phone.get_by_role("button", name="Poner el recordatorio").click()
    nudge = phone.locator(".nudge").filter(has_text=NUDGE)
    expect(nudge).to_contain_text("Entre semana a las 9:00")
    expect(nudge.get_by_text(NUDGE, exact=True)).to_be_visible()
    expect(nudge.get_by_role("button", name=f"Silencio por un día: {NUDGE}")).to_be_visible()
    screenshot(phone, "spanish-nudges-phone")

    # Kept on the device: a reload is still Spanish.
    phone.reload()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Mis recordatorios")
    expect_spanish_page(phone)

    # Kept on her account: another device (English browser) signs in and reads Spanish.
    tablet = new_context_page(browser, TABLET, locale="en-GB")
    try:
        sign_in(tablet, app_server, "rosa.e2e", PASSWORD)
        expect_spanish_today(tablet, "Rosa")
        expect(tablet.locator(".win", has_text=WIN).get_by_text(WIN, exact=True)).to_be_visible()
        expect(tablet.locator(".goal", has_text=GOAL)).to_contain_text(f"“{CHECK_IN}”")
        screenshot(tablet, "spanish-today-tablet")
    finally:
        tablet.context.close()


def test_an_invitation_made_in_spanish_opens_in_spanish_in_an_english_browser(app_server, browser, tablet):
    sign_in(tablet, app_server, "sam")
    expect(tablet.get_by_role("heading", level=1)).to_have_text("My caseload")
    tablet.locator("#client-invite-locale").select_option("es")
    tablet.get_by_role("button", name="Invite a client").click()
    link = tablet.locator(".invite-url")
    expect(link).to_contain_text("/invite?code=")
    url = link.inner_text()

    newcomer = new_context_page(browser, PHONE, locale="en-US")
    try:
        assert newcomer.evaluate("navigator.language") == "en-US"
        newcomer.goto(url)
        expect(newcomer.get_by_role("heading", level=1)).to_have_text("Te damos la bienvenida a strengthsapp")
        expect_spanish_page(newcomer)
        expect(newcomer.get_by_text("Sam Rivera te invitó a unirte como cliente.")).to_be_visible()
        screenshot(newcomer, "spanish-invite-phone")
        newcomer.get_by_label("Tu nombre").fill("Lucía")
        newcomer.get_by_label("Nombre para entrar o correo").fill("lucia.spanish.e2e")
        newcomer.get_by_label("Contraseña").fill("the river is wide in march")
        newcomer.get_by_role("button", name="Crear mi cuenta").click()

        # Her board, in the language she read the invitation in.
        expect(newcomer.get_by_role("heading", level=1)).to_have_text(GREETINGS_ES, timeout=20_000)
        expect(newcomer.get_by_role("heading", level=1)).to_contain_text("Lucía")
        expect_spanish_page(newcomer)
        expect(newcomer.get_by_text("Para empezar: una meta en cuatro pasos cortos")).to_be_visible()
        expect(newcomer.get_by_role("heading", name="Mis logros")).to_be_visible()
        screenshot(newcomer, "spanish-new-client-board-phone")
        with app_server.db() as db:
            assert db.exec(select(User).where(User.email == "lucia.spanish.e2e")).one().locale == "es"
    finally:
        newcomer.context.close()


@pytest.mark.parametrize(("language", "today_heading", "nudges_heading"),
                         [("en", "My next steps", "My nudges"), ("es", "Mis siguientes pasos", "Mis recordatorios")])  # fmt: skip
def test_axe_finds_nothing_serious_on_today_and_nudges(
    app_server, phone: Page, language: str, today_heading: str, nudges_heading: str
):
    client_with_a_plan(app_server, f"Axe{language}", locale=language)
    sign_in(phone, app_server, f"axe{language}.e2e", PASSWORD)
    expect(phone.get_by_role("heading", name=today_heading)).to_be_visible()
    expect(phone.locator("html")).to_have_attribute("lang", language)
    assert serious_accessibility_violations(phone) == []
    screenshot(phone, f"axe-today-{language}-phone")
    phone.goto(f"{app_server.url}/nudges")
    expect(phone.get_by_role("heading", level=1)).to_have_text(nudges_heading)
    expect(phone.locator("html")).to_have_attribute("lang", language)
    assert serious_accessibility_violations(phone) == []
    screenshot(phone, f"axe-nudges-{language}-phone")


# Words of the domain and services that pages show through t(words), and counted sentences
# said by the server: once gaps, each found here.


def test_the_days_of_a_new_nudge_are_named_in_spanish(app_server, phone: Page):
    client_with_a_plan(app_server, "Dina", locale="es")
    sign_in(phone, app_server, "dina.e2e", PASSWORD)
    phone.goto(f"{app_server.url}/nudges")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Mis recordatorios")
    days = phone.get_by_role("group", name="Qué días")
    expect(days.get_by_role("checkbox", name="Lunes")).to_be_checked(timeout=3000)
    expect(days).to_contain_text("Lun", timeout=3000)


def test_the_feelings_of_a_check_in_are_in_spanish(app_server, phone: Page):
    client_with_a_plan(app_server, "Fe", locale="es")
    sign_in(phone, app_server, "fe.e2e", PASSWORD)
    phone.get_by_label(f"Cómo va {GOAL}").first.click()
    options = phone.get_by_role("combobox", name="Estado de ánimo").locator("option")
    expect(options).to_have_count(6)
    english = {"Proud", "Hopeful", "Calm", "Tired", "Unsure"}
    assert english.isdisjoint(options.all_inner_texts()), options.all_inner_texts()


def test_the_activity_counts_looks_in_spanish(app_server, phone: Page):
    from strengthsapp.db.models import AuditEvent
    from strengthsapp.db.types import utcnow

    client_id = client_with_a_plan(app_server, "Marisol", locale="es")
    with app_server.db() as db:
        sam = db.exec(select(User).where(User.email == "sam")).one()
        for minutes in (1, 2, 3):
            db.add(AuditEvent(agency_id=sam.agency_id, actor_id=sam.id, board_client_id=client_id,
                              action="board.viewed", at=utcnow() - timedelta(minutes=minutes)))  # fmt: skip
    sign_in(phone, app_server, "marisol.e2e", PASSWORD)
    phone.goto(f"{app_server.url}/activity")
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.locator(".activity").first).to_be_visible()
    expect(phone.get_by_text("Sam Rivera miró tu tablero 3 veces.", exact=True)).to_be_visible(timeout=3000)
