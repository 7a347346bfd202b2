"""The client's list of who can see their board, revoking, and a peer's list of people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from strengthsapp.db.models import CaseAssignment, Grant, Invite, User
from strengthsapp.db.types import utcnow
from strengthsapp.domain.access import Action, Actor
from strengthsapp.domain.grants import RELATIONSHIP_WORDS, Terms, describe
from strengthsapp.domain.vocabulary import InviteKind, Relationship, Role, Scope, Section
from strengthsapp.i18n import _, day
from strengthsapp.services import audit
from strengthsapp.services.boards import authorize, row_by_id
from strengthsapp.services.errors import NotFound


@dataclass
class GrantPublic:
    id: int
    person: str
    relationship: str
    can: str
    until: str
    waiting: bool  # an invitation not yet accepted
    needs_yes: bool = False  # made by her case manager with her: waits for her yes
    made_by: str = ""  # who made the invitation, when it wasn't the client


@dataclass
class PersonPublic:
    """For a peer: someone who lets them see part of their board."""

    client_id: int
    name: str
    can: str
    until: str


def list_grants(
    db: Session, *, actor: Actor, client_id: int, now: datetime | None = None
) -> list[GrantPublic]:
    """Who can see the client's board now, and invitations still open. Client only."""
    now = now or utcnow()
    authorize(db, actor=actor, action=Action.MANAGE_OWN, client_id=client_id, now=now)
    rows = db.exec(
        select(Grant, User.display_name)
        .join(User, col(User.id) == Grant.grantee_id)
        .where(Grant.client_id == client_id, col(Grant.revoked_at).is_(None), Grant.expires_at > now)
        .order_by(col(Grant.created_at))
    )
    grants = [
        GrantPublic(
            id=grant.id or 0,
            person=name,
            relationship=_("My case manager")
            if Scope.SHARE.value in grant.scopes
            else _(RELATIONSHIP_WORDS[Relationship(grant.relationship)]),
            can=describe(
                frozenset(Scope(s) for s in grant.scopes), frozenset(Section(s) for s in grant.sections)
            ),
            until=day(grant.expires_at.date()),
            waiting=False,
        )
        for grant, name in rows
    ]
    invites = db.exec(
        select(Invite, User.display_name)
        .join(User, col(User.id) == Invite.created_by_id)
        .where(
            Invite.for_client_id == client_id,
            Invite.kind == InviteKind.GRANT.value,
            col(Invite.used_at).is_(None),
            Invite.expires_at > now,
        )
        .order_by(col(Invite.created_at))
    )
    for invite, maker in invites:
        assert invite.grant_terms is not None
        terms = Terms.from_json(invite.grant_terms)
        grants.append(
            GrantPublic(
                id=-(invite.id or 0),
                person=invite.display_name_hint or _("Someone you invited"),
                relationship=_(RELATIONSHIP_WORDS[terms.relationship]),
                can=describe(terms.scopes, terms.sections),
                until=_("link open until {date}", date=day(invite.expires_at.date())),
                waiting=True,
                needs_yes=invite.confirmed_at is None,
                made_by=maker if invite.created_by_id != client_id else "",
            )
        )
    return grants


def revoke_grant(db: Session, *, actor: Actor, grant_id: int, now: datetime | None = None) -> int | None:
    """The client ends someone's access, from this moment. A negative id cancels an
    invitation that was not accepted yet. Returns whose access ended, if anyone's."""
    now = now or utcnow()
    if grant_id < 0:
        invite = _own_grant_invite(db, actor=actor, invite_id=-grant_id, now=now)
        invite.expires_at = now
        db.add(invite)
        audit.record(
            db, actor=actor, action="grant.invite_cancelled", board_client_id=invite.for_client_id, at=now
        )
        return None
    grant = db.get(Grant, grant_id)
    if grant is None:
        raise NotFound()
    authorize(db, actor=actor, action=Action.MANAGE_OWN, client_id=grant.client_id, now=now)
    if grant.revoked_at is None:
        grant.revoked_at = now
        db.add(grant)
        audit.record(
            db, actor=actor, action="grant.revoked", board_client_id=grant.client_id,
            target=f"grant {grant.id}", at=now,
        )  # fmt: skip
    return grant.grantee_id


def confirm_grant_invite(db: Session, *, actor: Actor, invite_id: int, now: datetime | None = None) -> None:
    """The client says yes to an invitation her case manager made with her: from now on
    the link works. Only the client (MANAGE_OWN)."""
    now = now or utcnow()
    invite = _own_grant_invite(db, actor=actor, invite_id=invite_id, now=now)
    if invite.confirmed_at is None:
        invite.confirmed_at = now
        db.add(invite)
        audit.record(
            db, actor=actor, action="grant.invite_confirmed", board_client_id=invite.for_client_id,
            target=invite.display_name_hint[:60], at=now,
        )  # fmt: skip


def _own_grant_invite(db: Session, *, actor: Actor, invite_id: int, now: datetime) -> Invite:
    """An invitation to the actor's own board, for her to decide on (or NotFound/NotAllowed)."""
    invite = row_by_id(db, Invite, invite_id)
    if invite is None or invite.kind != InviteKind.GRANT.value or invite.for_client_id is None:
        raise NotFound()
    authorize(db, actor=actor, action=Action.MANAGE_OWN, client_id=invite.for_client_id, now=now)
    return invite


