"""Everything about me: all that the app holds about a client, for her to download (a ZIP
with one JSON file, a CSV file per kind of thing, and a short README in plain words).

Only the client herself may ask (MANAGE_OWN), and the download is audited. It holds her own
words exactly as written, what others recorded on her board, and of other people only the
names she already sees on her board; never their emails, devices or anything of theirs.
Secrets are left out: no password hash, no session or push keys, no device addresses.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from strengthsapp.db.models import (
    AuditEvent,
    CheckIn,
    Cheer,
    Contact,
    Goal,
    Grant,
    NudgeDelivery,
    NudgePlan,
    Priority,
    PushSubscription,
    QuietHours,
    Resource,
    Step,
    StrengthEntry,
    Suggestion,
    User,
    Win,
)
from strengthsapp.db.models import Session as SignInSession
from strengthsapp.db.types import id_of, utcnow
from strengthsapp.domain.access import Action, Actor
from strengthsapp.i18n import N_, _
from strengthsapp.services import audit
from strengthsapp.services.boards import authorize
from strengthsapp.services.spreadsheet import csv_bytes

README = N_(
    "This is everything the app keeps about you, made on {day}.\n"
    "\n"
    "everything.json has all of it in one file.\n"
    "Each .csv file has one part. A spreadsheet program can open them.\n"
    "\n"
    "Your words are just as you wrote them.\n"
    "Others are named only as you see them on your board.\n"
    "There are no passwords or keys in here.\n"
    "\n"
    "Keep this file safe. It is about you."
)


@dataclass(frozen=True)
class Part:
    """One kind of thing: a CSV file and a list in the JSON file."""

    name: str
    columns: Sequence[str]
    rows: list[dict[str, Any]]


def _plain(value: object) -> object:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def part(
    name: str, items: Iterable[Any], columns: Sequence[str], **computed: Callable[[Any], object]
) -> Part:
    """A part from rows: each column is the row's field of that name, or computed from the row."""
    rows = [
        {c: _plain(computed[c](item) if c in computed else getattr(item, c)) for c in columns}
        for item in items
    ]
    return Part(name, columns, rows)


