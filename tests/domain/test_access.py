"""Every action × every relationship, against the table in docs/design.md §4 written out again here."""

from datetime import UTC, datetime, timedelta

import pytest

from strengthsapp.domain.access import (
    Action,
    Actor,
    AgencyAction,
    Assignment,
    Board,
    GrantTerms,
    Relation,
    can,
    can_in_agency,
    may_move_device,
    may_take_back,
    owns,
    relation,
)
from strengthsapp.domain.vocabulary import Role, Scope, Section

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
AGENCY, OTHER_AGENCY = 1, 2
ALICE, BOB, CARLA, CHARLIE, PAT, SUE, EVE, RITA, UMA, ADA, OSCAR, DANA, ENDED, KIM, PEG = range(1, 16)

A = Action
VIEW_ALL = {A.VIEW_GOALS, A.VIEW_WINS, A.VIEW_STRENGTHS, A.VIEW_RESOURCES}


def actor(user_id: int, role: Role, agency: int = AGENCY) -> Actor:
    return Actor(user_id=user_id, agency_id=agency, role=role, display_name=f"user {user_id}")


def grant(grantee: int, scopes: set[Scope], sections: set[Section], **overrides) -> GrantTerms:
    terms = {
        "grantee_id": grantee,
        "scopes": frozenset(scopes),
        "sections": frozenset(sections),
        "expires_at": NOW + timedelta(days=90),
        "accepted_at": NOW - timedelta(days=1),
        "revoked_at": None,
    }
    return GrantTerms(**{**terms, **overrides})


BOARD = Board(
    client_id=ALICE,
    agency_id=AGENCY,
    as_of=NOW,
    assignments=(
        Assignment(case_manager_id=BOB, since=NOW - timedelta(days=30)),
        Assignment(case_manager_id=ENDED, since=NOW - timedelta(days=90), until=NOW - timedelta(minutes=1)),
        Assignment(case_manager_id=KIM, since=NOW - timedelta(days=30)),
    ),
    grants=(
        grant(CHARLIE, {Scope.VIEW}, {Section.GOALS, Section.WINS}),
        grant(PAT, {Scope.VIEW, Scope.CHEER}, {Section.WINS}),
        grant(SUE, {Scope.VIEW, Scope.SUGGEST}, {Section.GOALS, Section.STRENGTHS, Section.RESOURCES}),
        grant(
            EVE, {Scope.VIEW, Scope.CHEER, Scope.SUGGEST}, set(Section), expires_at=NOW - timedelta(seconds=1)
        ),
        grant(
            RITA, {Scope.VIEW, Scope.CHEER, Scope.SUGGEST}, set(Section), revoked_at=NOW - timedelta(hours=1)
        ),
        grant(UMA, {Scope.VIEW, Scope.CHEER, Scope.SUGGEST}, set(Section), accepted_at=None),
        grant(OSCAR, {Scope.VIEW, Scope.CHEER, Scope.SUGGEST}, set(Section)),  # but of another agency
        # Her say that her case manager may send her plan to other services (FHIR):
        grant(KIM, {Scope.SHARE}, set()),
        grant(ENDED, {Scope.SHARE}, set()),  # no way in once the assignment ended
        grant(PEG, {Scope.VIEW, Scope.SHARE}, {Section.GOALS}),  # a peer: `share` gives nothing
    ),
)

CASE_MANAGER = VIEW_ALL | {
    A.VIEW_CONTACTS,
    A.MARK_PROGRESS,
    A.CHEER,
    A.SUGGEST,
    A.RECORD_CONTACT,
    A.VIEW_OWN_AUDIT,
    A.FIRST_VISIT,
    A.PRINT_PLAN,
}
# (who, expected actions). Anything not listed must be refused.
MATRIX = [
    (
        "the client",
        actor(ALICE, Role.CLIENT),
        VIEW_ALL
        | {
            A.VIEW_CONTACTS,
            A.EDIT_PLAN,
            A.MARK_PROGRESS,
            A.DECIDE_SUGGESTION,
            A.MANAGE_OWN,
            A.VIEW_AUDIT,
            A.FIRST_VISIT,
            A.PRINT_PLAN,
            A.SHARE_PLAN,
        },
    ),
    ("the assigned case manager", actor(BOB, Role.CASE_MANAGER), CASE_MANAGER),
    (
        "the assigned case manager with her say to send her plan",
        actor(KIM, Role.CASE_MANAGER),
        CASE_MANAGER | {A.SHARE_PLAN},
    ),
    ("a peer with view of goals and a share grant", actor(PEG, Role.PEER), {A.VIEW_GOALS}),
    ("a case manager of other clients", actor(CARLA, Role.CASE_MANAGER), set()),
    ("a case manager whose assignment ended", actor(ENDED, Role.CASE_MANAGER), set()),
    ("a peer with view of goals and wins", actor(CHARLIE, Role.PEER), {A.VIEW_GOALS, A.VIEW_WINS}),
    ("a peer with cheer on wins", actor(PAT, Role.PEER), {A.VIEW_WINS, A.CHEER}),
    (
        "a peer with suggest",
        actor(SUE, Role.PEER),
        {A.VIEW_GOALS, A.VIEW_STRENGTHS, A.VIEW_RESOURCES, A.SUGGEST},
    ),
    ("a peer whose grant expired", actor(EVE, Role.PEER), set()),
    ("a peer whose grant was revoked", actor(RITA, Role.PEER), set()),
    ("a peer who has not accepted yet", actor(UMA, Role.PEER), set()),
    ("an agency admin", actor(ADA, Role.ADMIN), {A.VIEW_AUDIT_METADATA}),
    ("an admin of another agency", actor(ADA, Role.ADMIN, OTHER_AGENCY), set()),
    ("a peer of another agency, even with a grant", actor(OSCAR, Role.PEER, OTHER_AGENCY), set()),
    ("a client of another agency", actor(ALICE, Role.CLIENT, OTHER_AGENCY), set()),
    ("another client of the agency", actor(DANA, Role.CLIENT), set()),
    ("no session", None, set()),
]


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize(("who", "person", "allowed"), MATRIX, ids=[row[0] for row in MATRIX])
def test_the_access_table(who, person, allowed, action):
    assert can(person, action, BOARD) is (action in allowed)


