"""The tables of the domain model (docs/design.md §3).

A client's board is everything keyed by `client_id`; the client belongs to one agency and
nothing crosses agencies. Enumerated fields store the values of `domain.vocabulary`.
Timestamps are UTC (`UTCDateTime`). The schema changes only through Alembic migrations.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import JSON, Column, Index, MetaData, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from strengthsapp.db.types import UTCDateTime, utcnow
from strengthsapp.domain.vocabulary import (
    DeliveryStatus,
    GoalStatus,
    Relationship,
    StepWho,
    SuggestionStatus,
)

# Named constraints let Alembic alter them later, on SQLite (batch mode) as on PostgreSQL.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata


def now_column() -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def maybe_time_column() -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=True)


def string_column(max_length: int | None = None, *, default: Any = ..., nullable: bool = False) -> Any:
    sa_type = String(max_length) if max_length else Text
    return Field(default=default, sa_type=sa_type, nullable=nullable)


# --- agency and people ---------------------------------------------------------------


class Agency(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = string_column(200)
    slug: str = Field(sa_type=String(64), unique=True)
    timezone: str = string_column(64, default="UTC")
    created_at: datetime = now_column()


class LifeDomain(SQLModel, table=True):
    """An agency's life domains for the Strengths Assessment (default: the seven)."""

    __table_args__ = (UniqueConstraint("agency_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    key: str = string_column(40)
    label: str = string_column(80)
    icon: str = string_column(40)
    position: int = 0


class User(SQLModel, table=True):
    __table_args__ = (Index("ix_user_agency_role", "agency_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id")
    role: str = string_column(20)  # Role
    display_name: str = string_column(80)
    email: str | None = Field(default=None, sa_type=String(254), unique=True)
    password_hash: str | None = string_column(200, default=None, nullable=True)
    locale: str = string_column(16, default="en")
    timezone: str = string_column(64, default="UTC")
    is_active: bool = True
    created_at: datetime = now_column()


class Session(SQLModel, table=True):
    """A signed-in browser. Only hashes of the cookie's random token (and claim) are stored."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(sa_type=String(64), unique=True)
    created_at: datetime = now_column()
    last_seen_at: datetime = now_column()
    expires_at: datetime = Field(sa_type=UTCDateTime)
    user_agent: str = string_column(300, default="")
    # A session made over the websocket (invite accepted, password changed) is claimed by the
    # browser through a one-time code posted to /api/session/claim, which sets the cookie.
    claim_hash: str | None = Field(default=None, sa_type=String(64), unique=True)
    claim_expires_at: datetime | None = maybe_time_column()


class Invite(SQLModel, table=True):
    """A one-time link: to create an account, to accept a client's grant, or to reset a password.

    Only a hash of the code is stored; the link is shown once, to the person who made it."""

    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    kind: str = string_column(20, default="account")  # InviteKind
    code_hash: str = Field(sa_type=String(64), unique=True)
    role: str = string_column(20)  # Role of the account it creates
    display_name_hint: str = string_column(80, default="")
    # The language the invitation is written in, and the new account's until they choose
    # another ("" = none named: the invitee's device decides). strengthsapp.i18n.LOCALES.
    locale: str = string_column(16, default="")
    created_by_id: int = Field(foreign_key="user.id")
    # A grant invite: whose board, and on what terms (scopes, sections, relationship, days).
    for_client_id: int | None = Field(default=None, foreign_key="user.id")
    grant_terms: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # A password reset: whose password, and when they said they knew about the link (until
    # then a banner tells them at every page they open).
    target_user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    seen_by_target_at: datetime | None = maybe_time_column()
    created_at: datetime = now_column()
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = maybe_time_column()
    used_by_id: int | None = Field(default=None, foreign_key="user.id")
    # A grant invite works once the client said yes: at once when she made it; when her case
    # manager made it with her, once she confirms it on her own screen.
    confirmed_at: datetime | None = maybe_time_column()


class SignInThrottle(SQLModel, table=True):
    """Failed sign-ins per account and per address: slowed, then locked for a while."""

    key: str = Field(sa_type=String(300), primary_key=True)  # "account:<email>" or "address:<ip>"
    failures: int = 0
    first_failure_at: datetime = now_column()
    locked_until: datetime | None = maybe_time_column()


class CaseAssignment(SQLModel, table=True):
    __table_args__ = (Index("ix_caseassignment_case_manager_until", "case_manager_id", "until"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="user.id", index=True)
    case_manager_id: int = Field(foreign_key="user.id")
    since: datetime = now_column()
    until: datetime | None = maybe_time_column()


class Grant(SQLModel, table=True):
    """A client's delegation of part of their board to another person."""

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="user.id", index=True)
    grantee_id: int = Field(foreign_key="user.id", index=True)
    relationship: str = string_column(20, default=Relationship.PEER.value)
    scopes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sections: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_by_id: int = Field(foreign_key="user.id")
    created_at: datetime = now_column()
    accepted_at: datetime | None = maybe_time_column()
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = maybe_time_column()


# --- Strengths Assessment ------------------------------------------------------------


class StrengthEntry(SQLModel, table=True):
    __table_args__ = (Index("ix_strengthentry_client_domain", "client_id", "domain_key"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="user.id")
    domain_key: str = string_column(40)
    column: str = string_column(20)  # StrengthColumn
    text: str = Field(sa_type=Text)
    author_id: int = Field(foreign_key="user.id")
    created_at: datetime = now_column()
    updated_at: datetime = now_column()
    version: int = 1  # bumped by every change of the words; an edit names the version it started from
    # A "what has worked before" that came from a recorded win: the same win is added once.
    from_win_id: int | None = Field(default=None, foreign_key="win.id", unique=True)


class Priority(SQLModel, table=True):
    """One of up to four priorities, in the client's words; each can become a goal."""

    __table_args__ = (UniqueConstraint("client_id", "rank"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="user.id")
    rank: int
    text: str = Field(sa_type=Text)
    goal_id: int | None = Field(default=None, foreign_key="goal.id")


# --- Personal Recovery Plan ----------------------------------------------------------


class Goal(SQLModel, table=True):
    __table_args__ = (Index("ix_goal_client_status_position", "client_id", "status", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="user.id")
    text: str = Field(sa_type=Text)  # in the client's own words
    why: str = Field(default="", sa_type=Text)
    domain_key: str = string_column(40)
    status: str = string_column(20, default=GoalStatus.ACTIVE.value)
    target_date: date | None = None
    position: int = 0
    created_by_id: int = Field(foreign_key="user.id")
    created_at: datetime = now_column()
    updated_at: datetime = now_column()
    achieved_at: datetime | None = maybe_time_column()
    version: int = 1


class Step(SQLModel, table=True):
    __table_args__ = (Index("ix_step_goal_position", "goal_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id")
    text: str = Field(sa_type=Text)
    who: str = string_column(20, default=StepWho.ME.value)
    who_name: str = string_column(80, default="")  # when who is someone_else
    target_date: date | None = None
    position: int = 0
    done_at: datetime | None = maybe_time_column()
    done_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = now_column()
    updated_at: datetime = now_column()
    version: int = 1


class GoalStrengthLink(SQLModel, table=True):
    goal_id: int = Field(foreign_key="goal.id", primary_key=True)
    strength_id: int = Field(foreign_key="strengthentry.id", primary_key=True)


class StepStrengthLink(SQLModel, table=True):
    step_id: int = Field(foreign_key="step.id", primary_key=True)
    strength_id: int = Field(foreign_key="strengthentry.id", primary_key=True)


class CheckIn(SQLModel, table=True):
    __table_args__ = (Index("ix_checkin_client_at", "client_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="user.id")
    goal_id: int | None = Field(default=None, foreign_key="goal.id", index=True)
    step_id: int | None = Field(default=None, foreign_key="step.id", index=True)
    text: str = Field(default="", sa_type=Text)  # how it went, in the client's words
    feeling: str | None = string_column(20, default=None, nullable=True)
    at: datetime = now_column()
    recorded_by_id: int = Field(foreign_key="user.id")
    during_visit: bool = False


class Win(SQLModel, table=True):
    __table_args__ = (Index("ix_win_client_on", "client_id", "on"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="user.id")
    text: str = Field(sa_type=Text)
    on: date
    goal_id: int | None = Field(default=None, foreign_key="goal.id")
    recorded_by_id: int = Field(foreign_key="user.id")
    created_at: datetime = now_column()


class Cheer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    win_id: int = Field(foreign_key="win.id", index=True)
    by_id: int = Field(foreign_key="user.id")
    text: str = string_column(80)  # an emoji or a few words
    at: datetime = now_column()


class Suggestion(SQLModel, table=True):
    """The only way anyone but the client changes the plan: the client decides."""

    __table_args__ = (Index("ix_suggestion_client_status", "client_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="user.id")
    by_id: int = Field(foreign_key="user.id")
    kind: str = string_column(20)  # SuggestionKind
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = string_column(20, default=SuggestionStatus.PENDING.value)
    reason: str = Field(default="", sa_type=Text)  # the client's optional "why not"
    created_at: datetime = now_column()
    decided_at: datetime | None = maybe_time_column()


class Contact(SQLModel, table=True):
    """An outreach contact recorded by the case manager, visible to the client."""

    __table_args__ = (Index("ix_contact_client_on", "client_id", "on"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="user.id")
    case_manager_id: int = Field(foreign_key="user.id")
    on: date
    place: str = string_column(20)  # ContactPlace
    summary: str = Field(sa_type=Text)
    created_at: datetime = now_column()


# --- community resources --------------------------------------------------------------


class Resource(SQLModel, table=True):
    """A person, place or service; `client_id` empty means the agency's directory.

    organization/service/location follow Open Referral HSDS for agency directories."""

    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    client_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    name: str = string_column(200)
    kind: str = string_column(20)  # ResourceKind
    support: str = string_column(20)  # ResourceSupport
    how_to_reach: str = Field(default="", sa_type=Text)
    notes: str = Field(default="", sa_type=Text)
    organization: str = string_column(200, default="")
    service: str = string_column(200, default="")
    location: str = string_column(300, default="")
    created_at: datetime = now_column()
    version: int = 1


class GoalResourceLink(SQLModel, table=True):
    goal_id: int = Field(foreign_key="goal.id", primary_key=True)
    resource_id: int = Field(foreign_key="resource.id", primary_key=True)


class StepResourceLink(SQLModel, table=True):
    step_id: int = Field(foreign_key="step.id", primary_key=True)
    resource_id: int = Field(foreign_key="resource.id", primary_key=True)


# --- nudges -----------------------------------------------------------------------------


class NudgePlan(SQLModel, table=True):
    __table_args__ = (Index("ix_nudgeplan_active_scheduled_until", "active", "scheduled_until"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="user.id", index=True)
    goal_id: int | None = Field(default=None, foreign_key="goal.id")
    step_id: int | None = Field(default=None, foreign_key="step.id")
    days: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # 0=Mon
    at_time: time
    timezone: str = string_column(64)
    message: str = string_column(500)  # in the client's words
    active: bool = True
    snoozed_until: datetime | None = maybe_time_column()
    created_at: datetime = now_column()
    # Deliveries exist up to here; the worker tops the horizon up (services.deliveries).
    scheduled_until: datetime | None = maybe_time_column()


class QuietHours(SQLModel, table=True):
    """Client-wide hours in which no nudge is sent, in the client's timezone."""

    client_id: int = Field(foreign_key="user.id", primary_key=True)
    start: time
    end: time


class PushSubscription(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    endpoint: str = Field(sa_type=String(2048), unique=True)
    p256dh: str = string_column(200)
    auth: str = string_column(100)
    user_agent: str = string_column(300, default="")
    created_at: datetime = now_column()
    last_success_at: datetime | None = maybe_time_column()
    failures: int = 0
    # The signed-in browser that subscribed: signing out there removes the subscription.
    session_id: int | None = Field(default=None, foreign_key="session.id", index=True)


class PushNotice(SQLModel, table=True):
    """A one-off message to one device, not a nudge: someone made a sign-in link for its
    person. The device is copied here when the notice is made, because using the link ends
    the person's sessions, and with them the subscriptions. Sent by the worker."""

    __table_args__ = (Index("ix_pushnotice_status_next_attempt_at", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    endpoint: str = Field(sa_type=String(2048))
    p256dh: str = string_column(200)
    auth: str = string_column(100)
    topic: str = string_column(32)
    body: str = string_column(300)
    url: str = string_column(200, default="/")
    status: str = string_column(20, default=DeliveryStatus.DUE.value)  # due, claimed, sent, failed, dead
    attempts: int = 0
    next_attempt_at: datetime = now_column()
    claimed_at: datetime | None = maybe_time_column()
    claimed_by: str = string_column(80, default="")
    sent_at: datetime | None = maybe_time_column()
    result: str = Field(default="", sa_type=Text)
    created_at: datetime = now_column()


class NudgeDelivery(SQLModel, table=True):
    """One nudge due at one moment; the unique key makes scheduling idempotent."""

    __table_args__ = (
        UniqueConstraint("plan_id", "due_at"),
        Index("ix_nudgedelivery_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_nudgedelivery_status_lease_until", "status", "lease_until"),
    )

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="nudgeplan.id")
    due_at: datetime = Field(sa_type=UTCDateTime)
    status: str = string_column(20, default=DeliveryStatus.DUE.value)
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_type=UTCDateTime)
    claimed_at: datetime | None = maybe_time_column()
    claimed_by: str = string_column(80, default="")
    # A claim holds while its worker renews this lease (a heartbeat); once it has run out,
    # another worker takes the delivery over and sends it again, with the same id.
    lease_until: datetime | None = maybe_time_column()
    resends: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    sent_at: datetime | None = maybe_time_column()
    result: str = Field(default="", sa_type=Text)
    # What the client did from the notification ("done" | "not_today"); once per delivery.
    action: str = string_column(20, default="")
    acted_at: datetime | None = maybe_time_column()


class BoardViewer(SQLModel, table=True):
    """Which open browser (Reflex client token) shows which client's board to whom, so a
    revoked grant or an ended assignment can clear that screen at once."""

    __table_args__ = (Index("ix_boardviewer_user_board", "user_id", "board_client_id"),)

    client_token: str = Field(sa_type=String(100), primary_key=True)
    user_id: int = Field(foreign_key="user.id")
    board_client_id: int = Field(foreign_key="user.id")
    seen_at: datetime = now_column()


# --- operations --------------------------------------------------------------------------


class AppliedOperation(SQLModel, table=True):
    """A change made on a screen, applied at most once: the device made its id; whoever
    sends it again (a retry after a lost answer, a second tab) gets this stored result back.
    The row is written first in the change's own transaction, so two at once can't both
    apply it (services.operations)."""

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    op_id: str = Field(sa_type=String(36), primary_key=True)  # a UUID made on the device
    # As the device named it: no foreign key, so that a board that isn't there (a made-up
    # id) gets its refusal stored like any other.
    board_client_id: int | None = Field(default=None, index=True)
    kind: str = string_column(40)
    body_hash: str = string_column(64)  # the same id with other contents is refused
    status: str = string_column(20)  # applied | refused | conflict
    result: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    applied_at: datetime = now_column()


# --- leaving ----------------------------------------------------------------------------


class AccountDeletion(SQLModel, table=True):
    """A client asked for her account to be deleted: at `due_at` everything about her is
    removed (services.deletion), unless she changed her mind before. One row per client,
    kept after the removal, with nothing in it but dates (the audit says who did what)."""

    client_id: int = Field(foreign_key="user.id", primary_key=True)
    requested_at: datetime = now_column()
    due_at: datetime = Field(sa_type=UTCDateTime, index=True)
    cancelled_at: datetime | None = maybe_time_column()
    done_at: datetime | None = maybe_time_column()


# --- audit ------------------------------------------------------------------------------


class AuditEvent(SQLModel, table=True):
    """Append-only: who did what to which board, and who was refused."""

    __table_args__ = (
        Index("ix_auditevent_board_at", "board_client_id", "at"),
        Index("ix_auditevent_agency_at", "agency_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    agency_id: int | None = Field(default=None, foreign_key="agency.id")
    actor_id: int | None = Field(default=None, foreign_key="user.id")
    board_client_id: int | None = Field(default=None, foreign_key="user.id")
    action: str = string_column(40)
    target: str = string_column(120, default="")
    allowed: bool = True
    at: datetime = now_column()
