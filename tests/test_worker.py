"""The nudge worker against a local push service that decrypts every message and checks its
VAPID token: the client's exact words arrive; dead subscriptions are pruned, busy and broken
services retried; and two worker processes on PostgreSQL deliver each nudge exactly once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from datetime import time as clock

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from strengthsapp.db.engine import build_engine
from strengthsapp.db.models import Goal, NudgeDelivery, NudgePlan, PushSubscription, Step, User
from strengthsapp.services.agency import create_agency
from strengthsapp.settings import PROJECT_DIR, generate_vapid_keys
from tests.conftest import PostgresSchema, alembic_upgrade
from tests.push_service import FakePushService

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def seed(
    db: Session, service: FakePushService, *, clients: int, nudges_each: int, path: str = "ok"
) -> list[int]:
    """Clients with a step, a nudge plan and a device each, and due deliveries."""
    agency = create_agency(db, name="Worker agency", slug=f"w-{time.monotonic_ns()}", timezone="UTC")
    plan_ids = []
    for n in range(clients):
        client = User(agency_id=agency.id, role="client", display_name=f"Client {n}")
        db.add(client)
        db.flush()
        goal = Goal(client_id=client.id, text="Walk more", domain_key="health", created_by_id=client.id)
        db.add(goal)
        db.flush()
        step = Step(goal_id=goal.id, text="Walk to the park")
        db.add(step)
        db.flush()
        plan = NudgePlan(client_id=client.id, goal_id=goal.id, step_id=step.id, days=[],
                         at_time=clock(9), timezone="UTC", message=f"Park time, {n} <b>ok</b> 🌳")  # fmt: skip
        device = service.subscription(path)
        db.add_all([plan, PushSubscription(user_id=client.id, endpoint=device.endpoint, p256dh=device.p256dh,
                                           auth=device.auth)])  # fmt: skip
        db.flush()
        plan_ids.append(plan.id)
        db.add_all(
            NudgeDelivery(
                plan_id=plan.id, due_at=NOW - timedelta(minutes=k), next_attempt_at=NOW - timedelta(minutes=k)
            )
            for k in range(nudges_each)
        )
    db.commit()
    return plan_ids


@pytest.fixture
def keys(monkeypatch):
    private, public = generate_vapid_keys()
    monkeypatch.setenv("VAPID_PRIVATE_KEY", private)
    monkeypatch.setenv("VAPID_PUBLIC_KEY", public)
    from strengthsapp.settings import get_settings

    get_settings.cache_clear()
    yield private, public
    get_settings.cache_clear()


def run_worker_round(db_engine, monkeypatch, now: datetime) -> dict:
    """One round of the real worker loop, in this process, on this database."""
    from strengthsapp import worker as worker_module
    from strengthsapp.db import engine as engine_module

    monkeypatch.setattr(engine_module, "get_engine", lambda: db_engine)
    monkeypatch.setattr(worker_module, "utcnow", lambda: now)
    w = worker_module.Worker(name="test", batch=100, timeout=2.0)
    try:
        return w.run_once()
    finally:
        w.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def own_database(request, sqlite_template, tmp_path):
    """A database of the test's own: the worker commits, so not the shared rolled-back one."""
    if request.param == "sqlite":
        path = tmp_path / "worker.db"
        shutil.copy(sqlite_template, path)
        engine = build_engine(f"sqlite:///{path}")
        yield engine
        engine.dispose()
    else:
        schema = PostgresSchema()
        alembic_upgrade(schema.engine)
        yield schema.engine
        schema.drop()


def test_the_exact_words_arrive_and_dead_busy_and_broken_services_are_handled(
    own_database, keys, monkeypatch
):
    _private, public = keys
    engine = own_database
    with FakePushService(public) as service, Session(engine) as db:
        seed(db, service, clients=1, nudges_each=1, path="ok")
        seed(db, service, clients=1, nudges_each=1, path="gone")
        seed(db, service, clients=1, nudges_each=1, path="busy")
        seed(db, service, clients=1, nudges_each=1, path="broken")
        counts = run_worker_round(engine, monkeypatch, NOW)
        assert counts == {"sent": 1, "dead": 1, "due": 2}
        [arrived] = [r for r in service.received if r.path == "ok"]
        assert arrived.payload["body"] == "Park time, 0 <b>ok</b> 🌳"  # decrypted, as the client wrote it
        assert arrived.headers.get("Urgency") == "normal" and "TTL" in arrived.headers
        db.expire_all()
        paths = {s.endpoint.split("/push/")[1].split("/")[0] for s in db.exec(select(PushSubscription))}
        assert paths == {"ok", "busy", "broken"}  # the 410 subscription is gone, never retried
        busy = db.exec(select(NudgeDelivery).where(NudgeDelivery.result.contains("429"))).one()  # type: ignore[attr-defined]
        assert busy.status == "due" and busy.next_attempt_at == NOW + timedelta(
            seconds=7
        )  # Retry-After honoured
        # A later round retries only what is due again.
        run_worker_round(engine, monkeypatch, NOW + timedelta(hours=2))
        assert (service.count("ok"), service.count("gone"), service.count("busy")) == (1, 1, 2)


