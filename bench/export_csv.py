"""Time and peak memory of the agency's spreadsheets (issue 19), against PostgreSQL's own
COPY ... TO STDOUT of the same rows.

The issue's demand: large exports stream, with no whole file in memory, for an agency of
10,000 clients and 1,000,000 check-ins.

Data: bench/caseload.py's agency (clients by 25 to a case manager, two years of history
each, the check-ins spread over them), loaded in bulk into a private schema of the local
PostgreSQL `test` database and dropped after; plus an admin, and one case manager who has
every client of the agency (a caseload file of 10,000 rows, the large variant).

Each file is made two ways, on the same rows:
- service: `reports.open_sheet`, exactly as the route calls it (the session resolved, the
  export decided and audited, then the file written piece by piece as the rows are read
  with yield_per), every piece handed to a sink that only counts its bytes;
- COPY: psycopg's `COPY (the same statement) TO STDOUT (FORMAT csv, HEADER)`, the
  statement the service reads (`reports.agency_figures_statement` and
  `reports.caseload_statement`), its blocks counted the same way.

Time: `--repeat` runs of each, interleaved (a noisy moment of the shared machine hits both
alike), the median, and the ratio service / COPY. Memory, each in a process of its own
(forked), so that its peak is its own: the growth of the process's resident peak
(ru_maxrss) over one run, and the peak of Python's allocations (tracemalloc) over another,
not timed (tracemalloc slows Python down). Ratios, never timed assertions: the machine is
shared and noisy.

    .venv/bin/python bench/export_csv.py [--clients 10000] [--check-ins 1000000] [--repeat 5]
        [--database-url URL]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from psycopg import ClientCursor
from sqlalchemy import Engine, text
from sqlmodel import Session

from bench.caseload import DEFAULT_URL, TWO_YEARS, load_agency, private_schema, vacuum_analyze
from strengthsapp.db.models import User
from strengthsapp.db.types import utcnow
from strengthsapp.services.boards import actor_for
from strengthsapp.services.reports import (
    SheetRequest,
    agency_figures_sheet,
    agency_figures_statement,
    caseload_sheet,
    caseload_statement,
    open_sheet,
)
from strengthsapp.services.sessions import start_session

PER_CASE_MANAGER = 25


def in_a_process_of_its_own(engine: Engine, work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """`work` in a forked process, so that its peak memory is its own; its answer as JSON."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: a pool of its own; the parent's connections are left alone
        status = 1
        try:
            os.close(read_end)
            engine.dispose(close=False)
            answer = work()
            with os.fdopen(write_end, "w") as pipe:
                json.dump(answer, pipe)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        answer = pipe.read()
    _pid, status = os.waitpid(pid, 0)
    if status != 0 or not answer:
        raise SystemExit(f"a measurement failed (exit status {status})")
    return json.loads(answer)


def timed(engine: Engine, runs: dict[str, Callable[[], int]], repeat: int) -> dict[str, Any]:
    """Each run's seconds, `repeat` times, interleaved so that a noisy moment of the shared
    machine hits them alike (after one run each to warm up); and the bytes each wrote."""

    def work() -> dict[str, Any]:
        sizes = {name: run() for name, run in runs.items()}
        seconds: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(repeat):
            for name, run in runs.items():
                started = time.perf_counter()
                run()
                seconds[name].append(time.perf_counter() - started)
        return {"seconds": seconds, "sizes": sizes}

    return in_a_process_of_its_own(engine, work)


def memory(engine: Engine, run: Callable[[], int]) -> dict[str, int]:
    """The growth of the process's resident peak (ru_maxrss, KiB) over a first run, then
    the peak of Python's allocations (tracemalloc, bytes) over a second one."""

    def work() -> dict[str, int]:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        run()
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        tracemalloc.start()
        run()
        _now, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return {"rss_growth_kib": grown, "python_peak": peak}

    return in_a_process_of_its_own(engine, work)


def through_the_service(engine: Engine, token: str, ask: SheetRequest, now: datetime) -> Callable[[], int]:
    def run() -> int:
        begun = open_sheet(token, ask, engine=engine, now=now)
        size = len(begun.first)
        for piece in begun.rest:
            size += len(piece)
        return size

    return run


def through_copy(engine: Engine, statement: Any) -> Callable[[], int]:
    """COPY of the statement, its parameters written in by psycopg as it would send them."""
    compiled = statement.compile(dialect=engine.dialect)

    def run() -> int:
        size = 0
        raw = engine.raw_connection()
        try:
            connection = raw.driver_connection
            query = ClientCursor(connection).mogrify(str(compiled), compiled.params)
            with (
                connection.cursor() as cursor,
                cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT csv, HEADER)") as copy,
            ):
                for block in copy:
                    size += len(block)
            connection.rollback()
        finally:
            raw.close()
        return size

    return run


