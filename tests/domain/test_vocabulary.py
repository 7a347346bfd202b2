from strengthsapp.domain.life_domains import DEFAULT_LIFE_DOMAINS
from strengthsapp.domain.vocabulary import GoalStatus, StrengthColumn


def test_there_are_seven_default_life_domains_each_with_an_icon():
    assert len(DEFAULT_LIFE_DOMAINS) == 7
    assert len({d.key for d in DEFAULT_LIFE_DOMAINS}) == 7
    assert all(d.icon and d.label for d in DEFAULT_LIFE_DOMAINS)


def test_the_assessment_starts_from_what_i_want():
    assert next(iter(StrengthColumn)) is StrengthColumn.WANT


def test_goal_statuses_have_no_failure_state():
    assert {s.value for s in GoalStatus} == {"active", "achieved", "paused", "set_aside"}
