"""Spreadsheets for the agency, as people get them in Chromium: Sam downloads his caseload
from the caseload page, Priya the agency's figures from hers, and a client who types the
address gets a plain page that says no (issue 19, part 4)."""

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot, serious_accessibility_violations, sign_in

pytestmark = pytest.mark.e2e

BOM = b"\xef\xbb\xbf"


def download_from(page: Page, link_name: str) -> tuple[str, bytes]:
    """Taps the link as a person would; the file's name and its bytes."""
    link = page.get_by_role("link", name=link_name)
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box is not None and box["height"] >= 44, box
    with page.expect_download() as started:
        link.click()
    download = started.value
    assert download.failure() is None
    return download.suggested_filename, Path(download.path()).read_bytes()


def rows_of(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM), data[:20]
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_sam_downloads_his_caseload_from_the_caseload_page(app_server, tablet):
    sign_in(tablet, app_server, "sam")
    tablet.goto(f"{app_server.url}/caseload")
    expect(tablet.get_by_role("heading", name="My caseload")).to_be_visible()
    expect(tablet.locator(".client").first).to_be_visible()
    screenshot(tablet, "csv-caseload-link-tablet")

    name, data = download_from(tablet, "Download my caseload (spreadsheet)")

    assert name == f"caseload-{date.today().isoformat()}.csv"
    header, *rows = rows_of(data)
    assert header[:4] == ["Name", "With me since", "Last contact", "Where we met"]
    alex = next(row for row in rows if row[0] == "Alex")
    assert len(alex) == len(header) and alex[4].isdigit()
    expect(tablet.get_by_role("heading", name="My caseload")).to_be_visible()  # still on the page
    assert serious_accessibility_violations(tablet) == []


def test_priya_downloads_the_agency_figures_without_a_word_from_any_board(app_server, tablet):
    sign_in(tablet, app_server, "priya")
    tablet.goto(f"{app_server.url}/admin")
    expect(tablet.get_by_role("heading", name="Agency", exact=True)).to_be_visible()
    screenshot(tablet, "csv-agency-link-tablet")

    name, data = download_from(tablet, "Download agency figures (spreadsheet)")

    assert name.startswith("agency-figures-") and name.endswith(".csv")
    header, *rows = rows_of(data)
    assert header == ["Month", "What we counted", "Life domain", "Place", "How many"]
    assert rows and all(row[0][:4].isdigit() and row[4].isdigit() for row in rows)
    assert {"Goals set", "Check-ins", "Visits"} <= {row[1] for row in rows}
    with app_server.db() as db:
        from sqlmodel import select

        from strengthsapp.db.models import Goal, User

        goals = db.exec(select(Goal.text)).all()
        people = db.exec(select(User.display_name)).all()
    cells = {cell for row in rows for cell in row}  # names are whole words: "Mo" is no part of "Month"
    text = data.decode("utf-8-sig")
    assert goals and not [words for words in goals if words in text]
    assert not [name for name in people if name in cells or re.search(rf"\b{re.escape(name)}\b", text)]


def test_a_client_who_types_the_address_gets_a_plain_refusal(app_server, phone):
    answer = phone.goto(f"{app_server.url}/api/export/caseload.csv")
    assert answer is not None and answer.status == 401
    expect(phone.get_by_role("alert")).to_have_text("Please sign in again to download this.")
    expect(phone.get_by_role("link", name="Go to sign in")).to_be_visible()

    sign_in(phone, app_server, "alex")
    for address, words in (
        ("/api/export/caseload.csv", "Only case managers can get this file."),
        ("/api/export/agency.csv", "Only the agency's admins can get this file."),
    ):
        answer = phone.goto(f"{app_server.url}{address}")
        assert answer is not None and answer.status == 403
        assert "content-disposition" not in answer.headers
        expect(phone.get_by_role("alert")).to_have_text(words)
    screenshot(phone, "csv-refused-phone")
    assert serious_accessibility_violations(phone) == []
    phone.get_by_role("link", name="Back").click()
    phone.wait_for_url(f"{app_server.url}/")


def test_a_download_after_the_session_ended_shows_why_instead_of_a_failed_file(app_server, tablet):
    sign_in(tablet, app_server, "sam")
    tablet.goto(f"{app_server.url}/caseload")
    link = tablet.get_by_role("link", name="Download my caseload (spreadsheet)")
    expect(link).to_be_visible()
    tablet.context.clear_cookies()  # signed out meanwhile (elsewhere, or the session ran out)
    downloads = []
    tablet.on("download", lambda download: downloads.append(download))

    link.click()

    expect(tablet.get_by_role("alert")).to_have_text("Please sign in again to download this.")
    tablet.get_by_role("link", name="Go to sign in").click()
    tablet.wait_for_url(f"{app_server.url}/signin")
    assert downloads == []
