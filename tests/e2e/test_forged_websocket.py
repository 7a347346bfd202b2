"""Attacks over the real websocket: any client can call any handler with any arguments and
any client token. None of these may read or change another person's board."""

import asyncio
import json
import re
from datetime import timedelta
from typing import Any

import pytest
import reflex as rx
from sqlmodel import func, select

from strengthsapp.db.models import AuditEvent, CaseAssignment, Grant, Invite, Step, User, Win
from strengthsapp.db.types import utcnow
from strengthsapp.domain.vocabulary import Role
from strengthsapp.services.agency import create_agency
from strengthsapp.services.sessions import start_session
from strengthsapp.states.admin import AdminState
from strengthsapp.states.board import BoardState
from strengthsapp.states.invite import InviteState
from strengthsapp.states.people import CaseloadState
from strengthsapp.states.sharing import SharingState
from tests.e2e.conftest import new_client, session_cookie
from tests.e2e.forged import Forged, everything_sent, operation, post_ops, run

pytestmark = pytest.mark.e2e

ALEX_SECRETS = ("I called the shelter myself", "Update my CV with Sam", "Reconnect with my sister Mia")
LOAD_BOARD = f"{BoardState.get_full_name()}.load_client"
SEND_OPS = f"{BoardState.get_full_name()}.send_ops"


@pytest.fixture(scope="module")
def people(app_server):
    """Alex's id, Jordan's grant, and cookies for people who must not get in."""
    now = utcnow()
    with app_server.db() as db:
        alex = db.exec(select(User).where(User.email == "alex")).one()
        agency_id = alex.agency_id
        dana = User(agency_id=agency_id, role=Role.CASE_MANAGER.value, display_name="Dana", email="dana.e2e")
        rita = User(agency_id=agency_id, role=Role.PEER.value, display_name="Rita", email="rita.e2e")
        elsewhere = create_agency(db, name="Elsewhere", slug="elsewhere-e2e")
        olga = User(agency_id=elsewhere.id, role=Role.ADMIN.value, display_name="Olga", email="olga.e2e")
        db.add_all([dana, rita, olga])
        db.flush()
        db.add(
            Grant(client_id=alex.id, grantee_id=rita.id, scopes=["view", "cheer", "suggest"],
                  sections=["goals", "wins", "strengths", "resources"], created_by_id=alex.id,
                  accepted_at=now - timedelta(days=2), expires_at=now + timedelta(days=60),
                  revoked_at=now - timedelta(hours=1))
        )  # fmt: skip
        jordan_grant = db.exec(
            select(Grant).where(Grant.client_id == alex.id, Grant.revoked_at.is_(None))
        ).first()
        cookies = {user.email: start_session(db, user=user) for user in (dana, rita, olga)}
        return {"alex": alex.id, "jordan_grant": jordan_grant.id, "cookies": cookies}


def load_board_as(app_server, cookie, client_id) -> str:
    async def attempt() -> list:
        async with Forged(app_server.url, cookie=cookie, token=f"t-{cookie or 'none'}"[:40]) as forged:
            return await forged.send(LOAD_BOARD, path="/board", query={"client": str(client_id)})

    return everything_sent(run(attempt()))


def test_the_peer_alex_chose_does_see_the_board(app_server, people):
    # The control: the same call with a real grant returns the board, so the refusals below mean something.
    sent = load_board_as(app_server, session_cookie(app_server, "jordan"), people["alex"])
    assert "I called the shelter myself" in sent


@pytest.mark.parametrize(
    "who",
    ["no cookie", "dana.e2e", "rita.e2e", "olga.e2e", "made-up cookie"],
    ids=["no session", "case manager of others", "revoked peer", "other agency", "made-up cookie"],
)
def test_no_one_else_can_read_alexs_board(app_server, people, who):
    cookie = {"no cookie": None, "made-up cookie": "x" * 43}.get(who, people["cookies"].get(who))
    sent = load_board_as(app_server, cookie, people["alex"])
    for secret in ALEX_SECRETS:
        assert secret not in sent


