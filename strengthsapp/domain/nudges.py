"""When a nudge is due: the client's days and time, in their timezone, around their quiet
hours. Plain Python: no database, no clock of its own.

Daylight saving never moves or doubles a nudge: each chosen local day gives exactly one
moment. A time that does not exist that day (the clocks jump over it) is sent just after
the jump; a time that happens twice (the clocks go back) is sent the first time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel.dates import get_day_names

from strengthsapp import i18n
from strengthsapp.i18n import N_, _

# The days a nudge can be on, 0 = Monday (message ids: translated where they are shown).
DAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"),
             N_("Sunday"))  # fmt: skip


@dataclass(frozen=True, slots=True)
class QuietHours:
    """No nudges from `start` to `end` (local); `end` before `start` spans midnight."""

    start: time
    end: time

    def contains(self, moment: time) -> bool:
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


@dataclass(frozen=True, slots=True)
class NudgeRule:
    days: frozenset[int]  # 0 = Monday
    at: time
    timezone: str


def known_timezone(name: str) -> bool:
    if name not in available_timezones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def local_moment(day: date, at: time, zone: ZoneInfo) -> datetime:
    """`at` on `day` in `zone`, as an aware datetime. In a gap (spring forward) the wall
    time does not exist: fold=0 maps it past the jump (02:30 becomes 03:30). When the
    clocks go back (fall back), fold=0 is the first of the two."""
    return datetime.combine(day, at).replace(tzinfo=zone, fold=0).astimezone(UTC).astimezone(zone)


def after_quiet_hours(moment: datetime, quiet: QuietHours | None) -> datetime:
    """A moment inside quiet hours waits until they end (the same night, or next morning)."""
    if quiet is None or not quiet.contains(moment.timetz().replace(tzinfo=None)):
        return moment
    zone = moment.tzinfo
    assert isinstance(zone, ZoneInfo)
    day = moment.date()
    if quiet.start > quiet.end and moment.time() >= quiet.start:  # evening part of a night span
        day += timedelta(days=1)
    return local_moment(day, quiet.end, zone)


def due_moments(
    rule: NudgeRule, *, start: datetime, end: datetime, quiet: QuietHours | None = None
) -> Iterator[datetime]:
    """The UTC moments in [start, end) when this nudge is due, one per chosen local day."""
    zone = ZoneInfo(rule.timezone)
    day = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date() + timedelta(days=1)
    seen: set[datetime] = set()
    while day <= last:
        if day.weekday() in rule.days:
            moment = after_quiet_hours(local_moment(day, rule.at, zone), quiet).astimezone(UTC)
            if start <= moment < end and moment not in seen:
                seen.add(moment)
                yield moment
        day += timedelta(days=1)


def describe_days(days: frozenset[int]) -> str:
    """ "Every day", "Weekdays", or the days' short names ("Mon, Thu"), in the reader's language."""
    if days == frozenset(range(7)):
        return _("Every day")
    if days == frozenset(range(5)):
        return _("Weekdays")
    if days == frozenset({5, 6}):
        return _("Weekends")
    short = get_day_names("abbreviated", locale=i18n.babel_locale(i18n.current()))  # 0 = Monday, as here
    return ", ".join(short[d] for d in sorted(days))
