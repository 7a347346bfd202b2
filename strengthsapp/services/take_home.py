"""The client's plan, hers to take home: the Personal Recovery Plan as a document (the page
that prints and the PDF are made from it), in the reader's language, with her own words
exactly as she wrote them.

The Strengths Model's Personal Recovery Plan: each goal in her words and why it matters,
the steps toward it with who and by when, what is done; her strengths and the people and
places she chooses to include. Only goals she is working on, resting or has reached: a goal
she set aside is hers to leave out of what she hands to others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from strengthsapp import i18n
from strengthsapp.db.models import Goal, User
from strengthsapp.db.types import utcnow
from strengthsapp.domain.access import Action, Actor, can
from strengthsapp.i18n import N_, _
from strengthsapp.services import audit
from strengthsapp.services.boards import authorize
from strengthsapp.services.plan import PlanGoalPublic, get_plan
from strengthsapp.services.resources import get_resources
from strengthsapp.services.strengths import COLUMN_WORDS, get_assessment

SECTION_HEADINGS = {  # the plan's parts, in the order it is printed
    "active": N_("Goals I am working on"),
    "resting": N_("Goals resting for now"),
    "achieved": N_("Goals I reached"),
}


@dataclass
class StepLine:
    text: str
    who: str
    by_when: str  # a date in the reader's language, or ""
    done: bool


@dataclass
class GoalPart:
    text: str  # her words
    why: str  # her words
    domain: str
    by_when: str
    reached_on: str
    steps: list[StepLine] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)  # linked to the goal, her words
    resources: list[str] = field(default_factory=list)


@dataclass
class GoalSection:
    heading: str
    goals: list[GoalPart]


@dataclass
class StrengthGroup:
    domain: str
    columns: list[tuple[str, list[str]]]  # (column heading, her words)


@dataclass
class PersonOrPlace:
    name: str
    kind: str
    how_to_reach: str


@dataclass
class PlanDocument:
    client_id: int
    client_name: str
    made_on: str  # today, in the reader's language
    language: str
    sections: list[GoalSection]
    strengths: list[StrengthGroup] | None  # None: not included (or not hers to show)
    people: list[PersonOrPlace] | None
    may_share: bool  # the reader may also take it as FHIR for other services

    @property
    def is_empty(self) -> bool:
        return not any(section.goals for section in self.sections)


def _day(iso: str) -> str:
    return i18n.day(date.fromisoformat(iso), style="long") if iso else ""


def _goal_part(goal: PlanGoalPublic, *, reached_on: str = "") -> GoalPart:
    return GoalPart(
        text=goal.text,
        why=goal.why,
        domain=goal.domain_label,
        by_when=_day(goal.target_date),
        reached_on=reached_on,
        steps=[
            StepLine(text=s.text, who=s.who_words, by_when=_day(s.target_date), done=s.done)
            for s in goal.steps
        ],
        strengths=[link.text for link in goal.strengths],
        resources=[link.text for link in goal.resources],
    )


def plan_document(
    db: Session,
    *,
    actor: Actor | None,
    client_id: int,
    with_strengths: bool = True,
    with_people: bool = True,
    now: datetime | None = None,
    audit_as: str = "",
) -> PlanDocument:
    """The plan as far as the reader may print it (the client, or her case manager with
    her); `audit_as` names the export in the board's activity ("print", "pdf")."""
    now = now or utcnow()
    board = authorize(db, actor=actor, action=Action.PRINT_PLAN, client_id=client_id, now=now)
    client = db.get(User, client_id)
    assert client is not None  # authorized: the board is a client's
    plan = get_plan(db, actor=actor, client_id=client_id, now=now)
    zone = ZoneInfo(client.timezone)
    sections = [
        GoalSection(heading=_(SECTION_HEADINGS["active"]), goals=[_goal_part(g) for g in plan.goals]),
        GoalSection(heading=_(SECTION_HEADINGS["resting"]), goals=[_goal_part(g) for g in plan.resting]),
        GoalSection(
            heading=_(SECTION_HEADINGS["achieved"]),
            goals=[_goal_part(g, reached_on=_reached_on(db, g.id, zone)) for g in plan.achieved],
        ),
    ]
    strengths = None
    if with_strengths and can(actor, Action.VIEW_STRENGTHS, board):
        assessment = get_assessment(db, actor=actor, client_id=client_id, now=now)
        strengths = [
            StrengthGroup(
                domain=d.label,
                columns=[
                    (_(heading), [e.text for e in getattr(d, column.value)])
                    for column, (heading, _hint) in COLUMN_WORDS.items()
                    if getattr(d, column.value)
                ],
            )
            for d in assessment.domains
            if d.count
        ]
    people = None
    if with_people and can(actor, Action.VIEW_RESOURCES, board):
        people = [
            PersonOrPlace(name=r.name, kind=r.kind_words, how_to_reach=r.how_to_reach)
            for r in get_resources(db, actor=actor, client_id=client_id, now=now).resources
        ]
    if audit_as:
        audit.record(db, actor=actor, action=f"export:plan_{audit_as}", board_client_id=client_id, at=now)
    return PlanDocument(
        client_id=client_id,
        client_name=client.display_name,
        made_on=i18n.day(now.astimezone(zone).date(), style="long"),
        language=i18n.current(),
        sections=sections,
        strengths=strengths,
        people=people,
        may_share=can(actor, Action.SHARE_PLAN, board),
    )


def _reached_on(db: Session, goal_id: int, zone: ZoneInfo) -> str:
    goal = db.get(Goal, goal_id)
    when = goal.achieved_at if goal is not None else None
    return i18n.day(when.astimezone(zone).date(), style="long") if when else ""
