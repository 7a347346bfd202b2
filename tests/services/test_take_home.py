"""The plan to take home: the printable plan and its PDF, the plan as FHIR, and everything
about me — her words exactly, only for whom `can()` allows, audited."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.goal import Goal as FhirGoal
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from PIL import Image
from sqlmodel import select

from strengthsapp import i18n
from strengthsapp.db.models import AuditEvent, CheckIn, Contact, Resource, StrengthEntry, User
from strengthsapp.db.types import utcnow
from strengthsapp.domain.vocabulary import GoalStatus, Role, StepWho
from strengthsapp.services.errors import NotAllowed
from strengthsapp.services.fhir import plan_bundle
from strengthsapp.services.my_data import as_zip, everything_about_me
from strengthsapp.services.plan_pdf import plan_pdf
from strengthsapp.services.take_home import plan_document
from tests.factories import make_cheer, make_goal, make_grant, make_step, make_win
from tests.services.conftest import as_actor

HER_GOAL = "Quiero trabajar con animales — ¡otra vez! 🐶"
HER_WHY = "Animals calm me, and I'm good with them"
FORMULA = '=HYPERLINK("http://evil.example","click")'
RIGHT_TO_LEFT = "שלום, אני רוצה בית"
LONG = "paso " * 2000  # 10,000 characters


@pytest.fixture
def board(session, alice, bob):
    """Alice's plan, in her own words: two goals in motion, one resting, one reached, one set aside."""
    goal = make_goal(session, client=alice, text=HER_GOAL)
    goal.why = HER_WHY
    goal.target_date = date(2027, 3, 1)
    make_step(session, goal=goal, text="Call the shelter", done_at=utcnow())
    make_step(session, goal=goal, text="Update my CV with Bob", who=StepWho.CASE_MANAGER, position=1,
              target_date=date(2027, 1, 15))  # fmt: skip
    make_step(session, goal=goal, text=FORMULA, who=StepWho.SOMEONE_ELSE, who_name="Aunt Rose", position=2)
    make_goal(session, client=alice, text=RIGHT_TO_LEFT, domain="daily_living", position=1)
    make_goal(
        session,
        client=alice,
        text="Put money aside",
        domain="financial",
        status=GoalStatus.PAUSED,
        position=2,
    )
    reached = make_goal(
        session, client=alice, text="Walk to the park", domain="health", status=GoalStatus.ACHIEVED
    )
    reached.achieved_at = utcnow() - timedelta(days=3)
    make_goal(session, client=alice, text="Something I let go", status=GoalStatus.SET_ASIDE, position=3)
    session.add(StrengthEntry(client_id=alice.id, domain_key="vocational", column="worked_before",
                              text="Two summers at the shelter", author_id=alice.id))  # fmt: skip
    session.add(Resource(agency_id=alice.agency_id, client_id=alice.id, name="Greenfield Shelter", kind="place",
                         support="natural", how_to_reach="Main St 4"))  # fmt: skip
    session.flush()
    return goal


def texts_of(document) -> list[str]:
    return [g.text for section in document.sections for g in section.goals]


# --- the printable plan --------------------------------------------------------------------


def test_the_plan_holds_her_words_exactly_in_her_order(session, alice, board):
    document = plan_document(session, actor=as_actor(alice), client_id=alice.id)
    assert texts_of(document) == [HER_GOAL, RIGHT_TO_LEFT, "Put money aside", "Walk to the park"]
    first = document.sections[0].goals[0]
    assert first.why == HER_WHY
    assert [(s.text, s.done) for s in first.steps] == [
        ("Call the shelter", True), ("Update my CV with Bob", False), (FORMULA, False)
    ]  # fmt: skip
    assert [s.who for s in first.steps] == ["Me", "My case manager", "Aunt Rose"]
    assert first.by_when == "March 1, 2027"
    assert document.sections[2].goals[0].reached_on
    assert document.strengths and document.strengths[0].columns[0][1] == ["Two summers at the shelter"]
    assert document.people and document.people[0].name == "Greenfield Shelter"
    assert "Something I let go" not in texts_of(document)  # set aside: hers to leave out


def test_she_chooses_to_leave_out_her_strengths_and_people(session, alice, board):
    document = plan_document(session, actor=as_actor(alice), client_id=alice.id, with_strengths=False,
                             with_people=False)  # fmt: skip
    assert document.strengths is None and document.people is None
    assert HER_GOAL in texts_of(document)


