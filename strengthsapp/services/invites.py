"""One-time links: join the agency, accept a client's grant, or choose a new password.

Only a hash of each code is stored. A link is used once: the row is claimed with a
conditional UPDATE, so two people racing with the same link cannot both get in.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from strengthsapp.db.models import CaseAssignment, Grant, Invite, User
from strengthsapp.db.types import id_of, utcnow
from strengthsapp.domain.access import Action, Actor, can
from strengthsapp.domain.grants import RELATIONSHIP_WORDS, Terms, describe
from strengthsapp.domain.vocabulary import InviteKind, Role
from strengthsapp.services import audit
from strengthsapp.services.boards import actor_for, load_board, refuse
from strengthsapp.services.errors import InvalidInput
from strengthsapp.services.passwords import hash_password, password_problem
from strengthsapp.services.sessions import end_all_sessions, normalize_login, start_claimable_session

INVITE_LIFETIME = timedelta(days=7)
RESET_LIFETIME = timedelta(hours=24)
LOGIN_PATTERN = re.compile(r"^[^\s]{3,254}$")
ROLE_WORDS = {
    Role.CLIENT: "a client",
    Role.CASE_MANAGER: "a case manager",
    Role.PEER: "a peer supporter",
    Role.ADMIN: "an agency admin",
}


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


class InviteProblem(Exception):
    """The link can't be used; `kind` is unknown, used or expired."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


@dataclass
class InvitePublic:
    kind: str
    role: str
    inviter: str
    client: str  # for a grant: whose board
    name_hint: str
    terms: str  # for a grant, in the client's words
    until: str


# --- making links -------------------------------------------------------------------------


def create_account_invite(
    db: Session, *, actor: Actor, role: Role, name_hint: str = "", now: datetime | None = None
) -> str:
    """An admin invites anyone to the agency; a case manager invites clients, who are then
    assigned to them. Returns the code, to be shown once."""
    allowed = actor.role is Role.ADMIN or (actor.role is Role.CASE_MANAGER and role is Role.CLIENT)
    if not allowed:
        refuse(db, actor=actor, action=f"invite:{role}", board=None)
    now = now or utcnow()
    code = secrets.token_urlsafe(24)
    db.add(
        Invite(
            agency_id=actor.agency_id,
            kind=InviteKind.ACCOUNT.value,
            code_hash=code_hash(code),
            role=role.value,
            display_name_hint=name_hint.strip()[:80],
            created_by_id=actor.user_id,
            created_at=now,
            expires_at=now + INVITE_LIFETIME,
        )
    )
    audit.record(db, actor=actor, action="invite.created", target=role.value, at=now)
    return code


def create_grant_invite(
    db: Session,
    *,
    actor: Actor,
    client_id: int,
    terms: Terms,
    name_hint: str = "",
    now: datetime | None = None,
) -> str:
    """The client (or their case manager, with them) invites someone to see part of the board."""
    now = now or utcnow()
    board = load_board(db, client_id=client_id, now=now)
    if board is not None and can(actor, Action.MANAGE_OWN, board):
        with_client = False
    elif board is not None and can(actor, Action.RECORD_CONTACT, board):
        with_client = True  # the assigned case manager, with the client beside them
    else:
        refuse(db, actor=actor, action=Action.MANAGE_OWN, board=board)
    problem = terms.problem()
    if problem:
        raise InvalidInput(problem, field="terms")
    code = secrets.token_urlsafe(24)
    db.add(
        Invite(
            agency_id=board.agency_id,
            kind=InviteKind.GRANT.value,
            code_hash=code_hash(code),
            role=Role.PEER.value,
            display_name_hint=name_hint.strip()[:80],
            created_by_id=actor.user_id,
            for_client_id=client_id,
            grant_terms=terms.as_json(),
            created_at=now,
            expires_at=now + INVITE_LIFETIME,
        )
    )
    audit.record(
        db,
        actor=actor,
        action="grant.invited_with_client" if with_client else "grant.invited",
        board_client_id=client_id,
        target=name_hint.strip()[:60],
        at=now,
    )
    return code


def create_reset_link(db: Session, *, actor: Actor, user_id: int, now: datetime | None = None) -> str:
    """An admin, for anyone in the agency; a case manager, for clients and peers in it."""
    now = now or utcnow()
    target = db.get(User, user_id)
    allowed = (
        target is not None
        and target.agency_id == actor.agency_id
        and target.id != actor.user_id
        and (
            actor.role is Role.ADMIN
            or (actor.role is Role.CASE_MANAGER and target.role in {Role.CLIENT.value, Role.PEER.value})
        )
    )
    if not allowed or target is None:
        refuse(db, actor=actor, action="reset_password", board=None)
    code = secrets.token_urlsafe(24)
    db.add(
        Invite(
            agency_id=actor.agency_id,
            kind=InviteKind.RESET.value,
            code_hash=code_hash(code),
            role=target.role,
            display_name_hint=target.display_name,
            created_by_id=actor.user_id,
            target_user_id=user_id,
            created_at=now,
            expires_at=now + RESET_LIFETIME,
        )
    )
    audit.record(db, actor=actor, action="reset.created", target=f"user {user_id}", at=now)
    return code


# --- reading and using links -----------------------------------------------------------------


def find_invite(db: Session, *, code: str, now: datetime | None = None) -> Invite:
    now = now or utcnow()
    invite = db.exec(select(Invite).where(Invite.code_hash == code_hash(code))).first() if code else None
    if invite is None:
        raise InviteProblem("unknown")
    if invite.used_at is not None:
        raise InviteProblem("used")
    if invite.expires_at <= now:
        raise InviteProblem("expired")
    return invite


