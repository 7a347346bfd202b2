"""The door every service goes through: loading a board's access facts, once per look."""

import pytest
from sqlmodel import select

from strengthsapp.db.models import Grant
from strengthsapp.db.types import utcnow
from strengthsapp.domain.access import Action, can
from strengthsapp.services.boards import actor_for, load_board, reading_boards, step_and_goal
from strengthsapp.services.errors import NotFound
from tests.factories import make_goal, make_step
from tests.queries import count_queries


def test_a_look_at_a_board_loads_its_access_facts_once(session, alice, bob):
    def twice() -> None:
        load_board(session, client_id=alice.id)
        load_board(session, client_id=alice.id)

    outside = count_queries(session, twice)
    with reading_boards(session):
        inside = count_queries(session, twice)
    assert outside == 2 * inside > 0


def test_a_look_keeps_the_client_row_so_the_services_reading_the_board_read_it_once(session, alice):
    import gc

    from strengthsapp.db.models import User

    client_id = alice.id
    session.expunge_all()  # nothing held: the session's identity map keeps rows only while someone does
    with reading_boards(session):
        load_board(session, client_id=client_id)
        gc.collect()
        assert count_queries(session, lambda: session.get(User, client_id)) == 0


def test_outside_a_look_a_revoked_grant_is_seen_at_once(session, alice, charlie):
    with reading_boards(session):
        assert can(actor_for(charlie), Action.VIEW_WINS, load_board(session, client_id=alice.id))
    grant = session.exec(select(Grant).where(Grant.grantee_id == charlie.id)).one()
    grant.revoked_at = utcnow()
    session.add(grant)
    session.flush()
    assert not can(actor_for(charlie), Action.VIEW_WINS, load_board(session, client_id=alice.id))


def test_nested_looks_share_one_memo_until_the_outer_one_ends(session, alice):
    with reading_boards(session):
        with reading_boards(session):
            load_board(session, client_id=alice.id)
        assert count_queries(session, lambda: load_board(session, client_id=alice.id)) == 0
    assert "boards" not in session.info


@pytest.mark.parametrize("step_id", [True, 0, -1, 2**31, "1", 1.0, None])
def test_a_step_id_that_is_no_id_is_not_found(session, step_id):
    with pytest.raises(NotFound):
        step_and_goal(session, step_id)


def test_a_step_comes_with_its_goal_in_one_query(session, alice):
    goal = make_goal(session, client=alice, text="Walk to the library")
    step = make_step(session, goal=goal, text="Find my card")
    session.expunge_all()
    found: list = []
    assert count_queries(session, lambda: found.extend(step_and_goal(session, step.id))) == 1
    assert (found[0].text, found[1].text) == ("Find my card", "Walk to the library")