def my_people(db: Session, *, actor: Actor, now: datetime | None = None) -> list[PersonPublic]:
    """The clients who let this person see part of their board, now."""
    now = now or utcnow()
    rows = db.exec(
        select(Grant, User)
        .join(User, col(User.id) == Grant.client_id)
        .where(
            Grant.grantee_id == actor.user_id,
            col(Grant.revoked_at).is_(None),
            col(Grant.accepted_at).is_not(None),
            Grant.expires_at > now,
            User.agency_id == actor.agency_id,
            col(User.is_active).is_(True),
        )
        .order_by(col(User.display_name))
    )
    return [
        PersonPublic(
            client_id=client.id or 0,
            name=client.display_name,
            can=describe(
                frozenset(Scope(s) for s in grant.scopes),
                frozenset(Section(s) for s in grant.sections),
                theirs=True,
            ),
            until=day(grant.expires_at.date()),
        )
        for grant, client in rows
    ]


def invitations_awaiting_yes(db: Session, *, actor: Actor, now: datetime | None = None) -> list[str]:
    """For a client: the invitations her case manager made with her that wait for her yes,
    as a line each ("Sam Rivera made an invitation with you for Eve.")."""
    if actor.role is not Role.CLIENT:
        return []
    now = now or utcnow()
    rows = db.exec(
        select(Invite.display_name_hint, User.display_name)
        .join(User, col(User.id) == Invite.created_by_id)
        .where(
            Invite.for_client_id == actor.user_id,
            Invite.kind == InviteKind.GRANT.value,
            col(Invite.confirmed_at).is_(None),
            col(Invite.used_at).is_(None),
            Invite.expires_at > now,
        )
        .order_by(col(Invite.created_at))
    )
    return [
        _("{maker} made an invitation with you for {name}.", maker=maker, name=name)
        if name
        else _("{maker} made an invitation with you for someone.", maker=maker)
        for name, maker in rows
    ]


# --- her plan, sent to other services by her case manager --------------------------------

SHARE_DAYS = 30


@dataclass
class PlanSharingPublic:
    case_manager: str  # her case manager's name, "" when she has none now
    allowed: bool  # her case manager may send her plan to other services (FHIR) now


def case_managers_of(db: Session, client_id: int, now: datetime) -> list[User]:
    """The client's case managers now, the longest assigned first."""
    return list(
        db.exec(
            select(User)
            .join(CaseAssignment, col(CaseAssignment.case_manager_id) == User.id)
            .where(CaseAssignment.client_id == client_id, CaseAssignment.since <= now)
            .where(col(CaseAssignment.until).is_(None) | (col(CaseAssignment.until) > now))
            .order_by(col(CaseAssignment.since))
        )
    )


def _share_grants(db: Session, client_id: int, grantee_ids: list[int], now: datetime) -> list[Grant]:
    rows = db.exec(
        select(Grant).where(
            Grant.client_id == client_id,
            col(Grant.grantee_id).in_(grantee_ids),
            col(Grant.revoked_at).is_(None),
            Grant.expires_at > now,
        )
    )
    return [g for g in rows if Scope.SHARE.value in g.scopes]


def plan_sharing(db: Session, *, actor: Actor, now: datetime | None = None) -> PlanSharingPublic:
    now = now or utcnow()
    authorize(db, actor=actor, action=Action.MANAGE_OWN, client_id=actor.user_id, now=now)
    managers = case_managers_of(db, actor.user_id, now)
    if not managers:
        return PlanSharingPublic(case_manager="", allowed=False)
    shared = _share_grants(db, actor.user_id, [m.id or 0 for m in managers], now)
    return PlanSharingPublic(case_manager=managers[0].display_name, allowed=bool(shared))


def let_case_manager_send_plan(db: Session, *, actor: Actor, now: datetime | None = None) -> int:
    """Her say: her case manager may send her plan to other services for SHARE_DAYS days
    (a grant with the `share` scope, listed with the others, which she can stop)."""
    now = now or utcnow()
    authorize(db, actor=actor, action=Action.MANAGE_OWN, client_id=actor.user_id, now=now)
    managers = case_managers_of(db, actor.user_id, now)
    if not managers:
        raise NotFound(_("You have no case manager right now."))
    manager = managers[0]
    if _share_grants(db, actor.user_id, [manager.id or 0], now):
        return manager.id or 0  # said yes already: once is enough
    grant = Grant(
        client_id=actor.user_id,
        grantee_id=manager.id or 0,
        relationship=Relationship.OTHER.value,
        scopes=[Scope.SHARE.value],  # no `view`: it never lets anyone see (domain.access)
        sections=[],
        created_by_id=actor.user_id,
        created_at=now,
        accepted_at=now,
        expires_at=now + timedelta(days=SHARE_DAYS),
    )
    db.add(grant)
    db.flush()
    audit.record(db, actor=actor, action="grant.share_plan", board_client_id=actor.user_id,
                 target=f"grant {grant.id}", at=now)  # fmt: skip
    return manager.id or 0