def test_the_words_around_hers_are_in_the_readers_language(session, alice, board):
    with i18n.using("es"):
        document = plan_document(session, actor=as_actor(alice), client_id=alice.id)
    assert document.sections[0].heading == "Metas en las que trabajo"
    assert document.sections[0].goals[0].by_when == "1 de marzo de 2027"
    assert document.sections[0].goals[0].text == HER_GOAL  # never translated


def test_her_case_manager_prints_it_with_her_and_it_is_in_her_activity(session, alice, bob, board):
    document = plan_document(session, actor=as_actor(bob), client_id=alice.id, audit_as="pdf")
    assert HER_GOAL in texts_of(document)
    assert document.may_share is False  # FHIR only with her say
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "export:plan_pdf")).all()
    assert [(e.actor_id, e.board_client_id, e.allowed) for e in events] == [(bob.id, alice.id, True)]


@pytest.mark.parametrize("who", ["charlie", "dana", "ada", "olga"])
def test_no_one_else_prints_her_plan(session, alice, board, who, request):
    other = request.getfixturevalue(who)
    with pytest.raises(NotAllowed):
        plan_document(session, actor=as_actor(other), client_id=alice.id)
    refusal = session.exec(select(AuditEvent).where(AuditEvent.actor_id == other.id)).one()
    assert refusal.allowed is False and refusal.action == "denied:print_plan"


def test_a_made_up_board_is_refused(session, alice):
    with pytest.raises(NotAllowed):
        plan_document(session, actor=as_actor(alice), client_id=987654)


def test_a_peer_even_with_goals_shared_cannot_print(session, alice, charlie, board):
    make_grant(session, client=alice, grantee=charlie, scopes=("view", "suggest"), sections=("goals",))
    with pytest.raises(NotAllowed):
        plan_document(session, actor=as_actor(charlie), client_id=alice.id)


# --- the PDF ---------------------------------------------------------------------------------

needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="make browser installs poppler-utils")


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip


@needs_poppler
def test_the_pdf_has_her_exact_words_and_page_one_renders(session, alice, board, tmp_path):
    make_step(session, goal=board, text=LONG.strip(), position=3)
    pdf = plan_pdf(plan_document(session, actor=as_actor(alice), client_id=alice.id))
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path)
    flat = " ".join(text.split())
    for words in ("Quiero trabajar con animales — ¡otra vez!", HER_WHY, "Call the shelter", FORMULA,
                  "Two summers at the shelter", "Greenfield Shelter", "Aunt Rose"):  # fmt: skip
        assert words in flat, words
    assert flat.count("paso") == 2000  # a 10,000-character step wraps over lines and pages, whole
    assert "Something I let go" not in flat
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(tmp_path / "plan.pdf"),
                    str(tmp_path / "page")], check=True)  # fmt: skip
    page = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    dark = sum(page.histogram()[:128])
    assert page.width < page.height and dark > 2000  # a portrait page with text on it


@needs_poppler
def test_the_pdf_speaks_spanish_around_her_words(session, alice, board, tmp_path):
    with i18n.using("es"):
        pdf = plan_pdf(plan_document(session, actor=as_actor(alice), client_id=alice.id))
    flat = " ".join(pdf_text(pdf, tmp_path).split())
    assert "Mi plan" in flat and "Metas en las que trabajo" in flat and "Call the shelter" in flat


@needs_poppler
def test_an_empty_plan_says_so(session, alice, tmp_path):
    flat = " ".join(pdf_text(plan_pdf(plan_document(session, actor=as_actor(alice), client_id=alice.id)),
                             tmp_path).split())  # fmt: skip
    assert "There are no goals in this plan yet." in flat