def add_admin_and_big_caseloads(engine: Engine, agency_id: int, now: datetime) -> dict[str, User]:
    """An admin, a case manager assigned every client of the agency a month ago, and one
    assigned every other client (so that the caseload file comes at two sizes)."""
    people = {
        "admin": User(agency_id=agency_id, role="admin", display_name="Bench admin"),
        "everyone": User(agency_id=agency_id, role="case_manager", display_name="Whole agency"),
        "half": User(agency_id=agency_id, role="case_manager", display_name="Half the agency"),
    }
    with Session(engine, expire_on_commit=False) as db:
        db.add_all(people.values())
        db.flush()
        for who, every in (("everyone", 1), ("half", 2)):
            db.execute(
                text(
                    "INSERT INTO caseassignment (client_id, case_manager_id, since, until) "
                    "SELECT id, :manager, CAST(:now AS timestamptz) - interval '30 days', NULL FROM \"user\" "
                    "WHERE agency_id = :agency AND role = 'client' AND id % :every = 0"
                ),
                {"manager": people[who].id, "now": now, "agency": agency_id, "every": every},
            )
        db.commit()
    return people


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--check-ins", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()
    caseloads = [PER_CASE_MANAGER] * (args.clients // PER_CASE_MANAGER)
    if args.clients % PER_CASE_MANAGER:
        caseloads.append(args.clients % PER_CASE_MANAGER)
    now = utcnow()

    with private_schema(args.database_url) as engine:
        started = time.perf_counter()
        with engine.begin() as connection:
            first_manager, *_ = load_agency(
                connection, now=now, caseloads=caseloads, history=TWO_YEARS, check_ins=args.check_ins
            )
        with Session(engine) as db:
            manager = db.get(User, first_manager)
            assert manager is not None
            agency_id = manager.agency_id
        people = add_admin_and_big_caseloads(engine, agency_id, now)
        vacuum_analyze(engine)
        loaded_in = time.perf_counter() - started
        with Session(engine, expire_on_commit=False) as db:
            tokens = {who: start_session(db, user=user) for who, user in people.items()}
            db.commit()
        with engine.connect() as connection:
            caseloads_of = {
                who: connection.execute(
                    text("SELECT count(*) FROM caseassignment WHERE case_manager_id = :m"),
                    {"m": people[who].id},
                ).scalar_one()
                for who in ("half", "everyone")
            }
            counts = {
                table: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
                for table in ("user", "goal", "step", "checkin", "contact")
            }
        # The statements as the service builds them, for COPY.
        figures = agency_figures_statement(agency_id, zone="UTC", dialect="postgresql", now=now)
        variants = {
            "agency figures": (
                through_the_service(engine, tokens["admin"], agency_figures_sheet, now),
                through_copy(engine, figures),
            )
        }
        for who in ("half", "everyone"):
            variants[f"caseload of {caseloads_of[who]:,} clients"] = (
                through_the_service(engine, tokens[who], caseload_sheet, now),
                through_copy(engine, caseload_statement(actor_for(people[who]), now=now)),
            )
        results = {}
        for name, (service, copy) in variants.items():
            times = timed(engine, {"service": service, "copy": copy}, args.repeat)
            results[name] = (times, memory(engine, service), memory(engine, copy))

    print(
        f"Spreadsheets on PostgreSQL: {args.clients:,} clients, {counts['checkin']:,} check-ins, "
        f"{counts['goal']:,} goals, {counts['step']:,} steps, {counts['contact']:,} visits; loaded in {loaded_in:.0f} s"
    )
    print(
        f"median of {args.repeat} runs each, interleaved; peak: tracemalloc (Python's allocations) and growth of "
        "ru_maxrss, each in a process of its own; x: service / COPY (COPY = x 1.00)"
    )
    for name, (times, service_memory, copy_memory) in results.items():
        sizes = times["sizes"]
        print(f"  {name}: file {sizes['service'] / 1024:,.0f} KiB (COPY's {sizes['copy'] / 1024:,.0f} KiB)")
        base = statistics.median(times["seconds"]["copy"])
        for label, key, used in (("COPY ... TO STDOUT", "copy", copy_memory),
                                 ("service (open_sheet)", "service", service_memory)):  # fmt: skip
            median = statistics.median(times["seconds"][key])
            print(
                f"    {label:<22} {median * 1000:9.1f} ms  x {median / base:5.2f}   "
                f"peak {used['python_peak'] / 1024:8.0f} KiB  x {used['python_peak'] / copy_memory['python_peak']:6.2f}"
                f"   RSS +{used['rss_growth_kib']:,} KiB   peak / file {used['python_peak'] / sizes[key]:5.2f}"
            )


if __name__ == "__main__":
    main()
