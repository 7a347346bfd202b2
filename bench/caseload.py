"""How the case manager's Caseload page server time grows with the size of the agency.

The issue's target: with 10,000 clients and 1,000,000 check-ins in PostgreSQL, the
caseload is served in at most 50 ms, with no N+1 queries.

Data: an agency in a private schema, loaded in bulk with INSERT ... SELECT: the clients
spread over case managers with 25 clients each, plus one case manager with a large caseload
(200) and one with a single client; two years of history per client (goals, steps, wins,
contacts, suggestions, check-ins, an earlier case manager for one in ten), then VACUUM
ANALYZE, which autovacuum would have done on a database in use.

Baseline: the same page load for a case manager with 25 clients in a new agency (one goal,
one step, one win and one contact each), in a schema of its own, measured in the same run
and interleaved with the others. The ratio therefore shows what the agency's size and
history cost, with the code path and the number of clients on the page held equal. A page
load is what CaseloadState.load does on the server: a unit of work (session_scope) around
caseload(). One SELECT 1 round trip is printed too: the floor that any statement pays.

    .venv/bin/python bench/caseload.py [--clients 10000] [--check-ins 1000000] [--repeat 200]
        [--database-url URL]

Default database: private schemas in the local PostgreSQL `test` database, dropped after.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, event, text
from sqlmodel import Session

from strengthsapp.db.engine import build_engine, session_scope
from strengthsapp.db.models import User
from strengthsapp.db.types import utcnow
from strengthsapp.domain.access import Actor
from strengthsapp.services.agency import create_agency
from strengthsapp.services.boards import actor_for
from strengthsapp.services.people import caseload
from strengthsapp.settings import PROJECT_DIR

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TARGET_MS = 50.0
TYPICAL, LARGE = 25, 200
TABLES = ("user", "caseassignment", "goal", "step", "win", "contact", "suggestion", "checkin")


@dataclass(frozen=True)
class History:
    """How many rows of each kind a client has, drawn evenly between the two bounds."""

    goals: tuple[int, int]
    steps_per_goal: tuple[int, int]
    wins: tuple[int, int]
    contacts: tuple[int, int]
    suggestions: tuple[int, int]


TWO_YEARS = History(
    goals=(2, 8), steps_per_goal=(2, 6), wins=(10, 50), contacts=(20, 60), suggestions=(4, 12)
)
ALMOST_NONE = History(goals=(1, 1), steps_per_goal=(1, 1), wins=(1, 1), contacts=(1, 1), suggestions=(0, 0))

# Run in order, in one transaction, with :now, :agency, :caseloads, :clients, :check_ins and
# each History bound as :<field>_low and :<field>_span. Times fall in the two years before :now.
LOAD = (
    "SELECT setseed(0.42)",
    """
    INSERT INTO "user" (agency_id, role, display_name, locale, timezone, is_active, created_at)
    SELECT :agency, 'case_manager', 'Case manager ' || m, 'en', 'UTC', true, :now - interval '3 years'
    FROM generate_series(1, cardinality(CAST(:caseloads AS int[]))) m ORDER BY m
    """,
    # One client in fifty is no longer active: the caseload leaves them out.
    """
    INSERT INTO "user" (agency_id, role, display_name, locale, timezone, is_active, created_at)
    SELECT :agency, 'client',
           (ARRAY['Alex','Sam','Jordan','Priya','Quinn','Maya','Omar','Lena','Tomás','Ada',
                  'Noor','Kofi','Ines','Yuki','Ravi','Zoe','Finn','Amara','Luca','Hana'])[1 + n % 20]
           || ' ' || chr(65 + (n * 7) % 26) || '.',
           'en', 'Europe/London', n % 50 <> 0, :now - interval '2 years'
    FROM generate_series(1, :clients) n ORDER BY n
    """,
    """
    CREATE TEMP TABLE bench_manager ON COMMIT DROP AS
    SELECT id, row_number() OVER (ORDER BY id) AS m FROM "user"
    WHERE agency_id = :agency AND role = 'case_manager'
    """,
    # Client n goes to the case manager whose slice of :caseloads holds n.
    """
    CREATE TEMP TABLE bench_client ON COMMIT DROP AS
    SELECT c.id, c.n, manager.id AS manager_id,
           :goals_low + floor(random() * :goals_span)::int AS goals,
           :wins_low + floor(random() * :wins_span)::int AS wins,
           :contacts_low + floor(random() * :contacts_span)::int AS contacts,
           :suggestions_low + floor(random() * :suggestions_span)::int AS suggestions
    FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM "user"
          WHERE agency_id = :agency AND role = 'client') c
    JOIN (SELECT m, sum(size) OVER (ORDER BY m) - size + 1 AS first, sum(size) OVER (ORDER BY m) AS last
          FROM unnest(CAST(:caseloads AS int[])) WITH ORDINALITY AS s(size, m)) slice
      ON c.n BETWEEN slice.first AND slice.last
    JOIN bench_manager manager ON manager.m = slice.m
    """,
    """
    INSERT INTO caseassignment (client_id, case_manager_id, since, until)
    SELECT id, manager_id, :now - random() * interval '700 days', NULL FROM bench_client
    UNION ALL
    SELECT c.id, manager.id, :now - interval '730 days', :now - interval '710 days'
    FROM bench_client c
    JOIN bench_manager manager ON manager.m = 1 + (c.n * 31) % (SELECT count(*) FROM bench_manager)
    WHERE c.n % 10 = 0
    """,
    """
    INSERT INTO goal (client_id, text, why, domain_key, status, position, created_by_id,
                      created_at, updated_at, version)
    SELECT id, 'Goal ' || g, '',
           (ARRAY['daily_living','financial','vocational','social','health','leisure','spirituality'])[1 + g % 7],
           CASE WHEN r < 0.55 THEN 'active' WHEN r < 0.8 THEN 'achieved'
                WHEN r < 0.9 THEN 'paused' ELSE 'set_aside' END,
           g, id, at, at, 1
    FROM (SELECT c.id, g, random() AS r, :now - random() * interval '730 days' AS at
          FROM bench_client c, generate_series(1, c.goals) g) s
    ORDER BY id, g
    """,
    # Six steps in ten are done, at some moment between the goal's start and now.
    """
    INSERT INTO step (goal_id, text, who, who_name, position, done_at, done_by_id,
                      created_at, updated_at, version)
    SELECT id, 'Step ' || s, 'me', '', s,
           CASE WHEN r < 0.6 THEN created_at + r / 0.6 * (:now - created_at) END,
           CASE WHEN r < 0.6 THEN client_id END,
           created_at, created_at, 1
    FROM (SELECT g.id, g.client_id, g.created_at, s, random() AS r
          FROM (SELECT *, :steps_per_goal_low + floor(random() * :steps_per_goal_span)::int AS steps
                FROM goal WHERE client_id IN (SELECT id FROM bench_client)) g,
               generate_series(1, g.steps) s) x
    ORDER BY id, s
    """,
    """
    INSERT INTO win (client_id, text, "on", recorded_by_id, created_at)
    SELECT id, 'A win', (:now - random() * interval '730 days')::date, id, :now
    FROM bench_client c, generate_series(1, c.wins)
    """,
    """
    INSERT INTO contact (client_id, case_manager_id, "on", place, summary, created_at)
    SELECT id, manager_id, (:now - random() * interval '730 days')::date,
           (ARRAY['home','community','office','phone_video'])[1 + k % 4], 'Coffee and a walk', :now
    FROM bench_client c, generate_series(1, c.contacts) k
    """,
    """
    INSERT INTO suggestion (client_id, by_id, kind, payload, status, reason, created_at)
    SELECT id, manager_id, 'new_step', '{}',
           CASE WHEN r < 0.15 THEN 'pending' WHEN r < 0.6 THEN 'accepted'
                WHEN r < 0.8 THEN 'edited' ELSE 'declined' END,
           '', :now - r * interval '730 days'
    FROM (SELECT c.id, c.manager_id, random() AS r
          FROM bench_client c, generate_series(1, c.suggestions)) x
    """,
    # Each check-in is about one of its client's goals.
    """
    INSERT INTO checkin (client_id, goal_id, text, feeling, at, recorded_by_id, during_visit)
    SELECT c.id, c.goal_ids[1 + i % cardinality(c.goal_ids)], 'How it went',
           (ARRAY['good','okay','hard',NULL])[1 + i % 4], :now - r * interval '730 days', c.id, i % 5 = 0
    FROM (SELECT i, 1 + floor(random() * :clients)::int AS n, random() AS r
          FROM generate_series(1, :check_ins) i) x
    JOIN (SELECT b.n, b.id, array_agg(g.id) AS goal_ids
          FROM bench_client b JOIN goal g ON g.client_id = b.id GROUP BY b.n, b.id) c ON c.n = x.n
    """,
)


def load_agency(
    connection: Connection, *, now: datetime, caseloads: list[int], history: History, check_ins: int
) -> list[int]:
    """One agency, loaded in bulk; returns its case managers' ids, in the order of `caseloads`."""
    with Session(bind=connection) as session:
        agency = create_agency(session, name="Bench", slug=f"bench-{secrets.token_hex(4)}")
    params: dict[str, object] = {
        "now": now,
        "agency": agency.id,
        "caseloads": caseloads,
        "clients": sum(caseloads),
        "check_ins": check_ins,
    }
    for field, (low, high) in asdict(history).items():
        params |= {f"{field}_low": low, f"{field}_span": high - low + 1}
    with indexes_and_foreign_keys_after(connection):
        for statement in LOAD:
            connection.execute(text(statement), params)
    return list(connection.execute(text("SELECT id FROM bench_manager ORDER BY m")).scalars())


