"""What scheduling nudges costs with 100,000 plans, and whether it holds up a minute's nudges.

Before this change every worker recomputed every plan's coming 36 hours every minute, in its
send loop. Now a plan gets its deliveries when it is saved, and the worker's scheduler
thread tops up, in batches of 200, only the plans with less than 24 h left: about twice a day
per plan. Measured on PostgreSQL, in one run:

1. baseline: one full pass over every plan, as each worker made every minute before;
2. the first top-up of every plan (once, after the upgrade), in batches: total CPU, and the
   longest batch (what a top-up can hold up);
3. a steady minute: horizons spread over the next 12 h, as after a day of running; the
   plans that come due in one minute are topped up: CPU per minute, and its ratio to 1;
4. a pass with nothing short: CPU;
5. on-the-minute nudges while the worker tops up every plan for the first time: the time
   from 500 nudges falling due to the last one at the push service, against the same with
   nothing to schedule.

    .venv/bin/python bench/nudge_schedule.py [--plans 100000]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("STRENGTHSAPP_STATE_DIR", tempfile.mkdtemp(prefix="nudge-schedule-"))

from push_fanout import cpu_seconds, seed
from sqlalchemy import func, insert, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlmodel import Session, col, select

from strengthsapp.db.models import NudgeDelivery, NudgePlan, QuietHours, User
from strengthsapp.db.types import utcnow
from strengthsapp.domain.nudges import NudgeRule, due_moments
from strengthsapp.domain.nudges import QuietHours as QuietRule
from strengthsapp.services import deliveries
from strengthsapp.services.agency import create_agency
from strengthsapp.settings import PROJECT_DIR, generate_vapid_keys
from tests.conftest import PostgresSchema, alembic_upgrade
from tests.push_service import FakePushService

ZONES = ["Europe/London", "America/New_York", "America/Mexico_City", "Europe/Madrid", "UTC"]
PLANS_PER_CLIENT = 100


def seed_plans(db: Session, plans: int) -> None:
    """`plans` active plans over plans/100 clients, on random days and minutes, horizon unset."""
    agency = create_agency(db, name="Schedule", slug=f"schedule-{time.monotonic_ns()}", timezone="UTC")
    clients = max(1, plans // PLANS_PER_CLIENT)
    db.connection().execute(insert(User), [{"agency_id": agency.id, "role": "client", "display_name": f"Client {n}", "email": None,
                            "timezone": "UTC", "password_hash": "", "locale": "en", "is_active": True,
                            "created_at": utcnow()} for n in range(clients)])  # type: ignore[call-overload]  # fmt: skip
    ids = list(db.exec(select(User.id).where(User.agency_id == agency.id, User.role == "client")))
    rng = random.Random(7)
    rows = [
        {"client_id": ids[n % len(ids)], "days": sorted(rng.sample(range(7), rng.randint(1, 7))),
         "at_time": clock(rng.randrange(24), rng.randrange(60)), "timezone": rng.choice(ZONES),
         "message": f"Walk {n}", "active": True, "created_at": utcnow()}
        for n in range(plans)
    ]  # fmt: skip
    for first in range(0, len(rows), 5000):
        db.connection().execute(insert(NudgePlan), rows[first : first + 5000])  # type: ignore[call-overload]
    db.commit()


def old_full_pass(db: Session, *, now: datetime) -> int:
    """The scheduling before this change, which every worker ran every minute: every active
    plan's next 36 h, inserted (duplicates ignored)."""
    plans = list(db.exec(select(NudgePlan).where(col(NudgePlan.active))))
    quiet = {q.client_id: QuietRule(q.start, q.end) for q in db.exec(select(QuietHours))}
    rows = [
        {"plan_id": p.id, "due_at": moment, "status": "due", "next_attempt_at": moment, "attempts": 0,
         "claimed_by": "", "result": "", "action": "", "resends": 0}
        for p in plans
        for moment in due_moments(NudgeRule(days=frozenset(p.days), at=p.at_time, timezone=p.timezone),
                                  start=now, end=now + deliveries.SCHEDULE_AHEAD, quiet=quiet.get(p.client_id))
    ]  # fmt: skip
    added = 0
    for first in range(0, len(rows), 1000):
        statement = pg_insert(NudgeDelivery).values(rows[first : first + 1000]).on_conflict_do_nothing()
        added += len(db.exec(statement.returning(NudgeDelivery.id)).all())  # type: ignore[call-overload]
    return added


def cpu() -> float:
    return time.process_time()


