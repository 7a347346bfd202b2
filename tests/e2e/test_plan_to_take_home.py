"""The plan to take home, as people do it in Chromium: Noor prints her plan from her phone and
saves it as a PDF, downloads everything about her, reads it in Spanish; Sam prints it with
her, and sends it to another service only once she said yes; no one else gets any of it."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from sqlmodel import col, select

from strengthsapp.db.models import AuditEvent, CaseAssignment, Goal, Step, StrengthEntry, User
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

PASSWORD = "green kettle by the river 7"
GOAL = "Trabajar con animales otra vez 🐶"
WHY = "Animals calm me, and I'm good with them"
STEP = "Call the shelter on Monday"
FORMULA = '=HYPERLINK("http://evil.example","x")'
STRENGTH = "Two summers at the Greenfield shelter"


@pytest.fixture(scope="module")
def noor(app_server) -> int:
    """Noor: her own board, assigned to Sam, with a goal, two steps and a strength."""
    with app_server.db() as db:
        client, sam = new_client(db, "Noor", password=PASSWORD)
        db.add(
            CaseAssignment(client_id=client.id, case_manager_id=sam.id, since=utcnow() - timedelta(days=30))
        )
        goal = Goal(client_id=client.id, text=GOAL, why=WHY, domain_key="vocational", created_by_id=client.id)
        db.add(goal)
        db.flush()
        db.add(Step(goal_id=goal.id, text=STEP, position=0))
        db.add(Step(goal_id=goal.id, text=FORMULA, position=1, done_at=utcnow()))
        db.add(StrengthEntry(client_id=client.id, domain_key="vocational", column="worked_before", text=STRENGTH,
                             author_id=client.id))  # fmt: skip
        return client.id


def new_page(browser: Browser, device: dict) -> Page:
    context = browser.new_context(**device, color_scheme="light", accept_downloads=True)
    context.set_default_timeout(20_000)
    return context.new_page()


def download(page: Page, link_name: str, tmp_path: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).first.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_noor_prints_her_plan_from_her_phone_and_saves_it_as_a_pdf(app_server, noor, phone, tmp_path):
    sign_in(phone, app_server, "noor.e2e", PASSWORD)
    phone.goto(f"{app_server.url}/goals")
    phone.get_by_role("link", name="Print or save my plan").click()
    expect(phone).to_have_url(re.compile(r"/print-plan$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("My plan")
    expect(phone.get_by_role("heading", name=GOAL)).to_be_visible()
    expect(phone.get_by_text(f"Why it matters to me: {WHY}")).to_be_visible()
    expect(phone.get_by_text(FORMULA, exact=True)).to_be_visible()  # her words as text, never markup
    expect(phone.get_by_text(STRENGTH)).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    screenshot(phone, "print-plan-phone")
    assert serious_accessibility_violations(phone) == []
    phone.emulate_media(media="print")
    expect(phone.get_by_role("button", name="Print")).to_be_hidden()  # the tools stay off the paper
    screenshot(phone, "print-plan-phone-as-printed")
    phone.emulate_media(media="screen")

    pdf = download(phone, "Save as PDF", tmp_path)
    assert pdf.suffix == ".pdf" and pdf.read_bytes().startswith(b"%PDF-")
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())  # fmt: skip
    for words in ("Trabajar con animales otra vez", WHY, STEP, FORMULA, STRENGTH):
        assert words in text, words
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)  # fmt: skip
    picture = Image.open(tmp_path / "page-1.png")
    picture.save("tests/artifacts/print-plan-pdf-page-1.png")
    grey = picture.convert("L")
    assert grey.width < grey.height and sum(grey.histogram()[:128]) > 2000  # a portrait page, with text

    # She leaves her strengths out of what she hands over: the page and the PDF follow.
    phone.get_by_label("My strengths").uncheck()
    phone.get_by_role("button", name="Show").click()
    expect(phone.get_by_role("heading", name=GOAL)).to_be_visible()
    expect(phone.get_by_text(STRENGTH)).to_have_count(0)
    pdf = download(phone, "Save as PDF", tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert STRENGTH not in " ".join(text.split()) and STEP in text


def test_noor_reads_her_plan_in_spanish_her_words_stay_hers(app_server, noor, phone):
    sign_in(phone, app_server, "noor.e2e", PASSWORD)
    phone.goto(f"{app_server.url}/print-plan")
    phone.get_by_role("button", name="Español").click()
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Mi plan")
    expect(phone.get_by_role("heading", name="Metas en las que trabajo")).to_be_visible()
    expect(phone.get_by_role("heading", name=GOAL)).to_be_visible()
    expect(phone.get_by_text(STEP)).to_be_visible()  # not translated
    assert serious_accessibility_violations(phone) == []
    screenshot(phone, "print-plan-phone-es")
    phone.get_by_role("button", name="English").click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")


def test_noor_downloads_everything_about_her(app_server, noor, browser, tmp_path):
    phone = new_page(browser, PHONE)
    sign_in(phone, app_server, "noor.e2e", PASSWORD)
    phone.goto(f"{app_server.url}/account")
    expect(phone.get_by_role("heading", name="My data")).to_be_visible()
    screenshot(phone, "account-my-data-phone")
    archive = zipfile.ZipFile(download(phone, "Download everything about me", tmp_path))
    assert {"README.txt", "everything.json", "goals.csv", "steps.csv", "activity.csv"} <= set(
        archive.namelist()
    )
    everything = json.loads(archive.read("everything.json"))
    assert [g["text"] for g in everything["goals"]] == [GOAL]
    assert everything["me"][0]["name"] == "Noor"
    steps_csv = archive.read("steps.csv").decode("utf-8")
    assert steps_csv.startswith("\ufeff") and "'=HYPERLINK" in steps_csv
    with app_server.db() as db:
        assert db.exec(select(AuditEvent).where(AuditEvent.actor_id == noor,
                                                AuditEvent.action == "export:everything")).first()  # fmt: skip
    phone.context.close()


def test_sam_prints_it_with_her_and_sends_it_on_only_with_her_yes(app_server, noor, browser, tmp_path):
    tablet = new_page(browser, TABLET)
    sign_in(tablet, app_server, "sam")
    tablet.goto(f"{app_server.url}/goals?client={noor}")
    tablet.get_by_role("link", name="Print or save the plan").click()
    expect(tablet.get_by_role("heading", name=GOAL)).to_be_visible()
    expect(tablet.get_by_role("link", name="File for another service")).to_have_count(0)
    screenshot(tablet, "print-plan-tablet")
    tablet.goto(f"{app_server.url}/api/export/plan-fhir.json?client={noor}")
    expect(tablet.get_by_role("alert")).to_contain_text("You don't have access to do that.")

    phone = new_page(browser, PHONE)
    sign_in(phone, app_server, "noor.e2e", PASSWORD)
    phone.goto(f"{app_server.url}/sharing")
    phone.get_by_role("button", name="Yes, Sam Rivera may send my plan").click()
    expect(phone.get_by_text("Can send my plan to other services")).to_be_visible()
    screenshot(phone, "sharing-send-plan-phone")

    tablet.goto(f"{app_server.url}/print-plan?client={noor}")
    bundle = json.loads(download(tablet, "File for another service", tmp_path).read_text())
    Bundle.model_validate(bundle)
    goals = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Goal"]
    assert [g["description"]["text"] for g in goals] == [GOAL]

    # She stops it: the file is no longer his to take.
    phone.get_by_role("button", name=re.compile("^Stop")).last.click()
    expect(phone.get_by_text("Can send my plan to other services")).to_have_count(0)
    response = tablet.request.get(f"{app_server.url}/api/export/plan-fhir.json?client={noor}")
    assert response.status == 403
    phone.context.close()
    tablet.context.close()


def test_no_one_else_gets_her_plan_or_her_data(app_server, noor, browser):
    jordan = new_page(browser, PHONE)
    sign_in(jordan, app_server, "jordan")
    for path in (f"/print-plan?client={noor}", f"/api/export/plan.pdf?client={noor}",
                 f"/api/export/plan-fhir.json?client={noor}", "/print-plan?client=abc"):  # fmt: skip
        response = jordan.request.get(f"{app_server.url}{path}")
        assert response.status == 403, path
        body = response.text()
        assert "have access to do that" in body, body
        assert GOAL not in body, body
    zipped = jordan.request.get(f"{app_server.url}/api/export/everything-about-me.zip")
    assert zipped.status == 403  # a peer has no board of her own to take
    jordan.context.close()

    stranger = new_page(browser, PHONE)
    stranger.goto(f"{app_server.url}/print-plan?client={noor}")
    expect(stranger).to_have_url(re.compile(r"/signin$"))
    response = stranger.request.get(f"{app_server.url}/api/export/everything-about-me.zip")
    assert response.status == 401 and "sign in" in response.text().lower()
    stranger.context.close()
    with app_server.db() as db:
        jordan_id = db.exec(select(User.id).where(User.email == "jordan")).one()
        refused = db.exec(select(AuditEvent).where(AuditEvent.actor_id == jordan_id,
                                                   col(AuditEvent.allowed).is_(False))).all()  # fmt: skip
        assert len(refused) >= 4
