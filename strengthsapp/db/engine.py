"""Engine and sessions. One engine per process, built from settings."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import lru_cache
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from strengthsapp.settings import get_settings


def build_engine(url: str, **kwargs: Any) -> Engine:
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


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
# on the event loop and on threads (states.today), so on SQLite they take turns in this
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
