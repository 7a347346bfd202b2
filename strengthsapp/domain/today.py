"""What the client's *Today* shows: the next steps they chose, and what they have done.

Life happens: nothing here counts what was missed. A step whose target date has passed is
shown as "any time now", never as overdue; a quiet week is met with encouragement.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from babel import Locale
from babel.dates import format_date, format_skeleton

from strengthsapp import i18n
from strengthsapp.domain.access import Relation
from strengthsapp.domain.vocabulary import StepWho
from strengthsapp.i18n import _, ngettext

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
        return _("Any time now")
    if days == 0:
        return _("Today")
    if days == 1:
        return _("Tomorrow")
    if days < 7:
        return _("By {day}", day=format_date(target, "EEEE", locale=_locale()))
    return _("By {day}", day=short_day(target, today=today))


def describe_day(day: date, *, today: date) -> str:
    """When something happened, in plain words."""
    days = (today - day).days
    if days == 0:
        return _("Today")
    if days == 1:
        return _("Yesterday")
    if 1 < days < 7:
        return ngettext("{count} day ago", "{count} days ago", days)
    return short_day(day, today=today)


def _locale() -> Locale:
    return i18n.babel_locale(i18n.current())


def day_and_month(day: date) -> str:
    """ "Dec 12" / "12 dic", as the reader's language writes it."""
    return format_skeleton("MMMd", day, locale=_locale())


def short_day(day: date, *, today: date) -> str:
    """ "Dec 12" this year, else "Feb 3, 2027", as the reader's language writes them."""
    return day_and_month(day) if day.year == today.year else i18n.day(day)


def describe_week(done_dates: Iterable[date], *, today: date, name: str = "") -> str:
    """What the client did in the last seven days, never what they did not do; `name`: the
    client's, for someone else reading it (none: "You")."""
    week_start = today - timedelta(days=6)
    count = sum(1 for day in done_dates if week_start <= day <= today)
    if count == 0:
        return _("A new week. One small step is enough.")
    if name:
        return ngettext("{name} did {count} step this week.", "{name} did {count} steps this week.", count,
                        name=name)  # fmt: skip
    return ngettext("You did {count} step this week.", "You did {count} steps this week.", count)


def greeting(now_local: datetime, name: str) -> str:
    clock = now_local.time()
    if clock < time(5):
        return _("Hello, {name}", name=name) if name else _("Hello")
    if clock < time(12):
        return _("Good morning, {name}", name=name) if name else _("Good morning")
    if clock < time(18):
        return _("Good afternoon, {name}", name=name) if name else _("Good afternoon")
    return _("Good evening, {name}", name=name) if name else _("Good evening")


def step_who(who: str, who_name: str, *, viewer: Relation, client_name: str, with_: bool = False) -> str:
    """Who does a step, as the person looking (`viewer`: how they stand to the board) reads
    it: Dee reads "Me" and "My case manager"; her case manager reads "Dee" and "You"; a
    peer reads "Dee's case manager". `with_` gives Today's form ("With my case manager");
    "Me" and a name stay as they are."""
    if who == StepWho.SOMEONE_ELSE:
        if who_name:
            return _("With {name}", name=who_name) if with_ else who_name
        return _("With someone else") if with_ else _("Someone else")
    if who == StepWho.ME:
        return _("Me") if viewer is Relation.CLIENT else client_name
    manager = who == StepWho.CASE_MANAGER
    if viewer is Relation.CLIENT:
        if manager:
            return _("With my case manager") if with_ else _("My case manager")
        return _("With my peer supporter") if with_ else _("My peer supporter")
    if viewer is Relation.CASE_MANAGER and manager:
        return _("With you") if with_ else _("You")
    if manager:
        words = (_("With {name}'s case manager", name=client_name) if with_
                 else _("{name}'s case manager", name=client_name))  # fmt: skip
    else:
        words = (_("With {name}'s peer supporter", name=client_name) if with_
                 else _("{name}'s peer supporter", name=client_name))  # fmt: skip
    return words[:1].upper() + words[1:]
