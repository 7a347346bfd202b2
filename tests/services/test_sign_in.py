import statistics
import time
from datetime import timedelta

import pytest
from sqlmodel import select

from strengthsapp.db.models import AuditEvent
from strengthsapp.db.types import utcnow
from strengthsapp.services.sessions import (
    SignInRefused,
    claim_session,
    device_knows,
    device_mark,
    end_all_sessions,
    end_session,
    resolve_session,
    sign_in,
    start_session,
)
from tests.queries import count_queries
from tests.services.conftest import PASSWORD

NOW = utcnow()


def signed_in_token(session, user, now=NOW) -> str:
    result = sign_in(session, login=user.email, password=PASSWORD, address="10.0.0.1", now=now)
    claimed = claim_session(session, claim=result.claim, now=now)
    assert claimed and claimed.user_id == user.id
    return claimed.token


def test_it_signs_in_with_the_right_password_whatever_the_case_of_the_name(session, alice):
    result = sign_in(session, login=f"  {alice.email.upper()} ", password=PASSWORD, address="a", now=NOW)
    assert result.user.id == alice.id


def test_a_claimed_session_resolves_to_the_person(session, alice):
    token = signed_in_token(session, alice)
    assert resolve_session(session, token=token, now=NOW).user_id == alice.id


def test_every_event_resolves_its_session_in_one_query(session, alice):
    token = signed_in_token(session, alice)
    session.expunge_all()
    assert count_queries(session, lambda: resolve_session(session, token=token, now=NOW)) == 1


def test_an_unclaimed_session_gives_no_one(session, alice):
    result = sign_in(session, login=alice.email, password=PASSWORD, address="a", now=NOW)
    assert resolve_session(session, token=result.claim, now=NOW) is None


def test_a_claim_works_once_and_not_after_90_seconds(session, alice):
    claim = sign_in(session, login=alice.email, password=PASSWORD, address="a", now=NOW).claim
    assert claim_session(session, claim=claim, now=NOW + timedelta(seconds=91)) is None
    claim = sign_in(session, login=alice.email, password=PASSWORD, address="a", now=NOW).claim
    assert claim_session(session, claim=claim, now=NOW)
    assert claim_session(session, claim=claim, now=NOW) is None


def test_it_refuses_a_wrong_password_kindly_and_audits_it(session, alice):
    with pytest.raises(SignInRefused, match="don't match"):
        sign_in(session, login=alice.email, password="not the one", address="a", now=NOW)
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "signin.failed")).one()
    assert event.allowed is False and event.agency_id == alice.agency_id


def test_an_unknown_name_gets_the_same_answer(session):
    with pytest.raises(SignInRefused, match="don't match"):
        sign_in(session, login="nobody@example.org", password="whatever", address="a", now=NOW)


def test_repeated_failures_from_one_place_slow_down_then_pause_that_place_only(session, alice):
    delays = []
    for attempt in range(8):
        with pytest.raises(SignInRefused) as refused:
            sign_in(session, login=alice.email, password=f"wrong {attempt}", address="5.5.5.5", now=NOW)
        delays.append(refused.value.delay)
    assert delays[:2] == [0.0, 0.0] and delays[2] > 0 and delays[-1] <= 4.0
    # Paused from there: even the right password waits, and the message says for how long.
    with pytest.raises(SignInRefused, match="paused for 15 minutes"):
        sign_in(session, login=alice.email, password=PASSWORD, address="5.5.5.5", now=NOW)
    assert sign_in(
        session, login=alice.email, password=PASSWORD, address="5.5.5.5", now=NOW + timedelta(minutes=16)
    )


def test_the_person_still_signs_in_from_her_own_phone_while_someone_guesses_elsewhere(session, alice):
    # Her phone has signed in before: it carries her device mark.
    phone = device_mark(alice.id)
    for attempt in range(8):
        with pytest.raises(SignInRefused):
            sign_in(session, login=alice.email, password=f"guess {attempt}", address="6.6.6.6", now=NOW)
    assert sign_in(session, login=alice.email, password=PASSWORD, address="10.1.1.1", device=phone, now=NOW)


def test_guesses_from_many_places_make_new_devices_wait_longer_each_time_never_a_lock(session, alice):
    moment = NOW
    for attempt in range(12):  # one guess each from twelve addresses: none of them is paused
        moment += timedelta(minutes=1)
        with pytest.raises(SignInRefused) as refused:
            sign_in(session, login=alice.email, password="guess", address=f"9.9.9.{attempt}", now=moment)
        assert "don't match" in refused.value.message
    # Now a device she never used waits (32 s after the twelfth guess) ...
    with pytest.raises(SignInRefused, match="wait 32 seconds") as refused:
        sign_in(session, login=alice.email, password=PASSWORD, address="10.2.2.2", now=moment)
    assert "signed in on before" in refused.value.message
    # ... and gets in once the wait is over; her own phone never waited.
    assert sign_in(session, login=alice.email, password=PASSWORD, address="10.2.2.2",
                   now=moment + timedelta(seconds=33))  # fmt: skip


