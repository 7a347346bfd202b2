"""Suggestions: the only way anyone but the client changes the plan. A case manager, or a
peer the client allowed to, proposes; the client adds it (as is, or in their own words)
or says no thanks, optionally saying why.

Kinds offered: a new goal; a new step on one of the client's active goals; new words for
a goal or a step (if the words changed since the idea was made, the client is shown both
before anything changes); and a person, place or service for *People & places*. Nudges
come with the push issue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from strengthsapp.db.models import Goal, Step, Suggestion, User
from strengthsapp.db.types import id_of, utcnow
from strengthsapp.domain.access import Action, Actor, Relation
from strengthsapp.domain.nudges import describe_days
from strengthsapp.domain.today import step_who
from strengthsapp.domain.vocabulary import (
    GoalStatus,
    ResourceSupport,
    StepWho,
    SuggestionKind,
    SuggestionStatus,
)
from strengthsapp.i18n import N_, _
from strengthsapp.services import audit
from strengthsapp.services.boards import authorize, held_or_loaded, row_by_id
from strengthsapp.services.errors import Conflict, InvalidInput, NotFound
from strengthsapp.services.first_visit import checked, from_payload, write
from strengthsapp.services.nudges import checked_choice, save_plan
from strengthsapp.services.plan import edit_goal, edit_step
from strengthsapp.services.resources import SUPPORT_WORDS, add_resource, checked_fields

MAX_TEXT = 500
OFFERED = {SuggestionKind.NEW_GOAL, SuggestionKind.NEW_STEP, SuggestionKind.EDIT, SuggestionKind.RESOURCE,
           SuggestionKind.NUDGE}  # fmt: skip
# What a first visit kept in an idea says, part by part (message ids, translated where shown).
FIRST_VISIT_PARTS = (("want", N_("What I want")), ("have_now", N_("What I have now")),
                     ("why", N_("Why it matters")), ("step", N_("First step")), ("who_words", N_("Who does it")),
                     ("worked_before", N_("What has worked before")))  # fmt: skip


@dataclass
class SuggestionPublic:
    id: int
    by: str
    kind: str  # new_goal | new_step | edit | resource
    text: str
    goal_text: str  # for a step: the goal it would join
    was: str = ""  # for an edit: the words now on the plan
    changed: bool = False  # for an edit: the words changed since the idea was made
    detail: str = ""  # for a resource: natural or formal, and how to reach it


@dataclass
class IdeaWaitingPublic:
    """One's own idea, still waiting for the client: only what the list shows."""

    id: int
    kind: str
    text: str
    goal_text: str  # for a step or a nudge: the goal
    was: str = ""  # for an edit: the words now on the plan


def clean_text(text: str, *, field: str = "text") -> str:
    words = " ".join(str(text).split())
    if not words:
        raise InvalidInput(_("Please write a few words."), field=field)
    if len(words) > MAX_TEXT:
        raise InvalidInput(
            _(
                "Please keep it under {limit} characters (this is {length}).",
                limit=MAX_TEXT,
                length=len(words),
            ),
            field=field,
        )
    return words


