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
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import Session, col, select

from strengthsapp import i18n
from strengthsapp.db.models import CaseAssignment, Grant, Invite, User
from strengthsapp.db.types import id_of, utcnow
from strengthsapp.domain.access import (
    Action,
    Actor,
    AgencyAction,
    Board,
    can,
    can_in_agency,
    may_make_sign_in_link,
)
from strengthsapp.domain.grants import RELATIONSHIP_WORDS, Terms, describe
from strengthsapp.domain.today import day_and_month
from strengthsapp.domain.vocabulary import InviteKind, Role
from strengthsapp.i18n import N_, _
from strengthsapp.services import audit
from strengthsapp.services.boards import actor_for, is_id, load_board, refuse
from strengthsapp.services.errors import InvalidInput
from strengthsapp.services.language import language_of_user
from strengthsapp.services.notices import tell_devices
from strengthsapp.services.passwords import hash_password, password_problem
from strengthsapp.services.sessions import end_all_sessions, normalize_login, start_claimable_session
from strengthsapp.settings import get_settings

INVITE_LIFETIME = timedelta(days=7)
RESET_LIFETIME = timedelta(minutes=30)
LOGIN_PATTERN = re.compile(r"^[^\s]{3,254}$")
ROLE_WORDS = {  # message ids, translated where they are shown
    Role.CLIENT: N_("a client"),
    Role.CASE_MANAGER: N_("a case manager"),
    Role.PEER: N_("a peer supporter"),
    Role.ADMIN: N_("an agency admin"),
}


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


class InviteProblem(Exception):
    """The link can't be used; `kind` is unknown, used, expired or unconfirmed (a grant
    invitation still waiting for the client's yes)."""

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
    locale: str = ""  # the language the inviter chose for the invitee, or ""


# --- making links -------------------------------------------------------------------------


