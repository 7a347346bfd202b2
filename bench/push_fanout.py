"""How fast the nudge worker sends, end to end, and that it never sends twice.

N due nudges in PostgreSQL go to the local fake push service (tests/push_service.py), which
checks each VAPID token and decrypts each message, as a real one would, on the same cores.
Measured with 1 and 2 worker processes (`python -m strengthsapp.worker`: claim, encrypt,
send, record), each on a fresh copy of the queue.

Baseline, in the same run: the bare synchronous sender the worker had before this change
(pywebpush's `webpush()` with `requests`, a VAPID token signed for every message, from a pool
of 16 threads; no database): the most that sender could do here. Beside it, the bare async
sender (push.webpush.Pusher: one aiohttp session, one VAPID token per push service; no
database), which shows what bounds a worker. Every sender runs in a process of its own, the
push service in this one.

    .venv/bin/python bench/push_fanout.py [--nudges 10000] [--workers 1,2]
    BENCH_PROFILE=1 ... also writes each worker's cProfile (main thread) to /tmp/w<i>.prof

Prints nudges/s, the ratio to the baseline (target: 2 workers x 3 or more), the 2-worker /
1-worker ratio, and duplicates (which must be 0). Default database: a private schema in the
local PostgreSQL `test` database, dropped after.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("STRENGTHSAPP_STATE_DIR", tempfile.mkdtemp(prefix="push-fanout-"))

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
LATER = datetime(2099, 1, 1, tzinfo=UTC)
PER_CLIENT = 10
BASELINE_THREADS = 16
TARGET = 3.0


def seed(db, service, nudges: int) -> None:  # type: ignore[no-untyped-def]
    from strengthsapp.db.models import Goal, NudgeDelivery, NudgePlan, PushSubscription, Step, User
    from strengthsapp.services.agency import create_agency

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
        plan = NudgePlan(client_id=client.id, goal_id=goal.id, step_id=step.id, days=[], at_time=clock(9),
                         timezone="UTC", message=f"Park time, {n}")  # fmt: skip
        device = service.subscription("ok")
        db.add_all([plan, PushSubscription(user_id=client.id, endpoint=device.endpoint, p256dh=device.p256dh,
                                           auth=device.auth)])  # fmt: skip
        db.flush()
        count = PER_CLIENT if n < clients - 1 else nudges - PER_CLIENT * (clients - 1)
        db.add_all(
            # Held back until every worker is up: what is measured is sending, not starting Python.
            NudgeDelivery(plan_id=plan.id, due_at=NOW - timedelta(seconds=k), next_attempt_at=LATER)
            for k in range(count)
        )  # fmt: skip
    db.commit()


def cpu_seconds(pid: int) -> float:
    """A process's CPU time so far (user + system), from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_cpu() -> float:
    """CPU time of every PostgreSQL process on this machine (the bench is its only user)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    total += cpu_seconds(int(entry.name))
            except OSError:
                continue
    return total


CPU: dict[str, float] = {}  # where the last worker run's CPU went, in seconds


def run_workers(schema, *, count: int, keys: tuple[str, str], timeout: float) -> float:  # type: ignore[no-untyped-def]
    """Seconds from the moment the nudges fall due, with `count` workers up and waiting,
    until every nudge is recorded sent; the CPU each part took goes to CPU."""
    from sqlalchemy import func, update
    from sqlmodel import Session, select

    from strengthsapp.db.models import NudgeDelivery
    from strengthsapp.settings import PROJECT_DIR

    with Session(schema.engine) as db:
        total = db.exec(select(func.count()).select_from(NudgeDelivery)).one()
    with tempfile.TemporaryDirectory() as state:
        env = {**os.environ, "DATABASE_URL": schema.url, "VAPID_PRIVATE_KEY": keys[0], "VAPID_PUBLIC_KEY": keys[1],
               "STRENGTHSAPP_STATE_DIR": state}  # fmt: skip
        workers = [
            subprocess.Popen([sys.executable, *(["-m", "cProfile", "-o", f"/tmp/w{i}.prof"] if os.environ.get("BENCH_PROFILE") else []), "-m", "strengthsapp.worker", "--batch", "500", "--poll", "0.1",
                              "--name", f"w{i}"], cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, text=True)
            for i in range(count)
        ]  # fmt: skip
        for worker in workers:  # "sending nudges": up, and finding nothing due yet
            assert worker.stdout is not None and "sending nudges" in worker.stdout.readline()
        time.sleep(1.0)
        workers_before = sum(cpu_seconds(w.pid) for w in workers)
        service_before, pg_before = time.process_time(), postgres_cpu()
        with Session(schema.engine) as db:
            db.exec(update(NudgeDelivery).values(next_attempt_at=NudgeDelivery.due_at))  # type: ignore[call-overload]
            db.commit()
        start = time.perf_counter()
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
            CPU.update(workers=sum(cpu_seconds(w.pid) for w in workers) - workers_before, postgres=postgres_cpu() - pg_before,
                       service=time.process_time() - service_before)  # fmt: skip
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.wait(timeout=30)
    if sent < total:
        raise SystemExit(f"only {sent} of {total} nudges were sent in {timeout:.0f} s")
    return elapsed


# --- the bare senders, each in a process of its own ----------------------------------------


def bare(kind: str, subscriptions: list[dict], nudges: int, private_key: str) -> float:
    """Seconds to send `nudges` messages with the bare `kind` sender; no database."""
    if kind == "sync":
        return bare_sync(subscriptions, nudges, private_key)
    from strengthsapp.push.webpush import Message, Pusher, Target

    targets = [Target(s["endpoint"], s["p256dh"], s["auth"]) for s in subscriptions]
    messages = [
        Message(key=i, target=targets[i % len(targets)], topic=f"nudge-{i}",
                payload={"title": "strengthsapp", "body": f"Park time, {i}", "delivery": i, "url": "/goals/"})
        for i in range(nudges)
    ]  # fmt: skip

    async def send_all() -> dict:
        async with Pusher(vapid_private_key=private_key, subject="mailto:nudges@localhost") as pusher:
            results: dict = {}
            for first in range(0, nudges, 500):  # in batches, as the worker sends
                results |= await pusher.send_many(messages[first : first + 500])
            return results

    start = time.perf_counter()
    results = asyncio.run(send_all())
    elapsed = time.perf_counter() - start
    check(Counter(r.outcome for r in results.values()), nudges)
    return elapsed


def bare_sync(subscriptions: list[dict], nudges: int, private_key: str) -> float:
    """The sender before this change, without its watchdog: pywebpush's `webpush()` over a
    requests session per thread, VAPID claims signed for every message."""
    import requests
    from pywebpush import webpush

    from strengthsapp.push.webpush import _origin, topic_token

    local = threading.local()

    def one(i: int) -> int:
        if not hasattr(local, "session"):
            local.session = requests.Session()
            local.session.trust_env = False
        sub = subscriptions[i % len(subscriptions)]
        info = {"endpoint": sub["endpoint"], "keys": {"p256dh": sub["p256dh"], "auth": sub["auth"]}}
        payload = {"title": "strengthsapp", "body": f"Park time, {i}", "delivery": i, "url": "/goals/"}
        claims = {
            "sub": "mailto:nudges@localhost",
            "aud": _origin(sub["endpoint"]),
            "exp": int(time.time()) + 43200,
        }
        response = webpush(info, json.dumps(payload, separators=(",", ":")), vapid_private_key=private_key,
                           vapid_claims=claims, ttl=4 * 3600, headers={"Urgency": "normal", "Topic": topic_token(f"nudge-{i}")},
                           requests_session=local.session, timeout=10)  # fmt: skip
        return response.status_code  # type: ignore[union-attr]

    start = time.perf_counter()
    with ThreadPoolExecutor(BASELINE_THREADS) as pool:
        statuses = Counter(pool.map(one, range(nudges)))
    elapsed = time.perf_counter() - start
    check(Counter("sent" if s == 201 else str(s) for s in statuses.elements()), nudges)
    return elapsed


def check(outcomes: Counter, nudges: int) -> None:
    if outcomes != {"sent": nudges}:
        raise SystemExit(f"the bare sender did not send everything: {dict(outcomes)}")


def run_bare(kind: str, service, *, nudges: int, keys: tuple[str, str]) -> float:  # type: ignore[no-untyped-def]
    subscriptions = [
        {"endpoint": d.endpoint, "p256dh": d.p256dh, "auth": d.auth}
        for d in (service.subscription("ok") for _ in range(min(nudges, 200)))
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"kind": kind, "subscriptions": subscriptions, "nudges": nudges, "key": keys[0]}, handle)
    try:
        done = subprocess.run([sys.executable, __file__, "--bare", handle.name], capture_output=True, text=True,
                              timeout=1200, env={**os.environ, "VAPID_PRIVATE_KEY": keys[0], "VAPID_PUBLIC_KEY": keys[1]})  # fmt: skip
    finally:
        os.unlink(handle.name)
    if done.returncode != 0:
        raise SystemExit(f"the bare {kind} sender failed:\n{done.stdout}{done.stderr}")
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nudges", type=int, default=10_000)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--bare", help=argparse.SUPPRESS)  # a bare sender's own process
    args = parser.parse_args()
    if args.bare:
        job = json.loads(Path(args.bare).read_text())
        print(bare(job["kind"], job["subscriptions"], job["nudges"], job["key"]))
        return

    from sqlalchemy import text
    from sqlmodel import Session, select

    from strengthsapp.db.models import NudgeDelivery
    from strengthsapp.settings import generate_vapid_keys
    from tests.conftest import PostgresSchema, alembic_upgrade
    from tests.push_service import FakePushService

    keys = generate_vapid_keys()
    counts = [int(n) for n in args.workers.split(",")]
    print(f"Push fan-out: {args.nudges:,} due nudges; the fake push service checks VAPID and decrypts each, "
          f"on the same {os.cpu_count()} cores")  # fmt: skip
    with FakePushService(keys[1]) as service:
        base_rate = args.nudges / run_bare("sync", service, nudges=args.nudges, keys=keys)
        service.reset()
        print(f"  baseline: bare sync sender (before), no database   {base_rate:8.0f} nudges/s  x 1.00")
        async_rate = args.nudges / run_bare("async", service, nudges=args.nudges, keys=keys)
        service.reset()
        print(
            f"  bare async sender (Pusher), no database          {async_rate:8.0f} nudges/s  x {async_rate / base_rate:.2f}"
        )
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
                elapsed = run_workers(schema, count=count, keys=keys, timeout=args.timeout)
                delivered = Counter(r.payload["delivery"] for r in service.received if r.payload is not None)
                duplicates = sum(n - 1 for n in delivered.values() if n > 1)
                with Session(schema.engine) as db:
                    by_worker = Counter(db.exec(select(NudgeDelivery.claimed_by)))
            finally:
                schema.drop()
            rates[count] = args.nudges / elapsed
            print(
                f"  {count} worker{'s' if count > 1 else ' '} (claim, encrypt, send, record)   "
                f"{rates[count]:8.0f} nudges/s  x {rates[count] / base_rate:.2f}  "
                f"duplicates {duplicates}  messages {service.count():,}  rejected {len(service.rejections)}  "
                f"per worker {dict(sorted(by_worker.items()))}"
            )
            print("      CPU per nudge: " + ", ".join(f"{part} {seconds / args.nudges * 1e6:.0f} µs" for part, seconds in CPU.items())
                  + f"; {sum(CPU.values()) / elapsed:.2f} of {os.cpu_count()} cores busy")  # fmt: skip
        if 1 in rates and 2 in rates:
            print(f"2 workers / 1 worker: x {rates[2] / rates[1]:.2f}")
        if 2 in rates:
            ratio = rates[2] / base_rate
            print(f"target: 2 workers >= x {TARGET:.1f} the bare sync sender: x {ratio:.2f} "
                  f"{'met' if ratio >= TARGET else 'NOT met'}")  # fmt: skip
        top = max(rates.values(), default=0)
        print(f"what bounds it: the best worker setup reaches {top / async_rate:.0%} of the bare async sender "
              f"(which shares the cores with the push service decrypting every message)")  # fmt: skip


if __name__ == "__main__":
    main()
