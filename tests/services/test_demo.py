from sqlmodel import func, select

from strengthsapp.db.models import Agency, Goal, Grant, StrengthEntry, User, Win
from strengthsapp.domain.vocabulary import Role
from strengthsapp.services.boards import actor_for
from strengthsapp.services.demo import demo_client, load_demo_data
from strengthsapp.services.today import get_today


def test_it_loads_one_agency_with_every_role(session):
    assert load_demo_data(session) is True
    roles = set(session.exec(select(User.role)))
    assert roles == {r.value for r in Role}


def test_it_loads_only_once(session):
    load_demo_data(session)
    assert load_demo_data(session) is False
    assert session.exec(select(func.count()).select_from(Agency)).one() == 1


def test_alex_has_a_board_in_their_own_words(session):
    load_demo_data(session)
    alex = demo_client(session)
    assert alex.display_name == "Alex"
    assert (
        session.exec(
            select(func.count()).select_from(StrengthEntry).where(StrengthEntry.client_id == alex.id)
        ).one()
        >= 6
    )
    assert session.exec(select(func.count()).select_from(Goal).where(Goal.client_id == alex.id)).one() >= 3
    assert session.exec(select(func.count()).select_from(Win).where(Win.client_id == alex.id)).one() >= 2
    grant = session.exec(select(Grant)).one()
    assert grant.client_id == alex.id and "view" in grant.scopes


def test_alexs_today_has_next_steps_goals_and_cheered_wins(session):
    load_demo_data(session)
    alex = demo_client(session)
    today = get_today(session, actor=actor_for(alex), client_id=alex.id)
    assert today.greeting.endswith("Alex")
    assert len(today.next_steps) >= 3
    assert {g.text for g in today.goals} == {"Get a job working with animals", "Reconnect with my sister Mia"}
    assert any(w.cheers for w in today.wins)


def test_there_is_no_demo_client_without_demo_data(session):
    assert demo_client(session) is None
