"""The nudge worker: its own process (`make worker`; `make run` starts one beside the app).

Every few seconds it schedules the coming deliveries, claims a batch of due ones (exactly
once, see services.deliveries), sends them in parallel and records every result. A push
service or database that is down is waited out with backoff; nothing is sent twice for it.
On SQLite only one worker may run: a lock file says so.

    python -m strengthsapp.worker [--once] [--batch 200] [--senders 32] [--name NAME]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import signal
import socket
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from strengthsapp.db.engine import get_engine, session_scope
from strengthsapp.db.types import utcnow
from strengthsapp.services import deliveries, notices
from strengthsapp.settings import get_settings

POLL = 2.0  # seconds between looks at the queue when it is empty
SCHEDULE_EVERY = timedelta(minutes=1)


class Worker:
    def __init__(
        self, *, name: str, batch: int, senders: int, send_options: dict[str, Any] | None = None
    ) -> None:
        self.name, self.batch = name, batch
        self.pool = ThreadPoolExecutor(max_workers=senders, thread_name_prefix="push")
        self.send_options = send_options or {}
        self.last_schedule = utcnow() - SCHEDULE_EVERY
        self.stopping = False

    def run_once(self) -> dict[str, int]:
        """One round: schedule if it is time, release stale claims; notices, then nudges:
        claim, send, record."""
        now = utcnow()
        if now - self.last_schedule >= SCHEDULE_EVERY:
            with session_scope() as db:
                deliveries.schedule(db, now=now)
                deliveries.release_stale_claims(db, now=now)
            self.last_schedule = now
        counts = self.send_notices(now)
        with session_scope() as db:  # committed: the claim is ours before anything is sent
            ids = deliveries.claim(db, worker=self.name, now=now, limit=self.batch)
        if not ids:
            return counts
        with session_scope() as db:
            outgoing, quiet = deliveries.prepare(db, delivery_ids=ids, now=now)
        results = deliveries.send_all(outgoing, pool=self.pool, **self.send_options)
        with session_scope() as db:
            sent = deliveries.record(db, outgoing=outgoing, quiet=quiet, results=results, now=utcnow())
        return {key: counts.get(key, 0) + sent.get(key, 0) for key in {*counts, *sent}}

    def send_notices(self, now: datetime) -> dict[str, int]:
        """Notices (services.notices) go first: "someone made a sign-in link for you"."""
        with session_scope() as db:
            claimed = notices.claim_notices(db, worker=self.name, now=now, limit=self.batch)
        if not claimed:
            return {}
        results = notices.send_notices(claimed, pool=self.pool, **self.send_options)
        with session_scope() as db:
            return {
                f"notice {k}": v for k, v in notices.record_notices(db, results=results, now=utcnow()).items()
            }

    def run(self) -> None:
        failures = 0
        while not self.stopping:
            try:
                counts = self.run_once()
                failures = 0
            except SQLAlchemyError as error:  # the database is away: wait, then catch up
                failures += 1
                wait = min(60.0, 2.0**failures)
                print(f"worker {self.name}: database unavailable ({type(error).__name__}); again in {wait:.0f} s",
                      file=sys.stderr, flush=True)  # fmt: skip
                time.sleep(wait)
                continue
            if not counts:
                time.sleep(POLL)


def single_worker_lock() -> Any:
    """SQLite has no SKIP LOCKED: one worker at a time, held by a lock file."""
    path = get_settings().state_dir / "worker.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print("strengthsapp worker: another worker is running on this SQLite database; one is enough.",
              file=sys.stderr)  # fmt: skip
        sys.exit(2)
    return handle


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="strengthsapp.worker", description=__doc__.split("\n\n")[0])
    parser.add_argument("--once", action="store_true", help="one round, then exit")
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--senders", type=int, default=32)
    parser.add_argument("--name", default=f"{socket.gethostname()}-{os.getpid()}")
    args = parser.parse_args(argv)
    lock = single_worker_lock() if get_engine().dialect.name == "sqlite" else None
    worker = Worker(name=args.name, batch=args.batch, senders=args.senders)

    def stop(*_: object) -> None:
        worker.stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.once:
        print(worker.run_once())
    else:
        print(f"strengthsapp worker {args.name}: sending nudges", flush=True)
        worker.run()
    worker.pool.shutdown(wait=True)
    del lock


if __name__ == "__main__":
    main()