def test_a_device_mark_is_for_its_person_only_and_cannot_be_made_up(alice, bob):
    mark = device_mark(alice.id)
    assert device_knows(mark, user_id=alice.id)
    assert not device_knows(mark, user_id=bob.id)
    assert not device_knows(mark.replace(mark[-4:], "0000"), user_id=alice.id)
    assert not device_knows(f"{alice.id}.nonce.{'0' * 32}", user_id=alice.id)
    assert not device_knows("", user_id=alice.id)
    shared = device_mark(bob.id, earlier=mark)  # a family phone
    assert device_knows(shared, user_id=alice.id) and device_knows(shared, user_id=bob.id)


def test_a_made_up_name_takes_as_long_as_a_real_one(session, alice):
    """No telling which names exist from how long "don't match" takes: the password is
    checked against a stand-in when the name is unknown. Medians within 20 %."""
    real, made_up = [], []
    for attempt in range(7):  # under any pause; each from its own address
        for login, times in ((alice.email, real), (f"nobody{attempt}@example.org", made_up)):
            start = time.perf_counter()
            with pytest.raises(SignInRefused):
                sign_in(
                    session, login=login, password="not it", address=f"7.7.{len(times)}.{attempt}", now=NOW
                )
            times.append(time.perf_counter() - start)
    assert statistics.median(made_up) == pytest.approx(statistics.median(real), rel=0.2)


def test_many_failures_from_one_address_lock_that_address(session, alice, bob):
    for attempt in range(40):
        with pytest.raises(SignInRefused):
            sign_in(session, login=f"guess{attempt}@example.org", password="x", address="6.6.6.6", now=NOW)
    with pytest.raises(SignInRefused, match="paused"):
        sign_in(session, login=bob.email, password=PASSWORD, address="6.6.6.6", now=NOW)
    assert sign_in(session, login=bob.email, password=PASSWORD, address="7.7.7.7", now=NOW)


def test_success_forgets_earlier_slips(session, alice):
    for _ in range(5):
        with pytest.raises(SignInRefused):
            sign_in(session, login=alice.email, password="nope", address="a", now=NOW)
    sign_in(session, login=alice.email, password=PASSWORD, address="a", now=NOW)
    with pytest.raises(SignInRefused) as refused:
        sign_in(session, login=alice.email, password="nope", address="b", now=NOW)
    assert refused.value.delay == 0.0


def test_a_client_session_ends_after_30_idle_days_and_90_in_all(session, alice):
    token = start_session(session, user=alice, now=NOW)
    assert resolve_session(session, token=token, now=NOW + timedelta(days=29))
    assert resolve_session(session, token=token, now=NOW + timedelta(days=58))
    assert resolve_session(session, token=token, now=NOW + timedelta(days=87))
    assert resolve_session(session, token=token, now=NOW + timedelta(days=91)) is None


def test_a_staff_session_ends_after_12_idle_hours(session, bob):
    token = start_session(session, user=bob, now=NOW)
    assert resolve_session(session, token=token, now=NOW + timedelta(hours=11))
    assert resolve_session(session, token=token, now=NOW + timedelta(hours=23, minutes=30)) is None
    # And it is gone for good.
    assert resolve_session(session, token=token, now=NOW + timedelta(hours=11)) is None


def test_signing_out_deletes_the_session(session, alice):
    token = start_session(session, user=alice, now=NOW)
    end_session(session, token=token)
    assert resolve_session(session, token=token, now=NOW) is None


def test_signing_out_everywhere_can_keep_this_device(session, alice):
    here = start_session(session, user=alice, now=NOW)
    there = start_session(session, user=alice, now=NOW)
    end_all_sessions(session, user_id=alice.id, keep_token=here)
    assert resolve_session(session, token=here, now=NOW)
    assert resolve_session(session, token=there, now=NOW) is None


def test_a_deactivated_person_has_no_session(session, alice):
    token = start_session(session, user=alice, now=NOW)
    alice.is_active = False
    session.add(alice)
    assert resolve_session(session, token=token, now=NOW) is None


def test_no_token_means_no_one(session):
    assert resolve_session(session, token=None) is None
    assert resolve_session(session, token="made-up") is None
