"""Changes made on a screen are operations, applied at most once (services.operations):
replays and out-of-order arrivals change nothing more, the same id with other words is
refused, and every refusal is a plain answer that is stored and writes nothing."""

import uuid
from datetime import timedelta

import pytest
from sqlmodel import func, select

from strengthsapp.db.models import (
    AppliedOperation,
    AuditEvent,
    CaseAssignment,
    CheckIn,
    Contact,
    Goal,
    Grant,
    Step,
    Suggestion,
    Win,
)
from strengthsapp.db.types import utcnow
from strengthsapp.services.errors import InvalidInput
from strengthsapp.services.operations import KINDS, apply_operation, parse_operation
from tests.factories import make_goal, make_grant, make_step, make_win
from tests.services.conftest import as_actor


def op(author, board, kind, base_version=None, **fields):
    raw = {"id": str(uuid.uuid4()), "author": author.id, "board": board.id, "kind": kind, "fields": fields}
    if base_version is not None:
        raw["base_version"] = base_version
    return parse_operation(raw)


def apply(session, actor, operation):
    outcome = apply_operation(session, actor=as_actor(actor), op=operation)
    session.flush()
    return outcome


def count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


@pytest.fixture
def board(session, alice):
    goal = make_goal(session, client=alice, text="Get back on my bike")
    steps = [make_step(session, goal=goal, text=f"Step {n}", position=n) for n in range(3)]
    return goal, steps


def test_the_client_marks_a_step_done_with_an_operation(session, alice, board):
    _goal, steps = board
    outcome = apply(session, alice, op(alice, alice, "step.done", step=steps[0].id))
    assert outcome.status == "applied"
    assert session.get(Step, steps[0].id).done_at is not None


def test_every_operation_sent_twice_and_out_of_order_is_applied_once(session, alice, bob, board):
    goal, steps = board
    ops = [
        op(alice, alice, "step.done", step=steps[0].id),
        op(alice, alice, "check_in.add", goal=str(goal.id), how="Went round the block"),
        op(alice, alice, "win.add", win="Rode to the shop"),
        op(
            bob,
            alice,
            "visit.add",
            on=utcnow().date().isoformat(),
            place="community",
            summary="Met at the park",
        ),
        op(bob, alice, "idea.add", about="step", goal=str(goal.id), text="Check the tyres"),
    ]
    first = [apply(session, (op_.author == bob.id and bob) or alice, op_) for op_ in ops]
    again = [apply(session, (op_.author == bob.id and bob) or alice, op_) for op_ in reversed(ops)]
    assert [o.status for o in first] == ["applied"] * 5
    assert [o.status for o in reversed(again)] == ["applied"] * 5  # the stored answers
    assert (
        count(session, CheckIn),
        count(session, Win),
        count(session, Contact),
        count(session, Suggestion),
    ) == (1, 1, 1, 1)
    assert count(session, AppliedOperation) == 5


def test_the_same_id_with_other_words_is_refused_and_changes_nothing(session, alice):
    first = op(alice, alice, "win.add", win="I called my sister")
    apply(session, alice, first)
    changed = parse_operation({"id": first.id, "author": alice.id, "board": alice.id, "kind": "win.add",
                               "fields": {"win": "Something else"}})  # fmt: skip
    outcome = apply(session, alice, changed)
    assert (outcome.status, outcome.reason) == ("refused", "changed")
    assert [w.text for w in session.exec(select(Win))] == ["I called my sister"]


def test_an_operation_made_by_someone_else_on_this_device_is_not_theirs_to_send(session, alice, bob):
    outcome = apply(session, bob, op(alice, alice, "win.add", win="Not Bob's"))
    assert (outcome.status, outcome.reason) == ("refused", "author")
    assert count(session, Win) == 0


def test_access_that_ended_meanwhile_is_refused_plainly_stored_and_audited(
    session, alice, bob, charlie, board
):
    goal, _steps = board
    grant = session.exec(select(Grant).where(Grant.grantee_id == charlie.id)).one()
    grant.scopes = ["view", "suggest"]
    grant.sections = ["goals"]
    session.add(grant)
    session.flush()
    idea = op(charlie, alice, "idea.add", about="step", goal=str(goal.id), text="Ride with me on Sunday")
    visit = op(bob, alice, "visit.add", on=utcnow().date().isoformat(), place="home", summary="Tea at home")
    # Offline meanwhile: Alice stops sharing with Charlie, and Bob's assignment ends.
    grant.revoked_at = utcnow() - timedelta(minutes=1)
    assignment = session.exec(select(CaseAssignment).where(CaseAssignment.client_id == alice.id)).one()
    assignment.until = utcnow() - timedelta(minutes=1)
    session.add_all([grant, assignment])
    session.flush()
    for person, sent in ((charlie, idea), (bob, visit)):
        outcome = apply(session, person, sent)
        assert (outcome.status, outcome.reason) == ("refused", "access")
        assert "no longer" in outcome.message
        stored = session.get(AppliedOperation, (person.id, sent.id))
        assert stored.status == "refused" and stored.result["reason"] == "access"
        assert apply(session, person, sent).reason == "access"  # the same answer again
    assert count(session, Suggestion) == 0 and count(session, Contact) == 0
    denied = session.exec(select(AuditEvent).where(AuditEvent.allowed.is_(False))).all()
    assert {e.actor_id for e in denied} >= {bob.id, charlie.id}


