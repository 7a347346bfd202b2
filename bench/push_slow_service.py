"""A slow push service gets one copy per nudge: the worker, with its default 30 s send
timeout, against the local push service answering only after 10 s and after 15 s (it takes
each message at once and answers late, as the slow services seen in the field did).

    .venv/bin/python bench/push_slow_service.py [--nudges 50] [--after 10,15]

Prints, for each delay, the copies the service took per nudge (1.00 is the target), the
attempts recorded per nudge, and the seconds until all were recorded sent.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("STRENGTHSAPP_STATE_DIR", tempfile.mkdtemp(prefix="push-slow-"))

from sqlalchemy import func
from sqlmodel import Session, select

from strengthsapp.db.models import NudgeDelivery
from strengthsapp.settings import PROJECT_DIR, generate_vapid_keys
from tests.conftest import PostgresSchema, alembic_upgrade
from tests.push_service import FakePushService
from tests.test_worker import seed


def run(after: float, nudges: int, keys: tuple[str, str]) -> tuple[float, float, float]:
    schema = PostgresSchema()
    try:
        alembic_upgrade(schema.engine)
        with FakePushService(keys[1], hang_seconds=after) as service:
            with Session(schema.engine) as db:
                seed(db, service, clients=nudges, nudges_each=1, path="hang")
            env = {
                **os.environ,
                "DATABASE_URL": schema.url,
                "VAPID_PRIVATE_KEY": keys[0],
                "VAPID_PUBLIC_KEY": keys[1],
            }
            start = time.perf_counter()
            worker = subprocess.Popen([sys.executable, "-m", "strengthsapp.worker", "--poll", "0.1"], cwd=PROJECT_DIR,
                                      env=env, stdout=subprocess.DEVNULL)  # fmt: skip
            try:
                while True:
                    with Session(schema.engine) as db:
                        sent = db.exec(
                            select(func.count())
                            .select_from(NudgeDelivery)
                            .where(NudgeDelivery.status == "sent")
                        ).one()
                    if sent == nudges or time.perf_counter() - start > 300:
                        break
                    time.sleep(0.2)
                took = time.perf_counter() - start
                time.sleep(after + 1)  # a late copy would arrive meanwhile
            finally:
                worker.terminate()
                worker.wait(30)
            copies = Counter(r.payload["delivery"] for r in service.received)
            with Session(schema.engine) as db:
                attempts = sum(db.exec(select(NudgeDelivery.attempts)))
        return sum(copies.values()) / nudges, attempts / nudges, took
    finally:
        schema.drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nudges", type=int, default=50)
    parser.add_argument("--after", default="10,15", help="seconds the service takes to answer")
    args = parser.parse_args()
    keys = generate_vapid_keys()
    print(f"A slow push service, {args.nudges} nudges, the worker's default send timeout")
    for after in (float(a) for a in args.after.split(",")):
        copies, attempts, took = run(after, args.nudges, keys)
        print(f"  answers after {after:4.0f} s: copies per nudge {copies:.2f}  attempts per nudge {attempts:.2f}  "
              f"all recorded sent in {took:.1f} s  {'met' if copies == 1 else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    main()