def test_refusals_are_audited_and_other_agencies_leave_no_board_name(app_server, people):
    load_board_as(app_server, people["cookies"]["dana.e2e"], people["alex"])
    load_board_as(app_server, people["cookies"]["olga.e2e"], people["alex"])
    with app_server.db() as db:
        dana = db.exec(select(User).where(User.email == "dana.e2e")).one()
        olga = db.exec(select(User).where(User.email == "olga.e2e")).one()
        denied = db.exec(select(AuditEvent).where(AuditEvent.allowed.is_(False))).all()
    assert any(e.actor_id == dana.id and e.board_client_id == people["alex"] for e in denied)
    assert any(e.actor_id == olga.id and e.board_client_id is None for e in denied)


HOSTILE_IDS = [None, "1 OR 1=1", {"id": 1}, [1], -1, 10**30, True, 1.5]


def grant_revoked(app_server, grant_id) -> bool:
    with app_server.db() as db:
        return db.get(Grant, grant_id).revoked_at is not None


def test_a_stranger_cannot_revoke_alexs_grants_whatever_they_send(app_server, people):
    async def attempt() -> None:
        async with Forged(app_server.url, cookie=people["cookies"]["dana.e2e"], token="t-revoke") as forged:
            for grant_id in [people["jordan_grant"], -people["jordan_grant"], *HOSTILE_IDS]:
                await forged.send(
                    f"{SharingState.get_full_name()}.revoke", {"grant_id": grant_id}, path="/sharing", wait=1
                )

    run(attempt())
    assert not grant_revoked(app_server, people["jordan_grant"])


def test_no_one_but_alex_says_yes_to_her_plan_being_sent_on(app_server, people):
    """Her yes (a grant with the share scope) is hers: Sam, a peer or a stranger calling the
    handler, with any arguments, gives no one a way to take her plan to other services."""
    cookies = [session_cookie(app_server, "sam"), session_cookie(app_server, "jordan"),
               people["cookies"]["dana.e2e"], people["cookies"]["olga.e2e"], None]  # fmt: skip

    async def attempt() -> list:
        sent = []
        for number, cookie in enumerate(cookies):
            async with Forged(app_server.url, cookie=cookie, token=f"t-share-{number}") as forged:
                handler = f"{SharingState.get_full_name()}.let_send_plan"
                sent += await forged.send(handler, path="/sharing", wait=1)
                sent += await forged.send(handler, {"client_id": people["alex"]}, path="/sharing", wait=1)
        return sent

    run(attempt())
    with app_server.db() as db:
        shares = [g for g in db.exec(select(Grant)) if "share" in g.scopes]
    assert shares == []


def test_staff_handlers_refuse_people_without_the_role(app_server, people):
    jordan = session_cookie(app_server, "jordan")
    sam = session_cookie(app_server, "sam")
    with app_server.db() as db:
        assignment = db.exec(select(CaseAssignment).where(CaseAssignment.client_id == people["alex"])).first()
        invites_before = db.exec(select(func.count()).select_from(Invite)).one()

    async def attempt() -> list:
        sent = []
        async with Forged(app_server.url, cookie=sam, token="t-sam") as forged:
            admin = AdminState.get_full_name()
            sent += await forged.send(
                f"{admin}.end_assignment", {"assignment_id": assignment.id}, path="/admin"
            )
            sent += await forged.send(
                f"{admin}.invite", {"form": {"role": "admin", "name": "Me"}}, path="/admin"
            )
        async with Forged(app_server.url, cookie=jordan, token="t-jordan") as forged:
            sent += await forged.send(f"{AdminState.get_full_name()}.reset_link", {"user_id": people["alex"]})
            sent += await forged.send(
                f"{CaseloadState.get_full_name()}.reset_link", {"client_id": people["alex"]}
            )
            sent += await forged.send(
                f"{CaseloadState.get_full_name()}.invite_client", {"form": {"locale": "es"}}
            )
        return sent

    sent = everything_sent(run(attempt()))
    assert "/invite?code=" not in sent
    with app_server.db() as db:
        assert db.get(CaseAssignment, assignment.id).until is None
        assert db.exec(select(func.count()).select_from(Invite)).one() == invites_before


def test_a_made_up_invite_code_creates_nothing(app_server):
    async def attempt() -> str:
        async with Forged(app_server.url, token="t-invite") as forged:
            form = {"name": "Eve", "login": "eve.e2e", "password": "long enough passphrase here"}
            return everything_sent(
                await forged.send(f"{InviteState.get_full_name()}.accept", {"form": form}, path="/invite",
                                  query={"code": "guessed-code"})
            )  # fmt: skip

    assert "_call_script" not in run(attempt())
    with app_server.db() as db:
        assert db.exec(select(User).where(User.email == "eve.e2e")).first() is None


