"""Spreadsheets for the agency (services.reports): a case manager's caseload and an admin's
agency figures: the right rows, refusals audited, no words from any board in the figures,
and what people wrote safe to open."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, col, select

from strengthsapp import i18n
from strengthsapp.db.models import AuditEvent, CaseAssignment, CheckIn, Contact, Goal, Suggestion
from strengthsapp.db.types import utcnow
from strengthsapp.domain.vocabulary import GoalStatus, Role
from strengthsapp.i18n import _
from strengthsapp.services.agency import create_agency
from strengthsapp.services.errors import NotAllowed
from strengthsapp.services.reports import agency_figures_sheet, caseload_sheet, open_sheet
from strengthsapp.services.sessions import NoSession, start_session
from strengthsapp.services.spreadsheet import csv_bytes
from tests.factories import make_agency, make_assignment, make_goal, make_step, make_user, make_win
from tests.services.conftest import as_actor

NOW = utcnow()
HYPERLINK = '=HYPERLINK("http://x","y")'


def rows_of(session, sheet) -> list[list[str]]:
    """The sheet as its file, read back with the standard library (header first)."""
    data = csv_bytes(sheet.header, sheet.read(session))
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def contact(session, client, by, *, on, place="community", summary="Coffee at the park"):
    session.add(Contact(client_id=client.id, case_manager_id=by.id, on=on, place=place, summary=summary))
    session.flush()


def check_in(session, goal, *, at, text="It went fine"):
    session.add(
        CheckIn(client_id=goal.client_id, goal_id=goal.id, text=text, at=at, recorded_by_id=goal.client_id)
    )
    session.flush()


def audited(session, action):
    return list(
        session.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(col(AuditEvent.id)))
    )


# --- the caseload -------------------------------------------------------------------------------


def test_a_case_manager_gets_one_row_per_client_with_what_the_caseload_screen_shows(
    session, agency, alice, bob
):
    work = make_goal(session, client=alice)
    make_goal(session, client=alice, text="Resting", status=GoalStatus.PAUSED)
    make_goal(session, client=alice, text="Reached", status=GoalStatus.ACHIEVED)
    make_goal(session, client=alice, text="Set aside", status=GoalStatus.SET_ASIDE)
    make_step(session, goal=work, done_at=NOW - timedelta(days=2))
    make_step(session, goal=work, done_at=NOW - timedelta(days=29))
    make_step(session, goal=work, done_at=NOW - timedelta(days=40))
    make_step(session, goal=work)
    make_win(session, client=alice, on=NOW.date() - timedelta(days=1))
    make_win(session, client=alice, on=NOW.date() - timedelta(days=45))
    contact(session, alice, bob, on=NOW.date() - timedelta(days=20), place="home")
    contact(session, alice, bob, on=NOW.date() - timedelta(days=3), place="community")
    session.add(Suggestion(client_id=alice.id, by_id=bob.id, kind="new_step", payload={}))
    session.add(Suggestion(client_id=alice.id, by_id=bob.id, kind="new_step", payload={}, status="declined"))
    quinn = make_user(session, agency=agency, name="Quinn")
    make_assignment(session, client=quinn, case_manager=bob, days_ago=3)
    session.flush()

    header, *rows = rows_of(session, caseload_sheet(session, actor=as_actor(bob), now=NOW))

    since = session.exec(select(CaseAssignment.since).where(CaseAssignment.client_id == alice.id)).one()
    assert header == ["Name", "With me since", "Last contact", "Where we met", "Goals in motion", "Goals resting",
                      "Goals reached", "Steps done (30 days)", "Wins (30 days)", "Ideas waiting",
                      "No contact in 14 days"]  # fmt: skip
    assert rows == [
        ["Alice", since.date().isoformat(), (NOW.date() - timedelta(days=3)).isoformat(),
         "out in the community", "1", "1", "1", "2", "1", "1", ""],
        ["Quinn", (NOW - timedelta(days=3)).date().isoformat(), "", "", "0", "0", "0", "0", "0", "0", "Yes"],
    ]  # fmt: skip
    [event] = audited(session, "export:caseload_csv")
    assert (event.actor_id, event.allowed) == (bob.id, True)


def test_a_client_whose_assignment_ended_or_who_left_is_not_in_the_caseload(session, agency, alice, bob):
    moved = make_user(session, agency=agency, name="Moved On")
    make_assignment(session, client=moved, case_manager=bob).until = NOW - timedelta(days=1)
    gone = make_user(session, agency=agency, name="Gone Away")
    make_assignment(session, client=gone, case_manager=bob)
    gone.is_active = False
    someone_elses = make_user(session, agency=agency, name="Dana's Client")
    make_assignment(
        session, client=someone_elses, case_manager=make_user(session, agency=agency, role=Role.CASE_MANAGER)
    )
    session.flush()

    _header, *rows = rows_of(session, caseload_sheet(session, actor=as_actor(bob), now=NOW))

    assert [row[0] for row in rows] == ["Alice"]


def test_only_a_case_manager_gets_a_caseload_and_each_refusal_is_audited(session, alice, charlie, ada):
    for person in (alice, charlie, ada):
        with pytest.raises(NotAllowed) as refused:
            caseload_sheet(session, actor=as_actor(person), now=NOW)
        assert refused.value.message == "Only case managers can get this file."
    denied = audited(session, "denied:export:caseload_csv")
    assert [(e.actor_id, e.allowed) for e in denied] == [
        (alice.id, False),
        (charlie.id, False),
        (ada.id, False),
    ]
    assert audited(session, "export:caseload_csv") == []


def test_names_are_exported_as_written_and_safe_to_open(session, agency, bob):
    names = [HYPERLINK, "مريم 🌱", "יעל", "+44 Sam", "-Lee", "@jo"]
    for name in names:
        make_assignment(session, client=make_user(session, agency=agency, name=name), case_manager=bob)

    _header, *rows = rows_of(session, caseload_sheet(session, actor=as_actor(bob), now=NOW))

    written = {row[0] for row in rows} - {"Alice"}  # bob's client from the start
    assert written == {"'" + HYPERLINK, "مريم 🌱", "יעל", "'+44 Sam", "'-Lee", "'@jo"}
    assert {cell.removeprefix("'") for cell in written} == set(names)


# --- the agency's figures -----------------------------------------------------------------------


def at(day: str, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=UTC)


def a_year_of_work(session, client, case_manager, *, words=("Get a job working with animals",)):
    """Two goals and their steps, check-ins and visits over January and February 2026."""
    work = make_goal(session, client=client, text=words[0], domain="vocational")
    work.created_at, work.status, work.achieved_at = (
        at("2026-01-10"),
        GoalStatus.ACHIEVED.value,
        at("2026-02-05"),
    )
    health = make_goal(session, client=client, text=words[-1], domain="health")
    health.created_at = at("2026-01-20")
    make_step(session, goal=work, text=words[-1], done_at=at("2026-01-15"))
    make_step(session, goal=health, text=words[0], done_at=at("2026-02-01"))
    make_step(session, goal=health, text=words[0])
    check_in(session, work, at=at("2026-01-16"), text=words[0])
    check_in(session, health, at=at("2026-02-02"), text=words[-1])
    check_in(session, health, at=at("2026-02-03"))
    contact(session, client, case_manager, on=date(2026, 1, 12), place="home", summary=words[0])
    contact(session, client, case_manager, on=date(2026, 2, 3), place="community")
    contact(session, client, case_manager, on=date(2026, 2, 10), place="home")
    session.flush()


def test_an_admin_gets_the_agency_s_counts_per_month_life_domain_and_place(session, alice, bob, ada, olga):
    a_year_of_work(session, alice, bob)
    other = make_user(session, agency=make_agency(session, name="Elsewhere"), name="Not Ours")
    a_year_of_work(session, other, olga)  # another agency's work is not counted

    header, *rows = rows_of(session, agency_figures_sheet(session, actor=as_actor(ada), now=NOW))

    assert header == ["Month", "What we counted", "Life domain", "Place", "How many"]
    assert rows == [
        ["2026-01", "Goals set", "Work and learning", "", "1"],
        ["2026-01", "Goals set", "Health", "", "1"],
        ["2026-01", "Steps done", "Work and learning", "", "1"],
        ["2026-01", "Check-ins", "Work and learning", "", "1"],
        ["2026-01", "Visits", "", "at home", "1"],
        ["2026-02", "Goals reached", "Work and learning", "", "1"],
        ["2026-02", "Steps done", "Health", "", "1"],
        ["2026-02", "Check-ins", "Health", "", "2"],
        ["2026-02", "Visits", "", "at home", "1"],
        ["2026-02", "Visits", "", "out in the community", "1"],
    ]
    [event] = audited(session, "export:agency_csv")
    assert (event.actor_id, event.agency_id, event.board_client_id) == (ada.id, ada.agency_id, None)


def test_no_words_from_any_board_are_in_the_agency_figures(session, alice, bob, ada):
    distinctive = ("Zebrafinch quokkaland", "Marmalade xylophone")
    a_year_of_work(session, alice, bob, words=distinctive)
    goal = session.exec(select(Goal).where(Goal.client_id == alice.id)).first()
    goal.why = "Platypus reasons"
    make_win(session, client=alice, text="Narwhal day")
    alice.display_name = "Ottoline Brackenbury"
    session.flush()

    sheet = agency_figures_sheet(session, actor=as_actor(ada), now=NOW)
    text = csv_bytes(sheet.header, sheet.read(session)).decode("utf-8-sig").lower()

    for word in ("zebrafinch", "quokkaland", "marmalade", "xylophone", "platypus", "narwhal", "ottoline",
                 "brackenbury", "alice", "bob", "coffee"):  # fmt: skip
        assert word not in text
    assert "2026-01" in text


def test_months_are_the_agency_s_own(session):
    london = create_agency(session, name="London", slug="london-reports", timezone="Europe/London")
    client = make_user(session, agency=london, name="Ama")
    admin = make_user(session, agency=london, role=Role.ADMIN, name="Priya")
    goal = make_goal(session, client=client)
    goal.created_at = at("2026-05-10")
    check_in(session, goal, at=at("2026-06-30", 23, 30))  # 00:30 on 1 July in London (summer time)
    check_in(session, goal, at=at("2026-01-31", 23, 30))  # still January in London (winter)
    check_in(session, goal, at=at("2025-10-31", 23, 30))  # summer time ended on 26 October

    _header, *rows = rows_of(session, agency_figures_sheet(session, actor=as_actor(admin), now=NOW))

    assert [(month, n) for month, what, *_, n in rows if what == "Check-ins"] == [
        ("2025-10", "1"), ("2026-01", "1"), ("2026-07", "1"),
    ]  # fmt: skip


def test_an_agency_that_named_its_own_life_domains_sees_its_names(session, alice, bob, ada):
    from strengthsapp.db.models import LifeDomain

    domain = session.exec(select(LifeDomain).where(LifeDomain.agency_id == ada.agency_id,
                                                   LifeDomain.key == "vocational")).one()  # fmt: skip
    domain.label = "=Jobs & study"  # an admin's own words are written safely too
    make_goal(session, client=alice, domain="").created_at = at("2026-03-01")
    a_year_of_work(session, alice, bob)

    _header, *rows = rows_of(session, agency_figures_sheet(session, actor=as_actor(ada), now=NOW))

    assert ["2026-01", "Goals set", "'=Jobs & study", "", "1"] in rows
    assert ["2026-03", "Goals set", "No life domain", "", "1"] in rows


def test_only_an_admin_gets_the_agency_figures_and_each_refusal_is_audited(
    session, alice, bob, charlie, olga
):
    for person in (bob, alice, charlie):
        with pytest.raises(NotAllowed) as refused:
            agency_figures_sheet(session, actor=as_actor(person), now=NOW)
        assert refused.value.message == "Only the agency's admins can get this file."
    denied = audited(session, "denied:export:agency_csv")
    assert [e.actor_id for e in denied] == [bob.id, alice.id, charlie.id]
    assert audited(session, "export:agency_csv") == []


def test_the_headers_are_in_the_asker_s_language(session, alice, bob, ada):
    with i18n.using("es"):
        caseload = caseload_sheet(session, actor=as_actor(bob), now=NOW)
        figures = agency_figures_sheet(session, actor=as_actor(ada), now=NOW)
        expected = (_("Name"), _("Month"), _("out in the community"))
    assert caseload.header[0] == expected[0] != "Name"
    assert figures.header[0] == expected[1] != "Month"
    contact(session, alice, bob, on=NOW.date(), place="community")
    assert rows_of(session, caseload)[1][3] == expected[2] != "out in the community"


# --- the file, as the route asks for it (committed data: SQLite only, in this test's own file) ----


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_the_file_is_begun_only_for_someone_allowed_and_its_audit_outlives_a_cut_off_download(engine):
    with Session(engine, expire_on_commit=False) as db:
        agency = make_agency(db)
        sam = make_user(db, agency=agency, role=Role.CASE_MANAGER, name="Sam")
        sam.locale = "es"
        alex = make_user(db, agency=agency, name="Alex")
        for n in range(3000):  # a caseload of some size, so that the file comes in several pieces
            make_assignment(db, client=make_user(db, agency=agency, name=f"Client {n:04}"), case_manager=sam)
        make_assignment(db, client=alex, case_manager=sam)
        sams, alexs = start_session(db, user=sam), start_session(db, user=alex)
        db.commit()

    with pytest.raises(NoSession):
        open_sheet("not-a-session", caseload_sheet, engine=engine)
    with pytest.raises(NotAllowed):
        open_sheet(alexs, caseload_sheet, engine=engine)

    begun = open_sheet(sams, caseload_sheet, engine=engine)
    with i18n.using("es"):
        assert begun.sheet.header[0] == _("Name") != "Name"
    assert begun.sheet.file_name == f"caseload-{utcnow().date().isoformat()}.csv"
    assert begun.first.startswith(b"\xef\xbb\xbf") and b"Alex" in begun.first
    assert engine.pool.checkedout() == 1  # the reading unit of work, while the file is written
    next(begun.rest)
    begun.rest.close()  # the person went away
    assert engine.pool.checkedout() == 0

    whole = open_sheet(sams, caseload_sheet, engine=engine)
    data = whole.first + b"".join(whole.rest)
    assert len(list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))) == 1 + 3001
    with Session(engine) as db:
        kept = [(e.action, e.allowed) for e in db.exec(select(AuditEvent).order_by(col(AuditEvent.id)))]
    assert kept == [("denied:export:caseload_csv", False), ("export:caseload_csv", True),
                    ("export:caseload_csv", True)]  # fmt: skip


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_the_routes_send_the_file_or_a_plain_refusal_in_the_person_s_language(engine):
    from unittest import mock

    from starlette.testclient import TestClient

    from strengthsapp.api import api
    from strengthsapp.services.sessions import COOKIE_NAME

    with Session(engine, expire_on_commit=False) as db:
        agency = make_agency(db)
        sam = make_user(db, agency=agency, role=Role.CASE_MANAGER, name="Sam")
        priya = make_user(db, agency=agency, role=Role.ADMIN, name="Priya")
        alex = make_user(db, agency=agency, name=HYPERLINK)
        make_assignment(db, client=alex, case_manager=sam)
        cookies = {who.display_name: start_session(db, user=who) for who in (sam, priya, alex)}
        db.commit()

    def get(path: str, **cookie: str):
        client.cookies.clear()
        for name, value in cookie.items():
            client.cookies.set(name, value)
        return client.get(path)

    with mock.patch("strengthsapp.db.engine.get_engine", return_value=engine):
        client = TestClient(api)
        answer = get("/api/export/caseload.csv", **{COOKIE_NAME: cookies["Sam"]})
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "text/csv; charset=utf-8"
        assert answer.headers["content-disposition"] == (
            f'attachment; filename="caseload-{utcnow().date().isoformat()}.csv"'
        )
        assert answer.headers["cache-control"] == "no-store"
        [_header, row] = csv.reader(io.StringIO(answer.content.decode("utf-8-sig"), newline=""))
        assert answer.content.startswith(b"\xef\xbb\xbf") and row[0] == "'" + HYPERLINK

        figures = get("/api/export/agency.csv", **{COOKIE_NAME: cookies["Priya"]})
        assert figures.status_code == 200 and figures.headers["content-disposition"].startswith(
            'attachment; filename="agency-figures-'
        )

        for path, who, words in (
            ("/api/export/caseload.csv", HYPERLINK, "Only case managers can get this file."),
            ("/api/export/agency.csv", "Sam", "Only the agency&#x27;s admins can get this file."),
        ):
            refused = get(path, **{COOKIE_NAME: cookies[who]})
            assert refused.status_code == 403 and refused.headers["content-type"].startswith("text/html")
            assert words in refused.text and "content-disposition" not in refused.headers

        signed_out = get("/api/export/agency.csv", **{i18n.COOKIE: "es"})
        with i18n.using("es"):
            again = _("Please sign in again to download this.")
        assert signed_out.status_code == 401 and 'href="/signin"' in signed_out.text
        assert again != "Please sign in again to download this." and again in signed_out.text