def test_a_refusal_and_its_audit_are_kept_with_the_unit_of_work_that_answers_it(
    session, alice, bob, dana, board
):
    """A refusal is not committed on its own: if the unit of work that answers it fails
    (the database goes away before its end), neither the claim nor the audit is kept, and
    the device sends it again. It is never stored as applied."""
    _goal, steps = board
    session.commit()
    done = op(alice, alice, "step.done", step=steps[0].id)
    assert apply(session, alice, done).status == "applied"
    forged = op(dana, alice, "step.done", step=steps[1].id)  # Dana may not see Alice's board
    assert apply(session, dana, forged).reason == "access"
    session.rollback()  # the unit of work fails after both were answered
    assert count(session, AppliedOperation) == 0
    assert count(session, AuditEvent) == 0
    assert all(session.get(Step, s.id).done_at is None for s in steps)
    # Sent again: both answered as before, the refusal audited once, with its claim.
    assert apply(session, alice, done).status == "applied"
    assert apply(session, dana, forged).reason == "access"
    session.commit()
    denied = session.exec(select(AuditEvent).where(AuditEvent.allowed.is_(False))).all()
    assert [e.actor_id for e in denied] == [dana.id]
    assert session.get(AppliedOperation, (dana.id, forged.id)).status == "refused"


def test_a_step_removed_meanwhile_is_said_to_be_gone(session, alice, bob, board):
    _goal, steps = board
    removed = op(alice, alice, "step.remove", step=steps[2].id)
    done_offline = op(bob, alice, "step.done", step=steps[2].id)
    assert apply(session, alice, removed).status == "applied"
    outcome = apply(session, bob, done_offline)
    assert (outcome.status, outcome.reason) == ("refused", "gone")


def test_an_idea_for_a_goal_set_aside_meanwhile_gets_a_plain_message(session, alice, bob, board):
    goal, _steps = board
    idea = op(bob, alice, "idea.add", about="step", goal=str(goal.id), text="Oil the chain")
    apply(session, alice, op(alice, alice, "goal.status", goal=goal.id, status="set_aside"))
    outcome = apply(session, bob, idea)
    assert outcome.status == "refused" and outcome.reason == "input"
    assert "goals being worked on" in outcome.message


def test_words_changed_meanwhile_are_a_conflict_and_mine_can_be_saved_after_seeing_them(
    session, alice, board
):
    goal, _steps = board
    phone = op(alice, alice, "goal.edit", base_version=goal.version, goal=goal.id, text="Ride to work")
    tablet = op(alice, alice, "goal.edit", base_version=goal.version, goal=goal.id, text="Ride on Sundays")
    assert apply(session, alice, phone).status == "applied"
    outcome = apply(session, alice, tablet)
    assert outcome.status == "conflict" and outcome.theirs["text"] == "Ride to work"
    mine = op(alice, alice, "goal.edit", base_version=outcome.version, goal=goal.id, text="Ride on Sundays")
    assert apply(session, alice, mine).status == "applied"
    assert session.get(Goal, goal.id).text == "Ride on Sundays"


@pytest.mark.parametrize(
    "raw, about",
    [
        ({"kind": "goal.explode"}, "kind"),
        ({"id": "not-a-uuid"}, "id"),
        ({"board": "1 OR 1=1"}, "board"),
        ({"fields": {"win": {"nested": 1}}}, "fields"),
        ({"fields": "a string"}, "fields"),
        ({"base_version": -3}, "base_version"),
    ],
)
def test_malformed_operations_are_refused_before_anything(session, alice, raw, about):
    sent = {
        "id": str(uuid.uuid4()),
        "author": alice.id,
        "board": alice.id,
        "kind": "win.add",
        "fields": {"win": "x"},
    }
    with pytest.raises(InvalidInput) as refused:
        parse_operation({**sent, **raw})
    assert refused.value.field == about