def test_a_replayed_client_token_inherits_nothing(app_server, people):
    """Alex's browser loads the board, then goes away. Someone who learned its client token
    connects with it, without Alex's cookie: the stored state is wiped before it is sent."""
    token = "alex-tab-token-e2e"
    hydrate = f"{rx.State.get_full_name()}.hydrate"

    async def alex_then_replay() -> tuple[str, str, str]:
        async with Forged(app_server.url, cookie=session_cookie(app_server, "alex"), token=token) as alex:
            seen = everything_sent(await alex.send(f"{BoardState.get_full_name()}.load_own"))
        async with Forged(app_server.url, token=token) as thief:
            stolen = everything_sent(await thief.send(hydrate))
        async with Forged(app_server.url, cookie=people["cookies"]["dana.e2e"], token=token) as other:
            other_sent = everything_sent(await other.send(hydrate))
        return seen, stolen, other_sent

    seen, stolen, other_sent = run(alex_then_replay())
    assert "I called the shelter myself" in seen
    for secret in ALEX_SECRETS:
        assert secret not in stolen
        assert secret not in other_sent


def user_id(app_server, login: str) -> int:
    with app_server.db() as db:
        return db.exec(select(User.id).where(User.email == login)).one()


def test_board_operations_refuse_people_without_access(app_server, people):
    """Progress, plan changes and ideas on Alex's board, sent to /api/ops by a revoked peer,
    a case manager of others, another agency's admin, no one, and a made-up cookie:
    each refused, audited, nothing written."""
    from strengthsapp.db.models import Contact, Goal, Priority, Resource, StrengthEntry, Suggestion

    with app_server.db() as db:
        goal = db.exec(select(Goal).where(Goal.client_id == people["alex"])).first()
        open_step = db.exec(select(Step).where(Step.text == "Write Mia a birthday card")).one()
        win = db.exec(select(Win).where(Win.client_id == people["alex"])).first()
        tables = (Goal, Step, Win, StrengthEntry, Priority, Resource, Suggestion, Contact)
        before = {m.__name__: db.exec(select(func.count()).select_from(m)).one() for m in tables}
        goal_text, goal_version = goal.text, goal.version
    alex, today = people["alex"], utcnow().date().isoformat()

    def ops(author: int) -> list[dict]:
        return [
            operation(author, alex, "step.done", step=open_step.id),
            operation(author, alex, "win.add", win="forged win"),
            operation(author, alex, "win.remove", win=win.id),
            operation(author, alex, "win.cheer", win=win.id, cheer="🎉"),
            operation(author, alex, "visit.add", on=today, place="home", summary="forged visit"),
            operation(author, alex, "idea.add", text="forged idea"),
            operation(author, alex, "goal.edit", base_version=goal_version, goal=goal.id, text="forged"),
            operation(author, alex, "goal.add", text="forged goal"),
            operation(author, alex, "strength.add", domain="social", column="want", text="forged"),
            operation(author, alex, "resource.add", name="forged", kind="place", support="natural"),
            operation(author, alex, "nudge.quiet", start="00:00", end="23:59"),
        ]

    for who in ("rita.e2e", "dana.e2e", "olga.e2e"):
        answer = post_ops(app_server.url, people["cookies"][who], ops(user_id(app_server, who))).json()
        assert {r["status"] for r in answer["results"]} == {"refused"}, who
        assert {r["reason"] for r in answer["results"]} <= {"access", "gone"}, who
    for cookie in (None, "x" * 43):
        assert post_ops(app_server.url, cookie, ops(alex)).status_code == 401
    with app_server.db() as db:
        assert {m.__name__: db.exec(select(func.count()).select_from(m)).one() for m in tables} == before
        assert db.get(Step, open_step.id).done_at is None
        assert db.get(Goal, goal.id).text == goal_text
        dana = user_id(app_server, "dana.e2e")
        assert db.exec(select(AuditEvent).where(AuditEvent.actor_id == dana, AuditEvent.allowed.is_(False),
                                                AuditEvent.board_client_id == alex)).first()  # fmt: skip


