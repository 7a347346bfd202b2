"""How fast the nudge worker sends, and that it never sends twice.

N due nudges in PostgreSQL go to the local fake push service (tests/push_service.py), which
checks each VAPID token and decrypts each message, as a real one would. Measured with 1 and
2 worker processes (`python -m strengthsapp.worker`), each on a fresh copy of the queue.
Baseline, in the same run: the bare sender (push.webpush.send from a thread pool,
no database), the most any worker could do on this machine. Prints nudges/s, the ratio to
the baseline, the 2-worker/1-worker ratio, and duplicates (which must be 0).

    .venv/bin/python bench/push_fanout.py [--nudges 10000] [--workers 1,2] [--senders 16]

Default database: a private schema in the local PostgreSQL `test` database, dropped after.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("STRENGTHSAPP_STATE_DIR", tempfile.mkdtemp(prefix="push-fanout-"))

from sqlalchemy import func, text
from sqlmodel import Session, select

from strengthsapp.db.models import Goal, NudgeDelivery, NudgePlan, PushSubscription, Step, User
from strengthsapp.push.webpush import Target, send
from strengthsapp.services.agency import create_agency
from strengthsapp.settings import PROJECT_DIR, generate_vapid_keys
from tests.conftest import PostgresSchema, alembic_upgrade
from tests.push_service import FakePushService

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
PER_CLIENT = 10


def seed(db: Session, service: FakePushService, nudges: int) -> None:
    agency = create_agency(db, name="Fan-out", slug=f"fanout-{time.monotonic_ns()}", timezone="UTC")
    clients = max(1, nudges // PER_CLIENT)
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
        # No days: the worker's own scheduling adds nothing to what is measured.
        plan = NudgePlan(
            client_id=client.id,
            goal_id=goal.id,
            step_id=step.id,
            days=[],
            at_time=clock(9),
            timezone="UTC",
            message=f"Park time, {n}",
        )
        device = service.subscription("ok")
        db.add_all(
            [
                plan,
                PushSubscription(
                    user_id=client.id, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth
                ),
            ]
        )
        db.flush()
        count = PER_CLIENT if n < clients - 1 else nudges - PER_CLIENT * (clients - 1)
        db.add_all(
            NudgeDelivery(
                plan_id=plan.id, due_at=NOW - timedelta(seconds=k), next_attempt_at=NOW - timedelta(seconds=k)
            )
            for k in range(count)
        )
    db.commit()


def run_workers(
    schema: PostgresSchema, *, count: int, keys: tuple[str, str], senders: int, timeout: float
) -> float:
    """Seconds from starting `count` workers until every nudge is sent."""
    with Session(schema.engine) as db:
        total = db.exec(select(func.count()).select_from(NudgeDelivery)).one()
    with tempfile.TemporaryDirectory() as state:
        env = {
            **os.environ,
            "DATABASE_URL": schema.url,
            "VAPID_PRIVATE_KEY": keys[0],
            "VAPID_PUBLIC_KEY": keys[1],
            "STRENGTHSAPP_STATE_DIR": state,
        }
        start = time.perf_counter()
        workers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "strengthsapp.worker",
                    "--batch",
                    "200",
                    "--senders",
                    str(senders),
                    "--name",
                    f"w{i}",
                ],
                cwd=PROJECT_DIR,
                env=env,
                stdout=subprocess.DEVNULL,
            )
            for i in range(count)
        ]
        try:
            while time.perf_counter() - start < timeout:
                with Session(schema.engine) as db:
                    sent = db.exec(
                        select(func.count()).select_from(NudgeDelivery).where(NudgeDelivery.status == "sent")
                    ).one()
                if sent >= total:
                    break
                time.sleep(0.05)
            elapsed = time.perf_counter() - start
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.wait(timeout=30)
    if sent < total:
        raise SystemExit(f"only {sent} of {total} nudges were sent in {timeout:.0f} s")
    return elapsed


def bare_sender(service: FakePushService, *, nudges: int, keys: tuple[str, str], senders: int) -> float:
    """The baseline: send() alone, same pool size, no database."""
    devices = [service.subscription("ok") for _ in range(min(nudges, 200))]
    targets = [Target(endpoint=d.endpoint, p256dh=d.p256dh, auth=d.auth) for d in devices]
    start = time.perf_counter()
    with ThreadPoolExecutor(senders) as pool:
        futures = [
            pool.submit(
                send,
                targets[i % len(targets)],
                {"title": "strengthsapp", "body": f"Park time, {i}", "delivery": i, "url": "/goals"},
                topic=f"nudge-{i}",
                vapid_private_key=keys[0],
            )
            for i in range(nudges)
        ]
        outcomes = Counter(f.result().outcome for f in futures)
    elapsed = time.perf_counter() - start
    if outcomes != {"sent": nudges}:
        raise SystemExit(f"the bare sender did not send everything: {dict(outcomes)}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nudges", type=int, default=10_000)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--senders", type=int, default=16, help="sending threads per worker")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    keys = generate_vapid_keys()
    counts = [int(n) for n in args.workers.split(",")]

    print(
        f"Push fan-out: {args.nudges:,} due nudges, fake push service verifying VAPID and decrypting each; "
        f"{args.senders} sending threads per worker"
    )
    with FakePushService(keys[1]) as service:
        base = bare_sender(service, nudges=args.nudges, keys=keys, senders=args.senders)
        service.reset()
        base_rate = args.nudges / base
        print(f"  baseline: bare sender, no database    {base_rate:8.0f} nudges/s  x 1.00")
        rates = {}
        for count in counts:
            schema = PostgresSchema()
            try:
                alembic_upgrade(schema.engine)
                with Session(schema.engine) as db:
                    seed(db, service, args.nudges)
                    db.execute(text("ANALYZE"))
                    db.commit()
                service.reset()
                elapsed = run_workers(
                    schema, count=count, keys=keys, senders=args.senders, timeout=args.timeout
                )
                delivered = Counter(r.payload["delivery"] for r in service.received if r.payload is not None)
                duplicates = sum(n - 1 for n in delivered.values() if n > 1)
                with Session(schema.engine) as db:
                    by_worker = Counter(db.exec(select(NudgeDelivery.claimed_by)))
            finally:
                schema.drop()
            rates[count] = args.nudges / elapsed
            print(
                f"  {count} worker{'s' if count > 1 else ' '}                            "
                f"{rates[count]:8.0f} nudges/s  x {rates[count] / base_rate:.2f}  "
                f"duplicates {duplicates}  messages {service.count():,}  rejected {len(service.rejections)}  "
                f"per worker {dict(sorted(by_worker.items()))}"
            )
        if 1 in rates and 2 in rates:
            print(f"2 workers / 1 worker: x {rates[2] / rates[1]:.2f}")
            verdict = "met" if rates[2] >= 500 else "NOT met"
            print(f"target ≥ 500 nudges/s with 2 workers ({rates[2]:.0f}): {verdict}")


if __name__ == "__main__":
    main()