def test_bad_input_is_a_stored_refusal_with_the_reason_and_nothing_written(session, alice, dana, board):
    goal, steps = board
    other_client = make_goal(session, client=dana, text="Dana's own")  # not on Alice's board
    other_step = make_step(session, goal=other_client, text="Not on Alice's board")
    cases = [
        (op(alice, alice, "win.add", win="w" * 10_000), "input", "fits in 500"),
        (op(alice, alice, "step.done", step=str(other_step.id)), "gone", ""),
        (op(alice, alice, "check_in.add", goal=str(other_client.id), how="Not hers"), "gone", ""),
        (op(alice, alice, "goal.edit", base_version=goal.version + 5, goal=goal.id, text="From the future"), "input",
         "never had"),
        (op(alice, alice, "step.done", step="1 OR 1=1"), "gone", ""),
        (op(alice, alice, "visit.add", on="yesterday", place="home", summary="x"), "input", "calendar"),
    ]  # fmt: skip
    for sent, reason, words in cases:
        outcome = apply(session, alice, sent)
        assert (outcome.status, outcome.reason) == ("refused", reason), sent
        assert words in outcome.message
    assert count(session, Win) == 0 and count(session, CheckIn) == 0
    assert session.get(Goal, goal.id).text == "Get back on my bike"
    assert all(s.done_at is None for s in session.exec(select(Step))) and len(steps) == 3


def test_a_board_someone_may_not_see_is_refused_and_named_nowhere(session, alice, dana, olga):
    for stranger in (dana, olga):
        outcome = apply(session, stranger, op(stranger, alice, "win.add", win="Forged"))
        assert (outcome.status, outcome.reason) == ("refused", "access")
    assert count(session, Win) == 0


def test_a_peer_without_cheer_cannot_cheer_and_with_it_can(session, alice, charlie):
    win = make_win(session, client=alice)
    assert (
        apply(session, charlie, op(charlie, alice, "win.cheer", win=win.id, cheer="🎉")).status == "applied"
    )
    grant = session.exec(select(Grant).where(Grant.grantee_id == charlie.id)).one()
    grant.scopes = ["view"]
    session.add(grant)
    session.flush()
    assert apply(session, charlie, op(charlie, alice, "win.cheer", win=win.id, cheer="👏")).reason == "access"


def test_the_client_undoes_a_step_done_and_the_case_manager_only_his_own(session, alice, bob, board):
    _goal, steps = board
    apply(session, alice, op(alice, alice, "step.done", step=steps[0].id))
    apply(session, bob, op(bob, alice, "step.done", step=steps[1].id))
    assert apply(session, bob, op(bob, alice, "step.undone", step=steps[0].id)).reason == "access"
    assert apply(session, bob, op(bob, alice, "step.undone", step=steps[1].id)).status == "applied"
    assert apply(session, alice, op(alice, alice, "step.undone", step=steps[0].id)).status == "applied"
    assert all(session.get(Step, s.id).done_at is None for s in steps[:2])


def test_every_kind_refuses_a_stranger(session, alice, dana, board):
    goal, steps = board
    ids = {"step": steps[0].id, "goal": goal.id, "win": make_win(session, client=alice).id}
    for kind in KINDS:
        fields = {"step": str(ids["step"]), "goal": str(ids["goal"]), "win": str(ids["win"]), "text": "x",
                  "how": "x", "summary": "x", "on": utcnow().date().isoformat(), "place": "home", "about": "new"}  # fmt: skip
        outcome = apply(session, dana, op(dana, alice, kind, **fields))
        assert outcome.status == "refused" and outcome.reason in {"access", "gone", "input"}, kind
        assert outcome.reason != "input" or "no longer" not in outcome.message
    assert count(session, Win) == 1 and count(session, CheckIn) == 0 and count(session, Contact) == 0
    assert session.get(Step, steps[0].id).done_at is None


def test_a_peer_sees_nothing_of_another_board_through_a_grant_elsewhere(session, alice, charlie, agency):
    from tests.factories import make_user

    ben = make_user(session, agency=agency, name="Ben")
    make_grant(session, client=ben, grantee=charlie, scopes=("view", "cheer"), sections=("wins",))
    alices_win = make_win(session, client=alice)
    # Charlie cheers Alice's win, naming Ben's board: not on that board.
    outcome = apply(session, charlie, op(charlie, ben, "win.cheer", win=alices_win.id, cheer="🎉"))
    assert (outcome.status, outcome.reason) == ("refused", "gone")


def test_two_senders_of_the_same_operation_at_once_apply_it_once_on_postgresql():
    """Two tabs of one browser send the same outbox at the same moment: the second waits on
    the first's claim of the id, then gets its answer."""
    import threading

    from sqlmodel import Session

    from tests.conftest import PostgresSchema, alembic_upgrade
    from tests.factories import make_agency, make_user

    schema = PostgresSchema()
    try:
        alembic_upgrade(schema.engine)
        with Session(schema.engine, expire_on_commit=False) as db:
            ana = make_user(db, agency=make_agency(db), name="Ana")
            db.commit()
        sent = op(ana, ana, "win.add", win="I rode to the market")
        outcomes, start = [], threading.Barrier(2)

        def send() -> None:
            with Session(schema.engine, expire_on_commit=False) as db:
                start.wait()
                outcomes.append(apply_operation(db, actor=as_actor(ana), op=sent).status)
                db.commit()

        threads = [threading.Thread(target=send) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        with Session(schema.engine) as db:
            assert db.exec(select(func.count()).select_from(Win)).one() == 1
        assert outcomes == ["applied", "applied"]
    finally:
        schema.drop()