def everything_about_me(db: Session, *, actor: Actor, now: datetime | None = None) -> list[Part]:
    now = now or utcnow()
    me = actor.user_id
    authorize(db, actor=actor, action=Action.MANAGE_OWN, client_id=me, now=now)
    client = db.get(User, me)
    assert client is not None
    goals = list(db.exec(select(Goal).where(Goal.client_id == me).order_by(col(Goal.id))))
    goal_ids = [id_of(g) for g in goals]
    steps = (
        list(db.exec(select(Step).where(col(Step.goal_id).in_(goal_ids)).order_by(col(Step.id))))
        if goal_ids
        else []
    )
    wins = list(db.exec(select(Win).where(Win.client_id == me).order_by(col(Win.id))))
    win_ids = [id_of(w) for w in wins]
    cheers = (
        list(db.exec(select(Cheer).where(col(Cheer.win_id).in_(win_ids)).order_by(col(Cheer.id))))
        if win_ids
        else []
    )
    grants = list(db.exec(select(Grant).where(Grant.client_id == me).order_by(col(Grant.id))))
    checkins = list(db.exec(select(CheckIn).where(CheckIn.client_id == me).order_by(col(CheckIn.id))))
    ideas = list(db.exec(select(Suggestion).where(Suggestion.client_id == me).order_by(col(Suggestion.id))))
    visits = list(db.exec(select(Contact).where(Contact.client_id == me).order_by(col(Contact.id))))
    events = list(
        db.exec(
            select(AuditEvent)
            .where(or_(col(AuditEvent.board_client_id) == me, col(AuditEvent.actor_id) == me))
            .order_by(col(AuditEvent.id))
        )
    )
    # Names of the people on her board: those who did something on it, as she sees them.
    named = {g.grantee_id for g in grants} | {c.by_id for c in cheers} | {i.by_id for i in ideas}
    named |= {v.case_manager_id for v in visits} | {c.recorded_by_id for c in checkins}
    named |= {w.recorded_by_id for w in wins} | {s.done_by_id for s in steps if s.done_by_id}
    named |= {e.actor_id for e in events if e.actor_id and e.board_client_id == me}
    names = {id_of(u): u.display_name for u in db.exec(select(User).where(col(User.id).in_(named | {me})))}

    def name(user_id: int | None) -> str:
        return names.get(user_id, "") if user_id is not None else ""

    def mine(model: Any, owner: str = "client_id") -> list[Any]:
        return list(db.exec(select(model).where(getattr(model, owner) == me).order_by(col(model.id))))

    plans = mine(NudgePlan)
    plan_ids = [id_of(p) for p in plans]
    deliveries = (
        list(
            db.exec(
                select(NudgeDelivery)
                .where(col(NudgeDelivery.plan_id).in_(plan_ids))
                .order_by(col(NudgeDelivery.id))
            )
        )
        if plan_ids
        else []
    )
    quiet = db.exec(select(QuietHours).where(QuietHours.client_id == me))
    parts = [
        Part(
            "me",
            ["name", "email", "language", "timezone", "since"],
            [
                {
                    "name": client.display_name,
                    "email": client.email or "",
                    "language": client.locale,
                    "timezone": client.timezone,
                    "since": client.created_at.isoformat(),
                }
            ],
        ),
        part(
            "goals",
            goals,
            ["id", "text", "why", "domain_key", "status", "target_date", "created_at", "achieved_at"],
        ),
        part(
            "steps",
            steps,
            ["id", "goal_id", "text", "who", "who_name", "target_date", "done_at", "done_by"],
            done_by=lambda s: name(s.done_by_id),
        ),
        part(
            "check_ins",
            checkins,
            ["id", "goal_id", "step_id", "text", "feeling", "at", "recorded_by", "during_visit"],
            recorded_by=lambda c: name(c.recorded_by_id),
        ),
        part(
            "wins",
            wins,
            ["id", "text", "on", "goal_id", "recorded_by", "created_at"],
            recorded_by=lambda w: name(w.recorded_by_id),
        ),
        part("cheers", cheers, ["id", "win_id", "by", "text", "at"], by=lambda c: name(c.by_id)),
        part(
            "ideas",
            ideas,
            ["id", "by", "kind", "payload", "status", "reason", "created_at", "decided_at"],
            by=lambda i: name(i.by_id),
            payload=lambda i: json.dumps(i.payload, ensure_ascii=False),
        ),
        part(
            "visits",
            visits,
            ["id", "on", "place", "summary", "case_manager", "created_at"],
            case_manager=lambda v: name(v.case_manager_id),
        ),
        part(
            "strengths",
            mine(StrengthEntry),
            ["id", "domain_key", "column", "text", "created_at", "updated_at"],
        ),
        part("priorities", mine(Priority), ["rank", "text", "goal_id"]),
        part(
            "people_and_places",
            mine(Resource),
            [
                "id",
                "name",
                "kind",
                "support",
                "how_to_reach",
                "notes",
                "organization",
                "service",
                "location",
                "created_at",
            ],
        ),
        part(
            "nudges",
            plans,
            [
                "id",
                "goal_id",
                "step_id",
                "days",
                "at_time",
                "timezone",
                "message",
                "active",
                "snoozed_until",
                "created_at",
            ],
            days=lambda p: json.dumps(p.days),
        ),
        part("nudges_sent", deliveries, ["plan_id", "due_at", "status", "sent_at", "action", "acted_at"]),
        part("quiet_hours", quiet, ["start", "end"]),
        part(
            "devices",
            mine(PushSubscription, owner="user_id"),
            ["user_agent", "created_at", "last_success_at"],
        ),
        part(
            "sign_ins",
            mine(SignInSession, owner="user_id"),
            ["user_agent", "created_at", "last_seen_at", "expires_at"],
        ),
        part(
            "who_can_see_my_board",
            grants,
            [
                "person",
                "relationship",
                "scopes",
                "sections",
                "created_at",
                "accepted_at",
                "expires_at",
                "revoked_at",
            ],
            person=lambda g: name(g.grantee_id),
            scopes=lambda g: " ".join(g.scopes),
            sections=lambda g: " ".join(g.sections),
        ),
        part(
            "activity", events, ["at", "who", "action", "target", "allowed"], who=lambda e: name(e.actor_id)
        ),
    ]
    audit.record(db, actor=actor, action="export:everything", board_client_id=me, at=now)
    return parts


def as_zip(parts: list[Part], *, now: datetime, day: str) -> bytes:
    """The download: everything.json, a CSV file per part, README.txt (in her language)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        stamp = now.timetuple()[:6]

        def add(name: str, data: bytes) -> None:
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), data, compress_type=zipfile.ZIP_DEFLATED)

        add("README.txt", _(README, day=day).encode("utf-8"))
        everything = {"made_at": now.isoformat(), **{part.name: part.rows for part in parts}}
        add("everything.json", json.dumps(everything, ensure_ascii=False, indent=2).encode("utf-8"))
        for part in parts:
            add(
                f"{part.name}.csv",
                csv_bytes(part.columns, ([row[c] for c in part.columns] for row in part.rows)),
            )
    return buffer.getvalue()
