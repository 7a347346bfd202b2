"""Nudges keep to the client's clock: daylight saving neither moves nor doubles them, and
quiet hours are kept."""

from datetime import UTC, datetime, time

import pytest

from strengthsapp.domain.nudges import NudgeRule, QuietHours, describe_days, due_moments, known_timezone

LONDON = "Europe/London"


def moments(rule, start, end, quiet=None):
    return list(due_moments(rule, start=start, end=end, quiet=quiet))


def test_every_chosen_day_once_at_the_local_time_across_the_spring_change():
    # Clocks go forward in London on Sunday 29 March 2026 at 01:00 UTC.
    rule = NudgeRule(days=frozenset(range(7)), at=time(9, 0), timezone=LONDON)
    found = moments(rule, datetime(2026, 3, 27, tzinfo=UTC), datetime(2026, 3, 31, tzinfo=UTC))
    assert found == [
        datetime(2026, 3, 27, 9, 0, tzinfo=UTC),  # GMT
        datetime(2026, 3, 28, 9, 0, tzinfo=UTC),
        datetime(2026, 3, 29, 8, 0, tzinfo=UTC),  # BST: still 09:00 on the client's clock
        datetime(2026, 3, 30, 8, 0, tzinfo=UTC),
    ]


def test_a_time_the_clocks_skip_is_sent_just_after_and_a_time_that_happens_twice_once():
    skipped = NudgeRule(
        days=frozenset({6}), at=time(1, 30), timezone=LONDON
    )  # 01:30 never happens on 29 March
    assert moments(skipped, datetime(2026, 3, 29, tzinfo=UTC), datetime(2026, 3, 30, tzinfo=UTC)) == [
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 02:30 BST
    ]
    twice = NudgeRule(days=frozenset({6}), at=time(1, 30), timezone=LONDON)  # 25 Oct: 01:30 happens twice
    assert moments(twice, datetime(2026, 10, 24, tzinfo=UTC), datetime(2026, 10, 27, tzinfo=UTC)) == [
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # the first 01:30 (BST), not again an hour later
    ]


def test_only_the_chosen_days_in_the_clients_own_timezone():
    rule = NudgeRule(days=frozenset({0, 2}), at=time(7, 30), timezone="America/New_York")  # Mon, Wed
    found = moments(rule, datetime(2026, 11, 23, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC))
    assert found == [datetime(2026, 11, 23, 12, 30, tzinfo=UTC), datetime(2026, 11, 25, 12, 30, tzinfo=UTC)]


@pytest.mark.parametrize(
    ("at", "quiet", "expected"),
    [
        (time(23, 0), QuietHours(time(22, 0), time(7, 0)), datetime(2026, 11, 26, 7, 0, tzinfo=UTC)),
        (time(6, 0), QuietHours(time(22, 0), time(7, 0)), datetime(2026, 11, 25, 7, 0, tzinfo=UTC)),
        (time(12, 30), QuietHours(time(12, 0), time(13, 0)), datetime(2026, 11, 25, 13, 0, tzinfo=UTC)),
        (time(9, 0), QuietHours(time(22, 0), time(7, 0)), datetime(2026, 11, 25, 9, 0, tzinfo=UTC)),
    ],
    ids=["late evening waits for morning", "early morning waits", "a lunch hour", "outside: unchanged"],
)
def test_quiet_hours_hold_a_nudge_until_they_end(at, quiet, expected):
    rule = NudgeRule(days=frozenset({2}), at=at, timezone=LONDON)  # Wednesday 25 November
    found = moments(rule, datetime(2026, 11, 25, tzinfo=UTC), datetime(2026, 11, 27, tzinfo=UTC), quiet)
    assert found == [expected]


def test_timezones_that_do_not_exist_are_named_as_such():
    assert known_timezone("Europe/London") and known_timezone("Asia/Kolkata")
    assert not known_timezone("Mars/Olympus_Mons") and not known_timezone("") and not known_timezone("../etc")


def test_days_in_plain_words():
    assert describe_days(frozenset(range(7))) == "Every day"
    assert describe_days(frozenset(range(5))) == "Weekdays"
    assert describe_days(frozenset({0, 3})) == "Mon, Thu"
