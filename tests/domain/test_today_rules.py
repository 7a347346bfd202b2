from datetime import date, datetime

from strengthsapp import i18n
from strengthsapp.domain.today import (
    OpenStep,
    describe_day,
    describe_target,
    describe_week,
    greeting,
    order_next_steps,
)

WEDNESDAY = date(2026, 11, 25)


def step(step_id: int, *, goal: int = 0, position: int = 0, target: date | None = None) -> OpenStep:
    return OpenStep(step_id=step_id, goal_position=goal, step_position=position, target_date=target)


def test_it_puts_steps_due_within_a_week_first_soonest_first():
    steps = [
        step(1, goal=0, position=0),
        step(2, goal=1, position=0, target=date(2026, 11, 30)),
        step(3, goal=2, position=0, target=date(2026, 11, 26)),
        step(4, goal=0, position=1, target=date(2027, 1, 10)),
    ]
    assert [s.step_id for s in order_next_steps(steps, today=WEDNESDAY)] == [3, 2, 1, 4]


def test_it_keeps_the_clients_plan_order_for_steps_without_dates():
    steps = [step(1, goal=1, position=0), step(2, goal=0, position=1), step(3, goal=0, position=0)]
    assert [s.step_id for s in order_next_steps(steps, today=WEDNESDAY)] == [3, 2, 1]


def test_it_offers_past_targets_first_without_calling_them_overdue():
    steps = [step(1, target=date(2026, 11, 28)), step(2, target=date(2026, 11, 1))]
    assert [s.step_id for s in order_next_steps(steps, today=WEDNESDAY)] == [2, 1]
    assert describe_target(date(2026, 11, 1), today=WEDNESDAY) == "Any time now"


def test_it_limits_the_list():
    steps = [step(i, position=i) for i in range(10)]
    assert len(order_next_steps(steps, today=WEDNESDAY, limit=5)) == 5


def test_it_describes_targets_in_plain_words():
    assert describe_target(None, today=WEDNESDAY) == ""
    assert describe_target(WEDNESDAY, today=WEDNESDAY) == "Today"
    assert describe_target(date(2026, 11, 26), today=WEDNESDAY) == "Tomorrow"
    assert describe_target(date(2026, 11, 28), today=WEDNESDAY) == "By Saturday"
    assert describe_target(date(2026, 12, 12), today=WEDNESDAY) == "By Dec 12"
    assert describe_target(date(2027, 2, 3), today=WEDNESDAY) == "By Feb 3, 2027"


def test_it_describes_past_days():
    assert describe_day(WEDNESDAY, today=WEDNESDAY) == "Today"
    assert describe_day(date(2026, 11, 24), today=WEDNESDAY) == "Yesterday"
    assert describe_day(date(2026, 11, 20), today=WEDNESDAY) == "5 days ago"
    assert describe_day(date(2026, 11, 5), today=WEDNESDAY) == "Nov 5"
    assert describe_day(date(2025, 11, 5), today=WEDNESDAY) == "Nov 5, 2025"


def test_days_are_written_as_the_readers_language_writes_them():
    with i18n.using("es"):
        assert describe_day(date(2026, 11, 5), today=WEDNESDAY) == "5 nov"
        assert describe_day(date(2025, 11, 5), today=WEDNESDAY) == "5 nov 2025"


def test_it_counts_what_was_done_in_the_last_seven_days():
    done = [date(2026, 11, 25), date(2026, 11, 19), date(2026, 11, 18), date(2026, 10, 1)]
    assert describe_week(done, today=WEDNESDAY) == "You did 2 steps this week."
    assert describe_week([date(2026, 11, 24)], today=WEDNESDAY) == "You did 1 step this week."


def test_a_quiet_week_is_met_with_encouragement_not_a_red_mark():
    message = describe_week([], today=WEDNESDAY)
    assert message == "A new week. One small step is enough."
    assert "0" not in message and "missed" not in message.lower()


def test_it_greets_by_the_time_of_day():
    assert greeting(datetime(2026, 11, 25, 8, 0), "Alex") == "Good morning, Alex"
    assert greeting(datetime(2026, 11, 25, 13, 0), "Alex") == "Good afternoon, Alex"
    assert greeting(datetime(2026, 11, 25, 21, 0), "Alex") == "Good evening, Alex"
    assert greeting(datetime(2026, 11, 25, 2, 0), "") == "Hello"


def test_who_does_a_step_is_said_as_the_person_looking_reads_it():
    from strengthsapp.domain.access import Relation
    from strengthsapp.domain.today import step_who

    def words(who: str, viewer: Relation, *, name: str = "", with_: bool = False) -> str:
        return step_who(who, name, viewer=viewer, client_name="Dee", with_=with_)

    # Dee's own words.
    assert [words(w, Relation.CLIENT) for w in ("me", "case_manager", "peer")] == [
        "Me", "My case manager", "My peer supporter"
    ]  # fmt: skip
    assert [words(w, Relation.CLIENT, with_=True) for w in ("me", "case_manager", "peer")] == [
        "Me", "With my case manager", "With my peer supporter"
    ]  # fmt: skip
    # Her case manager does not read "Me" as himself.
    assert [words(w, Relation.CASE_MANAGER) for w in ("me", "case_manager", "peer")] == [
        "Dee", "You", "Dee's peer supporter"
    ]  # fmt: skip
    assert words("case_manager", Relation.CASE_MANAGER, with_=True) == "With you"
    # A peer (or an admin): no "my", no "you".
    for other in (Relation.PEER, Relation.ADMIN):
        assert [words(w, other, with_=True) for w in ("me", "case_manager", "peer")] == [
            "Dee", "With Dee's case manager", "With Dee's peer supporter"
        ]  # fmt: skip
    # Someone named is named, whoever looks.
    for viewer in Relation:
        assert (words("someone_else", viewer, name="Nan"), words("someone_else", viewer, name="Nan", with_=True)) == (
            "Nan", "With Nan"
        )  # fmt: skip
    assert words("someone_else", Relation.CLIENT, with_=True) == "With someone else"