def nudge_delay(
    schema: PostgresSchema, service: FakePushService, keys: tuple[str, str], *, fill: bool
) -> float:
    """Seconds from 500 nudges falling due to the last at the push service, with a worker
    that is (fill=True) or is not (False) topping up every plan for the first time."""
    with Session(schema.engine) as db:
        if fill:
            db.exec(update(NudgePlan).values(scheduled_until=None))  # type: ignore[call-overload]
        seed(db, service, 500)  # held back (next_attempt_at in 2099) until released below
        db.commit()
    service.reset()
    env = {
        **os.environ,
        "DATABASE_URL": schema.url,
        "VAPID_PRIVATE_KEY": keys[0],
        "VAPID_PUBLIC_KEY": keys[1],
    }
    worker = subprocess.Popen([sys.executable, "-m", "strengthsapp.worker", "--poll", "0.1", "--name", "w"],
                              cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert worker.stdout is not None and "sending nudges" in worker.stdout.readline()
        time.sleep(1.0)  # the scheduler thread is at work (fill) or idle
        with Session(schema.engine) as db:
            db.exec(
                text("UPDATE nudgedelivery SET next_attempt_at = due_at WHERE next_attempt_at > '2090-01-01'")
            )
            db.commit()
        start = time.perf_counter()
        if not service.wait_for(500, timeout=120):
            raise SystemExit("the 500 nudges did not arrive within 120 s")
        took = time.perf_counter() - start
        with Session(schema.engine) as db:
            left = db.exec(
                select(func.count()).select_from(NudgePlan).where(col(NudgePlan.scheduled_until).is_(None))
            ).one()
        print(f"      (plans not yet topped up when the last nudge arrived: {left:,}; worker CPU so far "
              f"{cpu_seconds(worker.pid):.1f} s)")  # fmt: skip
        return took
    finally:
        worker.terminate()
        worker.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=100_000)
    args = parser.parse_args()
    now = utcnow().replace(second=0, microsecond=0)
    schema = PostgresSchema()
    try:
        alembic_upgrade(schema.engine)
        with Session(schema.engine) as db:
            seed_plans(db, args.plans)
            db.execute(text("ANALYZE"))
        print(f"Nudge scheduling with {args.plans:,} active plans (PostgreSQL)")

        with Session(schema.engine) as db:
            started = cpu()
            added = old_full_pass(db, now=now)
            old = cpu() - started
            db.rollback()  # the baseline leaves nothing behind
        print(f"  1 baseline: one full pass (before: every worker, every minute)  {old:8.2f} s CPU  "
              f"({added:,} deliveries)")  # fmt: skip

        longest, batches, total = 0.0, 0, 0.0
        with Session(schema.engine) as db:
            while True:
                started = cpu()
                plans, _ = deliveries.top_up(db, now=now)
                db.commit()
                took = cpu() - started
                if not plans:
                    break
                batches, total, longest = batches + 1, total + took, max(longest, took)
        print(f"  2 first top-up of every plan, once: {batches} batches        {total:8.2f} s CPU  "
              f"longest batch {longest * 1000:.0f} ms")  # fmt: skip

        with Session(schema.engine) as db:  # horizons spread over the next 12 h, as after a day
            db.exec(text("UPDATE nudgeplan SET scheduled_until = :base + (random() * interval '12 hours')"),
                    params={"base": now + timedelta(hours=24)})  # type: ignore[call-overload]  # fmt: skip
            db.commit()
        minute = now + timedelta(minutes=1)
        with Session(schema.engine) as db:
            started, plans_done = cpu(), 0
            while (plans := deliveries.top_up(db, now=minute)[0]) > 0:
                plans_done += plans
                db.commit()
            steady = cpu() - started
        print(f"  3 a steady minute: {plans_done:,} plans topped up             {steady * 1000:8.1f} ms CPU  "
              f"x {steady / old:.4f} of the baseline's minute")  # fmt: skip

        with Session(schema.engine) as db:
            started = cpu()
            for _ in range(10):
                deliveries.top_up(db, now=minute)
            empty = (cpu() - started) / 10
        print(f"  4 a pass with nothing short                             {empty * 1000:8.2f} ms CPU")

        keys = generate_vapid_keys()
        with FakePushService(keys[1]) as service:
            quiet = nudge_delay(schema, service, keys, fill=False)
            print(f"  5 500 on-the-minute nudges, nothing to schedule         {quiet:8.2f} s to the last")
            busy = nudge_delay(schema, service, keys, fill=True)
            print(f"    the same while the worker tops up every plan          {busy:8.2f} s to the last  "
                  f"x {busy / quiet:.2f}")  # fmt: skip
    finally:
        schema.drop()


if __name__ == "__main__":
    main()
