"""What the client's *Today* shows: the next steps they chose, and what they have done.

Life happens: nothing here counts what was missed. A step whose target date has passed is
shown as "any time now", never as overdue; a quiet week is met with encouragement.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from strengthsapp.domain.access import Relation
from strengthsapp.domain.vocabulary import StepWho

SOON = timedelta(days=7)
# A step just marked done stays where it was, shown done (with "Undo"), for this long: the
# list doesn't move under the finger, and the person sees what the tap did.
STAYS_AFTER_DONE = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class OpenStep:
    """A step not yet done (or done just now: it keeps its place), on a goal the client is
    actively working on."""

    step_id: int
    goal_position: int
    step_position: int
    target_date: date | None
    done_at: datetime | None = None


def still_next(done_at: datetime | None, *, now: datetime) -> bool:
    """Whether a step belongs among the next steps: open, or done a moment ago."""
    return done_at is None or now - done_at < STAYS_AFTER_DONE


def order_next_steps(steps: Iterable[OpenStep], *, today: date, limit: int = 5) -> list[OpenStep]:
    """Steps with a target date within a week (or already past) come first, soonest first;
    then the rest in the order the client put their plan. A step done a moment ago keeps
    the place it had."""

    def key(step: OpenStep) -> tuple[int, date, int, int]:
        soon = step.target_date is not None and step.target_date <= today + SOON
        return (
            0 if soon else 1,
            step.target_date if soon and step.target_date else date.max,
            step.goal_position,
            step.step_position,
        )

    return sorted(steps, key=key)[:limit]


def describe_target(target: date | None, *, today: date) -> str:
    """A target date in kind, plain words."""
    if target is None:
        return ""
    days = (target - today).days
    if days < 0:
        return "Any time now"
    if days == 0:
        return "Today"
    if days == 1:
        return "Tomorrow"
    if days < 7:
        return f"By {target:%A}"
    if target.year == today.year:
        return f"By {target.day} {target:%b}"
    return f"By {target.day} {target:%b %Y}"


def describe_day(day: date, *, today: date) -> str:
    """When something happened, in plain words."""
    days = (today - day).days
    if days == 0:
        return "Today"
    if days == 1:
        return "Yesterday"
    if 1 < days < 7:
        return f"{days} days ago"
    if day.year == today.year:
        return f"{day.day} {day:%b}"
    return f"{day.day} {day:%b %Y}"


def describe_week(done_dates: Iterable[date], *, today: date, who: str = "You") -> str:
    """What the client did in the last seven days, never what they did not do."""
    week_start = today - timedelta(days=6)
    count = sum(1 for day in done_dates if week_start <= day <= today)
    if count == 0:
        return "A new week. One small step is enough."
    if count == 1:
        return f"{who} did 1 step this week."
    return f"{who} did {count} steps this week."


def greeting(now_local: datetime, name: str) -> str:
    clock = now_local.time()
    if clock < time(5):
        part = "Hello"
    elif clock < time(12):
        part = "Good morning"
    elif clock < time(18):
        part = "Good afternoon"
    else:
        part = "Good evening"
    return f"{part}, {name}" if name else part


def step_who(who: str, who_name: str, *, viewer: Relation, client_name: str, with_: bool = False) -> str:
    """Who does a step, as the person looking (`viewer`: how they stand to the board) reads
    it: Dee reads "Me" and "My case manager"; her case manager reads "Dee" and "You"; a
    peer reads "Dee's case manager". `with_` gives Today's form ("With my case manager");
    "Me" and a name stay as they are."""
    if who == StepWho.SOMEONE_ELSE:
        return (
            (f"With {who_name}" if with_ else who_name)
            if who_name
            else ("With someone else" if with_ else "Someone else")
        )
    if who == StepWho.ME:
        return "Me" if viewer is Relation.CLIENT else client_name
    role = "case manager" if who == StepWho.CASE_MANAGER else "peer supporter"
    if viewer is Relation.CLIENT:
        words = f"my {role}"
    elif viewer is Relation.CASE_MANAGER and who == StepWho.CASE_MANAGER:
        words = "you"
    else:
        words = f"{client_name}'s {role}"
    return f"With {words}" if with_ else words[0].upper() + words[1:]
