"""Sign-in, sessions and their end.

The cookie holds a random token; the database holds only its SHA-256. Every request
resolves the token afresh (`resolve_session`), so a deleted or expired row means no one.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from strengthsapp.db.models import PushSubscription, SignInThrottle, User
from strengthsapp.db.models import Session as SessionRow
from strengthsapp.db.types import id_of, utcnow
from strengthsapp.domain.access import Actor
from strengthsapp.domain.sessions import (
    ABSOLUTE_LIMIT,
    ACCOUNT_LOCK_AFTER,
    ADDRESS_LOCK_AFTER,
    CLAIM_LIFETIME,
    FAILURE_WINDOW,
    IDLE_LIMIT,
    LOCK_FOR,
    TOUCH_EVERY,
    delay_after,
)
from strengthsapp.domain.vocabulary import Role
from strengthsapp.services import audit
from strengthsapp.services.boards import actor_for
from strengthsapp.services.errors import InvalidInput
from strengthsapp.services.passwords import hash_password, password_problem, verify_password

COOKIE_NAME = "sa_session"


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


def claim_session(
    db: Session, *, claim: str, user_agent: str = "", now: datetime | None = None
) -> str | None:
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
    return token


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


WRONG = "That sign-in name and password don't match. Check them and try again."
LOCKED = (
    "Too many tries. To keep your board safe, signing in is paused for {minutes} minutes. "
    "Your case manager can send you a new password link."
)


@dataclass
class SignedIn:
    user: User
    claim: str


def sign_in(db: Session, *, login: str, password: str, address: str, now: datetime | None = None) -> SignedIn:
    """Check the password; on success start a claimable session. Failures are counted per
    account and per address, slowed, and locked for a while past a limit."""
    now = now or utcnow()
    login = normalize_login(login)
    keys = (f"account:{login}"[:300], f"address:{address}"[:300])
    locked_until = max((t.locked_until for t in _throttles(db, keys) if t.locked_until), default=None)
    if locked_until is not None and locked_until > now:
        minutes = max(1, round((locked_until - now).total_seconds() / 60))
        raise SignInRefused(LOCKED.format(minutes=minutes))

    user = db.exec(select(User).where(User.email == login)).first() if login else None
    if user is None or not user.is_active or not verify_password(user.password_hash, password):
        failures = _count_failure(db, keys, now=now)
        audit.record(
            db,
            actor=None,
            action="signin.failed",
            agency_id=user.agency_id if user else None,
            target=f"user {user.id}" if user else "",
            allowed=False,
            at=now,
        )
        db.commit()
        raise SignInRefused(WRONG, delay=delay_after(failures))

    account = db.get(SignInThrottle, keys[0])
    if account is not None:
        db.delete(account)
    claim = start_claimable_session(db, user=user, now=now)
    audit.record(db, actor=actor_for(user), action="signin", at=now)
    return SignedIn(user=user, claim=claim)


def _throttles(db: Session, keys: tuple[str, ...]) -> list[SignInThrottle]:
    return list(db.exec(select(SignInThrottle).where(col(SignInThrottle.key).in_(keys))))


def _count_failure(db: Session, keys: tuple[str, ...], *, now: datetime) -> int:
    """Count a failure against each key; returns the account's count in this window."""
    counts = []
    for key, limit in zip(keys, (ACCOUNT_LOCK_AFTER, ADDRESS_LOCK_AFTER), strict=True):
        row = db.get(SignInThrottle, key) or SignInThrottle(key=key, failures=0, first_failure_at=now)
        if now - row.first_failure_at > FAILURE_WINDOW:
            row.failures, row.first_failure_at, row.locked_until = 0, now, None
        row.failures += 1
        if row.failures >= limit:
            row.locked_until = now + LOCK_FOR
        db.add(row)
        counts.append(row.failures)
    db.flush()
    return counts[0]


# --- passwords --------------------------------------------------------------------------


def change_password(
    db: Session, *, actor: Actor, current: str, new: str, keep_token: str | None, now: datetime | None = None
) -> None:
    """The signed-in person changes their own password; their other sessions end."""
    user = db.get(User, actor.user_id)
    if user is None or not verify_password(user.password_hash, current):
        raise InvalidInput("Your current password is not right.", field="current")
    problem = password_problem(new, personal=(user.display_name, user.email or ""))
    if problem:
        raise InvalidInput(problem, field="new")
    user.password_hash = hash_password(new)
    db.add(user)
    end_all_sessions(db, user_id=actor.user_id, keep_token=keep_token)
    audit.record(db, actor=actor, action="password.changed", at=now)
