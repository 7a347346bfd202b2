from datetime import timedelta

import pytest

from strengthsapp.db.models import Contact, Suggestion
from strengthsapp.db.types import utcnow
from strengthsapp.domain.vocabulary import GoalStatus
from strengthsapp.services.errors import NotAllowed
from strengthsapp.services.people import caseload
from tests.factories import make_assignment, make_goal, make_step, make_user, make_win
from tests.queries import count_queries
from tests.services.conftest import as_actor

NOW = utcnow()


def test_each_client_shows_what_moved_and_when_we_last_met(session, agency, alice, bob):
    goal = make_goal(session, client=alice)
    make_goal(session, client=alice, text="Paused one", status=GoalStatus.PAUSED)
    make_step(session, goal=goal, done_at=NOW - timedelta(days=2))
    make_step(session, goal=goal, done_at=NOW - timedelta(days=20))
    make_win(session, client=alice, on=NOW.date() - timedelta(days=1))
    make_win(session, client=alice, on=NOW.date() - timedelta(days=30))
    session.add(Contact(client_id=alice.id, case_manager_id=bob.id, on=NOW.date() - timedelta(days=3),
                        place="community", summary="Coffee"))  # fmt: skip
    session.add(Suggestion(client_id=alice.id, by_id=bob.id, kind="new_step", payload={}))
    session.flush()

    [row] = caseload(session, actor=as_actor(bob), now=NOW)

    assert (row.name, row.active_goals, row.steps_done_14_days, row.new_wins, row.pending_suggestions) == (
        "Alice", 1, 1, 1, 1,
    )  # fmt: skip
    assert row.days_since_contact == 3 and not row.quiet_for_a_while


def test_no_contact_for_14_days_is_a_gentle_flag(session, agency, bob):
    quiet = make_user(session, agency=agency, name="Quinn")
    make_assignment(session, client=quiet, case_manager=bob)
    rows = {r.name: r for r in caseload(session, actor=as_actor(bob), now=NOW)}
    assert rows["Quinn"].quiet_for_a_while and rows["Quinn"].last_contact == ""


def test_the_queries_do_not_grow_with_the_caseload(session, agency, bob):
    def count() -> int:
        return count_queries(session, lambda: caseload(session, actor=as_actor(bob), now=NOW))

    def add_clients(n: int) -> None:
        for i in range(n):
            client = make_user(session, agency=agency, name=f"Client {i}")
            make_assignment(session, client=client, case_manager=bob)
            make_win(session, client=client)

    add_clients(2)
    small = count()
    add_clients(30)
    assert count() == small <= 6


def test_only_case_managers_have_a_caseload(session, alice, charlie, ada):
    for person in (alice, charlie, ada):
        with pytest.raises(NotAllowed):
            caseload(session, actor=as_actor(person))
