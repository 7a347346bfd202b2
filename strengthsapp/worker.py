"""The nudge worker: its own process (`make worker`; `make run` starts one beside the app).

A round: write down any results it holds, then notices, then nudges: claim a batch (see
services.deliveries), send it from one aiohttp session (push.webpush.Pusher) and record
every result in a few statements. Beside the rounds, two threads:

- the heartbeat renews the lease of every claim this worker holds, every few seconds, so
  no other worker takes them over while this one lives; when a worker dies, its claims are
  taken over within a lease (15 s) and sent again with the same delivery id;
- the scheduler tops up the plans whose horizon is running short, a small batch at a time,
  so scheduling never holds up a minute's nudges; and once an hour it removes the accounts
  whose clients asked for them to be deleted and whose wait is over (services.deletion).

The database away: the worker keeps the results it could not write and writes them first
when the database is back, before it claims anything new, so an outage sends nothing twice.
A worker takes over others' claims only after it has itself reached the database for a
whole lease: a live worker that was cut off too has renewed its leases by then.
On SQLite only one worker may run: a lock file says so.

    python -m strengthsapp.worker [--once] [--batch 500] [--lease 15] [--timeout 30] [--name NAME]
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import signal
import socket
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy.exc import SQLAlchemyError

from strengthsapp.db.engine import get_engine, session_scope
from strengthsapp.db.types import utcnow
from strengthsapp.push.webpush import SEND_TIMEOUT, Pusher, Sent
from strengthsapp.services import deletion, deliveries, notices
from strengthsapp.settings import get_settings

T = TypeVar("T")
POLL = 1.0  # seconds between looks at the queue when it is empty
SCHEDULE_POLL = 20.0  # seconds between top-ups when every plan is scheduled far enough
SCHEDULE_PAUSE = 0.05  # at least, between two batches of a long top-up
SCHEDULE_BATCH = 50  # plans per top-up batch
LANES = 2  # batches on their way at once, per worker
NOTICES_EVERY = 1.0  # seconds between looks for notices
PURGE_EVERY = 3600.0  # seconds between looks for accounts to delete (the wait is days long)
PURGE_RETRY = 60.0  # seconds, after the database was away for a look


@dataclass
class Batch:
    """Claimed deliveries: what to send and which go quiet; and, once sent, the results."""

    outgoing: list[deliveries.Outgoing]
    quiet: dict[int, str]
    results: dict[Any, Sent] | None = None  # None: not sent yet

    def ids(self) -> list[int]:
        return [*(o.delivery_id for o in self.outgoing), *self.quiet]


@dataclass
class Lane:
    """One batch at a time: claimed and prepared, then sent, then written down. A worker runs
    LANES of them at once, so one lane's database work overlaps another's sending."""

    claimed: Batch | None = None  # claimed, not sent yet
    held: list[Batch] = field(default_factory=list)  # sent, results not written yet


class Worker:
    def __init__(
        self,
        *,
        name: str,
        batch: int = 500,
        lease: float = deliveries.LEASE.total_seconds(),
        timeout: float = SEND_TIMEOUT,
        poll: float = POLL,
        lanes: int = LANES,
        pusher_options: dict[str, Any] | None = None,
    ) -> None:
        self.name, self.batch = name[:80], batch
        self.lease, self.timeout, self.poll = timedelta(seconds=lease), timeout, poll
        # The sending loop runs in a thread of its own, whatever loop the caller's thread runs.
        self.loop = asyncio.new_event_loop()
        self._loop_thread = threading.Thread(target=self.loop.run_forever, name="sender", daemon=True)
        self._loop_thread.start()
        self.pusher = Pusher(timeout=timeout, **(pusher_options or {}))
        self.on_loop(self.pusher.__aenter__())
        self.lanes = [Lane() for _ in range(max(1, lanes))]
        self._lock = threading.Lock()
        self._reached_since = time.monotonic()  # reaching the database without a failure since
        self._notices_at = 0.0
        self._purge_at = 0.0  # monotonic time of the next look for accounts to delete: at once
        self.stopping = threading.Event()

    # --- one round ------------------------------------------------------------------------

    def run_once(self) -> dict[str, int]:
        """One round of the first lane: write what it holds; notices; then claim, send and
        record a batch of nudges."""
        return self.on_loop(self.round(self.lanes[0], notices_too=True))

    async def round(self, lane: Lane, *, notices_too: bool = False) -> dict[str, int]:
        counts: Counter[str] = Counter()
        await asyncio.to_thread(self.write_held, lane, counts)
        if notices_too:
            counts.update(await self.send_notices())
        if lane.claimed is None:
            await asyncio.to_thread(self.claim, lane)
        batch = lane.claimed
        if batch is None:
            return dict(counts)
        batch.results = await self.pusher.send_many(deliveries.messages(batch.outgoing))
        with self._lock:
            lane.held.append(batch)
            lane.claimed = None
        await asyncio.to_thread(self.write_held, lane, counts)
        return dict(counts)

    def claim(self, lane: Lane) -> None:
        """Claim and prepare a batch in one transaction: committed, it is ours to send."""
        now = utcnow()
        with session_scope() as db:
            ids = deliveries.claim(
                db,
                worker=self.name,
                now=now,
                limit=self.batch,
                lease=self.lease,
                take_over=self.may_take_over(),
            )
            claimed = Batch(*deliveries.prepare(db, delivery_ids=ids, now=now)) if ids else None
        with self._lock:
            lane.claimed = claimed

    def write_held(self, lane: Lane, counts: Counter[str]) -> None:
        """Results not yet written, oldest first; each batch in its own transaction."""
        while lane.held:
            batch = lane.held[0]
            with session_scope() as db:
                written = deliveries.record(
                    db, worker=self.name, outgoing=batch.outgoing, quiet=batch.quiet, results=batch.results or {},
                    now=utcnow(), at_least=self.timeout,
                )  # fmt: skip
            counts.update(written)
            with self._lock:
                lane.held.pop(0)

    async def send_notices(self) -> dict[str, int]:
        """Notices (services.notices), at most once a second: "someone made a sign-in link for you"."""
        if time.monotonic() - self._notices_at < NOTICES_EVERY:
            return {}
        self._notices_at = time.monotonic()

        def claim() -> list[Any]:
            with session_scope() as db:
                return notices.notice_messages(
                    notices.claim_notices(db, worker=self.name, now=utcnow(), limit=self.batch)
                )

        messages = await asyncio.to_thread(claim)
        if not messages:
            return {}
        results = await self.pusher.send_many(messages)

        def record() -> dict[str, int]:
            with session_scope() as db:
                return notices.record_notices(db, results=results, now=utcnow(), at_least=self.timeout)

        return {f"notice {k}": v for k, v in (await asyncio.to_thread(record)).items()}

    # --- the database: reached or not -------------------------------------------------------

    def lost_the_database(self) -> None:
        self._reached_since = time.monotonic()

    def may_take_over(self) -> bool:
        """Only after reaching the database for a whole lease without a failure: a worker
        that lost it too has renewed its leases by then, so it keeps its claims."""
        return time.monotonic() - self._reached_since >= self.lease.total_seconds()

    def holding(self) -> list[int]:
        """Every delivery this worker has claimed and not yet written down."""
        with self._lock:
            return [
                i for lane in self.lanes for batch in (lane.claimed, *lane.held) if batch for i in batch.ids()
            ]

    # --- the threads beside the rounds ------------------------------------------------------

    def heartbeat(self) -> None:
        every = max(0.2, self.lease.total_seconds() / 5)
        while not self.stopping.wait(every):
            self.beat()

    def beat(self) -> int:
        """One heartbeat: the lease of every claim this worker holds renewed; how many."""
        try:
            with session_scope() as db:
                return deliveries.renew(
                    db, worker=self.name, ids=self.holding(), now=utcnow(), lease=self.lease
                )
        except SQLAlchemyError:
            self.lost_the_database()
        except Exception:  # the heartbeat must outlive any mistake: without it, claims are lost
            traceback.print_exc()
        return 0

    def purge_deleted(self) -> int:
        """The accounts whose wait is over, removed: a batch per unit of work, each account
        wholly or not at all; those another worker is removing are skipped. How many."""
        removed = 0
        while not self.stopping.is_set():
            with session_scope() as db:
                done = deletion.purge_due(db, now=utcnow())
            removed += len(done)
            if len(done) < deletion.PURGE_BATCH:
                break
        if removed:
            accounts = "account" if removed == 1 else "accounts"
            print(f"worker {self.name}: deleted {removed} {accounts} whose wait was over", flush=True)
        return removed

    def purge_when_due(self) -> None:
        """`purge_deleted`, once every PURGE_EVERY; sooner again if the database was away."""
        if time.monotonic() < self._purge_at:
            return
        self._purge_at = time.monotonic() + PURGE_EVERY
        try:
            self.purge_deleted()
        except SQLAlchemyError:
            self.lost_the_database()
            self._purge_at = time.monotonic() + PURGE_RETRY
        except Exception:  # a mistake in one removal must not stop the scheduling of nudges
            traceback.print_exc()

    def scheduler(self) -> None:
        while not self.stopping.is_set():
            self.purge_when_due()
            started = time.monotonic()
            try:
                with session_scope() as db:
                    plans, _added = deliveries.top_up(db, now=utcnow(), batch=SCHEDULE_BATCH)
            except SQLAlchemyError:
                self.lost_the_database()
                plans = 0
            except Exception:  # one bad plan must not stop every plan's scheduling
                traceback.print_exc()
                plans = 0
            # A long top-up (after an upgrade, or a thousand plans saved at once) takes at most
            # a third of the time: the sender, sharing the interpreter, goes first.
            self.stopping.wait(
                max(SCHEDULE_PAUSE, 2 * (time.monotonic() - started)) if plans else SCHEDULE_POLL
            )

    def run(self) -> None:
        threads = [
            threading.Thread(target=self.heartbeat, name="heartbeat", daemon=True),
            threading.Thread(target=self.scheduler, name="scheduler", daemon=True),
        ]
        for thread in threads:
            thread.start()
        self.on_loop(self.run_lanes())
        for thread in threads:
            thread.join(5)

    async def run_lanes(self) -> None:
        await asyncio.gather(*(self.run_lane(lane, first=n == 0) for n, lane in enumerate(self.lanes)))

    async def run_lane(self, lane: Lane, *, first: bool) -> None:
        failures = 0
        while not self.stopping.is_set():
            try:
                counts = await self.round(lane, notices_too=first)
                failures = 0
            except SQLAlchemyError as error:  # the database is away: keep what is held, try again
                self.lost_the_database()
                failures += 1
                wait = min(5.0, 0.25 * 2**failures)
                print(f"worker {self.name}: database unavailable ({type(error).__name__}); "
                      f"{len(lane.held)} batches of results held; again in {wait:.1f} s", file=sys.stderr, flush=True)  # fmt: skip
                await self.pause(wait)
                continue
            if not counts:
                await self.pause(self.poll)

    async def pause(self, seconds: float) -> None:
        """Sleep, but wake at once when the worker is told to stop."""
        deadline = time.monotonic() + seconds
        while not self.stopping.is_set() and (left := deadline - time.monotonic()) > 0:
            await asyncio.sleep(min(left, 0.1))

    def close(self) -> None:
        self.on_loop(self.pusher.__aexit__(None, None, None))
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._loop_thread.join(5)
        self.loop.close()

    def on_loop(self, work: Coroutine[Any, Any, T]) -> T:
        """Run `work` on the sending loop and wait for it."""
        return asyncio.run_coroutine_threadsafe(work, self.loop).result()


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
    parser.add_argument("--once", action="store_true", help="schedule, one round, then exit")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--lease", type=float, default=deliveries.LEASE.total_seconds(), help="seconds")
    parser.add_argument("--timeout", type=float, default=SEND_TIMEOUT, help="seconds a send may take")
    parser.add_argument("--poll", type=float, default=POLL, help="seconds between looks when nothing is due")
    parser.add_argument("--name", default=f"{socket.gethostname()}-{os.getpid()}")
    args = parser.parse_args(argv)
    lock = single_worker_lock() if get_engine().dialect.name == "sqlite" else None
    worker = Worker(name=args.name, batch=args.batch, lease=args.lease, timeout=args.timeout, poll=args.poll)

    def stop(*_: object) -> None:
        worker.stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        if args.once:
            with session_scope() as db:
                deliveries.schedule(db, now=utcnow())
            worker.purge_deleted()
            print(worker.run_once())
        else:
            print(f"strengthsapp worker {args.name}: sending nudges", flush=True)
            worker.run()
    finally:
        worker.close()
        del lock


if __name__ == "__main__":
    main()
