"""Sign-in, sessions and their end.

The cookie holds a random token; the database holds only its SHA-256. Every request
resolves the token afresh (`resolve_session`), so a deleted or expired row means no one.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import delete
from sqlmodel import Session, col, select

from strengthsapp.db.engine import session_scope
from strengthsapp.db.models import PushSubscription, SignInThrottle, User
from strengthsapp.db.models import Session as SessionRow
from strengthsapp.db.types import id_of, utcnow
from strengthsapp.domain.access import Actor
from strengthsapp.domain.sessions import (
    ABSOLUTE_LIMIT,
    ADDRESS_LOCK_AFTER,
    CLAIM_LIFETIME,
    FAILURE_WINDOW,
    IDLE_LIMIT,
    LOCK_FOR,
    PAIR_LOCK_AFTER,
    TOUCH_EVERY,
    account_wait,
    delay_after,
)
from strengthsapp.domain.vocabulary import Role
from strengthsapp.i18n import N_, _, ngettext
from strengthsapp.services import audit
from strengthsapp.services.boards import actor_for
from strengthsapp.services.errors import InvalidInput
from strengthsapp.services.passwords import hash_password, password_problem, verify_password
from strengthsapp.settings import get_settings

COOKIE_NAME = "sa_session"
DEVICE_COOKIE = "sa_device"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalize_login(login: str) -> str:
    return login.strip().lower()


# --- sessions -------------------------------------------------------------------------


def start_session(db: Session, *, user: User, user_agent: str = "", now: datetime | None = None) -> str:
    """A new session for the user; returns the cookie token (shown nowhere else)."""
    _row, token = _new_session(db, user=user, user_agent=user_agent, now=now or utcnow())
    return token


def start_claimable_session(db: Session, *, user: User, now: datetime | None = None) -> str:
    """A session the browser picks up by posting the returned one-time claim code.

    Used where the websocket, which cannot set an HttpOnly cookie, did the sign-in work.
    The session is unusable until claimed: no token for it exists anywhere yet."""
    now = now or utcnow()
    row, _unused_token = _new_session(db, user=user, user_agent="", now=now)
    claim = secrets.token_urlsafe(32)
    row.claim_hash = token_hash(claim)
    row.claim_expires_at = now + CLAIM_LIFETIME
    db.add(row)
    db.flush()
    return claim


def _new_session(db: Session, *, user: User, user_agent: str, now: datetime) -> tuple[SessionRow, str]:
    token = secrets.token_urlsafe(32)
    row = SessionRow(
        user_id=id_of(user),
        token_hash=token_hash(token),
        created_at=now,
        last_seen_at=now,
        expires_at=now + ABSOLUTE_LIMIT[Role(user.role)],
        user_agent=user_agent[:300],
    )
    db.add(row)
    db.flush()
    return row, token


@dataclass(frozen=True)
class Claimed:
    token: str  # for the cookie
    user_id: int


def claim_session(
    db: Session, *, claim: str, user_agent: str = "", now: datetime | None = None
) -> Claimed | None:
    """Swap a one-time claim code for a fresh cookie token; None if unknown, used or stale."""
    now = now or utcnow()
    row = db.exec(select(SessionRow).where(SessionRow.claim_hash == token_hash(claim))).first()
    if row is None or row.claim_expires_at is None or row.claim_expires_at < now:
        return None
    token = secrets.token_urlsafe(32)
    row.token_hash = token_hash(token)
    row.claim_hash = None
    row.claim_expires_at = None
    row.user_agent = user_agent[:300]
    row.last_seen_at = now
    db.add(row)
    db.flush()
    return Claimed(token=token, user_id=row.user_id)


T = TypeVar("T")


class NoSession(Exception):
    """The request holds no live session: the person signs in (again)."""


def as_person(token: str | None, use: Callable[[Session, Actor], T]) -> T:
    """One unit of work as whoever holds this session right now: `use(db, actor)`, committed
    when it returns, rolled back when it raises. NoSession without a live session (an
    expired one is deleted on the way, as resolve_session does)."""
    with session_scope() as db:
        actor = resolve_session(db, token=token)
        if actor is not None:
            return use(db, actor)
    raise NoSession()


def resolve_session(db: Session, *, token: str | None, now: datetime | None = None) -> Actor | None:
    """Who holds this cookie token right now, or None. Expired sessions are deleted."""
    if not token:
        return None
    now = now or utcnow()
    found = db.exec(
        select(SessionRow, User)
        .join(User, col(User.id) == SessionRow.user_id)
        .where(SessionRow.token_hash == token_hash(token))
    ).first()
    if found is None:
        return None
    row, user = found
    if row.claim_hash is not None or not user.is_active:
        return None
    role = Role(user.role)
    if now >= row.expires_at or now - row.last_seen_at >= IDLE_LIMIT[role]:
        _forget_devices(db, select(SessionRow.id).where(SessionRow.id == row.id))
        db.delete(row)
        db.flush()
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        db.add(row)
        db.flush()
    # Held for the rest of this unit of work: a look at one's own board reads this row again.
    db.info.setdefault("held", []).append(user)
    return actor_for(user)


def session_id_of(db: Session, *, token: str | None) -> int | None:
    """The row of this cookie's session (after resolve_session said it is valid)."""
    if not token:
        return None
    return db.exec(select(SessionRow.id).where(SessionRow.token_hash == token_hash(token))).first()


