"""Empower: marking a step done, recording wins (by the client or their case manager), and
cheering them (by the case manager, and peers the client allowed to).

What a case manager records is marked as theirs, and the client can take it back. Nothing
here changes the plan itself (goals and steps' words): that is the client's alone.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from strengthsapp.db.models import CheckIn, Cheer, Goal, Step, StrengthEntry, Win
from strengthsapp.db.types import id_of, utcnow
from strengthsapp.domain.access import Action, Actor, may_take_back
from strengthsapp.domain.vocabulary import GoalStatus
from strengthsapp.i18n import N_, _
from strengthsapp.services import audit
from strengthsapp.services.boards import authorize, refuse, row_by_id, step_and_goal
from strengthsapp.services.errors import InvalidInput, NotFound

MAX_WIN = 500


def mark_step_done(db: Session, *, actor: Actor, step_id: int, now: datetime | None = None) -> None:
    """The client, or their case manager (recorded as theirs), marks a step done. Twice is once."""
    now = now or utcnow()
    step, goal = step_and_goal(db, step_id)
    authorize(db, actor=actor, action=Action.MARK_PROGRESS, client_id=goal.client_id, now=now)
    if goal.status != GoalStatus.ACTIVE.value:
        raise InvalidInput(_("This goal is resting right now (paused or set aside), so its steps wait too."))
    if step.done_at is not None:
        return
    step.done_at, step.done_by_id, step.updated_at = now, actor.user_id, now  # not an edit: no new version
    db.add(step)
    audit.record(
        db, actor=actor, action="step.done", board_client_id=goal.client_id, target=f"step {step.id}", at=now
    )


def undo_step_done(db: Session, *, actor: Actor, step_id: int, now: datetime | None = None) -> None:
    """The client can undo any; whoever marked it can undo their own."""
    now = now or utcnow()
    step, goal = step_and_goal(db, step_id)
    board = authorize(db, actor=actor, action=Action.MARK_PROGRESS, client_id=goal.client_id, now=now)
    if not may_take_back(actor, client_id=goal.client_id, recorded_by=step.done_by_id):
        refuse(db, actor=actor, action="undo_step_done", board=board)
    if step.done_at is None:
        return
    step.done_at, step.done_by_id, step.updated_at = None, None, now
    db.add(step)
    audit.record(
        db,
        actor=actor,
        action="step.undone",
        board_client_id=goal.client_id,
        target=f"step {step.id}",
        at=now,
    )


def record_win(
    db: Session,
    *,
    actor: Actor,
    client_id: int,
    text: str,
    on: date | None = None,
    goal_id: int | None = None,
    now: datetime | None = None,
) -> Win:
    """A win, big or small, in the words given, linked to a goal or not. The case manager
    may record one with the client."""
    now = now or utcnow()
    authorize(db, actor=actor, action=Action.MARK_PROGRESS, client_id=client_id, now=now)
    goal = row_by_id(db, Goal, goal_id) if goal_id else None
    if goal_id and (goal is None or goal.client_id != client_id):
        raise InvalidInput(_("Choose one of the goals on the board, or none."), field="goal")
    words = " ".join(text.split())
    if not words:
        raise InvalidInput(_("Write a few words about the win."), field="win")
    if len(words) > MAX_WIN:
        raise InvalidInput(
            _(
                "That is {length} characters; a win fits in {limit}. Nothing was saved yet.",
                length=len(words),
                limit=MAX_WIN,
            ),
            field="win",
        )
    win = Win(
        client_id=client_id, text=words, on=on or now.date(), goal_id=goal.id if goal else None,
        recorded_by_id=actor.user_id, created_at=now,
    )  # fmt: skip
    db.add(win)
    db.flush()
    audit.record(
        db, actor=actor, action="win.recorded", board_client_id=client_id, target=f"win {win.id}", at=now
    )
    return win


def remove_win(db: Session, *, actor: Actor, win_id: int, now: datetime | None = None) -> None:
    """The client can remove any win on their board; whoever recorded one can remove theirs."""
    now = now or utcnow()
    win = row_by_id(db, Win, win_id)
    if win is None:
        raise NotFound()
    board = authorize(db, actor=actor, action=Action.MARK_PROGRESS, client_id=win.client_id, now=now)
    if not may_take_back(actor, client_id=win.client_id, recorded_by=win.recorded_by_id):
        refuse(db, actor=actor, action="remove_win", board=board)
    db.exec(delete(Cheer).where(col(Cheer.win_id) == win.id))  # type: ignore[call-overload]
    # A strength it became stays the client's; it just no longer points at the win.
    db.exec(update(StrengthEntry).where(col(StrengthEntry.from_win_id) == win.id).values(from_win_id=None))  # type: ignore[call-overload]
    db.delete(win)
    audit.record(db, actor=actor, action="win.removed", board_client_id=win.client_id, at=now)


CHEERS = ("🎉", "👏", "💪", "🌟")


def cheer(db: Session, *, actor: Actor, win_id: int, text: str, now: datetime | None = None) -> None:
    """The case manager, or a peer with `cheer`, cheers a win; cheering again changes the cheer."""
    now = now or utcnow()
    win = row_by_id(db, Win, win_id)
    if win is None:
        raise NotFound()
    authorize(db, actor=actor, action=Action.CHEER, client_id=win.client_id, now=now)
    words = " ".join(str(text).split())
    if not words or len(words) > 80:
        raise InvalidInput(_("A cheer is an emoji or a few words (up to 80 characters)."), field="cheer")
    existing = db.exec(select(Cheer).where(Cheer.win_id == win.id, Cheer.by_id == actor.user_id)).first()
    if existing is not None:
        existing.text, existing.at = words, now
        db.add(existing)
    else:
        db.add(Cheer(win_id=id_of(win), by_id=actor.user_id, text=words, at=now))
    audit.record(
        db, actor=actor, action="win.cheered", board_client_id=win.client_id, target=f"win {win.id}", at=now
    )


STATUS_AUDIT = {
    GoalStatus.ACHIEVED: "goal.achieved",
    GoalStatus.PAUSED: "goal.paused",
    GoalStatus.ACTIVE: "goal.resumed",
    GoalStatus.SET_ASIDE: "goal.set_aside",
}


def set_goal_status(
    db: Session, *, actor: Actor, goal_id: int, status: GoalStatus, now: datetime | None = None
) -> None:
    """Only the client moves their goal: achieved, resting (paused), set aside, or back to active.
    Pausing costs nothing: the goal and its steps wait, unchanged."""
    now = now or utcnow()
    goal = row_by_id(db, Goal, goal_id)
    if goal is None:
        raise NotFound()
    authorize(db, actor=actor, action=Action.EDIT_PLAN, client_id=goal.client_id, now=now)
    if goal.status == status.value:
        return
    goal.status = status.value
    goal.achieved_at = now if status is GoalStatus.ACHIEVED else None
    goal.updated_at = now  # the words are unchanged: an edit started before still fits
    db.add(goal)
    audit.record(db, actor=actor, action=STATUS_AUDIT[status], board_client_id=goal.client_id,
                 target=f"goal {goal.id}", at=now)  # fmt: skip


FEELINGS = ("proud", "hopeful", "calm", "tired", "unsure")
# How each feeling reads (message ids, translated where they are shown).
FEELING_WORDS = {"proud": N_("proud"), "hopeful": N_("hopeful"), "calm": N_("calm"), "tired": N_("tired"),
                 "unsure": N_("unsure")}  # fmt: skip


def check_in(
    db: Session,
    *,
    actor: Actor,
    goal_id: int | None = None,
    step_id: int | None = None,
    text: str,
    feeling: str = "",
    now: datetime | None = None,
) -> None:
    """How a goal (or one step of it) is going, in the client's words. The case manager may
    write it with the client during a visit; it is marked as theirs and the client sees it."""
    now = now or utcnow()
    step: Step | None = None
    if step_id is not None:
        step, goal = step_and_goal(db, step_id)
    else:
        found = row_by_id(db, Goal, goal_id)
        if found is None:
            raise NotFound()
        goal = found
    authorize(db, actor=actor, action=Action.MARK_PROGRESS, client_id=goal.client_id, now=now)
    words = " ".join(str(text).split())
    if not words:
        raise InvalidInput(_("Write a few words about how it is going."), field="check_in")
    if len(words) > MAX_WIN:
        raise InvalidInput(
            _(
                "Please keep it under {limit} characters (this is {length}).",
                limit=MAX_WIN,
                length=len(words),
            ),
            field="check_in",
        )
    if feeling and feeling not in FEELINGS:
        raise InvalidInput(_("Choose a feeling from the list, or none."), field="feeling")
    db.add(
        CheckIn(
            client_id=goal.client_id, goal_id=goal.id, step_id=step.id if step else None, text=words,
            feeling=feeling or None, at=now,
            recorded_by_id=actor.user_id, during_visit=actor.user_id != goal.client_id,
        )
    )  # fmt: skip
    audit.record(db, actor=actor, action="goal.checked_in", board_client_id=goal.client_id,
                 target=f"goal {goal.id}", at=now)  # fmt: skip


def remove_check_in(db: Session, *, actor: Actor, check_in_id: int, now: datetime | None = None) -> None:
    """The client can take back any check-in on their board; whoever wrote one can take back theirs."""
    now = now or utcnow()
    found = row_by_id(db, CheckIn, check_in_id)
    if found is None:
        raise NotFound()
    board = authorize(db, actor=actor, action=Action.MARK_PROGRESS, client_id=found.client_id, now=now)
    if not may_take_back(actor, client_id=found.client_id, recorded_by=found.recorded_by_id):
        refuse(db, actor=actor, action="remove_check_in", board=board)
    db.delete(found)
    audit.record(db, actor=actor, action="check_in.removed", board_client_id=found.client_id, at=now)