def describe_invite(db: Session, *, code: str, now: datetime | None = None) -> InvitePublic:
    invite = find_invite(db, code=code, now=now)
    inviter = db.get(User, invite.created_by_id)
    client = db.get(User, invite.for_client_id) if invite.for_client_id else None
    terms_text = ""
    if invite.grant_terms:
        terms = Terms.from_json(invite.grant_terms)
        terms_text = f"{RELATIONSHIP_WORDS[terms.relationship]}. {describe(terms.scopes, terms.sections)}."
    return InvitePublic(
        kind=invite.kind,
        role=ROLE_WORDS.get(Role(invite.role), ""),
        inviter=inviter.display_name if inviter else "",
        client=client.display_name if client else "",
        name_hint=invite.display_name_hint,
        terms=terms_text,
        until=f"{invite.expires_at:%d %b %Y}",
    )


@dataclass
class Accepted:
    user: User
    claim: str  # for /api/session/claim


def accept_invite(
    db: Session,
    *,
    code: str,
    display_name: str = "",
    login: str = "",
    password: str = "",
    signed_in: Actor | None = None,
    now: datetime | None = None,
) -> Accepted:
    """Use a link. An account invite makes an account; a reset sets a password; a grant
    makes an account (or, for someone signed in, uses theirs) and the grant."""
    now = now or utcnow()
    invite = find_invite(db, code=code, now=now)
    kind = InviteKind(invite.kind)
    if kind is InviteKind.RESET:
        user = db.get(User, invite.target_user_id)
        if user is None:
            raise InviteProblem("unknown")
        _set_password(user, password)
        end_all_sessions(db, user_id=id_of(user))
    elif kind is InviteKind.GRANT and signed_in is not None:
        user = _existing_grantee(db, invite, signed_in)
    else:
        user = _new_account(db, invite, display_name=display_name, login=login, password=password, now=now)

    _use(db, invite, user_id=id_of(user), now=now)
    actor = actor_for(user)
    if kind is InviteKind.GRANT:
        _grant(db, invite, grantee=user, now=now)
    elif kind is InviteKind.ACCOUNT and Role(invite.role) is Role.CLIENT:
        inviter = db.get(User, invite.created_by_id)
        if inviter is not None and inviter.role == Role.CASE_MANAGER.value:
            db.add(CaseAssignment(client_id=id_of(user), case_manager_id=id_of(inviter), since=now))
    audit.record(
        db,
        actor=actor,
        action=f"invite.accepted:{kind.value}",
        board_client_id=invite.for_client_id,
        at=now,
    )
    return Accepted(user=user, claim=start_claimable_session(db, user=user, now=now))


def _existing_grantee(db: Session, invite: Invite, signed_in: Actor) -> User:
    user = db.get(User, signed_in.user_id)
    if user is None or signed_in.agency_id != invite.agency_id:
        raise InvalidInput("This link is for someone at another agency.")
    if signed_in.user_id == invite.for_client_id:
        raise InvalidInput("This is your own board: send the link to the person you chose.")
    return user


def _new_account(
    db: Session, invite: Invite, *, display_name: str, login: str, password: str, now: datetime
) -> User:
    name = " ".join(display_name.split())
    if not 1 <= len(name) <= 80:
        raise InvalidInput("Please write the name you'd like us to use (up to 80 characters).", field="name")
    login = normalize_login(login)
    if not LOGIN_PATTERN.match(login):
        raise InvalidInput(
            "Please choose a sign-in name or email of 3 or more characters, no spaces.", field="login"
        )
    if db.exec(select(User).where(User.email == login)).first() is not None:
        raise InvalidInput("That sign-in name is taken. Please choose another.", field="login")
    user = User(
        agency_id=invite.agency_id,
        role=invite.role,
        display_name=name,
        email=login,
        created_at=now,
    )
    _set_password(user, password)
    db.add(user)
    db.flush()
    return user


def _set_password(user: User, password: str) -> None:
    problem = password_problem(password, personal=(user.display_name, user.email or ""))
    if problem:
        raise InvalidInput(problem, field="password")
    user.password_hash = hash_password(password)


def _use(db: Session, invite: Invite, *, user_id: int, now: datetime) -> None:
    result = db.exec(  # type: ignore[call-overload]
        update(Invite)
        .where(col(Invite.id) == invite.id, col(Invite.used_at).is_(None))
        .values(used_at=now, used_by_id=user_id)
    )
    if result.rowcount != 1:
        raise InviteProblem("used")


def _grant(db: Session, invite: Invite, *, grantee: User, now: datetime) -> None:
    assert invite.grant_terms is not None and invite.for_client_id is not None
    terms = Terms.from_json(invite.grant_terms)
    db.add(
        Grant(
            client_id=invite.for_client_id,
            grantee_id=id_of(grantee),
            relationship=terms.relationship.value,
            scopes=sorted(s.value for s in terms.scopes),
            sections=sorted(s.value for s in terms.sections),
            created_by_id=invite.created_by_id,
            created_at=now,
            accepted_at=now,
            expires_at=now + timedelta(days=terms.days),
        )
    )
    audit.record(
        db,
        actor=actor_for(grantee),
        action="grant.accepted",
        board_client_id=invite.for_client_id,
        target=f"grant for user {grantee.id}",
        at=now,
    )
