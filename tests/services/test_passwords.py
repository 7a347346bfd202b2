import pytest

from strengthsapp.domain.access import Actor
from strengthsapp.domain.vocabulary import Role
from strengthsapp.services.errors import InvalidInput
from strengthsapp.services.passwords import hash_password, password_problem, verify_password
from strengthsapp.services.sessions import change_password, resolve_session, start_session
from tests.services.conftest import PASSWORD


@pytest.mark.parametrize("password", ["short", "password123", "qwertyuiop", "aaaaaaaaaaaa", "iloveyou1234"])
def test_it_refuses_short_or_common_passwords(password):
    assert password_problem(password) is not None


def test_it_refuses_the_persons_own_name():
    assert "your name" in password_problem("alexander123", personal=("Alexander",))


@pytest.mark.parametrize("password", ["blue kettle on the hill", "x" * 9 + "Yz!", "🌻 sunflowers in june"])
def test_it_accepts_passphrases_of_any_characters(password):
    assert password_problem(password) is None


def test_it_accepts_long_passwords_from_password_managers():
    assert password_problem("A9$k" * 16) is None  # 64 characters
    assert password_problem("A9$k" * 64) is None  # 256


def test_hashes_are_argon2id_and_verify():
    hashed = hash_password("blue kettle on the hill")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "blue kettle on the hill")
    assert not verify_password(hashed, "blue kettle on the hil")
    assert not verify_password(None, "anything")
    assert not verify_password("not a hash", "anything")


def test_changing_the_password_ends_the_other_sessions(session, alice):
    here = start_session(session, user=alice)
    there = start_session(session, user=alice)
    actor = Actor(user_id=alice.id, agency_id=alice.agency_id, role=Role.CLIENT, display_name="Alice")
    change_password(session, actor=actor, current=PASSWORD, new="green door by the sea", keep_token=here)
    assert resolve_session(session, token=here)
    assert resolve_session(session, token=there) is None
    assert verify_password(alice.password_hash, "green door by the sea")


def test_changing_the_password_needs_the_current_one(session, alice):
    actor = Actor(user_id=alice.id, agency_id=alice.agency_id, role=Role.CLIENT, display_name="Alice")
    with pytest.raises(InvalidInput, match="current password") as error:
        change_password(session, actor=actor, current="wrong", new="green door by the sea", keep_token=None)
    assert error.value.field == "current"
