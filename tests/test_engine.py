"""Units of work on SQLite from several threads (the board's looks run on threads), and
PostgreSQL connections that went away."""

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from strengthsapp.db import engine as engine_module
from strengthsapp.db.engine import build_engine, session_scope
from tests.conftest import postgres_url


def test_units_of_work_on_threads_take_turns_on_sqlite(tmp_path):
    """Each reads, then writes what it read: unless they take turns, two of them read the
    same count (the driver begins the transaction only at the write)."""
    engine = build_engine(f"sqlite:///{tmp_path / 'turns.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE mark (n INTEGER)"))
    failures: list[BaseException] = []
    start = threading.Barrier(8)

    def work() -> None:
        start.wait()
        for _ in range(40):
            try:
                with session_scope(engine) as db:
                    n = db.execute(text("SELECT count(*) FROM mark")).scalar_one()
                    db.execute(text("INSERT INTO mark (n) VALUES (:n)"), {"n": n})
            except Exception as error:
                failures.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with session_scope(engine) as db:
        counts = db.execute(text("SELECT n FROM mark ORDER BY rowid")).scalars().all()
    assert counts == list(range(8 * 40))  # and each saw every earlier write
    engine.dispose()


def _cut_off(engine) -> None:
    """The server drops this engine's pooled connection, as a database restart would."""
    with engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    with build_engine(postgres_url()).connect() as other:
        other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        other.commit()


def _count_pings(engine, monkeypatch) -> list[object]:
    pings: list[object] = []
    ping = engine.dialect.do_ping
    monkeypatch.setattr(
        engine.dialect, "do_ping", lambda connection: pings.append(connection) or ping(connection)
    )
    return pings


def test_a_connection_idle_a_while_is_asked_first_and_replaced_when_it_went(monkeypatch):
    monkeypatch.setattr(engine_module, "PING_AFTER_S", 0.0)
    engine = build_engine(postgres_url(), pool_size=1, max_overflow=0)
    pings = _count_pings(engine, monkeypatch)
    try:
        _cut_off(engine)
        with session_scope(engine) as db:  # the ping finds it gone: a new connection
            assert db.execute(text("SELECT 1")).scalar_one() == 1
        assert len(pings) >= 1
    finally:
        engine.dispose()


def test_a_connection_used_a_moment_ago_is_not_asked_and_one_unit_of_work_fails(monkeypatch):
    """No ping for a connection just used; if it went meanwhile, that unit of work fails
    (the outbox sends again, a page's event says so) and the next gets a new connection."""
    monkeypatch.setattr(engine_module, "PING_AFTER_S", 3600.0)
    engine = build_engine(postgres_url(), pool_size=1, max_overflow=0)
    pings = _count_pings(engine, monkeypatch)
    try:
        for _ in range(3):
            with session_scope(engine) as db:
                db.execute(text("SELECT 2"))
        assert pings == []
        _cut_off(engine)
        with pytest.raises(OperationalError), session_scope(engine) as db:
            db.execute(text("SELECT 3"))
        with session_scope(engine) as db:
            assert db.execute(text("SELECT 4")).scalar_one() == 4
    finally:
        engine.dispose()
