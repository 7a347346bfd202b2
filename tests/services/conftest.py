"""The people of the stories: alice (client), bob (her case manager), charlie (her peer),
dana (someone in the agency with no access), ada (admin), and olga from another agency."""

import pytest

from strengthsapp.domain.vocabulary import Role
from strengthsapp.services.boards import actor_for
from tests.factories import make_agency, make_assignment, make_grant, make_password_user

PASSWORD = "blue kettle on the hill"


@pytest.fixture
def agency(session):
    return make_agency(session)


@pytest.fixture
def alice(session, agency):
    return make_password_user(session, agency=agency, name="Alice", password=PASSWORD)


@pytest.fixture
def bob(session, agency, alice):
    bob = make_password_user(session, agency=agency, role=Role.CASE_MANAGER, name="Bob", password=PASSWORD)
    make_assignment(session, client=alice, case_manager=bob)
    return bob


@pytest.fixture
def charlie(session, agency, alice):
    charlie = make_password_user(session, agency=agency, role=Role.PEER, name="Charlie", password=PASSWORD)
    make_grant(session, client=alice, grantee=charlie, scopes=("view", "cheer"), sections=("wins",))
    return charlie


@pytest.fixture
def dana(session, agency):
    return make_password_user(session, agency=agency, role=Role.CASE_MANAGER, name="Dana", password=PASSWORD)


@pytest.fixture
def ada(session, agency):
    return make_password_user(session, agency=agency, role=Role.ADMIN, name="Ada", password=PASSWORD)


@pytest.fixture
def olga(session):
    other = make_agency(session, name="Other Agency")
    return make_password_user(session, agency=other, role=Role.ADMIN, name="Olga", password=PASSWORD)


def as_actor(user):
    return actor_for(user)