def end_session(db: Session, *, token: str | None) -> None:
    """Sign this browser out: the session row goes, and with it this device's nudges."""
    if token:
        which = col(SessionRow.token_hash) == token_hash(token)
        _forget_devices(db, select(SessionRow.id).where(which))
        db.exec(delete(SessionRow).where(which))


def end_all_sessions(db: Session, *, user_id: int, keep_token: str | None = None) -> None:
    which = col(SessionRow.user_id) == user_id
    if keep_token:
        which = which & (col(SessionRow.token_hash) != token_hash(keep_token))
    _forget_devices(db, select(SessionRow.id).where(which))
    db.exec(delete(SessionRow).where(which))


def _forget_devices(db: Session, session_ids: Any) -> None:
    """A signed-out browser gets no more nudges: its push subscriptions go with its session."""
    db.exec(delete(PushSubscription).where(col(PushSubscription.session_id).in_(session_ids)))


# --- sign-in ----------------------------------------------------------------------------


class SignInRefused(Exception):
    def __init__(self, message: str, *, delay: float = 0.0) -> None:
        super().__init__(message)
        self.message = message
        self.delay = delay


WRONG = N_("That sign-in name and password don't match. Check them and try again.")


@dataclass
class SignedIn:
    user: User
    claim: str


@dataclass(frozen=True)
class ThrottleKeys:
    pair: str  # this name from this address
    address: str  # any name from this address
    account: str  # this name from anywhere

    def all(self) -> tuple[str, str, str]:
        return (self.pair, self.address, self.account)


def throttle_keys(login: str, address: str) -> ThrottleKeys:
    return ThrottleKeys(
        pair=f"pair:{login}|{address}"[:300],
        address=f"address:{address}"[:300],
        account=f"account:{login}"[:300],
    )


@dataclass(frozen=True)
class SignInTry:
    """A try, as far as it was looked up: whom the name belongs to and the hash to check
    the password against (a stand-in's when the name is unknown). `prepare_sign_in` makes
    it; `finish_sign_in` takes it back with the check's result."""

    login: str
    address: str
    user_id: int | None  # None: no such person, or not active
    password_hash: str | None


def sign_in(
    db: Session, *, login: str, password: str, address: str, device: str = "", now: datetime | None = None
) -> SignedIn:
    """Check the password; on success start a claimable session. Anyone may call it.

    The three steps in one unit of work; the sign-in page runs them in two, with the
    password check between them and outside both, so that no unit of work (on SQLite, no
    turn at the database) waits on the hashing (states.signin)."""
    attempt = prepare_sign_in(db, login=login, address=address, device=device, now=now)
    return finish_sign_in(
        db, attempt=attempt, right=verify_password(attempt.password_hash, password), now=now
    )


def prepare_sign_in(
    db: Session, *, login: str, address: str, device: str = "", now: datetime | None = None
) -> SignInTry:
    """Look the name up, unless tries for it from here must wait (SignInRefused, said
    plainly). Failures are counted for the name and address together, the address and the
    name (domain.sessions): the first two pause guesses from where they come; the last only
    makes devices the person never signed in on (no `device` mark for them) wait a while."""
    now = now or utcnow()
    login = normalize_login(login)
    keys = throttle_keys(login, address)
    rows = {row.key: row for row in _throttles(db, keys.all())}
    user = db.exec(select(User).where(User.email == login)).first() if login else None
    known = user is not None and device_knows(device, user_id=id_of(user))
    refusal = _throttled(rows, keys, known_device=known, now=now)
    if refusal:
        raise SignInRefused(refusal)
    active = user is not None and user.is_active
    return SignInTry(
        login=login, address=address, user_id=id_of(user) if active and user else None,
        password_hash=user.password_hash if active and user else None,
    )  # fmt: skip


def finish_sign_in(db: Session, *, attempt: SignInTry, right: bool, now: datetime | None = None) -> SignedIn:
    """After the password was checked against `attempt.password_hash` (`right`): a new
    claimable session, or the failure counted, audited and refused (kept: committed)."""
    now = now or utcnow()
    keys = throttle_keys(attempt.login, attempt.address)
    rows = {row.key: row for row in _throttles(db, keys.all())}
    user = db.get(User, attempt.user_id) if attempt.user_id is not None else None
    if user is None or not user.is_active or not right or attempt.password_hash is None:
        failures = _count_failure(db, keys, rows, now=now)
        known = user or db.exec(select(User).where(User.email == attempt.login)).first()
        audit.record(
            db,
            actor=None,
            action="signin.failed",
            agency_id=known.agency_id if known else None,
            target=f"user {known.id}" if known else "",
            allowed=False,
            at=now,
        )
        db.commit()
        raise SignInRefused(_(WRONG), delay=delay_after(failures))
    if keys.pair in rows:  # this device's slips are forgiven; guesses elsewhere still count
        db.delete(rows[keys.pair])
    claim = start_claimable_session(db, user=user, now=now)
    audit.record(db, actor=actor_for(user), action="signin", at=now)
    return SignedIn(user=user, claim=claim)