FOREIGN_KEYS = """
    SELECT con.conrelid::regclass::text, con.conname, pg_get_constraintdef(con.oid)
    FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid
    WHERE con.contype = 'f' AND t.relnamespace = current_schema()::regnamespace
      AND t.relname = ANY(:tables)
"""
# Not the indexes of primary keys and unique constraints: those stay.
PLAIN_INDEXES = """
    SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
    FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
    WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY(:tables)
      AND NOT EXISTS (SELECT FROM pg_constraint con WHERE con.conindid = i.indexrelid)
"""


@contextmanager
def indexes_and_foreign_keys_after(connection: Connection) -> Iterator[None]:
    """Load the data first and build indexes and foreign keys after, as pg_restore does:
    several times faster than keeping them up to date row by row. The schema ends as migrated."""
    tables = {"tables": list(TABLES)}
    foreign_keys = connection.execute(text(FOREIGN_KEYS), tables).all()
    indexes = connection.execute(text(PLAIN_INDEXES), tables).all()
    for table, name, _definition in foreign_keys:
        connection.execute(text(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"'))
    for name, _definition in indexes:
        connection.execute(text(f"DROP INDEX {name}"))
    yield
    for _name, definition in indexes:
        connection.execute(text(definition))
    for table, name, definition in foreign_keys:
        connection.execute(text(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))


@contextmanager
def private_schema(database_url: str) -> Iterator[Engine]:
    """A migrated schema of its own, dropped afterwards."""
    schema = f"bench_{secrets.token_hex(4)}"
    admin = build_engine(database_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in database_url else "?"
    engine = build_engine(f"{database_url}{sep}options=-csearch_path%3D{schema}")
    try:
        config = Config(str(PROJECT_DIR / "alembic.ini"))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def vacuum_analyze(engine: Engine) -> None:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in TABLES:
            connection.execute(text(f'VACUUM ANALYZE "{table}"'))


def page_load(engine: Engine, case_manager_id: int, now: datetime) -> Callable[[], object]:
    with Session(engine) as session:
        user = session.get(User, case_manager_id)
        assert user is not None
        actor: Actor = actor_for(user)

    def load() -> object:
        with session_scope(engine) as db:
            return caseload(db, actor=actor, now=now)

    return load


def round_trip(engine: Engine) -> Callable[[], object]:
    def select_one() -> object:
        with engine.connect() as connection:
            return connection.execute(text("SELECT 1")).scalar()

    return select_one


def statements_per_call(engine: Engine, call: Callable[[], object]) -> int:
    statements = 0

    def count(*_args: object) -> None:
        nonlocal statements
        statements += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return statements


def measure(calls: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """Interleaved, so that a noisy moment on the shared machine hits every case alike."""
    for call in calls.values():
        for _ in range(3):
            call()  # warm the pool, SQLAlchemy's statement cache and PostgreSQL's buffers
    samples: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeat):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            samples[name].append(time.perf_counter() - start)
    return samples


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) > 1 else samples[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--check-ins", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()
    if args.clients < 2 + TYPICAL:
        parser.error(f"--clients must be at least {2 + TYPICAL}")

    # One client, a typical caseload, a large one (as large as the agency allows), the rest by 25.
    large = min(LARGE, args.clients - 1 - TYPICAL)
    rest = args.clients - 1 - TYPICAL - large
    caseloads = [1, TYPICAL, large] + [TYPICAL] * (rest // TYPICAL)
    if rest % TYPICAL:
        caseloads.append(rest % TYPICAL)
    now = utcnow()

    with private_schema(args.database_url) as new, private_schema(args.database_url) as agency:
        with new.begin() as connection:
            [new_manager] = load_agency(
                connection, now=now, caseloads=[TYPICAL], history=ALMOST_NONE, check_ins=0
            )
        vacuum_analyze(new)
        started = time.perf_counter()
        with agency.begin() as connection:
            single, typical, big, *_ = load_agency(
                connection, now=now, caseloads=caseloads, history=TWO_YEARS, check_ins=args.check_ins
            )
        vacuum_analyze(agency)
        loaded_in = time.perf_counter() - started
        with agency.connect() as connection:
            rows = {t: connection.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in TABLES}

        baseline = f"baseline: {TYPICAL} clients, new agency"
        pages = {
            baseline: (new, page_load(new, new_manager, now)),
            "1 client": (agency, page_load(agency, single, now)),
            f"typical: {TYPICAL} clients": (agency, page_load(agency, typical, now)),
            f"large: {large} clients": (agency, page_load(agency, big, now)),
        }
        statements = {name: statements_per_call(engine, call) for name, (engine, call) in pages.items()}
        calls = {name: call for name, (_engine, call) in pages.items()}
        calls["one round trip (SELECT 1)"] = round_trip(agency)
        samples = measure(calls, args.repeat)

    print(
        f"Caseload page load (session_scope + caseload) on {agency.url.get_backend_name()}: "
        f"{args.clients:,} clients, {len(caseloads)} case managers, {rows['checkin']:,} check-ins; "
        f"loaded in {loaded_in:.0f} s"
    )
    print("  rows: " + ", ".join(f"{table} {count:,}" for table, count in rows.items()))
    print(f"median and p95 of {args.repeat} loads each, interleaved; x: ratio of medians to the baseline")
    base = statistics.median(samples[baseline])
    for name, times in samples.items():
        median = statistics.median(times)
        sql = f"  {statements[name]} SQL statements" if name in statements else ""
        print(
            f"  {name:<34} {median * 1000:7.2f} ms  p95 {p95(times) * 1000:7.2f} ms  x{median / base:5.2f}{sql}"
        )
    for name in (f"typical: {TYPICAL} clients", f"large: {large} clients"):
        worst = p95(samples[name]) * 1000
        verdict = "met" if worst <= TARGET_MS else "NOT met"
        print(f"target ≤ {TARGET_MS:.0f} ms, {name} (p95 {worst:.2f} ms): {verdict}")
    grows = len({statements[name] for name in pages}) > 1
    print(f"SQL statements per page for 1, {TYPICAL} and {large} clients: {'GROW' if grows else 'the same'}")


if __name__ == "__main__":
    main()
