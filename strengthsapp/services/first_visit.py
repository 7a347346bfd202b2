"""The first visit: a walk-through in the 4-E order, done together.

Explicitize (what I want, and what I have now), Envision (my first goal, and why it
matters), Empower (one small first step, and who does it), Evolve (what has worked before,
carried into the goal). On the client's own phone it is written at once. On the case
manager's tablet it becomes one idea that the client keeps with one tap (or rewords, or
declines): nothing enters the plan without the client.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from strengthsapp.db.models import Goal, GoalStrengthLink, Priority, Step, StrengthEntry, Suggestion, User
from strengthsapp.db.types import id_of, utcnow
from strengthsapp.domain.access import Action, Actor, can
from strengthsapp.domain.vocabulary import StepWho, StrengthColumn, SuggestionKind
from strengthsapp.i18n import N_, _
from strengthsapp.services import audit
from strengthsapp.services.boards import authorize
from strengthsapp.services.errors import InvalidInput
from strengthsapp.services.plan import DomainPublic, _who, domain_key_for, domains_of, next_goal_position
from strengthsapp.services.strengths import max_rank
from strengthsapp.services.words import LONG, clean

# The walk-through's questions, on the page and in a message about one of them (message ids,
# translated where they are shown).
QUESTIONS = {"want": N_("What do I want?"), "have_now": N_("What do I have now that helps?"),
             "goal": N_("My goal"), "why": N_("Why it matters to me"), "step": N_("The step"),
             "who_name": N_("Name (for someone else)"), "worked_before": N_("What has worked before")}  # fmt: skip


@dataclass
class WalkThroughPublic:
    """What the walk-through page shows: whose board, and the parts of life to choose from."""

    client_name: str
    own: bool
    domains: list[DomainPublic]


def walk_through(db: Session, *, actor: Actor | None, client_id: int) -> WalkThroughPublic:
    """The walk-through for this board, if the actor may do it (NotAllowed otherwise)."""
    board = authorize(db, actor=actor, action=Action.FIRST_VISIT, client_id=client_id)
    assert actor is not None
    client = db.get(User, client_id)
    return WalkThroughPublic(
        client_name=client.display_name if client else "",
        own=actor.user_id == client_id,
        domains=domains_of(db, board.agency_id),
    )


@dataclass
class FirstVisit:
    want: str
    domain_key: str
    have_now: str
    goal: str
    why: str
    step: str
    who: str
    who_name: str
    worked_before: str


def checked(db: Session, client_id: int, visit: FirstVisit) -> FirstVisit:
    who, who_name = _who(visit.who or StepWho.ME.value, visit.who_name)
    return FirstVisit(
        want=clean(visit.want, field="want"),
        domain_key=domain_key_for(db, client_id, visit.domain_key),
        have_now=clean(visit.have_now, field="have_now", required=False),
        goal=clean(visit.goal or visit.want, field="goal"),
        why=clean(visit.why, field="why", limit=LONG, required=False),
        step=clean(visit.step, field="step"),
        who=who,
        who_name=who_name,
        worked_before=clean(visit.worked_before, field="worked_before", required=False),
    )


def start_together(
    db: Session, *, actor: Actor, client_id: int, visit: FirstVisit, now: datetime | None = None
) -> str:
    """ "written" when the client did it; "suggested" when their case manager wrote it down."""
    now = now or utcnow()
    board = authorize(db, actor=actor, action=Action.FIRST_VISIT, client_id=client_id, now=now)
    if can(actor, Action.EDIT_PLAN, board):
        write(db, actor=actor, client_id=client_id, visit=checked(db, client_id, visit), now=now)
        return "written"
    visit = checked(db, client_id, visit)
    suggestion = Suggestion(
        client_id=client_id, by_id=actor.user_id, kind=SuggestionKind.NEW_GOAL.value,
        payload={"text": visit.goal, "first_visit": asdict(visit)}, created_at=now,
    )  # fmt: skip
    db.add(suggestion)
    db.flush()
    audit.record(db, actor=actor, action="suggestion.made", board_client_id=client_id,
                 target=f"suggestion {suggestion.id}", at=now)  # fmt: skip
    return "suggested"


def write(db: Session, *, actor: Actor, client_id: int, visit: FirstVisit, now: datetime) -> Goal:
    """Everything the walk-through gathered, in the client's plan, linked up."""
    entries: list[StrengthEntry] = []
    for column, words in ((StrengthColumn.WANT, visit.want), (StrengthColumn.HAVE_NOW, visit.have_now),
                          (StrengthColumn.WORKED_BEFORE, visit.worked_before)):  # fmt: skip
        if words:
            entry = StrengthEntry(client_id=client_id, domain_key=visit.domain_key, column=column.value, text=words,
                                  author_id=actor.user_id, created_at=now, updated_at=now)  # fmt: skip
            db.add(entry)
            entries.append(entry)
    goal = Goal(
        client_id=client_id, text=visit.goal, why=visit.why, domain_key=visit.domain_key,
        position=next_goal_position(db, client_id), created_by_id=actor.user_id, created_at=now, updated_at=now,
    )  # fmt: skip
    db.add(goal)
    db.flush()
    db.add(Step(goal_id=id_of(goal), text=visit.step, who=visit.who, who_name=visit.who_name, position=0,
                created_at=now, updated_at=now))  # fmt: skip
    for entry in entries:
        if (
            entry.column != StrengthColumn.WANT.value
        ):  # what I have and what has worked: strengths for the goal
            db.add(GoalStrengthLink(goal_id=id_of(goal), strength_id=id_of(entry)))
    db.add(Priority(client_id=client_id, rank=max_rank(db, client_id) + 1, text=visit.goal, goal_id=goal.id))
    audit.record(db, actor=actor, action="first_visit.written", board_client_id=client_id,
                 target=f"goal {goal.id}", at=now)  # fmt: skip
    return goal


def from_payload(payload: dict[str, Any], *, goal_words: str) -> FirstVisit:
    """The walk-through kept in an idea, with the goal in the words the client chose."""
    fields = {name: str(payload.get(name, "")) for name in FirstVisit.__dataclass_fields__}
    if not fields["want"]:
        raise InvalidInput(_("This idea is missing what you want; ask for it again."))
    return FirstVisit(**{**fields, "goal": goal_words})
