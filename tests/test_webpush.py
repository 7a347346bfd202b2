"""Sending one Web Push message, against a fake push service that decrypts and checks VAPID.

No database here: these tests use neither the `session` fixture nor any table.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from email.utils import formatdate
from types import SimpleNamespace

import pytest
import requests
from py_vapid import Vapid02
from pywebpush import WebPusher

from strengthsapp.push.webpush import (
    MAX_PAYLOAD_BYTES,
    Sent,
    Target,
    backoff,
    classify,
    parse_retry_after,
    send,
    topic_token,
    valid_subscription,
)
from strengthsapp.settings import generate_vapid_keys
from tests.push_service import FakePushService, TestSubscription, b64url

SUBJECT = "mailto:care-team@example.org"


@pytest.fixture(scope="module")
def vapid() -> tuple[str, str]:
    return generate_vapid_keys()


@pytest.fixture
def service(vapid: tuple[str, str]) -> Iterator[FakePushService]:
    with FakePushService(vapid[1]) as fake:
        yield fake


def target(subscription: TestSubscription) -> Target:
    return Target(subscription.endpoint, subscription.p256dh, subscription.auth)


def push(
    vapid: tuple[str, str], subscription: TestSubscription | Target, payload: dict | None = None, **options
):
    options.setdefault("topic", "nudge:1")
    options.setdefault("vapid_private_key", vapid[0])
    options.setdefault("subject", SUBJECT)
    where = subscription if isinstance(subscription, Target) else target(subscription)
    return send(
        where,
        {"title": "Walk to the library", "body": "You said: one page a day"} | (payload or {}),
        **options,
    )


# --- what arrives -------------------------------------------------------------------------


def test_it_delivers_the_clients_exact_words_decrypted(service, vapid):
    words = "Call Mum & say <b>thanks</b> — «tout de suite» 🌱\nthen rest"
    result = push(vapid, service.subscription("ok"), {"body": words, "delivery": "d-17"})

    assert (result.outcome, result.status) == ("sent", 201)
    [received] = service.received
    assert received.verified
    assert received.payload == {"title": "Walk to the library", "body": words, "delivery": "d-17"}
    assert json.loads(received.payload_json)["body"] == words
    assert service.rejections == []


def test_it_sends_from_a_thread_that_already_runs_an_event_loop(service, vapid):
    device = service.subscription("ok")

    async def from_inside_a_loop() -> Sent:
        return push(vapid, target(device))

    # A thread of the test's own runs the loop (the main thread may run Playwright's already).
    with ThreadPoolExecutor(1) as thread:
        assert thread.submit(asyncio.run, from_inside_a_loop()).result().outcome == "sent"


def test_it_sends_ttl_urgency_and_a_short_topic(service, vapid):
    topic = "nudge:42:2025-03-30T08:00 Europe/London — step 'walk'"
    push(vapid, service.subscription("ok"), topic=topic, ttl=600, urgency="high")

    [received] = service.received
    assert received.headers == {"TTL": "600", "Urgency": "high", "Topic": topic_token(topic)}
    assert len(received.headers["Topic"]) <= 32
    assert set(received.headers["Topic"]) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )


def test_a_topic_token_is_stable_per_topic_and_distinct_between_topics():
    assert topic_token("nudge:1:2025-03-30") == topic_token("nudge:1:2025-03-30")
    assert topic_token("nudge:1:2025-03-30") != topic_token("nudge:1:2025-03-31")


def test_it_signs_fresh_vapid_claims_for_the_endpoints_origin(service, vapid):
    subscription = service.subscription("ok")
    push(vapid, subscription)
    time.sleep(1.1)
    push(vapid, subscription)

    first, second = service.received
    for claims in (first.claims, second.claims):
        assert claims["aud"] == service.origin
        assert claims["sub"] == SUBJECT
        assert time.time() < claims["exp"] <= time.time() + 12 * 3600
    assert second.claims["exp"] > first.claims["exp"]


def test_it_signs_with_the_apps_settings_by_default(vapid):
    with FakePushService() as settings_service:  # the app's VAPID public key from settings
        result = send(target(settings_service.subscription("ok")), {"title": "Hi"}, topic="t")

    assert result.outcome == "sent"
    [received] = settings_service.received
    assert received.claims["sub"].startswith(("mailto:", "https://"))


# --- the fake service really checks -------------------------------------------------------


def test_the_fake_service_rejects_another_vapid_key(service, vapid):
    someone_else = generate_vapid_keys()
    result = push(vapid, service.subscription("ok"), vapid_private_key=someone_else[0])

    assert (result.outcome, result.status) == ("error", 400)
    assert service.received == []
    [rejection] = service.rejections
    assert "not the app's public key" in rejection.reason


def test_the_fake_service_rejects_a_signature_that_does_not_match_k(service, vapid):
    subscription = service.subscription("ok")
    forger = Vapid02.from_string(generate_vapid_keys()[0])
    token = forger.sign({"sub": SUBJECT, "aud": service.origin, "exp": int(time.time()) + 3600})
    forged_token = token["Authorization"].split("t=", 1)[1].split(",", 1)[0]
    body = WebPusher(subscription.as_json()).encode(b'{"title":"forged"}')["body"]

    answer = requests.post(
        subscription.endpoint,
        data=body,
        headers={
            "Authorization": f"vapid t={forged_token}, k={vapid[1]}",
            "Content-Encoding": "aes128gcm",
            "TTL": "60",
        },
        timeout=5,
    )

    assert answer.status_code == 400
    assert service.received == []
    assert "signature" in service.rejections[0].reason


def test_the_fake_service_rejects_a_body_encrypted_for_another_device(service, vapid):
    mine, other = service.subscription("ok"), service.subscription("ok")
    result = push(vapid, Target(mine.endpoint, other.p256dh, other.auth))

    assert (result.outcome, result.status) == ("error", 400)
    assert service.received == []
    assert "does not decrypt" in service.rejections[0].reason


# --- what the push service's answer means -------------------------------------------------


@pytest.mark.parametrize(
    ("path", "outcome", "status", "retry_after"),
    [
        ("gone", "dead", 410, None),
        ("missing", "dead", 404, None),
        ("busy", "retry", 429, 7.0),
        ("broken", "retry", 500, None),
        ("toolarge", "error", 413, None),
    ],
)
def test_it_classifies_the_push_services_answer(service, vapid, path, outcome, status, retry_after):
    result = push(vapid, service.subscription(path))

    assert (result.outcome, result.status, result.retry_after) == (outcome, status, retry_after)
    assert result.detail
    assert service.count(path) == 1


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (200, "sent"),
        (201, "sent"),
        (202, "sent"),
        (400, "error"),
        (401, "error"),
        (403, "error"),
        (503, "retry"),
    ],
)
def test_it_classifies_other_statuses(status, outcome):
    assert classify(status).outcome == outcome


def test_retry_after_may_be_an_http_date():
    in_two_minutes = formatdate(time.time() + 120, usegmt=True)
    assert 110 <= classify(429, in_two_minutes).retry_after <= 121
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after("inf") is None
    assert parse_retry_after(None) is None


def test_a_hanging_endpoint_is_a_retry_after_the_timeout(service, vapid):
    started = time.monotonic()
    result = push(vapid, service.subscription("hang"), timeout=1.0)
    elapsed = time.monotonic() - started

    assert (result.outcome, result.status, result.retry_after) == ("retry", None, None)
    assert "within 1 s" in result.detail
    assert 0.9 <= elapsed < 1.0 + 2


@pytest.mark.parametrize(
    "start",
    [
        b"HTTP/1.1 201 Created\r\nX-Slow: ",  # then the headers, one byte at a time
        b"HTTP/1.1 201 Created\r\nContent-Length: 1000\r\n\r\n",  # then the body, likewise
    ],
    ids=["headers", "body"],
)
def test_an_endpoint_that_trickles_its_answer_is_cut_off_at_the_timeout(vapid, start):
    """Headers that never end are no answer: a retry, at the timeout. Once the status and
    headers are whole, the push service has answered: its body is read only in part (a few
    hundred bytes at most), so a body that never ends can't hold the send up."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    stop = threading.Event()

    def trickle() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(start)
            # Each read waits only 0.2 s, far under the timeout; the whole answer never ends.
            while not stop.wait(0.2):
                try:
                    connection.sendall(b"x")
                except OSError:
                    return

    threading.Thread(target=trickle, daemon=True).start()
    device_key = generate_vapid_keys()[1]  # any P-256 public key will do as the device's key
    started = time.monotonic()
    result = push(
        vapid, Target(f"http://127.0.0.1:{port}/push/slow", device_key, b64url(os.urandom(16))), timeout=1.0
    )
    elapsed = time.monotonic() - started
    stop.set()
    listener.close()

    if start.endswith(b"\r\n\r\n"):
        assert (result.outcome, result.status) == ("sent", 201)
    else:
        assert (result.outcome, result.status) == ("retry", None)
    assert elapsed < 1.0 + 2


