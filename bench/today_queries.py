"""How the Today page's server work grows with the size of a client's board.

Baseline: a small board (3 goals, 9 steps, 3 wins) measured in the same run, on the same
database. Prints, for boards 10x and 40x larger, the ratio of median get_today time to the
baseline, and the number of SQL statements (which must not grow: no N+1).

    .venv/bin/python bench/today_queries.py [--database-url URL] [--repeat 200]

Default database: a private schema in the local PostgreSQL `test` database, dropped after.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlmodel import Session

from strengthsapp.db.engine import build_engine
from strengthsapp.db.models import Cheer, Goal, Step, User, Win
from strengthsapp.db.types import id_of, utcnow
from strengthsapp.services.agency import create_agency
from strengthsapp.services.boards import actor_for
from strengthsapp.services.today import get_today
from strengthsapp.settings import PROJECT_DIR

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def make_board(session: Session, agency_id: int, *, goals: int, steps: int, wins: int) -> int:
    client = User(agency_id=agency_id, role="client", display_name="Bench", timezone="Europe/London")
    helper = User(agency_id=agency_id, role="case_manager", display_name="Helper")
    session.add_all([client, helper])
    session.flush()
    now = utcnow()
    for g in range(goals):
        goal = Goal(
            client_id=id_of(client),
            text=f"goal {g}",
            domain_key="social",
            position=g,
            created_by_id=id_of(client),
        )
        session.add(goal)
        session.flush()
        session.add_all(
            Step(goal_id=id_of(goal), text=f"step {s}", position=s, done_at=now if s % 2 else None)
            for s in range(steps)
        )
    for w in range(wins):
        win = Win(client_id=id_of(client), text=f"win {w}", on=now.date(), recorded_by_id=id_of(client))
        session.add(win)
        session.flush()
        session.add(Cheer(win_id=id_of(win), by_id=id_of(helper), text="🎉"))
    session.commit()
    return id_of(client)


def measure(engine, client_id: int, repeat: int) -> tuple[float, int]:
    statements = 0

    def count(*_args) -> None:
        nonlocal statements
        statements += 1

    samples = []
    with Session(engine) as session:
        client = session.get(User, client_id)
        assert client is not None
        actor = actor_for(client)
        get_today(session, actor=actor, client_id=client_id)  # warm caches
        event.listen(engine, "before_cursor_execute", count)
        statements = 0
        get_today(session, actor=actor, client_id=client_id)
        per_call = statements
        event.remove(engine, "before_cursor_execute", count)
        for _ in range(repeat):
            session.expire_all()
            start = time.perf_counter()
            get_today(session, actor=actor, client_id=client_id)
            samples.append(time.perf_counter() - start)
    return statistics.median(samples), per_call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    schema = f"bench_{secrets.token_hex(4)}"
    admin = build_engine(args.database_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in args.database_url else "?"
    engine = build_engine(f"{args.database_url}{sep}options=-csearch_path%3D{schema}")
    try:
        config = Config(str(PROJECT_DIR / "alembic.ini"))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        with Session(engine) as session:
            agency = create_agency(session, name="Bench", slug="bench")
            session.commit()
            boards = {
                "baseline (3 goals, 9 steps, 3 wins)": make_board(
                    session, id_of(agency), goals=3, steps=3, wins=3
                ),
                "10x (30 goals, 90 steps, 30 wins)": make_board(
                    session, id_of(agency), goals=30, steps=3, wins=30
                ),
                "40x (120 goals, 360 steps, 120 wins)": make_board(
                    session, id_of(agency), goals=120, steps=3, wins=120
                ),
            }
        results = {name: measure(engine, client_id, args.repeat) for name, client_id in boards.items()}
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    base_time, _ = next(iter(results.values()))
    print(f"get_today on {engine.url.get_backend_name()}, median of {args.repeat} calls")
    for name, (median, statements) in results.items():
        print(
            f"  {name:<40} {median * 1000:7.2f} ms  x{median / base_time:5.2f}  {statements} SQL statements"
        )


if __name__ == "__main__":
    main()