def create_account_invite(
    db: Session,
    *,
    actor: Actor,
    role: Role,
    name_hint: str = "",
    locale: object = "",
    now: datetime | None = None,
) -> str:
    """An admin invites anyone to the agency; a case manager invites clients, who are then
    assigned to them. `locale` is the invitee's language, if the inviter named one: the
    invitation opens in it and the new account speaks it. Returns the code, to be shown once."""
    if not can_in_agency(actor, AgencyAction.INVITE, invitee=role):
        refuse(db, actor=actor, action=f"invite:{role}", board=None)
    language = i18n.known(locale) if locale else ""
    if language is None:
        raise InvalidInput(_("Choose one of the languages in the list."), field="locale")
    now = now or utcnow()
    code = secrets.token_urlsafe(24)
    db.add(
        Invite(
            agency_id=actor.agency_id,
            kind=InviteKind.ACCOUNT.value,
            code_hash=code_hash(code),
            role=role.value,
            display_name_hint=name_hint.strip()[:80],
            locale=language,
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
    """The client (or their case manager, with them) invites someone to see part of the board.
    One the case manager makes waits for the client's yes on her own screen
    (`grants.confirm_grant_invite`): until then the link only says so."""
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
            confirmed_at=None if with_client else now,
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
    """A one-time new-password link for someone, shown once to whoever made it. Who may:
    `domain.access.may_make_sign_in_link` (an admin for anyone else in the agency; a case
    manager for their own clients, and peers who hold a grant from one of them); anyone
    else is refused and audited, on the client's board when it is a client's link.

    The link lives RESET_LIFETIME and works once; using it ends all the person's sessions.
    The person is told: on their activity page (a client), on each of their devices now
    (a push), and by a banner on every page until they say they know (`sign_in_links_for`)."""
    now = now or utcnow()
    person = db.get(User, user_id) if is_id(user_id) else None
    boards = _boards_of(db, person, now=now) if person is not None else []
    own_board = next((b for b in boards if person is not None and b.client_id == person.id), None)
    # An account that is no more (closed, or removed at her request) has no one to let in.
    if person is None or not person.is_active or not may_make_sign_in_link(
        actor, person_id=id_of(person), person_agency_id=person.agency_id, person_role=Role(person.role),
        boards=boards,
    ):  # fmt: skip
        refuse(db, actor=actor, action="reset_password", board=own_board)
    code = secrets.token_urlsafe(24)
    invite = Invite(
        agency_id=actor.agency_id,
        kind=InviteKind.RESET.value,
        code_hash=code_hash(code),
        role=person.role,
        display_name_hint=person.display_name,
        created_by_id=actor.user_id,
        target_user_id=id_of(person),
        created_at=now,
        expires_at=now + RESET_LIFETIME,
    )
    db.add(invite)
    db.flush()
    audit.record(
        db, actor=actor, action="reset.created", board_client_id=own_board.client_id if own_board else None,
        target=f"user {person.id}", at=now,
    )  # fmt: skip
    with i18n.using(language_of_user(db, id_of(person))):  # the notice is in the person's language
        words = sign_in_link_words(actor.display_name, at=now, timezone=person.timezone)
    tell_devices(
        db, user_id=id_of(person), topic=f"sign-in-link-{invite.id}", url="/account", now=now, body=words
    )
    return code


def sign_in_link_words(maker: str, *, at: datetime, timezone: str) -> str:
    first = maker.split()[0] if maker.split() else maker
    moment = at.astimezone(ZoneInfo(timezone))
    return _(
        "{maker} made a new sign-in link for you at {time} on {date}. If you weren't with {first}, tell your agency.",
        maker=maker, time=i18n.clock(moment), date=day_and_month(moment.date()), first=first,
    )  # fmt: skip


def _boards_of(db: Session, person: User, *, now: datetime) -> list[Board]:
    """A client's own board; for a peer, the boards of the clients who granted them access."""
    if person.role == Role.CLIENT.value:
        board = load_board(db, client_id=id_of(person), now=now)
        return [board] if board is not None else []
    if person.role == Role.PEER.value:
        client_ids = set(db.exec(select(Grant.client_id).where(Grant.grantee_id == person.id)))
        return [b for b in (load_board(db, client_id=c, now=now) for c in client_ids) if b is not None]
    return []


@dataclass
class SignInLinkPublic:
    """A sign-in link someone made for the person who is looking."""

    id: int
    words: str
    used: bool


NOTICE_FOR = timedelta(days=30)


def sign_in_links_for(
    db: Session, *, actor: Actor, unseen_only: bool = True, now: datetime | None = None
) -> list[SignInLinkPublic]:
    """Sign-in links made for this person by someone else lately, newest first: those they
    haven't said they know about (the banner), or all (My account)."""
    now = now or utcnow()
    query = (
        select(Invite, User.display_name)
        .join(User, col(User.id) == Invite.created_by_id)
        .where(
            Invite.target_user_id == actor.user_id,
            Invite.kind == InviteKind.RESET.value,
            Invite.created_by_id != actor.user_id,
            col(Invite.created_at) >= now - NOTICE_FOR,
        )
        .order_by(col(Invite.created_at).desc())
        .limit(10)
    )
    if unseen_only:
        query = query.where(col(Invite.seen_by_target_at).is_(None))
    me = db.get(User, actor.user_id)
    zone = me.timezone if me else "UTC"
    return [
        SignInLinkPublic(id=id_of(invite), words=sign_in_link_words(maker, at=invite.created_at, timezone=zone),
                         used=invite.used_at is not None)
        for invite, maker in db.exec(query)
    ]  # fmt: skip


def sign_in_links_seen(db: Session, *, actor: Actor, now: datetime | None = None) -> None:
    """The person says they know about the sign-in links made for them: the banner goes."""
    now = now or utcnow()
    db.exec(
        update(Invite)  # type: ignore[call-overload]
        .where(col(Invite.target_user_id) == actor.user_id, col(Invite.seen_by_target_at).is_(None))
        .values(seen_by_target_at=now)
    )
    audit.record(db, actor=actor, action="reset.seen", board_client_id=_own_board_id(actor), at=now)


def _own_board_id(actor: Actor) -> int | None:
    """Where a client's own account events belong: her board, whose activity she reads."""
    return actor.user_id if actor.role is Role.CLIENT else None


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
    if invite.kind == InviteKind.GRANT.value and invite.confirmed_at is None:
        raise InviteProblem("unconfirmed")
    return invite


def describe_invite(db: Session, *, code: str, now: datetime | None = None) -> InvitePublic:
    invite = find_invite(db, code=code, now=now)
    inviter = db.get(User, invite.created_by_id)
    client = db.get(User, invite.for_client_id) if invite.for_client_id else None
    terms_text = ""
    if invite.grant_terms:
        terms = Terms.from_json(invite.grant_terms)
        terms_text = _(
            "{relationship}. {abilities}.",
            relationship=_(RELATIONSHIP_WORDS[terms.relationship]),
            abilities=describe(terms.scopes, terms.sections),
        )
    return InvitePublic(
        kind=invite.kind,
        role=_(ROLE_WORDS[Role(invite.role)]) if Role(invite.role) in ROLE_WORDS else "",
        inviter=inviter.display_name if inviter else "",
        client=client.display_name if client else "",
        name_hint=invite.display_name_hint,
        terms=terms_text,
        until=i18n.day(invite.expires_at.date()),
        locale=i18n.known(invite.locale) or "",
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
    locale: object = "",
    now: datetime | None = None,
) -> Accepted:
    """Use a link. An account invite makes an account; a reset sets a password; a grant
    makes an account (or, for someone signed in, uses theirs) and the grant. A new account
    speaks `locale` (the language the invitee read the invitation in), else the one the
    inviter chose, else the agency's."""
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
        user = _new_account(
            db, invite, display_name=display_name, login=login, password=password, locale=locale, now=now
        )

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
        board_client_id=invite.for_client_id if kind is InviteKind.GRANT else _own_board_id(actor),
        at=now,
    )
    return Accepted(user=user, claim=start_claimable_session(db, user=user, now=now))


def _existing_grantee(db: Session, invite: Invite, signed_in: Actor) -> User:
    user = db.get(User, signed_in.user_id)
    if user is None or signed_in.agency_id != invite.agency_id:
        raise InvalidInput(_("This link is for someone at another agency."))
    if signed_in.user_id == invite.for_client_id:
        raise InvalidInput(_("This is your own board: send the link to the person you chose."))
    return user


def _new_account(
    db: Session,
    invite: Invite,
    *,
    display_name: str,
    login: str,
    password: str,
    locale: object,
    now: datetime,
) -> User:
    name = " ".join(display_name.split())
    if not 1 <= len(name) <= 80:
        raise InvalidInput(
            _("Please write the name you'd like us to use (up to 80 characters)."), field="name"
        )
    login = normalize_login(login)
    if not LOGIN_PATTERN.match(login):
        raise InvalidInput(
            _("Please choose a sign-in name or email of 3 or more characters, no spaces."), field="login"
        )
    if db.exec(select(User).where(User.email == login)).first() is not None:
        raise InvalidInput(_("That sign-in name is taken. Please choose another."), field="login")
    user = User(
        agency_id=invite.agency_id,
        role=invite.role,
        display_name=name,
        email=login,
        locale=i18n.choose(locale, invite.locale, default=get_settings().default_locale),
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