def test_a_redirecting_endpoint_is_an_error_and_is_not_followed(vapid):
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    requests_seen: list[bytes] = []

    def redirect() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                requests_seen.append(connection.recv(65536))
                connection.sendall(
                    b"HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:%d/elsewhere\r\n"
                    b"Content-Length: 0\r\n\r\n" % port
                )

    threading.Thread(target=redirect, daemon=True).start()
    device_key = generate_vapid_keys()[1]
    result = push(vapid, Target(f"http://127.0.0.1:{port}/push/r", device_key, b64url(os.urandom(16))))
    listener.close()

    assert (result.outcome, result.status) == ("error", 307)
    assert "redirect" in result.detail
    assert len(requests_seen) == 1


@pytest.mark.parametrize(
    "answer",
    [
        b"\x00\xffnot http at all\r\n\r\n",
        b"HTTP/1.1 201 Created\r\nContent-Length: 900000000\r\n\r\n" + b"x" * 200_000,
    ],
    ids=["garbage", "enormous"],
)
def test_a_garbage_or_enormous_answer_is_said_plainly_and_bounded(vapid, answer):
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def answer_once() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            with contextlib.suppress(OSError):
                connection.sendall(answer)
                time.sleep(3)

    threading.Thread(target=answer_once, daemon=True).start()
    device_key = generate_vapid_keys()[1]
    started = time.monotonic()
    result = push(
        vapid, Target(f"http://127.0.0.1:{port}/push/g", device_key, b64url(os.urandom(16))), timeout=2.0
    )
    listener.close()
    assert time.monotonic() - started < 2.0 + 1
    if answer.startswith(b"HTTP"):
        assert (result.outcome, result.status) == ("sent", 201)  # taken; the rest is not read
    else:
        assert result.outcome == "retry" and "Could not reach the push service" in result.detail