def test_an_assignment_not_yet_started_gives_no_access():
    board = Board(
        client_id=ALICE,
        agency_id=AGENCY,
        as_of=NOW,
        assignments=(Assignment(case_manager_id=BOB, since=NOW + timedelta(days=1)),),
    )
    assert relation(actor(BOB, Role.CASE_MANAGER), board) is Relation.NONE


def test_a_grant_without_view_gives_nothing():
    board = Board(
        client_id=ALICE, agency_id=AGENCY, as_of=NOW, grants=(grant(PAT, {Scope.CHEER}, set(Section)),)
    )
    assert not any(can(actor(PAT, Role.PEER), action, board) for action in Action)


def test_a_client_granted_anothers_board_is_their_peer():
    board = Board(
        client_id=ALICE, agency_id=AGENCY, as_of=NOW, grants=(grant(DANA, {Scope.VIEW}, {Section.WINS}),)
    )
    assert relation(actor(DANA, Role.CLIENT), board) is Relation.PEER
    assert can(actor(DANA, Role.CLIENT), A.VIEW_WINS, board)
    assert not can(actor(DANA, Role.CLIENT), A.EDIT_PLAN, board)


# --- rules beside can(): the agency's own work, taking back, devices ----------------------

AGENCY_MATRIX = [
    # (role, what they may do in their agency; INVITE by the role of the new account)
    (Role.ADMIN, {AgencyAction.RUN_AGENCY}, set(Role)),
    (Role.CASE_MANAGER, {AgencyAction.CASELOAD}, {Role.CLIENT}),
    (Role.PEER, set(), set()),
    (Role.CLIENT, set(), set()),
]


@pytest.mark.parametrize(
    ("role", "allowed", "invites"), AGENCY_MATRIX, ids=[row[0].value for row in AGENCY_MATRIX]
)
def test_the_agency_table(role, allowed, invites):
    person = actor(BOB, role)
    for action in (AgencyAction.RUN_AGENCY, AgencyAction.CASELOAD):
        assert can_in_agency(person, action) is (action in allowed)
    for invitee in Role:
        assert can_in_agency(person, AgencyAction.INVITE, invitee=invitee) is (invitee in invites)
    assert can_in_agency(person, AgencyAction.INVITE) is (role is Role.ADMIN)  # no role named: an admin
    assert not any(can_in_agency(None, action, invitee=Role.CLIENT) for action in AgencyAction)


def test_what_was_recorded_is_taken_back_by_the_client_or_whoever_recorded_it():
    alice, bob, sue = actor(ALICE, Role.CLIENT), actor(BOB, Role.CASE_MANAGER), actor(SUE, Role.PEER)
    assert may_take_back(alice, client_id=ALICE, recorded_by=BOB)  # her board: anything on it
    assert may_take_back(alice, client_id=ALICE, recorded_by=None)
    assert may_take_back(bob, client_id=ALICE, recorded_by=BOB)  # his own
    assert not may_take_back(bob, client_id=ALICE, recorded_by=ALICE)
    assert not may_take_back(bob, client_id=ALICE, recorded_by=None)
    assert not may_take_back(sue, client_id=ALICE, recorded_by=BOB)
    assert not may_take_back(None, client_id=ALICE, recorded_by=None)


def test_a_device_is_its_owners_and_moves_only_with_its_keys():
    alice, dana = actor(ALICE, Role.CLIENT), actor(DANA, Role.CLIENT)
    assert owns(alice, ALICE) and not owns(dana, ALICE) and not owns(None, ALICE) and not owns(alice, None)
    assert may_move_device(alice, owner_id=ALICE, proves_keys=False)  # already hers
    assert may_move_device(dana, owner_id=ALICE, proves_keys=True)  # a shared phone, proven
    assert not may_move_device(dana, owner_id=ALICE, proves_keys=False)  # the endpoint alone
