"""Deleting a client's account (services.deletion): only she asks and only she changes her
mind; her case manager and the admin see that she asked; once the wait is over everything
of hers goes, in one unit of work, and nothing of her board is left anywhere in the
database: not a row that points at her, not one of her words. Who did what and when stays."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import func, or_
from sqlalchemy import select as rows_of  # whole tables, as plain rows
from sqlmodel import Session, SQLModel, col, select

from strengthsapp import i18n
from strengthsapp.db.models import (
    AccountDeletion,
    Agency,
    AuditEvent,
    BoardViewer,
    Goal,
    Invite,
    PushSubscription,
    SignInThrottle,
    Step,
    StepResourceLink,
    StepStrengthLink,
    StrengthEntry,
    User,
    Win,
)
from strengthsapp.db.models import Session as SessionRow
from strengthsapp.db.types import utcnow
from strengthsapp.domain.grants import Terms
from strengthsapp.domain.vocabulary import (
    InviteKind,
    Relationship,
    Role,
    Scope,
    Section,
    StrengthColumn,
    SuggestionKind,
)
from strengthsapp.services import (
    contacts,
    deletion,
    nudges,
    plan,
    progress,
    resources,
    strengths,
    suggestions,
)
from strengthsapp.services.activity import agency_activity
from strengthsapp.services.boards import actor_for
from strengthsapp.services.deletion import (
    FORMER_CLIENT,
    cancel_deletion,
    deletion_status,
    pending_deletions_for,
    purge_due,
    request_deletion,
)
from strengthsapp.services.demo import load_demo_data
from strengthsapp.services.errors import InvalidInput, NotAllowed, NotFound, ServiceError
from strengthsapp.services.invites import create_grant_invite, create_reset_link
from strengthsapp.services.notices import tell_devices
from strengthsapp.services.operations import apply_operation, parse_operation
from strengthsapp.services.passwords import hash_password
from strengthsapp.services.people import assign, caseload, list_people
from strengthsapp.services.sessions import SignInRefused, resolve_session, sign_in, start_session
from strengthsapp.settings import get_settings
from tests.conftest import PostgresSchema, alembic_upgrade
from tests.factories import make_agency, make_goal, make_grant, make_user, make_win
from tests.services.conftest import PASSWORD, as_actor

NOW = utcnow()
WAIT = timedelta(days=get_settings().deletion_wait_days)


def refusals(session, person) -> int:
    return session.exec(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.actor_id == person.id, col(AuditEvent.allowed).is_(False))
    ).one()


def test_the_wait_is_fourteen_days_unless_the_agency_says_otherwise(session, alice, monkeypatch):
    assert timedelta(days=14) == WAIT
    monkeypatch.setenv("DELETION_WAIT_DAYS", "30")
    get_settings.cache_clear()
    try:
        status = request_deletion(session, actor=as_actor(alice), client_id=alice.id, now=NOW)
        assert status.wait_days == 30 and session.get(AccountDeletion, alice.id).due_at == NOW + timedelta(
            days=30
        )
        monkeypatch.setenv("DELETION_WAIT_DAYS", "0")  # no time to change her mind: refused
        get_settings.cache_clear()
        with pytest.raises(ValidationError, match="DELETION_WAIT_DAYS"):
            get_settings()
    finally:
        monkeypatch.delenv("DELETION_WAIT_DAYS")
        get_settings.cache_clear()


def test_only_the_client_herself_may_ask_and_anyone_else_is_refused_and_audited(
    session, agency, alice, bob, charlie, dana, ada, olga
):
    erin = make_user(session, agency=agency, name="Erin")
    for someone in (bob, charlie, dana, ada, olga, erin):
        before = refusals(session, someone)
        with pytest.raises(NotAllowed):
            request_deletion(session, actor=as_actor(someone), client_id=alice.id, now=NOW)
        assert refusals(session, someone) == before + 1
    assert session.get(AccountDeletion, alice.id) is None

    status = request_deletion(session, actor=as_actor(alice), client_id=alice.id, now=NOW)

    row = session.get(AccountDeletion, alice.id)
    assert row.due_at == NOW + WAIT and row.cancelled_at is None and row.done_at is None
    assert status.wait_days == 14 and status.removed_on and status.asked_on
    asked = session.exec(select(AuditEvent).where(AuditEvent.action == deletion.ASKED)).one()
    assert (asked.actor_id, asked.board_client_id, asked.allowed) == (alice.id, alice.id, True)
    # Asking again while it waits changes nothing: the day stays the day.
    again = request_deletion(session, actor=as_actor(alice), client_id=alice.id, now=NOW + timedelta(days=3))
    assert again == status and session.get(AccountDeletion, alice.id).due_at == NOW + WAIT


def test_her_settings_page_says_the_days_and_staff_have_nothing_to_delete_there(session, alice, bob, ada):
    assert deletion_status(session, actor=as_actor(alice), now=NOW).removed_on == ""
    assert deletion_status(session, actor=as_actor(bob), now=NOW) is None
    assert deletion_status(session, actor=as_actor(ada), now=NOW) is None
    request_deletion(session, actor=as_actor(alice), client_id=alice.id, now=NOW)
    day = NOW + WAIT  # in UTC, her timezone
    assert (
        deletion_status(session, actor=as_actor(alice), now=NOW).removed_on
        == f"{day:%B} {day.day}, {day.year}"
    )


def test_only_she_changes_her_mind_before_it_is_done_and_then_nothing_is_removed(
    session, agency, alice, bob, charlie, ada
):
    goal = make_goal(session, client=alice, text="Keep my allotment")
    request_deletion(session, actor=as_actor(alice), client_id=alice.id, now=NOW)
    for someone in (bob, charlie, ada):
        with pytest.raises(NotAllowed):
            cancel_deletion(session, actor=as_actor(someone), client_id=alice.id, now=NOW)
    assert session.get(AccountDeletion, alice.id).cancelled_at is None

    # Past the day, but not yet removed: she can still keep it.
    status = cancel_deletion(session, actor=as_actor(alice), client_id=alice.id, now=NOW + WAIT)

    assert status.removed_on == "" and session.get(AccountDeletion, alice.id).cancelled_at == NOW + WAIT
    assert (
        session.exec(select(AuditEvent).where(AuditEvent.action == deletion.CANCELLED)).one().actor_id
        == alice.id
    )
    assert purge_due(session, now=NOW + 2 * WAIT) == []
    assert session.get(Goal, goal.id).text == "Keep my allotment" and session.get(User, alice.id).is_active
    # Asking again starts the wait again.
    later = NOW + timedelta(days=20)
    request_deletion(session, actor=as_actor(alice), client_id=alice.id, now=later)
    row = session.get(AccountDeletion, alice.id)
    assert (row.due_at, row.cancelled_at) == (later + WAIT, None)


def test_before_the_day_nothing_is_removed_and_on_the_day_it_is_once(session, alice, bob):
    goal = make_goal(session, client=alice)
    request_deletion(session, actor=as_actor(alice), client_id=alice.id, now=NOW)
    assert purge_due(session, now=NOW + WAIT - timedelta(minutes=1)) == []
    assert session.get(Goal, goal.id) is not None and session.get(User, alice.id).is_active

    assert purge_due(session, now=NOW + WAIT) == [alice.id]

    assert session.get(Goal, goal.id) is None
    assert session.get(AccountDeletion, alice.id).done_at == NOW + WAIT
    assert purge_due(session, now=NOW + 2 * WAIT) == []  # done once
    [removed] = session.exec(select(AuditEvent).where(AuditEvent.action == deletion.DELETED)).all()
    assert (removed.actor_id, removed.board_client_id, removed.at) == (None, alice.id, NOW + WAIT)
    # Her account is gone: nothing to keep, nothing to ask again.
    with pytest.raises(NotAllowed):
        cancel_deletion(session, actor=as_actor(alice), client_id=alice.id, now=NOW + 2 * WAIT)


def test_her_case_manager_and_the_admin_see_who_asked_and_when_and_no_one_else(
    session, agency, alice, bob, charlie, dana, ada
):
    quinn = make_user(session, agency=agency, name="Quinn")  # asked too, but not bob's client
    request_deletion(session, actor=as_actor(alice), client_id=alice.id, now=NOW)
    request_deletion(session, actor=as_actor(quinn), client_id=quinn.id, now=NOW + timedelta(days=1))

    [mine] = pending_deletions_for(session, actor=as_actor(bob), now=NOW)
    assert (mine.client_id, mine.name) == (alice.id, "Alice") and mine.removed_on and mine.asked_on
    assert pending_deletions_for(session, actor=as_actor(dana), now=NOW) == []
    assert [p.name for p in pending_deletions_for(session, actor=as_actor(ada), now=NOW)] == [
        "Alice",
        "Quinn",
    ]
    for someone in (alice, charlie):
        with pytest.raises(NotAllowed):
            pending_deletions_for(session, actor=as_actor(someone), now=NOW)
    [row] = caseload(session, actor=as_actor(bob), now=NOW)
    assert row.removed_on == mine.removed_on
    # She changed her mind: the line goes.
    cancel_deletion(session, actor=as_actor(alice), client_id=alice.id, now=NOW)
    assert caseload(session, actor=as_actor(bob), now=NOW)[0].removed_on == ""
    assert [p.name for p in pending_deletions_for(session, actor=as_actor(ada), now=NOW)] == ["Quinn"]


# --- nothing of her board remains ---------------------------------------------------------------

# Her words, each found nowhere else: what she wrote, what others wrote on her board, her name.
HER_WORDS = (
    "Zitherwood", "Quenby", "Marrowlight", "Fernwhistle", "Tallowmere", "Quillon", "Brambleton",
    "Snorkelbright", "Oxlip", "Wexcombe", "Plumtrellis", "Greenfield", "Eastside", "Aunt Rose",
    "alex",  # her name and her sign-in name
)  # fmt: skip
ERIN_WORDS = ("Juniperhall", "Cobblewick")


def op(author, board, kind, base_version=None, **fields):
    raw = {"id": str(uuid.uuid4()), "author": author.id, "board": board.id, "kind": kind, "fields": fields}
    if base_version is not None:
        raw["base_version"] = base_version
    return parse_operation(raw)


def rich_board(session):
    """Alex's demo board, and then some of every kind of thing the app keeps about her,
    through the services where there is one; and Erin, another client, whose board she sees."""
    load_demo_data(session, now=NOW - timedelta(days=1))
    people = {
        u.email: u
        for u in session.exec(select(User).where(col(User.email).in_(["alex", "sam", "jordan", "priya"])))
    }
    alex, sam, jordan, priya = (people[k] for k in ("alex", "sam", "jordan", "priya"))
    alex.password_hash = hash_password(PASSWORD)
    session.add(alex)
    session.flush()
    me, sam_, jordan_ = actor_for(alex), actor_for(sam), actor_for(jordan)

    goal = plan.add_goal(session, actor=me, client_id=alex.id, text="Play the Zitherwood in the band",
                         why="Quenby taught me", domain_key="leisure", now=NOW)  # fmt: skip
    step = plan.add_step(session, actor=me, goal_id=goal.id, text="Ask Marrowlight for lessons", now=NOW)
    progress.check_in(
        session, actor=me, step_id=step.id, text="Fernwhistle went well", feeling="proud", now=NOW
    )
    progress.check_in(session, actor=sam_, goal_id=goal.id, text="We talked about Tallowmere", now=NOW)
    win = progress.record_win(session, actor=me, client_id=alex.id, text="Played Brambleton at the fair",
                              goal_id=goal.id, now=NOW)  # fmt: skip
    progress.cheer(session, actor=jordan_, win_id=win.id, text="Oxlip hooray", now=NOW)
    kept = strengths.win_to_worked_before(session, actor=me, win_id=win.id, now=NOW)
    entry = strengths.add_entry(session, actor=me, client_id=alex.id, domain_key="leisure",
                                column=StrengthColumn.HAVE_NOW.value, text="I hum like Wexcombe", now=NOW)  # fmt: skip
    strengths.add_priority(session, actor=me, client_id=alex.id, text="Plumtrellis first", now=NOW)
    place = resources.add_resource(session, actor=me, client_id=alex.id, name="Wexcombe music shop", kind="place",
                                   support="natural", how_to_reach="Quenby Street", notes="Ask for Oxlip", now=NOW)  # fmt: skip
    session.add_all([StepStrengthLink(step_id=step.id, strength_id=entry.id),
                     StepStrengthLink(step_id=step.id, strength_id=kept.id),
                     StepResourceLink(step_id=step.id, resource_id=place.id)])  # fmt: skip
    contacts.record_contact(session, actor=sam_, client_id=alex.id, on=NOW.date(), place="community",
                            summary="Coffee; Alex played Brambleton", now=NOW)  # fmt: skip
    suggestions.suggest(session, actor=jordan_, client_id=alex.id, kind=SuggestionKind.NEW_STEP,
                        text="Try Tallowmere hall", goal_id=goal.id, now=NOW)  # fmt: skip
    nudges.save_plan(session, actor=me, client_id=alex.id, days=[0, 2, 4], at="09:00", timezone="Europe/London",
                     message="Zitherwood time!", step_id=step.id, now=NOW)  # fmt: skip
    nudges.set_quiet_hours(session, actor=me, client_id=alex.id, start="22:00", end="07:00", now=NOW)
    token = start_session(session, user=alex, user_agent="Fernwhistle Browser 9", now=NOW)
    her_session = session.exec(select(SessionRow).where(SessionRow.user_id == alex.id)).one()
    session.add(PushSubscription(user_id=alex.id, endpoint="https://push.example/alex-Quenby", p256dh="k",
                                 auth="a", user_agent="Fernwhistle Browser 9", session_id=her_session.id))  # fmt: skip
    session.flush()
    tell_devices(session, user_id=alex.id, topic="t", body="Marrowlight says hi", url="/", now=NOW)
    terms = Terms(relationship=Relationship.FRIEND, scopes=frozenset({Scope.VIEW}),
                  sections=frozenset({Section.WINS}), days=7)  # fmt: skip
    create_grant_invite(session, actor=me, client_id=alex.id, terms=terms, name_hint="Quillon", now=NOW)
    create_reset_link(session, actor=sam_, user_id=alex.id, now=NOW)
    session.add(Invite(agency_id=alex.agency_id, kind=InviteKind.ACCOUNT.value, code_hash=uuid.uuid4().hex,
                       role=Role.CLIENT.value, display_name_hint="Alex Quenby", created_by_id=sam.id,
                       created_at=NOW - timedelta(days=60), expires_at=NOW, used_at=NOW - timedelta(days=59),
                       used_by_id=alex.id))  # fmt: skip
    session.add(BoardViewer(client_token="tab-of-sam", user_id=sam.id, board_client_id=alex.id))
    session.add(BoardViewer(client_token="tab-of-alex", user_id=alex.id, board_client_id=alex.id))
    # Changes made on screens: one that met her newer words (its answer holds them), and Sam's.
    apply_operation(session, actor=me, op=op(alex, alex, "goal.edit", base_version=goal.version, goal=goal.id,
                                             text="Zitherwood for ever"), now=NOW)  # fmt: skip
    apply_operation(session, actor=me, op=op(alex, alex, "goal.edit", base_version=goal.version - 1, goal=goal.id,
                                             text="Quenby"), now=NOW)  # fmt: skip
    apply_operation(session, actor=sam_, op=op(sam, alex, "win.add", win="Oxlip win with Sam"), now=NOW)
    with pytest.raises(SignInRefused):
        sign_in(session, login="alex", password="not it", address="203.0.113.9", now=NOW)

    # Erin, another client: her own board, which Alex may see and cheer.
    erin = make_user(session, agency=session.get(Agency, alex.agency_id), name="Erin")
    erin_goal = make_goal(session, client=erin, text="Walk the Juniperhall trail")
    erin_win = make_win(session, client=erin, text="Baked Cobblewick bread")
    make_grant(session, client=erin, grantee=alex, scopes=("view", "cheer"), sections=("wins", "goals"))
    progress.cheer(session, actor=me, win_id=erin_win.id, text="Snorkelbright!", now=NOW)
    session.flush()
    return alex, sam, jordan, priya, erin, token, erin_goal, erin_win


def every_row(session):
    """(table, row as a dict) for every row of every table."""
    for table in SQLModel.metadata.sorted_tables:
        for row in session.connection().execute(rows_of(table)).mappings():
            yield table, dict(row)


def rows_pointing_at(session, user_id: int) -> dict[str, int]:
    """How many rows of each table name this user in a column about a person (a foreign key
    to user, or a board's client id), but for the tombstone itself, the audit and the
    request (which hold only who and when)."""
    found = {}
    for table in SQLModel.metadata.sorted_tables:
        if table.name in {"user", "auditevent", "accountdeletion"}:
            continue
        about_people = [
            c for c in table.columns
            if any(fk.column.table.name == "user" for fk in c.foreign_keys) or c.name == "board_client_id"
        ]  # fmt: skip
        if about_people:
            count = (
                session.connection()
                .execute(
                    rows_of(func.count()).select_from(table).where(or_(*(c == user_id for c in about_people)))
                )
                .scalar_one()
            )
            if count:
                found[table.name] = count
    return found


def rows_pointing_into(session, held: dict[str, set[int]]) -> list[str]:
    """Rows (anywhere) whose foreign key points at one of these rows (by table and id)."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            for fk in column.foreign_keys:
                ids = held.get(fk.column.table.name)
                if ids:
                    count = (
                        session.connection()
                        .execute(rows_of(func.count()).select_from(table).where(column.in_(ids)))
                        .scalar_one()
                    )
                    if count:
                        found.append(f"{table.name}.{column.name}")
    return found


def words_found(session, words) -> list[tuple[str, str, str]]:
    """(word, table, column) for each of these words in any text or JSON of any row."""
    found = []
    for table, row in every_row(session):
        for column, value in row.items():
            text = json.dumps(value, default=str) if isinstance(value, dict | list) else str(value)
            for word in words:
                if word.lower() in text.lower():
                    found.append((word, table.name, column))
    return found


def her_rows(session, alex) -> dict[str, set[int]]:
    """The ids of the rows of her board, by table, as they are before the removal."""
    c = SQLModel.metadata.tables
    held: dict[str, set[int]] = {}
    for name in ("goal", "win", "strengthentry", "resource", "nudgeplan", "session", "checkin", "suggestion",
                 "contact", "pushsubscription", "pushnotice", "priority"):  # fmt: skip
        table = c[name]
        person = table.c.client_id if "client_id" in table.c else table.c.user_id
        held[name] = set(session.connection().execute(rows_of(table.c.id).where(person == alex.id)).scalars())
    held["step"] = set(session.connection().execute(
        rows_of(c["step"].c.id).where(c["step"].c.goal_id.in_(held["goal"]))).scalars())  # fmt: skip
    held["nudgedelivery"] = set(session.connection().execute(
        rows_of(c["nudgedelivery"].c.id).where(c["nudgedelivery"].c.plan_id.in_(held["nudgeplan"]))).scalars())  # fmt: skip
    return held


def test_after_the_wait_nothing_of_her_board_remains_and_the_audit_keeps_who_and_when(session):
    alex, sam, jordan, priya, erin, token, erin_goal, erin_win = rich_board(session)
    request_deletion(session, actor=actor_for(alex), client_id=alex.id, now=NOW)
    held = her_rows(session, alex)
    # The seeding reached every kind of thing: her words are there, in all these tables.
    before = rows_pointing_at(session, alex.id)
    assert set(before) >= {
        "session", "invite", "caseassignment", "grant", "strengthentry", "priority", "goal", "checkin", "win",
        "suggestion", "contact", "resource", "nudgeplan", "quiethours", "pushsubscription", "pushnotice",
        "boardviewer", "appliedoperation", "step",
    }, before  # fmt: skip
    assert all(held[name] for name in ("goal", "step", "win", "nudgedelivery", "checkin", "pushnotice"))
    assert {w for w, _t, _c in words_found(session, HER_WORDS)} == set(HER_WORDS)
    assert session.get(SignInThrottle, "account:alex") is not None
    her_audit = [
        (e.id, e.actor_id, e.board_client_id, e.action, e.at, e.allowed)
        for e in session.exec(select(AuditEvent).where(AuditEvent.board_client_id == alex.id))
    ]
    assert len(her_audit) > 15 and any(e.target == "Quillon" for e in session.exec(select(AuditEvent)))
    erin_before = sorted((t.name, str(sorted(r.items()))) for t, r in every_row(session)
                         if t.name in {"goal", "step", "win", "strengthentry"} and r.get("client_id", 0) == erin.id)  # fmt: skip
    others = {u.id: (u.display_name, u.email, u.is_active) for u in (sam, jordan, priya, erin)}

    assert purge_due(session, now=NOW + WAIT) == [alex.id]
    session.expire_all()

    assert rows_pointing_at(session, alex.id) == {}
    assert rows_pointing_into(session, held) == []
    for name, ids in held.items():
        table = SQLModel.metadata.tables[name]
        assert session.connection().execute(rows_of(func.count()).select_from(table).where(table.c.id.in_(ids))).scalar_one() == 0, name  # fmt: skip
    assert words_found(session, HER_WORDS) == []
    # The tombstone: who she was to the audit, and nothing more.
    tombstone = session.get(User, alex.id)
    assert (tombstone.display_name, tombstone.email, tombstone.password_hash, tombstone.is_active) == (
        FORMER_CLIENT, None, None, False,
    )  # fmt: skip
    assert resolve_session(session, token=token, now=NOW + WAIT) is None
    with pytest.raises(SignInRefused):
        sign_in(session, login="alex", password=PASSWORD, address="198.51.100.1", now=NOW + WAIT)
    # The audit: the same events, by the same people, at the same moments; no words in them.
    after = {e.id: e for e in session.exec(select(AuditEvent).where(AuditEvent.board_client_id == alex.id))}
    assert [(a.id, a.actor_id, a.board_client_id, a.action, a.at, a.allowed) for a in
            (after[i] for i, *_ in her_audit)] == her_audit  # fmt: skip
    assert all(e.target == "" for e in after.values())
    assert {e.action for e in after.values()} >= {
        deletion.ASKED,
        deletion.DELETED,
        "goal.added",
        "win.cheered",
    }
    # Other people and other boards: as they were (but for what Alex did there: her cheer).
    assert {u: (session.get(User, u).display_name, session.get(User, u).email, session.get(User, u).is_active)
            for u in others} == others  # fmt: skip
    erin_after = sorted((t.name, str(sorted(r.items()))) for t, r in every_row(session)
                        if t.name in {"goal", "step", "win", "strengthentry"} and r.get("client_id", 0) == erin.id)  # fmt: skip
    assert erin_after == erin_before
    assert {w for w, _t, _c in words_found(session, ERIN_WORDS)} == set(ERIN_WORDS)
    assert session.get(Goal, erin_goal.id).text == "Walk the Juniperhall trail"
    assert session.get(Win, erin_win.id) is not None
    assert session.exec(select(func.count()).select_from(StrengthEntry)).one() == 0  # only Alex had any
    assert session.exec(select(func.count()).select_from(Step)).one() == 0
    # The admin no longer lists her among the agency's people, can't give her a case manager,
    # and reads the audit by the neutral name.
    assert alex.id not in {p.id for p in list_people(session, actor=actor_for(priya))}
    with pytest.raises(InvalidInput):
        assign(session, actor=actor_for(priya), client_id=alex.id, case_manager_id=sam.id, now=NOW + WAIT)
    # The admin's audit names her board by the neutral word, in the reader's language.
    boards = {row.board for row in agency_activity(session, actor=actor_for(priya))}
    assert FORMER_CLIENT in boards and "Alex" not in boards
    with i18n.using("es"):
        spanish = {row.board for row in agency_activity(session, actor=actor_for(priya))}
    assert "Una persona que fue cliente" in spanish


@pytest.mark.timeout(120)
def test_two_workers_never_remove_the_same_account_and_she_cannot_keep_it_halfway():
    """PostgreSQL, with real commits: the first worker's removal holds her request; a second
    worker skips it rather than wait, and finds it done afterwards. Her "Keep my account"
    at that moment waits for the removal, then is told it is gone."""
    schema = PostgresSchema()
    try:
        alembic_upgrade(schema.engine)
        with Session(schema.engine, expire_on_commit=False) as db:
            ana = make_user(db, agency=make_agency(db), name="Ana")
            make_goal(db, client=ana, text="Grow Zitherwood tomatoes")
            request_deletion(db, actor=actor_for(ana), client_id=ana.id, now=NOW)
            db.commit()
        keeping: list[object] = []
        with Session(schema.engine) as first, Session(schema.engine) as second:
            assert purge_due(first, now=NOW + WAIT) == [ana.id]  # not committed yet
            assert purge_due(second, now=NOW + WAIT) == []  # skipped, not waited for
            second.rollback()

            def keep() -> None:
                with Session(schema.engine) as mine:
                    try:
                        cancel_deletion(mine, actor=actor_for(ana), client_id=ana.id, now=NOW + WAIT)
                        keeping.append("kept")
                    except ServiceError as error:
                        keeping.append(error)

            her_tap = threading.Thread(target=keep)
            her_tap.start()
            her_tap.join(1.0)
            assert her_tap.is_alive() and keeping == []  # waiting for the removal
            first.commit()
            her_tap.join(30)
            assert len(keeping) == 1 and isinstance(keeping[0], NotFound)
            assert purge_due(second, now=NOW + WAIT) == []
        with Session(schema.engine) as db:
            removals = db.exec(select(AuditEvent).where(AuditEvent.action == deletion.DELETED)).all()
            assert [r.board_client_id for r in removals] == [ana.id]
            assert db.exec(select(func.count()).select_from(Goal)).one() == 0
            assert db.get(AccountDeletion, ana.id).cancelled_at is None
    finally:
        schema.drop()