def test_an_unreachable_push_service_is_a_retry():
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    keys = generate_vapid_keys()

    result = send(
        Target(f"http://127.0.0.1:{port}/push/x", keys[1], b64url(os.urandom(16))),
        {"title": "Hi"},
        topic="t",
        vapid_private_key=keys[0],
        subject=SUBJECT,
    )

    assert (result.outcome, result.status) == ("retry", None)
    assert "Could not reach" in result.detail


# --- bad input: refused before any request ------------------------------------------------


def _on_curve_not() -> str:
    return b64url(b"\x04" + b"\x01" * 64)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"endpoint": "http://push.example.com/abc"}, "https://"),
        ({"endpoint": "ftp://push.example.com/abc"}, "https://"),
        ({"endpoint": ""}, "no push endpoint"),
        ({"endpoint": "https://user:pw@push.example.com/abc"}, "user name"),
        ({"endpoint": "https://10.1.2.3/push"}, "private network"),
        ({"endpoint": "https://169.254.169.254/latest/meta-data"}, "private network"),
        ({"endpoint": "https://2130706433/push"}, "unusual numeric form"),
        ({"endpoint": "https://0x7f.1/push"}, "unusual numeric form"),
        ({"endpoint": "https://push.example.com:notaport/x"}, "not a valid web address"),
        ({"endpoint": "https://push.example.com/" + "a" * 2100}, "longer than"),
        ({"p256dh": "not base64!"}, "p256dh"),
        ({"p256dh": b64url(b"\x04" + b"\x01" * 20)}, "65-byte"),
        ({"p256dh": _on_curve_not()}, "P-256 curve"),
        ({"auth": b64url(os.urandom(8))}, "16 bytes"),
        ({"auth": "***"}, "auth secret"),
    ],
)
def test_a_malformed_subscription_is_an_error_without_a_request(service, vapid, change, words):
    good = service.subscription("ok")
    fields = {"endpoint": good.endpoint, "p256dh": good.p256dh, "auth": good.auth} | change

    assert words in (valid_subscription(**fields) or "")
    result = push(vapid, Target(**fields))

    assert (result.outcome, result.status) == ("error", None)
    assert words in result.detail
    assert service.count() == 0


