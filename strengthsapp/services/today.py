"""A client's *Today*: next steps they chose, their goals in motion, recent wins.

Reads only; a fixed number of queries whatever the size of the board. The client sees it
all; their case manager too; a peer sees only the sections the client granted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Row, bindparam
from sqlalchemy import select as sql_select  # plain rows: more than sqlmodel's select types
from sqlmodel import Session, col, func, select

from strengthsapp.db.models import CheckIn, Cheer, Goal, LifeDomain, Step, StrengthEntry, User, Win
from strengthsapp.db.types import utcnow
from strengthsapp.domain.access import Action, Actor, access_ends_at, can, may_take_back, relation
from strengthsapp.domain.life_domains import FALLBACK_ICON, label_words
from strengthsapp.domain.today import (
    OpenStep,
    describe_day,
    describe_target,
    describe_week,
    greeting,
    order_next_steps,
    step_who,
    still_next,
)
from strengthsapp.domain.vocabulary import GoalStatus
from strengthsapp.services import audit
from strengthsapp.services.boards import authorize, load_board, refuse
from strengthsapp.services.contacts import ContactPublic, contacts_of

RECENT_WINS = 3
JOURNAL_LENGTH = 200


@dataclass
class NextStepPublic:
    id: int
    text: str
    goal_text: str
    domain_label: str
    domain_icon: str
    when: str
    who: str
    done: bool = False  # just now: it stays in its place a while, shown done
    undoable: bool = False  # by this viewer (the client, or whoever marked it)


@dataclass
class GoalSummaryPublic:
    id: int
    text: str
    domain_label: str
    domain_icon: str
    steps_done: int
    steps_total: int
    last_check_in: str = ""  # the latest "how it is going", in the words it was written
    last_check_in_feeling: str = ""  # chosen from FEELINGS, shown beside the words, not in them
    last_check_in_when: str = ""


@dataclass
class AchievedGoalPublic:
    id: int
    text: str
    when: str


@dataclass
class CheerPublic:
    text: str
    by: str


@dataclass
class WinPublic:
    id: int
    text: str
    when: str
    cheers: list[CheerPublic] = field(default_factory=list)
    recorded_by: str = ""  # someone other than the client, who recorded it with them
    removable: bool = False  # by this viewer
    goal_text: str = ""
    kept: bool = False  # already in "what has worked before"


@dataclass
class TodayPublic:
    client_name: str
    own: bool  # the viewer is the client
    relation: str  # how the viewer stands to the board: client, case_manager, peer
    suggests: bool  # the viewer may suggest goals and steps
    cheers: bool  # the viewer may cheer wins
    records_contacts: bool  # the assigned case manager
    shows_goals: bool
    shows_wins: bool
    greeting: str
    week_summary: str
    next_steps: list[NextStepPublic]
    goals: list[GoalSummaryPublic]
    wins: list[WinPublic]
    contacts: list[ContactPublic] = field(default_factory=list)
    resting: list[GoalSummaryPublic] = field(default_factory=list)  # paused: waiting, unchanged
    achieved: list[AchievedGoalPublic] = field(default_factory=list)  # "I did it", newest first
    shows_strengths: bool = False
    shows_resources: bool = False
    access_until: datetime | None = None  # the viewer's access ends then by itself (server-side only)


def get_today(
    session: Session,
    *,
    actor: Actor | None,
    client_id: int,
    now: datetime | None = None,
    record_view: bool = True,
) -> TodayPublic:
    """Everything the Today screen shows, as display records, as far as the actor may see.

    Anyone may ask; whoever may see neither goals nor wins is refused (and audited)."""
    now = now or utcnow()
    board = load_board(session, client_id=client_id, now=now)
    shows_goals = board is not None and can(actor, Action.VIEW_GOALS, board)
    shows_wins = board is not None and can(actor, Action.VIEW_WINS, board)
    shows_any = board is not None and any(
        can(actor, action, board) for action in (Action.VIEW_STRENGTHS, Action.VIEW_RESOURCES)
    )
    if not (shows_goals or shows_wins or shows_any):  # a peer shown strengths alone still gets in
        refuse(session, actor=actor, action=Action.VIEW_GOALS, board=board)
    assert actor is not None
    client = session.get(User, client_id)
    assert client is not None
    own = actor.user_id == client_id
    assert board is not None
    viewer = relation(actor, board)
    if not own and record_view:  # a live refresh of an open screen is not a new look
        audit.record(session, actor=actor, action="board.viewed", board_client_id=client_id, at=now)
    local_now = now.astimezone(ZoneInfo(client.timezone))
    today = local_now.date()

    domains = {
        d.key: d for d in session.exec(select(LifeDomain).where(LifeDomain.agency_id == client.agency_id))
    }
    all_goals = (
        list(
            session.exec(
                select(Goal).where(Goal.client_id == client_id).order_by(col(Goal.position), col(Goal.id))
            )
        )
        if shows_goals
        else []
    )
    goals = [g for g in all_goals if g.status == GoalStatus.ACTIVE.value]
    goals_by_id = {g.id: g for g in goals}
    # Only the columns shown, as plain rows: every step of every active goal is read.
    steps = list(session.execute(ACTIVE_STEPS, {"goal_ids": list(goals_by_id)})) if goals else []
    steps_by_goal: dict[int, list[StepRow]] = defaultdict(list)
    for step in steps:
        steps_by_goal[step.goal_id].append(step)

    open_steps = [
        OpenStep(
            step_id=s.id or 0,
            goal_position=goals_by_id[s.goal_id].position,
            step_position=s.position,
            target_date=s.target_date,
            done_at=s.done_at,
        )
        for s in steps
        if still_next(s.done_at, now=now)
    ]

    def domain_of(goal: Goal) -> tuple[str, str]:
        domain = domains.get(goal.domain_key)
        return (label_words(domain.label), domain.icon) if domain else ("", FALLBACK_ICON)

    steps_by_id = {s.id: s for s in steps}
    next_steps = []
    for chosen in order_next_steps(open_steps, today=today):
        step = steps_by_id[chosen.step_id]
        goal = goals_by_id[step.goal_id]
        label, icon = domain_of(goal)
        next_steps.append(
            NextStepPublic(
                id=chosen.step_id,
                text=step.text,
                goal_text=goal.text,
                domain_label=label,
                domain_icon=icon,
                when=describe_target(step.target_date, today=today),
                who=step_who(
                    step.who, step.who_name, viewer=viewer, client_name=client.display_name, with_=True
                ),
                done=step.done_at is not None,
                undoable=step.done_at is not None
                and may_take_back(actor, client_id=client_id, recorded_by=step.done_by_id),
            )
        )

    latest = _latest_check_ins(
        session, goal_ids=[g.id for g in goals if g.id is not None], local_now=local_now
    )

    def summary(goal: Goal) -> GoalSummaryPublic:
        """Steps and check-ins are loaded for active goals only; others show none."""
        label, icon = domain_of(goal)
        goal_steps = steps_by_goal.get(goal.id or 0, [])
        return GoalSummaryPublic(
            id=goal.id or 0,
            text=goal.text,
            domain_label=label,
            domain_icon=icon,
            steps_done=sum(1 for s in goal_steps if s.done_at is not None),
            steps_total=len(goal_steps),
            **latest.get(goal.id or 0, {}),
        )

    done_dates = [s.done_at.astimezone(local_now.tzinfo).date() for s in steps if s.done_at is not None]
    return TodayPublic(
        client_name=client.display_name,
        own=own,
        relation=viewer.value,
        access_until=access_ends_at(actor, board),
        suggests=board is not None and can(actor, Action.SUGGEST, board),
        cheers=board is not None and can(actor, Action.CHEER, board),
        records_contacts=board is not None and can(actor, Action.RECORD_CONTACT, board),
        resting=[summary(g) for g in all_goals if g.status == GoalStatus.PAUSED.value],
        achieved=[
            AchievedGoalPublic(
                id=g.id or 0,
                text=g.text,
                when=describe_day(g.achieved_at.astimezone(local_now.tzinfo).date(), today=today)
                if g.achieved_at
                else "",
            )
            for g in sorted(
                (g for g in all_goals if g.status == GoalStatus.ACHIEVED.value),
                key=lambda g: g.achieved_at or g.updated_at,
                reverse=True,
            )[:5]
        ],
        contacts=contacts_of(session, client_id=client_id, today=today)
        if board is not None and can(actor, Action.VIEW_CONTACTS, board)
        else [],
        shows_goals=shows_goals,
        shows_wins=shows_wins,
        shows_strengths=board is not None and can(actor, Action.VIEW_STRENGTHS, board),
        shows_resources=board is not None and can(actor, Action.VIEW_RESOURCES, board),
        greeting=greeting(local_now, client.display_name),
        week_summary=describe_week(done_dates, today=today, name="" if own else client.display_name),
        next_steps=next_steps,
        goals=[summary(g) for g in goals],
        wins=_recent_wins(session, actor=actor, client_id=client_id, today=today, shows_goals=shows_goals)
        if shows_wins
        else [],
    )


# Built once: the board is read on every change and every live refresh, and building
# a statement costs more than running it.
_STEP_COLUMNS = [col(c) for c in (Step.id, Step.goal_id, Step.text, Step.who, Step.who_name, Step.target_date,
                                   Step.position, Step.done_at, Step.done_by_id)]  # fmt: skip
ACTIVE_STEPS = (
    sql_select(*_STEP_COLUMNS)
    .where(col(Step.goal_id).in_(bindparam("goal_ids", expanding=True)))
    .order_by(col(Step.position), col(Step.id))
)
StepRow = Row[tuple[int, int, str, str, str, date | None, int, datetime | None, int | None]]
_NEWEST_CHECK_IN = (
    select(CheckIn.goal_id, func.max(CheckIn.at).label("at"))
    .where(col(CheckIn.goal_id).in_(bindparam("goal_ids", expanding=True)))
    .group_by(col(CheckIn.goal_id))
    .subquery()
)
LATEST_CHECK_INS = select(CheckIn).join(
    _NEWEST_CHECK_IN,
    (col(CheckIn.goal_id) == _NEWEST_CHECK_IN.c.goal_id) & (col(CheckIn.at) == _NEWEST_CHECK_IN.c.at),
)


def _latest_check_ins(
    session: Session, *, goal_ids: list[int], local_now: datetime
) -> dict[int, dict[str, str]]:
    """The newest check-in of each goal, in one query."""
    if not goal_ids:
        return {}
    rows = session.exec(LATEST_CHECK_INS, params={"goal_ids": goal_ids})
    latest: dict[int, dict[str, str]] = {}
    for check_in in rows:
        latest[check_in.goal_id or 0] = {
            "last_check_in": check_in.text,
            "last_check_in_feeling": check_in.feeling or "",
            "last_check_in_when": describe_day(
                check_in.at.astimezone(local_now.tzinfo).date(), today=local_now.date()
            ),
        }
    return latest


def wins_journal(
    session: Session,
    *,
    actor: Actor | None,
    client_id: int,
    limit: int = JOURNAL_LENGTH,
    now: datetime | None = None,
) -> list[WinPublic]:
    """The wins journal, newest first, with cheers and the goals they belong to."""
    now = now or utcnow()
    board = authorize(session, actor=actor, action=Action.VIEW_WINS, client_id=client_id, now=now)
    assert actor is not None
    client = session.get(User, client_id)
    today = now.astimezone(ZoneInfo(client.timezone if client else "UTC")).date()
    return _recent_wins(
        session, actor=actor, client_id=client_id, today=today, limit=limit, detailed=True,
        shows_goals=can(actor, Action.VIEW_GOALS, board),
    )  # fmt: skip


def _recent_wins(
    session: Session,
    *,
    actor: Actor,
    client_id: int,
    today: date,
    shows_goals: bool,
    limit: int = RECENT_WINS,
    detailed: bool = False,
) -> list[WinPublic]:
    """Goals are named only to whoever may see them (a peer may be shown wins alone). The
    journal (`detailed`) also names each win's goal and whether it is kept as a strength."""
    wins = list(
        session.exec(
            select(Win)
            .where(Win.client_id == client_id)
            .order_by(col(Win.on).desc(), col(Win.id).desc())
            .limit(limit)
        )
    )
    win_ids = [w.id for w in wins]
    goal_ids = {w.goal_id for w in wins if w.goal_id} if shows_goals and detailed else set()
    goal_texts: dict[int | None, str] = (
        {
            goal_id: text
            for goal_id, text in session.exec(select(Goal.id, Goal.text).where(col(Goal.id).in_(goal_ids)))
        }
        if goal_ids
        else {}
    )
    kept = (
        set(
            session.exec(select(StrengthEntry.from_win_id).where(col(StrengthEntry.from_win_id).in_(win_ids)))
        )
        if win_ids and detailed
        else set()
    )
    cheers: dict[int, list[CheerPublic]] = defaultdict(list)
    if wins:
        rows = session.exec(
            select(Cheer, User.display_name)
            .join(User, col(User.id) == Cheer.by_id)
            .where(col(Cheer.win_id).in_([w.id for w in wins]))
            .order_by(col(Cheer.at))
        )
        for cheer, by in rows:
            cheers[cheer.win_id].append(CheerPublic(text=cheer.text, by=by))
    others = {w.recorded_by_id for w in wins if w.recorded_by_id and w.recorded_by_id != client_id}
    recorders: dict[int | None, str] = (
        {
            uid: name
            for uid, name in session.exec(select(User.id, User.display_name).where(col(User.id).in_(others)))
        }
        if others
        else {}
    )
    return [
        WinPublic(
            id=w.id or 0,
            text=w.text,
            when=describe_day(w.on, today=today),
            cheers=cheers[w.id or 0],
            recorded_by=recorders.get(w.recorded_by_id, ""),
            removable=may_take_back(actor, client_id=client_id, recorded_by=w.recorded_by_id),
            goal_text=goal_texts.get(w.goal_id, "") if w.goal_id else "",
            kept=w.id in kept,
        )
        for w in wins
    ]