def _throttles(db: Session, keys: tuple[str, ...]) -> list[SignInThrottle]:
    return list(db.exec(select(SignInThrottle).where(col(SignInThrottle.key).in_(keys))))


def _throttled(
    rows: dict[str, SignInThrottle], keys: ThrottleKeys, *, known_device: bool, now: datetime
) -> str | None:
    """Why this try must wait, in plain words; None if it may go ahead."""
    for key in (keys.pair, keys.address):
        row = rows.get(key)
        if row is not None and row.locked_until is not None and row.locked_until > now:
            minutes = max(1, round((row.locked_until - now).total_seconds() / 60))
            return ngettext(
                "Too many tries from here. To keep your board safe, signing in from this device is paused "
                "for {count} minute. You can still sign in on another phone or computer, or ask your "
                "agency for a new password link.",
                "Too many tries from here. To keep your board safe, signing in from this device is paused "
                "for {count} minutes. You can still sign in on another phone or computer, or ask your "
                "agency for a new password link.",
                minutes,
            )
    account = rows.get(keys.account)
    # For a name, `locked_until` is when a new device may try again (known ones always may).
    if (
        not known_device
        and account is not None
        and account.locked_until is not None
        and account.locked_until > now
    ):
        return ngettext(
            "There have been many tries to sign in with this name lately. To keep the board safe, please "
            "wait {count} second, then try again. On a phone or computer you have signed in on before, "
            "you can sign in now.",
            "There have been many tries to sign in with this name lately. To keep the board safe, please "
            "wait {count} seconds, then try again. On a phone or computer you have signed in on before, "
            "you can sign in now.",
            math.ceil((account.locked_until - now).total_seconds()),
        )
    return None


def _count_failure(db: Session, keys: ThrottleKeys, rows: dict[str, SignInThrottle], *, now: datetime) -> int:
    """Count a failure for each key; returns this name-and-address's count in its window."""
    counts = {}
    for key in keys.all():
        row = rows.get(key) or SignInThrottle(key=key, failures=0, first_failure_at=now)
        if now - row.first_failure_at > FAILURE_WINDOW:
            row.failures, row.first_failure_at, row.locked_until = 0, now, None
        row.failures += 1
        if key == keys.account:
            wait = account_wait(row.failures)
            row.locked_until = now + wait if wait else None
        elif row.failures >= (PAIR_LOCK_AFTER if key == keys.pair else ADDRESS_LOCK_AFTER):
            row.locked_until = now + LOCK_FOR
        db.add(row)
        counts[key] = row.failures
    db.flush()
    return counts[keys.pair]


# --- known devices ------------------------------------------------------------------------
# A device a person has signed in on carries a mark for them (HttpOnly cookie, a year): it
# doesn't sign anyone in, it only spares its owner the wait that guesses elsewhere cause.

DEVICE_MARKS_KEPT = 4  # a shared family phone: several people's marks


def _device_mac(user_id: int, nonce: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, f"device:{user_id}:{nonce}".encode(), hashlib.sha256).hexdigest()[:32]


def device_mark(user_id: int, *, earlier: str = "") -> str:
    """The device cookie after `user_id` signed in on it: their mark first, then up to
    three other people's kept from `earlier`."""
    nonce = secrets.token_urlsafe(12)
    others = [m for m in _marks(earlier) if m[0] != user_id][: DEVICE_MARKS_KEPT - 1]
    return "~".join(
        f"{uid}.{n}.{mac}" for uid, n, mac in [(user_id, nonce, _device_mac(user_id, nonce)), *others]
    )


def device_knows(value: str, *, user_id: int) -> bool:
    """Whether this device cookie holds a real mark for this person."""
    return any(
        uid == user_id and hmac.compare_digest(mac, _device_mac(uid, n)) for uid, n, mac in _marks(value)
    )


def _marks(value: str) -> list[tuple[int, str, str]]:
    marks = []
    for part in (value or "").split("~")[:DEVICE_MARKS_KEPT]:
        uid, _, rest = part.partition(".")
        nonce, _, mac = rest.partition(".")
        if uid.isdigit() and len(uid) < 12 and nonce and len(mac) == 32:
            marks.append((int(uid), nonce[:40], mac))
    return marks


# --- passwords --------------------------------------------------------------------------


def change_password(
    db: Session, *, actor: Actor, current: str, new: str, keep_token: str | None, now: datetime | None = None
) -> None:
    """The signed-in person changes their own password; their other sessions end."""
    user = db.get(User, actor.user_id)
    if user is None or not verify_password(user.password_hash, current):
        raise InvalidInput(_("Your current password is not right."), field="current")
    problem = password_problem(new, personal=(user.display_name, user.email or ""))
    if problem:
        raise InvalidInput(problem, field="new")
    user.password_hash = hash_password(new)
    db.add(user)
    end_all_sessions(db, user_id=actor.user_id, keep_token=keep_token)
    audit.record(db, actor=actor, action="password.changed", at=now)