def test_a_browsers_subscription_is_valid_padded_or_not(service):
    subscription = service.subscription("ok")
    assert valid_subscription(subscription.endpoint, subscription.p256dh, subscription.auth) is None
    assert (
        valid_subscription(subscription.endpoint, subscription.p256dh + "=", subscription.auth + "==") is None
    )
    assert (
        valid_subscription(
            "https://fcm.googleapis.com/fcm/send/abc:APA91b", subscription.p256dh, subscription.auth
        )
        is None
    )
    assert valid_subscription(None, subscription.p256dh, subscription.auth) is not None


def test_in_production_an_endpoint_on_this_machine_is_refused(monkeypatch, service):
    subscription = service.subscription("ok")
    production = SimpleNamespace(is_production=True)
    monkeypatch.setattr("strengthsapp.push.webpush.get_settings", lambda: production)
    for endpoint in (subscription.endpoint, "https://127.0.0.1/push/x", "https://localhost/push/x"):
        assert valid_subscription(endpoint, subscription.p256dh, subscription.auth), endpoint


def test_a_message_over_the_cap_is_refused_before_sending(service, vapid):
    result = push(vapid, service.subscription("ok"), {"body": "a" * 5000})

    assert (result.outcome, result.status) == ("error", None)
    assert f"{MAX_PAYLOAD_BYTES:,} bytes" in result.detail
    assert service.count() == 0


def test_a_message_just_under_the_cap_arrives_whole(service, vapid):
    body = "é" * 1400  # two bytes each in UTF-8
    result = push(vapid, service.subscription("ok"), {"body": body})

    assert result.outcome == "sent"
    assert service.received[0].payload["body"] == body


def test_a_callers_mistake_raises():
    with pytest.raises(ValueError, match="urgency"):
        send(Target("https://push.example.com/x", "", ""), {}, topic="t", urgency="urgent")


# --- backoff ------------------------------------------------------------------------------


def test_backoff_honours_retry_after_up_to_a_day():
    assert backoff(1, 7.0) == 7.0
    assert backoff(1, 3 * 86400) == 86400  # a year ahead is as good as a day
    # A Retry-After in the past says nothing: the usual wait, never a hot loop.
    assert 30 <= backoff(1, 0.0) <= 30 and 48 <= backoff(2, -3600.0) <= 60


def test_a_retry_never_starts_while_the_attempt_before_may_still_be_taken():
    for _ in range(50):
        assert backoff(1, None) >= 30 and backoff(1, None, at_least=45) >= 45


def test_backoff_grows_from_thirty_seconds_to_an_hour():
    for _ in range(50):
        waits = [backoff(attempts, None) for attempts in range(1, 12)]
        assert waits[0] == 30  # 24 to 30 s, but never less than an attempt's timeout
        assert all(later > earlier for earlier, later in itertools.pairwise(waits[:8]))
        assert all(2880 <= wait <= 3600 for wait in waits[7:])
    assert 2880 <= backoff(10_000, None) <= 3600
