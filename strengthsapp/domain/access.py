"""Who may do what: the one place that decides (docs/design.md §4).

`can(actor, action, board)` is pure: the service layer loads a `Board` (the client, their
case assignments and grants, as of a moment) and asks. Beside it, small pure rules for what
is not an action on one board: the agency's own work (`can_in_agency`), taking back what
was recorded (`may_take_back`), devices (`owns`, `may_move_device`) and new-password links
(`may_make_sign_in_link`). Anything not allowed here is refused, whatever the screen or
route it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from strengthsapp.domain.vocabulary import Role, Scope, Section


class Action(StrEnum):
    VIEW_GOALS = "view_goals"  # goals, steps, check-ins
    VIEW_WINS = "view_wins"
    VIEW_STRENGTHS = "view_strengths"
    VIEW_RESOURCES = "view_resources"
    VIEW_CONTACTS = "view_contacts"
    EDIT_PLAN = "edit_plan"  # write, edit, delete goals, steps and strengths in place
    MARK_PROGRESS = "mark_progress"  # mark a step done, check in, record a win
    CHEER = "cheer"
    SUGGEST = "suggest"
    DECIDE_SUGGESTION = "decide_suggestion"
    RECORD_CONTACT = "record_contact"
    # The first-visit walk-through: the client writes it; her case manager, with her, makes
    # it one idea for her to decide on.
    FIRST_VISIT = "first_visit"
    MANAGE_OWN = "manage_own"  # grants, nudges, push subscriptions, export and delete own data
    PRINT_PLAN = "print_plan"  # the printable plan (page and PDF): the client, or her case manager with her
    SHARE_PLAN = "share_plan"  # the plan as FHIR for other systems: the client, others only with her say
    VIEW_AUDIT = "view_audit"  # everything that happened on the board
    VIEW_OWN_AUDIT = "view_own_audit"  # what the actor did on the board
    VIEW_AUDIT_METADATA = "view_audit_metadata"  # who, when, which board: no content


class AgencyAction(StrEnum):
    """What a person does in their agency rather than on one board."""

    RUN_AGENCY = "run_agency"  # the agency's people, invitations, assignments, activity (no content)
    CASELOAD = "caseload"  # the clients assigned to me, with what moved on each board
    INVITE = "invite"  # a new account: an admin for any role, a case manager for a client


class Relation(StrEnum):
    CLIENT = "client"
    CASE_MANAGER = "case_manager"
    PEER = "peer"
    ADMIN = "admin"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Actor:
    """A signed-in person, as resolved from their session for this one request."""

    user_id: int
    agency_id: int
    role: Role
    display_name: str


@dataclass(frozen=True, slots=True)
class Assignment:
    case_manager_id: int
    since: datetime
    until: datetime | None = None

    def active(self, now: datetime) -> bool:
        return self.since <= now and (self.until is None or now < self.until)


@dataclass(frozen=True, slots=True)
class GrantTerms:
    grantee_id: int
    scopes: frozenset[Scope]
    sections: frozenset[Section]
    expires_at: datetime
    accepted_at: datetime | None = None
    revoked_at: datetime | None = None

    def current(self, now: datetime) -> bool:
        return self.accepted_at is not None and self.revoked_at is None and now < self.expires_at

    def active(self, now: datetime) -> bool:
        """A way to see part of the board (a `share` grant alone is none)."""
        return self.current(now) and Scope.VIEW in self.scopes


@dataclass(frozen=True, slots=True)
class Board:
    """A client's board as far as access is concerned, at one moment."""

    client_id: int
    agency_id: int
    as_of: datetime
    assignments: tuple[Assignment, ...] = ()
    grants: tuple[GrantTerms, ...] = field(default_factory=tuple)

    def lets_send_plan(self, user_id: int) -> bool:
        """The client said yes: this person may send her plan to other services."""
        return any(
            g.grantee_id == user_id and Scope.SHARE in g.scopes and g.current(self.as_of) for g in self.grants
        )

    def active_grant(self, user_id: int) -> GrantTerms | None:
        for grant in self.grants:
            if grant.grantee_id == user_id and grant.active(self.as_of):
                return grant
        return None


CLIENT_ACTIONS = frozenset(Action) - {
    Action.CHEER,  # cheering is for others to do
    Action.SUGGEST,  # the client simply changes their plan
    Action.RECORD_CONTACT,
    Action.VIEW_OWN_AUDIT,
    Action.VIEW_AUDIT_METADATA,
}
CASE_MANAGER_ACTIONS = frozenset(
    {
        Action.VIEW_GOALS,
        Action.VIEW_WINS,
        Action.VIEW_STRENGTHS,
        Action.VIEW_RESOURCES,
        Action.VIEW_CONTACTS,
        Action.MARK_PROGRESS,  # recorded as theirs; the client can remove it
        Action.CHEER,
        Action.SUGGEST,
        Action.RECORD_CONTACT,
        Action.VIEW_OWN_AUDIT,
        Action.FIRST_VISIT,  # as an idea for the client
        Action.PRINT_PLAN,  # to print it with her, as on the board they look at together
    }
)
ADMIN_ACTIONS = frozenset({Action.VIEW_AUDIT_METADATA})
# What a peer needs, beyond an active grant with `view`: (scope, section).
PEER_NEEDS: dict[Action, tuple[Scope, Section]] = {
    Action.VIEW_GOALS: (Scope.VIEW, Section.GOALS),
    Action.VIEW_WINS: (Scope.VIEW, Section.WINS),
    Action.VIEW_STRENGTHS: (Scope.VIEW, Section.STRENGTHS),
    Action.VIEW_RESOURCES: (Scope.VIEW, Section.RESOURCES),
    Action.CHEER: (Scope.CHEER, Section.WINS),
    Action.SUGGEST: (Scope.SUGGEST, Section.GOALS),
}