def test_operations_naming_another_board_or_beyond_a_peers_scope_are_refused(app_server, people):
    """Jordan may see Alex's goals and wins, cheer and suggest: not write her plan, nor
    record progress, nor reach a board through the ids of another."""
    from strengthsapp.db.models import Goal

    jordan = user_id(app_server, "jordan")
    cookie = session_cookie(app_server, "jordan")
    with app_server.db() as db:
        goal = db.exec(select(Goal).where(Goal.client_id == people["alex"])).first()
        step = db.exec(select(Step).where(Step.text == "Write Mia a birthday card")).one()
        other, _sam = new_client(db, "Ona", password="an unused long password")
        other_id = other.id
    answer = post_ops(app_server.url, cookie, [
        operation(jordan, people["alex"], "step.done", step=step.id),
        operation(jordan, people["alex"], "goal.edit", base_version=goal.version, goal=goal.id, text="Jordan's words"),
        operation(jordan, people["alex"], "win.add", win="Jordan's win for her"),
        operation(jordan, other_id, "step.done", step=step.id),  # Alex's step, named on another board
    ]).json()  # fmt: skip
    assert [r["reason"] for r in answer["results"]] == ["access", "access", "access", "gone"]
    with app_server.db() as db:
        assert db.get(Step, step.id).done_at is None