# --- FHIR ------------------------------------------------------------------------------------


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_the_fhir_bundle_is_valid_r4_and_holds_her_words(session, alice, bob, board):
    bundle = plan_bundle(session, actor=as_actor(alice), client_id=alice.id)
    Bundle.model_validate(bundle)  # raises on any error
    for entry in bundle["entry"]:
        model = {"Patient": Patient, "Goal": FhirGoal, "CarePlan": CarePlan, "Observation": Observation}.get(
            entry["resource"]["resourceType"]
        )
        if model is not None:
            model.model_validate(entry["resource"])
    (patient,) = resources(bundle, "Patient")
    patient_url = bundle["entry"][0]["fullUrl"]
    assert patient["name"][0]["text"] == "Alice"
    goals = resources(bundle, "Goal")
    by_words = {g["description"]["text"]: g for g in goals}
    assert set(by_words) == {
        HER_GOAL,
        RIGHT_TO_LEFT,
        "Put money aside",
        "Walk to the park",
        "Something I let go",
    }
    mine = by_words[HER_GOAL]
    assert mine["expressedBy"]["reference"] == patient_url and mine["subject"]["reference"] == patient_url
    assert mine["target"] == [{"dueDate": "2027-03-01"}] and mine["note"] == [{"text": HER_WHY}]
    assert {w: g["lifecycleStatus"] for w, g in by_words.items()} == {
        HER_GOAL: "active", RIGHT_TO_LEFT: "active", "Put money aside": "on-hold",
        "Walk to the park": "completed", "Something I let go": "cancelled",
    }  # fmt: skip
    assert by_words["Walk to the park"]["achievementStatus"]["coding"][0]["code"] == "achieved"
    assert by_words[HER_GOAL]["achievementStatus"]["coding"][0]["code"] == "in-progress"
    (plan,) = resources(bundle, "CarePlan")
    assert plan["subject"]["reference"] == patient_url and plan["author"]["reference"] == patient_url
    assert [c.get("display") for c in plan["contributor"]] == ["Alice", "Bob"]
    details = [a["detail"] for a in plan["activity"]]
    assert [(d["description"], d["status"]) for d in details] == [
        ("Call the shelter", "completed"), ("Update my CV with Bob", "not-started"), (FORMULA, "not-started"),
    ]  # fmt: skip
    assert details[1]["performer"][0]["display"] == "Bob" and details[2]["performer"] == [
        {"display": "Aunt Rose"}
    ]
    assert details[1]["scheduledPeriod"] == {"end": "2027-01-15"}
    (strength,) = resources(bundle, "Observation")
    assert strength["valueString"] == "Two summers at the shelter" and strength["status"] == "final"
    assert (
        plan_bundle(session, actor=as_actor(alice), client_id=alice.id)["entry"][0]["fullUrl"] == patient_url
    )


def test_her_case_manager_takes_the_fhir_file_only_with_her_say(session, alice, bob, board):
    with pytest.raises(NotAllowed):
        plan_bundle(session, actor=as_actor(bob), client_id=alice.id)
    grant = make_grant(session, client=alice, grantee=bob, scopes=("share",), sections=(), days=30)
    assert plan_document(session, actor=as_actor(bob), client_id=alice.id).may_share is True
    assert resources(plan_bundle(session, actor=as_actor(bob), client_id=alice.id), "Goal")
    grant.revoked_at = utcnow()
    session.add(grant)
    session.flush()
    with pytest.raises(NotAllowed):
        plan_bundle(session, actor=as_actor(bob), client_id=alice.id)
    actions = [e.action for e in session.exec(select(AuditEvent).where(AuditEvent.actor_id == bob.id))]
    assert actions.count("denied:share_plan") == 2 and actions.count("export:plan_fhir") == 1


def test_a_share_scope_gives_a_peer_nothing(session, alice, charlie, board):
    make_grant(session, client=alice, grantee=charlie, scopes=("view", "share"), sections=("goals",))
    with pytest.raises(NotAllowed):
        plan_bundle(session, actor=as_actor(charlie), client_id=alice.id)


# --- everything about me ---------------------------------------------------------------------


def test_everything_about_me_is_hers_alone(session, alice, bob, charlie, ada, board):
    for other in (bob, charlie, ada):
        with pytest.raises(NotAllowed):
            everything_about_me(session, actor=as_actor(other))