def relation(actor: Actor | None, board: Board) -> Relation:
    """How the actor stands to this board right now."""
    if actor is None or actor.agency_id != board.agency_id:
        return Relation.NONE
    if actor.user_id == board.client_id and actor.role is Role.CLIENT:
        return Relation.CLIENT
    if actor.role is Role.CASE_MANAGER and any(
        a.case_manager_id == actor.user_id and a.active(board.as_of) for a in board.assignments
    ):
        return Relation.CASE_MANAGER
    if actor.role is Role.ADMIN:
        return Relation.ADMIN
    if board.active_grant(actor.user_id) is not None:
        return Relation.PEER
    return Relation.NONE


def can(actor: Actor | None, action: Action, board: Board) -> bool:
    match relation(actor, board):
        case Relation.CLIENT:
            return action in CLIENT_ACTIONS
        case Relation.CASE_MANAGER:
            assert actor is not None
            if action is Action.SHARE_PLAN:  # only with her say (a grant with `share`)
                return board.lets_send_plan(actor.user_id)
            return action in CASE_MANAGER_ACTIONS
        case Relation.ADMIN:
            return action in ADMIN_ACTIONS
        case Relation.PEER:
            assert actor is not None
            grant = board.active_grant(actor.user_id)
            needs = PEER_NEEDS.get(action)
            return (
                grant is not None
                and needs is not None
                and needs[0] in grant.scopes
                and needs[1] in grant.sections
            )
        case _:
            return False


def can_in_agency(actor: Actor | None, action: AgencyAction, *, invitee: Role | None = None) -> bool:
    """Whether the actor may do this agency work (`invitee`: the role of a new account)."""
    if actor is None:
        return False
    match action:
        case AgencyAction.RUN_AGENCY:
            return actor.role is Role.ADMIN
        case AgencyAction.CASELOAD:
            return actor.role is Role.CASE_MANAGER
        case AgencyAction.INVITE:
            return actor.role is Role.ADMIN or (actor.role is Role.CASE_MANAGER and invitee is Role.CLIENT)
    return False


def may_take_back(actor: Actor | None, *, client_id: int, recorded_by: int | None) -> bool:
    """What was recorded on a board (a step marked done, a check-in, a win): the client, or
    whoever recorded it, may take it back. (Whether they may still record on the board at
    all is `can(..., MARK_PROGRESS, ...)`.)"""
    return actor is not None and actor.user_id in {client_id, recorded_by}


def owns(actor: Actor | None, owner_id: int | None) -> bool:
    """A thing of one person's own (a device, a nudge sent to them): theirs alone."""
    return actor is not None and owner_id is not None and actor.user_id == owner_id


def may_move_device(actor: Actor, *, owner_id: int, proves_keys: bool) -> bool:
    """A device seen under another account (a shared phone) moves to this one only when the
    browser proves it holds it: the same push endpoint *and* its keys. The endpoint alone
    would let anyone who learned it take someone's device."""
    return owner_id == actor.user_id or proves_keys


def access_ends_at(actor: Actor | None, board: Board) -> datetime | None:
    """When the actor's present access to this board ends by itself (a grant's end date,
    an assignment that ends), or None if it doesn't end on its own."""
    match relation(actor, board):
        case Relation.PEER:
            assert actor is not None
            grant = board.active_grant(actor.user_id)
            return grant.expires_at if grant is not None else None
        case Relation.CASE_MANAGER:
            assert actor is not None
            mine = [
                a for a in board.assignments if a.case_manager_id == actor.user_id and a.active(board.as_of)
            ]
            if any(a.until is None for a in mine):
                return None
            return max((a.until for a in mine if a.until is not None), default=None)
        case _:
            return None


def may_make_sign_in_link(
    actor: Actor, *, person_id: int, person_agency_id: int, person_role: Role, boards: Iterable[Board]
) -> bool:
    """Whether the actor may make a new-password link for this person. A link is a way into
    everything the person sees, so it follows who may see that: an admin, for anyone else
    in the agency; a case manager, for a client assigned to them now, or a peer who holds a
    grant from one of those clients. `boards`: the person's own board (a client), or the
    boards they hold a grant on (a peer)."""
    if actor.agency_id != person_agency_id or actor.user_id == person_id:
        return False
    if actor.role is Role.ADMIN:
        return True
    if actor.role is not Role.CASE_MANAGER:
        return False
    mine = [board for board in boards if relation(actor, board) is Relation.CASE_MANAGER]
    if person_role is Role.CLIENT:
        return any(board.client_id == person_id for board in mine)
    if person_role is Role.PEER:
        return any(board.active_grant(person_id) is not None for board in mine)
    return False