def test_a_sign_in_link_notice_reaches_each_device_once_even_after_its_sessions_ended(
    own_database, keys, monkeypatch
):
    """Bob makes Ana a sign-in link and it is used at once (her sessions, and with them her
    subscriptions, end): the notice still goes to the devices she had, once each."""
    from strengthsapp.db.models import PushNotice
    from strengthsapp.services.boards import actor_for
    from strengthsapp.services.invites import accept_invite, create_reset_link

    _private, public = keys
    engine = own_database
    with FakePushService(public) as service, Session(engine, expire_on_commit=False) as db:
        agency = create_agency(db, name="Notices", slug=f"n-{time.monotonic_ns()}", timezone="UTC")
        ana = User(agency_id=agency.id, role="client", display_name="Ana")
        bob = User(agency_id=agency.id, role="admin", display_name="Bob Lee")
        db.add_all([ana, bob])
        db.flush()
        for path in ("ok", "gone"):
            device = service.subscription(path)
            db.add(
                PushSubscription(
                    user_id=ana.id, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth
                )
            )
        db.flush()
        code = create_reset_link(db, actor=actor_for(bob), user_id=ana.id, now=NOW)
        accept_invite(db, code=code, password="a new long passphrase 7", now=NOW)
        db.commit()
        counts = run_worker_round(engine, monkeypatch, NOW)
        assert counts == {"notice sent": 1, "notice dead": 1}
        [arrived] = [r for r in service.received if r.path == "ok"]
        assert arrived.payload["body"].startswith("Bob Lee made a new sign-in link for you at 8:00\u202fAM")
        assert arrived.payload["url"] == "/account" and arrived.headers.get("Urgency") == "high"
        assert run_worker_round(engine, monkeypatch, NOW + timedelta(hours=1)) == {}  # once
        db.expire_all()
        assert sorted(n.status for n in db.exec(select(PushNotice))) == ["dead", "sent"]


@pytest.mark.timeout(300)
def test_two_worker_processes_deliver_each_nudge_exactly_once(keys, tmp_path):
    private, public = keys
    schema = PostgresSchema()
    try:
        alembic_upgrade(schema.engine)
        with FakePushService(public, verify_every=5) as service:
            with Session(schema.engine) as db:
                seed(db, service, clients=40, nudges_each=75)  # 3,000 due nudges
                total = db.exec(select(func.count()).select_from(NudgeDelivery)).one()
            env = {**os.environ, "DATABASE_URL": schema.url, "VAPID_PRIVATE_KEY": private, "VAPID_PUBLIC_KEY": public,
                   "STRENGTHSAPP_STATE_DIR": str(tmp_path)}  # fmt: skip
            workers = [
                subprocess.Popen(
                    [sys.executable, "-m", "strengthsapp.worker", "--batch", "50", "--name", name],
                    cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                )
                for name in ("one", "two")
            ]  # fmt: skip
            try:
                deadline = time.monotonic() + 240
                while time.monotonic() < deadline:
                    with Session(schema.engine) as db:
                        left = db.exec(
                            select(func.count())
                            .select_from(NudgeDelivery)
                            .where(NudgeDelivery.status != "sent")
                        ).one()
                    if left == 0:
                        break
                    time.sleep(0.5)
            finally:
                for process in workers:
                    process.terminate()
                logs = [process.communicate(timeout=30)[0] for process in workers]
            with Session(schema.engine) as db:
                by_worker = Counter(db.exec(select(NudgeDelivery.claimed_by)))
                statuses = Counter(db.exec(select(NudgeDelivery.status)))
        delivered = Counter(r.payload["delivery"] for r in service.received if r.payload is not None)
        assert statuses == {"sent": total}, logs
        assert service.count() == total  # one message per delivery: nothing twice, nothing missing
        assert (
            len(delivered) == len([r for r in service.received if r.verified])
            and max(delivered.values()) == 1
        )
        assert not service.rejections
        assert set(by_worker) == {"one", "two"} and min(by_worker.values()) > 0  # both took part
    finally:
        schema.drop()


def test_the_heartbeat_renews_the_lease_of_every_claim_the_worker_holds(own_database, keys, monkeypatch):
    """Claimed, sent but not yet written down, in either lane: all renewed; others' not."""
    from strengthsapp import worker as worker_module
    from strengthsapp.db import engine as engine_module
    from strengthsapp.services import deliveries

    engine = own_database
    monkeypatch.setattr(engine_module, "get_engine", lambda: engine)
    with FakePushService(keys[1]) as service, Session(engine) as db:
        seed(db, service, clients=3, nudges_each=1)
        ids = deliveries.claim(db, worker="test", now=NOW, limit=3)
        db.commit()
        w = worker_module.Worker(name="test", lanes=2)
        try:
            w.lanes[0].claimed = worker_module.Batch(outgoing=[], quiet={ids[0]: "no device"})
            w.lanes[1].held = [worker_module.Batch(outgoing=[], quiet={ids[1]: "no device"}, results={})]
            monkeypatch.setattr(worker_module, "utcnow", lambda: NOW + timedelta(minutes=1))
            assert w.beat() == 2
        finally:
            w.close()
        db.expire_all()
        leases = {
            d.id: d.lease_until for d in db.exec(select(NudgeDelivery).where(col(NudgeDelivery.id).in_(ids)))
        }
        lease = NOW + timedelta(minutes=1) + deliveries.LEASE
        assert [leases[i] == lease for i in ids] == [True, True, False]  # the third is nobody's now
