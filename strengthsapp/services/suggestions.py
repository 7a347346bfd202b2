"""Suggestions: the only way anyone but the client changes the plan. A case manager, or a
peer the client allowed to, proposes; the client adds it (as is, or in their own words)
or says no thanks, optionally saying why.

Kinds offered so far: a new goal, and a new step on one of the client's active goals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from strengthsapp.db.models import Goal, Step, Suggestion, User
from strengthsapp.db.types import id_of, utcnow
from strengthsapp.domain.access import Action, Actor
from strengthsapp.domain.vocabulary import GoalStatus, SuggestionKind, SuggestionStatus
from strengthsapp.services import audit
from strengthsapp.services.boards import authorize, row_by_id
from strengthsapp.services.errors import InvalidInput, NotFound

MAX_TEXT = 500
OFFERED = {SuggestionKind.NEW_GOAL, SuggestionKind.NEW_STEP}


@dataclass
class SuggestionPublic:
    id: int
    by: str
    kind: str  # new_goal | new_step
    text: str
    goal_text: str  # for a step: the goal it would join


def clean_text(text: str, *, field: str = "text") -> str:
    words = " ".join(str(text).split())
    if not words:
        raise InvalidInput("Please write a few words.", field=field)
    if len(words) > MAX_TEXT:
        raise InvalidInput(f"Please keep it under {MAX_TEXT} characters (this is {len(words)}).", field=field)
    return words


def suggest(
    db: Session,
    *,
    actor: Actor,
    client_id: int,
    kind: SuggestionKind,
    text: str,
    goal_id: int | None = None,
    now: datetime | None = None,
) -> Suggestion:
    """The assigned case manager, or a peer with `suggest`, proposes; nothing in the plan changes."""
    now = now or utcnow()
    authorize(db, actor=actor, action=Action.SUGGEST, client_id=client_id, now=now)
    if kind not in OFFERED:
        raise InvalidInput("That kind of suggestion is not offered yet.", field="kind")
    payload: dict[str, Any] = {"text": clean_text(text)}
    if kind is SuggestionKind.NEW_STEP:
        goal = row_by_id(db, Goal, goal_id)
        if goal is None or goal.client_id != client_id or goal.status != GoalStatus.ACTIVE.value:
            raise InvalidInput("Choose one of the goals being worked on.", field="goal")
        payload["goal_id"] = goal.id
    suggestion = Suggestion(
        client_id=client_id, by_id=actor.user_id, kind=kind.value, payload=payload, created_at=now
    )
    db.add(suggestion)
    db.flush()
    audit.record(
        db,
        actor=actor,
        action="suggestion.made",
        board_client_id=client_id,
        target=f"suggestion {suggestion.id}",
        at=now,
    )
    return suggestion


def pending_for(db: Session, *, actor: Actor, client_id: int) -> list[SuggestionPublic]:
    """What waits for the client's decision. Only the client sees these."""
    authorize(db, actor=actor, action=Action.DECIDE_SUGGESTION, client_id=client_id)
    rows = list(
        db.exec(
            select(Suggestion, User.display_name)
            .join(User, col(User.id) == Suggestion.by_id)
            .where(Suggestion.client_id == client_id, Suggestion.status == SuggestionStatus.PENDING.value)
            .order_by(col(Suggestion.created_at))
        )
    )
    goal_ids = {s.payload.get("goal_id") for s, _ in rows if s.payload.get("goal_id")}
    goals = (
        {g.id: g.text for g in db.exec(select(Goal).where(col(Goal.id).in_(goal_ids)))} if goal_ids else {}
    )
    return [
        SuggestionPublic(
            id=id_of(s),
            by=name,
            kind=s.kind,
            text=str(s.payload.get("text", "")),
            goal_text=goals.get(s.payload.get("goal_id"), ""),
        )
        for s, name in rows
        if s.kind in {k.value for k in OFFERED}
    ]


def decide(
    db: Session,
    *,
    actor: Actor,
    suggestion_id: int,
    accept: bool,
    text: str | None = None,
    reason: str = "",
    now: datetime | None = None,
) -> None:
    """The client adds the suggestion to their plan, in its words or their own, or declines it."""
    now = now or utcnow()
    suggestion = row_by_id(db, Suggestion, suggestion_id)
    if suggestion is None:
        raise NotFound()
    authorize(db, actor=actor, action=Action.DECIDE_SUGGESTION, client_id=suggestion.client_id, now=now)
    if suggestion.status != SuggestionStatus.PENDING.value:
        raise InvalidInput("You already decided about this one.")
    if not accept:
        suggestion.status, suggestion.reason = SuggestionStatus.DECLINED.value, str(reason)[:MAX_TEXT]
    else:
        original = str(suggestion.payload.get("text", ""))
        words = clean_text(text if text is not None else original, field="text")
        _add_to_plan(db, suggestion, words=words, client_id=actor.user_id, now=now)
        edited = words != original
        suggestion.status = (SuggestionStatus.EDITED if edited else SuggestionStatus.ACCEPTED).value
    suggestion.decided_at = now
    db.add(suggestion)
    audit.record(
        db,
        actor=actor,
        action=f"suggestion.{suggestion.status}",
        board_client_id=suggestion.client_id,
        target=f"suggestion {suggestion.id}",
        at=now,
    )


def _add_to_plan(db: Session, suggestion: Suggestion, *, words: str, client_id: int, now: datetime) -> None:
    if suggestion.kind == SuggestionKind.NEW_GOAL.value:
        last = db.exec(select(func.max(Goal.position)).where(Goal.client_id == client_id)).one()
        db.add(
            Goal(
                client_id=client_id,
                text=words,
                domain_key="",
                position=(last or 0) + 1,
                created_by_id=client_id,
                created_at=now,
                updated_at=now,
            )
        )
        return
    goal = db.get(Goal, suggestion.payload.get("goal_id"))
    if goal is None or goal.status != GoalStatus.ACTIVE.value:
        raise InvalidInput("That goal is resting now (paused or set aside), so the step can't join it yet.")
    last = db.exec(select(func.max(Step.position)).where(Step.goal_id == goal.id)).one()
    db.add(Step(goal_id=id_of(goal), text=words, position=(last or 0) + 1, created_at=now, updated_at=now))