def test_everything_about_me_holds_all_of_it_and_nothing_of_others(session, alice, bob, charlie, board):
    win = make_win(session, client=alice, text=FORMULA)
    make_cheer(session, win=win, by=charlie, text="So proud 🎉")
    session.add(CheckIn(client_id=alice.id, goal_id=board.id, text=RIGHT_TO_LEFT, feeling="hopeful",
                        recorded_by_id=bob.id, during_visit=True))  # fmt: skip
    session.add(Contact(client_id=alice.id, case_manager_id=bob.id, on=date(2026, 12, 1), place="community",
                        summary="Coffee at the park café"))  # fmt: skip
    session.flush()
    now = utcnow()
    parts = everything_about_me(session, actor=as_actor(alice), now=now)
    data = as_zip(parts, now=now, day="December 6, 2026")
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    assert {"README.txt", "everything.json", "goals.csv", "steps.csv", "check_ins.csv", "wins.csv", "cheers.csv",
            "ideas.csv", "visits.csv", "nudges.csv", "devices.csv", "who_can_see_my_board.csv",
            "activity.csv"} <= names  # fmt: skip
    everything = json.loads(archive.read("everything.json"))
    assert HER_GOAL in [g["text"] for g in everything["goals"]]
    assert everything["wins"][0]["text"] == FORMULA  # exactly as written in the JSON
    assert everything["check_ins"][0] == everything["check_ins"][0] | {
        "text": RIGHT_TO_LEFT,
        "recorded_by": "Bob",
    }
    assert everything["cheers"][0]["by"] == "Charlie" and everything["cheers"][0]["text"] == "So proud 🎉"
    assert everything["visits"][0]["summary"] == "Coffee at the park café"
    wins_csv = archive.read("wins.csv").decode("utf-8")
    assert wins_csv.startswith("\ufeff")  # spreadsheet programs read it as UTF-8
    assert f"'{FORMULA}".replace('"', '""') in wins_csv  # a formula is only text when opened
    readme = archive.read("README.txt").decode("utf-8")
    assert "everything the app keeps about you" in readme and "December 6, 2026" in readme
    raw = data + b"".join(archive.read(n) for n in names)
    others = session.exec(select(User).where(User.id != alice.id)).all()
    for person in others:  # of others only their names: never an email or a password hash
        assert person.email.encode() not in b"".join(archive.read(n) for n in names)
    alice_row = session.get(User, alice.id)
    assert alice_row.password_hash.encode() not in raw
    assert (
        session.exec(select(AuditEvent).where(AuditEvent.action == "export:everything")).one().actor_id
        == alice.id
    )


def test_everything_about_me_in_spanish_keeps_her_words(session, alice, board):
    with i18n.using("es"):
        now = utcnow()
        data = as_zip(
            everything_about_me(session, actor=as_actor(alice), now=now), now=now, day="6 de diciembre"
        )
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert "6 de diciembre" in archive.read("README.txt").decode("utf-8")
    assert HER_GOAL in archive.read("goals.csv").decode("utf-8")


def test_staff_roles_are_never_clients_of_their_own(session, agency, bob):
    assert bob.role == Role.CASE_MANAGER.value
    with pytest.raises(NotAllowed):
        everything_about_me(session, actor=as_actor(bob))


def test_she_lets_her_case_manager_send_her_plan_and_can_stop_it(session, alice, bob, board):
    from strengthsapp.services.grants import (
        let_case_manager_send_plan,
        list_grants,
        plan_sharing,
        revoke_grant,
    )

    assert plan_sharing(session, actor=as_actor(alice)) == plan_sharing(
        session, actor=as_actor(alice)
    ).__class__(case_manager="Bob", allowed=False)
    assert let_case_manager_send_plan(session, actor=as_actor(alice)) == bob.id
    assert let_case_manager_send_plan(session, actor=as_actor(alice)) == bob.id  # twice: one grant
    assert plan_sharing(session, actor=as_actor(alice)).allowed is True
    (shown,) = [
        g for g in list_grants(session, actor=as_actor(alice), client_id=alice.id) if g.person == "Bob"
    ]
    assert shown.can == "Can send my plan to other services"
    assert resources(plan_bundle(session, actor=as_actor(bob), client_id=alice.id), "Goal")
    revoke_grant(session, actor=as_actor(alice), grant_id=shown.id)
    with pytest.raises(NotAllowed):
        plan_bundle(session, actor=as_actor(bob), client_id=alice.id)
    for other in (bob,):
        with pytest.raises(NotAllowed):
            let_case_manager_send_plan(session, actor=as_actor(other))


def test_a_share_grant_is_no_way_in_once_the_assignment_ended(session, alice, bob, board):
    from strengthsapp.db.models import CaseAssignment
    from strengthsapp.services.grants import let_case_manager_send_plan

    let_case_manager_send_plan(session, actor=as_actor(alice))
    for assignment in session.exec(select(CaseAssignment).where(CaseAssignment.client_id == alice.id)):
        assignment.until = utcnow() - timedelta(minutes=1)
        session.add(assignment)
    session.flush()
    for attempt in (plan_bundle, plan_document):
        with pytest.raises(NotAllowed):
            attempt(session, actor=as_actor(bob), client_id=alice.id)
    from strengthsapp.services.plan import get_plan

    with pytest.raises(NotAllowed):
        get_plan(session, actor=as_actor(bob), client_id=alice.id)


def test_with_no_case_manager_there_is_no_one_to_let(session, alice):
    from strengthsapp.services.errors import NotFound
    from strengthsapp.services.grants import let_case_manager_send_plan, plan_sharing

    assert plan_sharing(session, actor=as_actor(alice)).case_manager == ""
    with pytest.raises(NotFound):
        let_case_manager_send_plan(session, actor=as_actor(alice))
