"""The nudge worker through faults, on PostgreSQL, against the local push service that checks
and decrypts every message: the database cut off mid-batch, a worker killed mid-batch, a
slow push service, one that answers only after the timeout, and one that is down for 20 s.
Each ends with every nudge recorded sent once, and each delivery id on the wire either once
or (where an answer was lost) again with the same id and Topic, which the phone shows once
(tests/e2e/test_nudges_in_browser.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import func, update
from sqlmodel import Session, select

from strengthsapp.db.models import NudgeDelivery
from strengthsapp.db.types import utcnow
from strengthsapp.settings import PROJECT_DIR, generate_vapid_keys
from tests.conftest import PostgresSchema, alembic_upgrade
from tests.db_proxy import CuttableProxy
from tests.push_service import FakePushService
from tests.test_worker import seed

pytestmark = pytest.mark.timeout(180)
LEASE = "3"  # seconds: a stopped worker's claims are taken over within a few seconds


@pytest.fixture
def schema() -> Iterator[PostgresSchema]:
    schema = PostgresSchema()
    alembic_upgrade(schema.engine)
    yield schema
    schema.drop()


@pytest.fixture
def vapid() -> tuple[str, str]:
    return generate_vapid_keys()


class Workers:
    """Worker processes of the real `python -m strengthsapp.worker`, stopped at the end."""

    def __init__(self, url: str, vapid: tuple[str, str], state_dir: str) -> None:
        self.env = {**os.environ, "DATABASE_URL": url, "VAPID_PRIVATE_KEY": vapid[0], "VAPID_PUBLIC_KEY": vapid[1],
                    "STRENGTHSAPP_STATE_DIR": state_dir}  # fmt: skip
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str, *, batch: int = 100, timeout: float = 5.0) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-m", "strengthsapp.worker", "--batch", str(batch), "--lease", LEASE,
             "--timeout", str(timeout), "--name", name],
            cwd=PROJECT_DIR, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        self.processes[name] = process
        return process

    def stop(self) -> str:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        return "\n".join(f"--- {name}\n{p.communicate(timeout=30)[0]}" for name, p in self.processes.items())


@pytest.fixture
def workers(schema, vapid, tmp_path) -> Iterator[Callable[..., Workers]]:
    made: list[Workers] = []

    def make(url: str | None = None) -> Workers:
        made.append(Workers(url or schema.url, vapid, str(tmp_path)))
        return made[-1]

    yield make
    for group in made:
        group.stop()


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what}")
        time.sleep(0.05)


def count(schema: PostgresSchema, *where) -> int:
    with Session(schema.engine) as db:
        return db.exec(select(func.count()).select_from(NudgeDelivery).where(*where)).one()


def seed_due(schema: PostgresSchema, service: FakePushService, **clients_and_path: object) -> int:
    """Clients with a device at `path` and due nudges (tests.test_worker.seed); how many."""
    with Session(schema.engine) as db:
        seed(db, service, **clients_and_path)  # type: ignore[arg-type]
    return count(schema)


def wait_until_all_sent(schema: PostgresSchema, total: int) -> None:
    wait_until(lambda: count(schema, NudgeDelivery.status == "sent") == total, 60, "all recorded sent")


def deliveries(schema: PostgresSchema) -> list[NudgeDelivery]:
    with Session(schema.engine) as db:
        return list(db.exec(select(NudgeDelivery)))


def on_the_wire(service: FakePushService) -> Counter:
    """How many copies of each delivery id the push service took (each checked and decrypted)."""
    assert not service.rejections
    return Counter(r.payload["delivery"] for r in service.received)


def topics_per_delivery(service: FakePushService) -> dict[int, set[str]]:
    topics: dict[int, set[str]] = {}
    for received in service.received:
        topics.setdefault(received.payload["delivery"], set()).add(received.headers["Topic"])
    return topics


def test_a_database_cut_off_mid_batch_costs_no_extra_send(schema, vapid, workers):
    with FakePushService(vapid[1], hang_seconds=2.0) as service, CuttableProxy() as proxy:
        total = seed_due(schema, service, clients=20, nudges_each=10, path="hang")  # answers after 2 s
        group = workers(proxy.url(schema.url))
        group.start("one", batch=50)  # two lanes of 50: half the nudges
        wait_until(lambda: count(schema, NudgeDelivery.status == "claimed") >= total // 2, 30, "one claimed")
        group.start("two", batch=50)  # the other half
        wait_until(lambda: count(schema, NudgeDelivery.status == "claimed") == total and service.count() > 0,
                   30, "both workers claimed and are sending")  # fmt: skip
        proxy.cut()  # while every nudge is in flight: their answers come while the database is away
        time.sleep(8)  # well over a lease: nobody can renew one meanwhile
        proxy.restore()
        wait_until_all_sent(schema, total)
        logs = group.stop()
        rows = deliveries(schema)
        wire = on_the_wire(service)
    assert "database unavailable" in logs and proxy.cuts == 1
    assert service.count() == total and set(wire.values()) == {1}, logs  # not one extra send
    assert {(r.status, r.attempts, r.resends) for r in rows} == {("sent", 1, 0)}
    assert {r.claimed_by for r in rows} == {"one", "two"}


def test_a_killed_workers_nudges_are_taken_over_in_seconds_and_resent_with_the_same_id(
    schema, vapid, workers
):
    with FakePushService(vapid[1], hang_seconds=2.0) as service:
        total = seed_due(schema, service, clients=20, nudges_each=10, path="hang")
        group = workers()
        doomed = group.start("doomed", batch=500)
        wait_until(lambda: count(schema, NudgeDelivery.status == "claimed") == total and service.count() > 0,
                   30, "the doomed worker claimed everything and is sending")  # fmt: skip
        doomed.send_signal(signal.SIGKILL)  # its sends are in flight, nothing recorded
        killed_at = time.monotonic()
        group.start("heir", batch=500)
        wait_until_all_sent(schema, total)
        took = time.monotonic() - killed_at
        group.stop()
        rows = deliveries(schema)
        wire, topics = on_the_wire(service), topics_per_delivery(service)
    assert took < 20  # a lease and a send, not ten minutes
    assert {(r.status, r.attempts, r.resends, r.claimed_by) for r in rows} == {("sent", 1, 1, "heir")}
    # On the wire at least once, at most once more than it was (what the dead worker had in
    # flight), always with the same delivery id and Topic: the phone shows it once.
    assert set(wire) == {r.id for r in rows} and max(wire.values()) <= 2
    assert all(len(t) == 1 for t in topics.values())


def test_a_slow_push_service_gets_one_copy_per_nudge(schema, vapid, workers):
    with FakePushService(vapid[1], hang_seconds=1.5) as service:
        total = seed_due(schema, service, clients=10, nudges_each=5, path="hang")
        group = workers()
        group.start("one", timeout=3.0)  # the answer comes within the send's timeout
        wait_until_all_sent(schema, total)
        group.stop()
        rows = deliveries(schema)
        wire = on_the_wire(service)
    assert service.count() == total and set(wire.values()) == {1}
    assert {(r.status, r.attempts) for r in rows} == {("sent", 1)}


def test_a_push_service_answering_after_the_timeout_is_sent_once_more_with_the_same_topic(
    schema, vapid, workers
):
    with FakePushService(vapid[1], hang_seconds=2.0) as service:
        total = seed_due(schema, service, clients=10, nudges_each=5, path="hang")
        group = workers()
        group.start("one", timeout=1.0)  # gives up at 1 s; the service takes each message anyway
        wait_until(lambda: count(schema, NudgeDelivery.attempts == 1, NudgeDelivery.status == "due") == total,
                   30, "every first attempt recorded as a retry")  # fmt: skip
        rows = deliveries(schema)
        # No retry while the first attempt may still be taken: not sooner than its timeout.
        assert min((r.next_attempt_at - r.claimed_at).total_seconds() for r in rows) >= 1.0
        assert all("No whole answer from the push service within 1 s" in r.result for r in rows)
        service.hang_seconds = 0.0  # the service is quick again, and the retries' time has come
        with Session(schema.engine) as db:
            db.exec(update(NudgeDelivery).values(next_attempt_at=utcnow()))  # type: ignore[call-overload]
            db.commit()
        wait_until_all_sent(schema, total)
        group.stop()
        rows = deliveries(schema)
        wire, topics = on_the_wire(service), topics_per_delivery(service)
    assert {(r.status, r.attempts) for r in rows} == {("sent", 2)}
    assert set(wire.values()) == {2} and all(len(t) == 1 for t in topics.values())


def test_a_push_service_down_for_twenty_seconds_gets_everything_once_when_it_is_back(schema, vapid, workers):
    with FakePushService(vapid[1]) as service:
        total = seed_due(schema, service, clients=10, nudges_each=5, path="ok")
        service.stop()
        group = workers()
        group.start("one")
        wait_until(
            lambda: count(schema, NudgeDelivery.attempts == 1) == total, 30, "every first attempt failed"
        )
        rows = deliveries(schema)
        assert all("Could not reach the push service" in r.result for r in rows)
        time.sleep(max(0.0, 20 - 1))
        service.start()  # back on the same port; the retries come after their backoff (30 s)
        wait_until_all_sent(schema, total)
        group.stop()
        rows = deliveries(schema)
        wire = on_the_wire(service)
    assert service.count() == total and set(wire.values()) == {1}
    assert {(r.status, r.attempts) for r in rows} == {("sent", 2)}