def outbox_answers(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The answers to the outbox in these replies (states.board._answer)."""
    found = []
    for reply in replies:
        for event in reply.get("events", []):
            code = (
                event.get("payload", {}).get("javascript_code", "")
                if event.get("name") == "_call_script"
                else ""
            )
            match = re.search(r"saOutbox\.answered\(\"[^\"]*\", (.*)\)$", code)
            if match:
                found.append(json.loads(match.group(1)))
    return found


def test_operations_on_the_socket_are_checked_as_the_route_checks_them(app_server, people):
    """While the page's socket is up, the outbox sends on it (BoardState.send_ops). A tab
    of Alex's replayed with no cookie or with Dana's, a peer on the board she may see but
    not change, and shapes no page sends: refused or dropped, nothing written. The control:
    Alex's own Done, sent twice, is applied once and shown in the same event."""
    alex, jordan = people["alex"], user_id(app_server, "jordan")
    with app_server.db() as db:
        step = db.exec(select(Step).where(Step.text == "Write Mia a birthday card")).one()
    tab = "t-socket-ops-alex"

    async def attempts() -> dict[str, Any]:
        seen: dict[str, Any] = {}
        done = operation(alex, alex, "step.done", step=step.id)
        async with Forged(app_server.url, cookie=session_cookie(app_server, "alex"), token=tab) as own:
            await own.send(f"{BoardState.get_full_name()}.load_own")
        async with Forged(app_server.url, token=tab) as thief:  # her tab, no cookie
            seen["thief"] = outbox_answers(await thief.send(SEND_OPS, {"ops": [done], "ask": "a1"}))
        async with Forged(app_server.url, cookie=people["cookies"]["dana.e2e"], token=tab) as dana:
            dana_id = user_id(app_server, "dana.e2e")
            seen["dana"] = outbox_answers(await dana.send(SEND_OPS, {
                "ops": [done, operation(dana_id, alex, "step.done", step=step.id)], "ask": "a2"}))  # fmt: skip
        async with Forged(
            app_server.url, cookie=session_cookie(app_server, "jordan"), token="t-socket-ops-j"
        ) as peer:
            await peer.send(LOAD_BOARD, path="/board", query={"client": str(alex)})
            seen["jordan"] = outbox_answers(await peer.send(SEND_OPS, {
                "ops": [operation(jordan, alex, "step.done", step=step.id),
                        operation(jordan, alex, "win.add", win="Jordan's win for her")], "ask": "a3"},
                path="/board", query={"client": str(alex)}))  # fmt: skip
            nested = operation(jordan, alex, "win.add", win="x")
            nested["fields"] = {"win": {"deeper": "x"}}
            seen["shapes"] = [
                outbox_answers(await peer.send(SEND_OPS, payload, wait=1))
                for payload in ({"ops": [nested], "ask": "a4"},
                                {"ops": [operation(jordan, alex, "win.add", win="x")] * 21, "ask": "a5"},
                                {"ops": {"id": "x"}, "ask": "a6"}, {"ops": [], "ask": "a7"})
            ]  # fmt: skip
        async with Forged(
            app_server.url, cookie=session_cookie(app_server, "alex"), token="t-socket-ops-a"
        ) as own:
            await own.send(f"{BoardState.get_full_name()}.load_own")
            first = await own.send(SEND_OPS, {"ops": [done], "ask": "b1"})
            seen["alex"] = outbox_answers(first) + outbox_answers(
                await own.send(SEND_OPS, {"ops": [done], "ask": "b2"})
            )
            seen["alex_board"] = everything_sent(first)
            undo = operation(alex, alex, "step.undone", step=step.id)
            seen["undo"] = outbox_answers(await own.send(SEND_OPS, {"ops": [undo], "ask": "b3"}))
        return seen

    def marked() -> int:
        with app_server.db() as db:
            return db.exec(select(func.count()).select_from(AuditEvent).where(
                AuditEvent.action == "step.done", AuditEvent.target == f"step {step.id}")).one()  # fmt: skip

    with app_server.db() as db:
        wins_before = db.exec(select(func.count()).select_from(Win)).one()
    marked_before = marked()
    seen = run(attempts())
    assert seen["thief"] == [{"ok": False, "reason": "session", "status": 401}]
    assert [r["reason"] for r in seen["dana"][0]["results"]] == ["author", "access"]
    assert [r["reason"] for r in seen["jordan"][0]["results"]] == ["access", "access"]
    # Shapes no page sends: dropped at the door (no answer), or refused as input.
    assert seen["shapes"][:3] == [[], [], []]
    assert seen["shapes"][3] == [{"ok": False, "reason": "input", "status": 400}]
    assert [a["results"][0]["status"] for a in seen["alex"]] == ["applied", "applied"]
    assert "steps_done" in seen["alex_board"] or "Write Mia a birthday card" in seen["alex_board"]
    assert seen["undo"][0]["results"][0]["status"] == "applied"
    with app_server.db() as db:
        assert db.get(Step, step.id).done_at is None
        assert db.exec(select(func.count()).select_from(Win)).one() == wins_before
    assert marked() == marked_before + 1  # Alex's, once: the second sending was a replay


def test_every_operation_twice_and_out_of_order_through_the_route_is_applied_once(app_server, people):
    from strengthsapp.db.models import CheckIn, Contact, Goal, Suggestion

    with app_server.db() as db:
        cal, sam = new_client(db, "Cai", password="an unused long password")
        db.add(CaseAssignment(client_id=cal.id, case_manager_id=sam.id, since=utcnow() - timedelta(days=1)))
        goal = Goal(client_id=cal.id, text="Swim a length", domain_key="health", created_by_id=cal.id)
        db.add(goal)
        db.flush()
        step = Step(goal_id=goal.id, text="Find the pool times")
        db.add(step)
        db.flush()
        ids = {"cal": cal.id, "sam": sam.id, "goal": goal.id, "step": step.id}
    sam_cookie = session_cookie(app_server, "sam")
    today = utcnow().date().isoformat()
    ops = [
        operation(ids["sam"], ids["cal"], "visit.add", on=today, place="community", summary="At the pool"),
        operation(ids["sam"], ids["cal"], "check_in.add", goal=ids["goal"], how="Went in the water"),
        operation(ids["sam"], ids["cal"], "win.add", win="Swam a width"),
        operation(ids["sam"], ids["cal"], "step.done", step=ids["step"]),
        operation(ids["sam"], ids["cal"], "idea.add", goal=ids["goal"], text="Try the Tuesday class"),
    ]
    first = post_ops(app_server.url, sam_cookie, ops).json()["results"]
    again = post_ops(app_server.url, sam_cookie, list(reversed(ops))).json()["results"]
    shuffled = post_ops(app_server.url, sam_cookie, [ops[2], ops[0], ops[4], ops[1], ops[3]]).json()[
        "results"
    ]
    assert {r["status"] for r in first + again + shuffled} == {"applied"}
    with app_server.db() as db:

        def count(model) -> int:
            return db.exec(select(func.count()).select_from(model).where(model.client_id == ids["cal"])).one()

        assert (count(Contact), count(CheckIn), count(Win), count(Suggestion)) == (1, 1, 1, 1)


def test_bad_operations_get_a_clear_refusal_and_write_nothing(app_server, people):
    with app_server.db() as db:
        ada, _sam = new_client(db, "Ada", password="an unused long password")
        alex, cookie = ada.id, start_session(db, user=ada)
    with app_server.db() as db:
        wins = db.exec(select(func.count()).select_from(Win)).one()
    sent = operation(alex, alex, "win.add", win="The first words")
    answers = post_ops(app_server.url, cookie, [
        operation(alex, alex, "goal.explode"),
        {**operation(alex, alex, "win.add", win="x"), "id": "not-a-uuid"},
        operation(alex, alex, "win.add", win="w" * 10_000),
        operation(alex, 999_999, "win.add", win="A board that isn't there"),
        operation(alex, alex, "step.done", step="1 OR 1=1"),
        sent,
        {**sent, "fields": {"win": "Other words, the same id"}},
    ]).json()["results"]  # fmt: skip
    assert [a["status"] for a in answers] == ["refused"] * 5 + ["applied", "refused"]
    assert "know that kind" in answers[0]["message"] and "no proper id" in answers[1]["message"]
    assert "fits in 500" in answers[2]["message"]
    assert answers[3]["reason"] == "access" and answers[4]["reason"] == "gone"
    assert answers[6]["reason"] == "changed"
    huge = post_ops(app_server.url, cookie, [operation(alex, alex, "win.add", win="y" * 1_100_000)])
    assert huge.status_code == 413 and huge.json()["message"]
    cross_site = post_ops(app_server.url, cookie, [operation(alex, alex, "win.add", win="z")],
                          origin="http://evil.example")  # fmt: skip
    assert cross_site.status_code == 403
    with app_server.db() as db:
        assert db.exec(select(func.count()).select_from(Win)).one() == wins + 1


def test_the_board_views_show_nothing_of_alexs_board_to_strangers(app_server, people):
    """Goals, strengths, wins and people & places, opened by people without access; and by
    Jordan, whose grant has no strengths. (Their changes: the operations tests.)"""
    from strengthsapp.db.models import Goal

    with app_server.db() as db:
        goal_text = db.exec(select(Goal).where(Goal.client_id == people["alex"])).first().text
    secret_strength = "I walk my neighbour's dog every morning"
    query = {"client": str(people["alex"])}

    async def attempt(cookie: str | None, token: str) -> str:
        replies = []
        async with Forged(app_server.url, cookie=cookie, token=token) as forged:
            for path in ("/goals", "/strengths", "/wins", "/people-places"):
                replies += await forged.send(
                    f"{BoardState.get_full_name()}.load_view", path=path, query=query
                )
        return everything_sent(replies)

    for who in ("dana.e2e", "rita.e2e", "olga.e2e"):
        sent = run(attempt(people["cookies"][who], f"t-views-{who}"[:40]))
        assert goal_text not in sent and secret_strength not in sent, who
    jordan = run(attempt(session_cookie(app_server, "jordan"), "t-views-jordan"))
    assert goal_text in jordan  # the control: a real grant does show the goals
    assert secret_strength not in jordan  # Alex shared goals and wins with Jordan, not strengths


def test_a_view_left_behind_is_emptied_in_the_browser(app_server, people):
    """Jordan (goals and wins shared) opens My goals, then the board's overview: My goals is
    emptied as the overview shows, not left holding Alex's plan in the browser's state
    (where a later end of the grant would no longer reach it: only the views holding data,
    and the one shown, are looked at again)."""
    from strengthsapp.states.plan import PlanState

    query = {"client": str(people["alex"])}
    load_view = f"{BoardState.get_full_name()}.load_view"

    def plan_goals(replies: list[dict]) -> list[list]:
        return [delta[PlanState.get_full_name()]["goals_rx_state_"] for reply in replies
                if PlanState.get_full_name() in (delta := reply.get("delta", {}))
                and "goals_rx_state_" in delta[PlanState.get_full_name()]]  # fmt: skip

    async def visit() -> tuple[list[dict], list[dict]]:
        cookie = session_cookie(app_server, "jordan")
        async with Forged(app_server.url, cookie=cookie, token="t-view-left") as forged:
            shown = await forged.send(load_view, path="/goals", query=query)
            left = await forged.send(load_view, path="/board", query=query)
        return shown, left

    shown, left = run(visit())
    assert plan_goals(shown) and plan_goals(shown)[-1]  # the control: the plan was sent
    assert plan_goals(left) == [[]]


def test_alexs_nudges_and_devices_are_hers_alone(app_server, people):
    """Nudge changes (operations) and the push routes, sent by a revoked peer, a case manager
    without access and another agency's admin, with the ids of Alex's nudge, device and
    delivery: nothing of hers is read, stopped, quieted, removed or acted on."""
    import httpx

    from strengthsapp.db.models import NudgeDelivery, NudgePlan, PushSubscription
    from strengthsapp.services.errors import NotAllowed, NotFound
    from strengthsapp.states.nudges import NudgesState

    words = "Alex, a small step with Mia's card today?"
    now = utcnow()
    with app_server.db() as db:
        step = db.exec(select(Step).where(Step.text == "Write Mia a birthday card")).one()
        at = (now + timedelta(hours=12)).time().replace(microsecond=0)  # not due while the test runs
        plan = NudgePlan(client_id=people["alex"], step_id=step.id, days=list(range(7)), at_time=at,
                         timezone="UTC", message=words)  # fmt: skip
        db.add(plan)
        db.flush()
        device = PushSubscription(user_id=people["alex"], endpoint="https://push.example/alex-phone-e2e",
                                  p256dh="p" * 87, auth="a" * 22)  # fmt: skip
        delivery = NudgeDelivery(plan_id=plan.id, due_at=now, next_attempt_at=now, status="sent", sent_at=now)
        db.add_all([device, delivery])
        db.flush()
        plan_id, device_id, delivery_id = plan.id, device.id, delivery.id
        plans_before = db.exec(select(func.count()).select_from(NudgePlan)).one()
    name = NudgesState.get_full_name()

    def nudge_ops(author: int) -> list[dict]:
        return [
            operation(author, people["alex"], "nudge.stop", plan=plan_id),
            operation(author, people["alex"], "nudge.snooze", plan=plan_id, days=7),
            operation(author, people["alex"], "device.remove", device=device_id),
            operation(
                author,
                people["alex"],
                "nudge.set",
                about=f"step-{step.id}",
                day0="on",
                at="09:00",
                timezone="UTC",
                message="forged",
            ),
            operation(author, people["alex"], "nudge.quiet", start="00:00", end="23:59"),
        ]

    async def look(who: str) -> str:
        async with Forged(
            app_server.url, cookie=people["cookies"][who], token=f"t-nudge-{who}"[:40]
        ) as forged:
            return everything_sent(await forged.send(f"{name}.load", path="/nudges"))

    for who in ("rita.e2e", "dana.e2e", "olga.e2e"):
        assert words not in run(look(who)), who
        refused = post_ops(app_server.url, people["cookies"][who], nudge_ops(user_id(app_server, who))).json()
        assert {r["status"] for r in refused["results"]} == {"refused"}, who
        answer = httpx.post(
            f"{app_server.url}/api/nudge/action",
            json={"delivery": delivery_id, "action": "done"},
            headers={"Origin": app_server.url},
            cookies={"sa_session": people["cookies"][who]},
        )
        assert answer.status_code == 400, who
        assert answer.json()["message"] in {NotFound().message, NotAllowed().message}, who
    with app_server.db() as db:
        plan, delivery = db.get(NudgePlan, plan_id), db.get(NudgeDelivery, delivery_id)
        assert plan.active and plan.snoozed_until is None and plan.message == words
        assert db.get(PushSubscription, device_id) is not None
        assert delivery.action == "" and delivery.acted_at is None
        assert db.get(Step, step.id).done_at is None
        assert db.exec(select(func.count()).select_from(NudgePlan)).one() == plans_before
    # The control: the same changes from Alex herself do reach her nudge and her device, so
    # the refusals above are refusals, not misnamed kinds.
    alex_cookie = session_cookie(app_server, "alex")
    mine = post_ops(app_server.url, alex_cookie, nudge_ops(people["alex"])[1:3]).json()
    assert [r["status"] for r in mine["results"]] == ["applied", "applied"]
    with app_server.db() as db:
        assert db.get(NudgePlan, plan_id).snoozed_until is not None
        assert db.get(PushSubscription, device_id) is None
        for each in db.exec(select(NudgeDelivery).where(NudgeDelivery.plan_id == plan_id)):
            db.delete(each)
        db.flush()
        db.delete(db.get(NudgePlan, plan_id))


def every_handler() -> list[tuple[str, Any]]:
    """Every event handler of the app's states: (full name, function)."""
    import importlib
    import pkgutil

    import strengthsapp.states
    from strengthsapp.states.base import app_state_classes

    for module in pkgutil.iter_modules(strengthsapp.states.__path__):
        importlib.import_module(f"strengthsapp.states.{module.name}")
    return sorted(
        (f"{cls.get_full_name()}.{name}", handler.fn)
        for cls in set(app_state_classes())
        for name, handler in cls.event_handlers.items()
    )


def hostile_payloads(fn: Any, *, shaped: bool) -> list[Any]:
    """Payloads for one handler. Not `shaped`: wrong types, nesting, oversized words, extra
    and missing arguments, and no payload dict at all. `shaped`: the right types with
    values no page sends (ids of nothing, empty and unknown fields)."""
    import inspect
    import typing

    names = list(inspect.signature(fn).parameters)[1:]
    hints = typing.get_type_hints(fn)
    fine = {int: 2**31 - 1, str: "", dict: {"zzz": "1"}, bool: False}
    base = {name: fine.get(typing.get_origin(hints.get(name)) or hints.get(name), "?") for name in names}
    if shaped:
        return [dict(base), {name: (-1 if isinstance(v, int) else v) for name, v in base.items()},
                {name: (0 if isinstance(v, int) else {} if isinstance(v, dict) else v) for name, v in base.items()}]  # fmt: skip
    wrong = ["a string", ["a", "list"], {"a": {"b": {"c": [1]}}}, "w" * 30_000, 10**30, True, None]
    payloads: list[Any] = ["not a dict", [1, 2], {**base, "not_an_argument": 1}]
    payloads += [{**base, name: value} for name in base for value in wrong]
    if base:
        payloads.append({})  # every argument missing
    return payloads


def test_every_handler_refuses_wrong_shapes_quietly_for_anyone(app_server, people):
    """Every handler of every state, called over the websocket with wrong shapes (by Alex
    herself and by no one) and with well-shaped nonsense (by people without access to her
    board): nothing crashes, nothing of hers changes, and the log stays short."""
    from strengthsapp.db.models import (
        Contact,
        Goal,
        NudgePlan,
        QuietHours,
        Resource,
        StrengthEntry,
        Suggestion,
    )

    handlers = every_handler()
    assert len(handlers) > 40  # the control: the states were found
    tables = (
        Goal,
        Step,
        Win,
        StrengthEntry,
        Resource,
        Suggestion,
        Contact,
        Grant,
        Invite,
        NudgePlan,
        QuietHours,
    )

    def counts() -> dict[str, int]:
        with app_server.db() as db:
            found = {t.__name__: db.exec(select(func.count()).select_from(t)).one() for t in tables}
            # Dana may invite clients of her own (her right): only links to Alex's board count.
            found["Invite"] = db.exec(
                select(func.count()).select_from(Invite).where(
                    (Invite.for_client_id == people["alex"]) | (Invite.target_user_id == people["alex"]))
            ).one()  # fmt: skip
            return found

    before = counts()
    log_start = len(app_server.log.read_text(errors="replace"))
    query = {"client": str(people["alex"])}

    async def attack(cookie: str | None, token: str, *, shaped: bool) -> None:
        async with Forged(app_server.url, cookie=cookie, token=token) as forged:
            for name, fn in handlers:
                for payload in hostile_payloads(fn, shaped=shaped):
                    await forged.send_raw({"name": name, "payload": payload,
                                           "router_data": {"pathname": "/board", "query": query}}, wait=0)  # fmt: skip
                await asyncio.sleep(0.01)
            await asyncio.sleep(3)

    run(attack(session_cookie(app_server, "alex"), "t-shapes-alex", shaped=False))
    run(attack(None, "t-shapes-nobody", shaped=False))
    for who in ("dana.e2e", "rita.e2e", "olga.e2e"):
        run(attack(people["cookies"][who], f"t-shaped-{who}"[:40], shaped=True))
    assert counts() == before
    written = app_server.log.read_text(errors="replace")[log_start:]
    assert "Traceback" not in written and "raised" not in written, written[-3000:]
    assert len(written.splitlines()) < 20, written
