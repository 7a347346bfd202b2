"""Engine and sessions. One engine per process, built from settings."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import Select, event, exc
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from strengthsapp.settings import get_settings

Query = TypeVar("Query", bound=Select[Any])


def for_this_worker(db: Session, query: Query) -> Query:
    """The rows `query` selects, locked for this transaction, skipping those another worker
    has locked (PostgreSQL's FOR UPDATE SKIP LOCKED). SQLite runs one worker and needs none."""
    return query.with_for_update(skip_locked=True) if db.get_bind().dialect.name == "postgresql" else query


def build_engine(url: str, **kwargs: Any) -> Engine:
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, **kwargs)
    _ping_when_idle(engine)
    return engine


# A connection back in the pool this long is asked whether it is still there before it is
# used again (the database restarted, a proxy dropped it). One used a moment ago is not:
# SQLAlchemy's pool_pre_ping would ask every time, a round trip (and ~5 % of the server's
# CPU, bench/README.md) for each unit of work. One that went meanwhile fails its unit of
# work once, and SQLAlchemy then drops every connection made before (a disconnect error).
PING_AFTER_S = 10.0


def _ping_when_idle(engine: Engine) -> None:
    """SQLAlchemy's pessimistic disconnect handling, for idle connections only."""

    @event.listens_for(engine.pool, "checkin")
    def _came_back(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info["back_at"] = time.monotonic()

    @event.listens_for(engine.pool, "checkout")
    def _still_there(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        back_at = record.info.get("back_at")
        if back_at is None or time.monotonic() - back_at < PING_AFTER_S:
            return  # new, or used a moment ago
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise exc.DisconnectionError() from error
        if not alive:
            raise exc.DisconnectionError()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    return build_engine(get_settings().database_url)


# On SQLite, Python's driver starts a transaction only at the first write, so what a unit
# of work read before it may have been changed by another connection meanwhile (a version
# check, a count); and SQLite has one writer at a time anyway. The app's units of work run
# on the event loop and on threads (states.board), so on SQLite they take turns in this
# process, as they did when all of them ran on the event loop. PostgreSQL needs no turns.
_SQLITE_TURNS = threading.RLock()


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A unit of work: committed on success, rolled back on any error."""
    engine = engine or get_engine()
    turns: AbstractContextManager[object] = (
        _SQLITE_TURNS if engine.dialect.name == "sqlite" else nullcontext()
    )
    with turns, Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)