def suggest(
    db: Session,
    *,
    actor: Actor,
    client_id: int,
    kind: SuggestionKind,
    text: str,
    goal_id: int | None = None,
    step_id: int | None = None,
    resource: dict[str, str] | None = None,
    nudge: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Suggestion:
    """The assigned case manager, or a peer with `suggest`, proposes; nothing in the plan changes."""
    now = now or utcnow()
    authorize(db, actor=actor, action=Action.SUGGEST, client_id=client_id, now=now)
    if kind not in OFFERED:
        raise InvalidInput(_("That kind of suggestion is not offered yet."), field="kind")
    payload: dict[str, Any] = {"text": clean_text(text)}
    if kind is SuggestionKind.NEW_STEP:
        goal = row_by_id(db, Goal, goal_id)
        if goal is None or goal.client_id != client_id or goal.status != GoalStatus.ACTIVE.value:
            raise InvalidInput(_("Choose one of the goals being worked on."), field="goal")
        payload["goal_id"] = goal.id
    elif kind is SuggestionKind.EDIT:
        target = _edit_target(db, client_id=client_id, goal_id=goal_id, step_id=step_id)
        if target is None:
            raise InvalidInput(_("Choose the goal or step the new words are for."), field="target")
        key = "goal_id" if isinstance(target, Goal) else "step_id"
        payload.update({key: target.id, "base_version": target.version, "was": target.text})
    elif kind is SuggestionKind.RESOURCE:
        fields = resource or {}
        payload.update(
            checked_fields(
                name=payload["text"], kind=fields.get("kind", ""), support=fields.get("support", ""),
                how_to_reach=fields.get("how_to_reach", ""), notes="",
            )
        )  # fmt: skip
        del payload["name"]
    elif kind is SuggestionKind.NUDGE:  # a nudge for one of the client's goals, in her timezone
        goal = row_by_id(db, Goal, goal_id)
        if goal is None or goal.client_id != client_id or goal.status != GoalStatus.ACTIVE.value:
            raise InvalidInput(_("Choose one of the goals being worked on."), field="goal")
        fields = nudge or {}
        client = db.get(User, client_id)
        days, at, zone, words = checked_choice(
            fields.get("days", []),
            str(fields.get("at", "")),
            client.timezone if client else "UTC",
            payload["text"],
        )
        payload.update(
            {"goal_id": goal.id, "days": days, "at": at.strftime("%H:%M"), "timezone": zone, "text": words}
        )
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
    """What waits for the client's decision. Only the client sees all of these."""
    authorize(db, actor=actor, action=Action.DECIDE_SUGGESTION, client_id=client_id)
    return _pending(db, client_id=client_id)


def ideas_waiting(db: Session, *, actor: Actor, client_id: int) -> list[IdeaWaitingPublic]:
    """The ideas this person had for the client's plan that still wait for her decision,
    so that they are not suggested twice. Only for whoever may suggest; only their own."""
    authorize(db, actor=actor, action=Action.SUGGEST, client_id=client_id)
    return [
        IdeaWaitingPublic(id=i.id, kind=i.kind, text=i.text, goal_text=i.goal_text, was=i.was)
        for i in _pending(db, client_id=client_id, by_id=actor.user_id)
    ]


def _pending(db: Session, *, client_id: int, by_id: int | None = None) -> list[SuggestionPublic]:
    query = (
        select(Suggestion, User.display_name)
        .join(User, col(User.id) == Suggestion.by_id)
        .where(Suggestion.client_id == client_id, Suggestion.status == SuggestionStatus.PENDING.value)
        .order_by(col(Suggestion.created_at))
    )
    if by_id is not None:
        query = query.where(Suggestion.by_id == by_id)
    rows = list(db.exec(query))
    goal_ids = {s.payload.get("goal_id") for s, _ in rows if s.payload.get("goal_id")}
    step_ids = {s.payload.get("step_id") for s, _ in rows if s.payload.get("step_id")}
    goals = held_or_loaded(db, Goal, goal_ids)
    steps = held_or_loaded(db, Step, step_ids)

    def public(s: Suggestion, by: str) -> SuggestionPublic:
        goal = goals.get(s.payload.get("goal_id"))
        target: Goal | Step | None = steps.get(s.payload.get("step_id")) or goal
        detail = ""
        visit = s.payload.get("first_visit")
        if isinstance(visit, dict):  # all that keeping it would write, so nothing enters unseen
            who = StepWho(visit.get("who") or "me")
            facts = {
                **visit,
                "who_words": visit.get("who_name")
                if who is StepWho.SOMEONE_ELSE
                else step_who(who, "", viewer=Relation.CLIENT, client_name=""),
            }
            detail = " · ".join(
                _("{part}: {words}", part=_(label), words=facts[key])
                for key, label in FIRST_VISIT_PARTS
                if facts.get(key)
            )
        if s.kind == SuggestionKind.NUDGE.value:
            detail = _("{days} at {time}", days=describe_days(frozenset(s.payload.get("days", []))),
                       time=str(s.payload.get("at", "")))  # fmt: skip
        if s.kind == SuggestionKind.RESOURCE.value:
            support = _(SUPPORT_WORDS[ResourceSupport(s.payload.get("support", "natural"))])
            detail = " · ".join(x for x in (support, str(s.payload.get("how_to_reach", ""))) if x)
        return SuggestionPublic(
            id=id_of(s), by=by, kind=s.kind, text=str(s.payload.get("text", "")),
            goal_text=goal.text if goal else "",
            was=(target.text if target else _("{words} (no longer on the plan)", words=str(s.payload.get("was", ""))))
            if s.kind == SuggestionKind.EDIT.value
            else "",
            changed=s.kind == SuggestionKind.EDIT.value and target is not None
            and target.version != s.payload.get("base_version"),
            detail=detail,
        )  # fmt: skip

    return [public(s, name) for s, name in rows if s.kind in {k.value for k in OFFERED}]


def _edit_target(db: Session, *, client_id: int, goal_id: object, step_id: object) -> Goal | Step | None:
    """A goal, or a step, on this client's plan."""
    if step_id is not None:
        step = row_by_id(db, Step, step_id)
        goal = db.get(Goal, step.goal_id) if step else None
        return step if goal is not None and goal.client_id == client_id else None
    goal = row_by_id(db, Goal, goal_id)
    return goal if goal is not None and goal.client_id == client_id else None


def decide(
    db: Session,
    *,
    actor: Actor,
    suggestion_id: int,
    accept: bool,
    text: str | None = None,
    reason: str = "",
    seen_version: int | None = None,
    now: datetime | None = None,
) -> None:
    """The client adds the suggestion to their plan, in its words or their own, or declines it.

    New words for a goal or step whose words changed since the idea was made are not taken
    until the client has seen both (`seen_version`: the version she was shown); otherwise Conflict."""
    now = now or utcnow()
    suggestion = row_by_id(db, Suggestion, suggestion_id)
    if suggestion is None:
        raise NotFound()
    authorize(db, actor=actor, action=Action.DECIDE_SUGGESTION, client_id=suggestion.client_id, now=now)
    if suggestion.status != SuggestionStatus.PENDING.value:
        raise InvalidInput(_("You already decided about this one."))
    if not accept:
        suggestion.status, suggestion.reason = SuggestionStatus.DECLINED.value, str(reason)[:MAX_TEXT]
    else:
        original = str(suggestion.payload.get("text", ""))
        words = clean_text(text if text is not None else original, field="text")
        _add_to_plan(
            db,
            actor,
            suggestion,
            words=words,
            client_id=actor.user_id,
            seen_version=seen_version,
            now=now,
        )
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


def _add_to_plan(
    db: Session,
    actor: Actor,
    suggestion: Suggestion,
    *,
    words: str,
    client_id: int,
    seen_version: int | None,
    now: datetime,
) -> None:
    payload = suggestion.payload
    if suggestion.kind == SuggestionKind.EDIT.value:
        target = _edit_target(
            db, client_id=client_id, goal_id=payload.get("goal_id"), step_id=payload.get("step_id")
        )
        if target is None:
            raise InvalidInput(_("That goal or step is no longer on your plan."))
        if target.version != payload.get("base_version") and target.version != seen_version:
            raise Conflict(current={"text": target.text}, version=target.version)
        if isinstance(target, Goal):
            edit_goal(db, actor=actor, goal_id=id_of(target), version=target.version, text=words, why=target.why,
                      domain_key=target.domain_key, target_date=target.target_date, now=now)  # fmt: skip
        else:
            edit_step(db, actor=actor, step_id=id_of(target), version=target.version, text=words, who=target.who,
                      who_name=target.who_name, target_date=target.target_date, now=now)  # fmt: skip
        return
    if isinstance(payload.get("first_visit"), dict):  # the walk-through written down at a first visit
        visit = checked(db, client_id, from_payload(payload["first_visit"], goal_words=words))
        write(db, actor=actor, client_id=client_id, visit=visit, now=now)
        return
    if suggestion.kind == SuggestionKind.NUDGE.value:
        save_plan(
            db, actor=actor, client_id=client_id, days=payload.get("days", []), at=str(payload.get("at", "")),
            timezone=str(payload.get("timezone", "")), message=words, goal_id=payload.get("goal_id"), now=now,
        )  # fmt: skip
        return
    if suggestion.kind == SuggestionKind.RESOURCE.value:
        add_resource(
            db, actor=actor, client_id=client_id, name=words, kind=str(payload.get("kind", "")),
            support=str(payload.get("support", "")), how_to_reach=str(payload.get("how_to_reach", "")), now=now,
        )  # fmt: skip
        return
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
    if goal is None:
        raise InvalidInput(
            _("That goal is no longer on your plan, so the step can't join it. You can say no thanks.")
        )
    if goal.status == GoalStatus.ACHIEVED.value:
        raise InvalidInput(_("You already did that goal! This step can't join it; you can say no thanks."))
    if goal.status != GoalStatus.ACTIVE.value:
        raise InvalidInput(
            _("That goal is resting now (paused or set aside), so the step can't join it yet.")
        )
    last = db.exec(select(func.max(Step.position)).where(Step.goal_id == goal.id)).one()
    db.add(Step(goal_id=id_of(goal), text=words, position=(last or 0) + 1, created_at=now, updated_at=now))
