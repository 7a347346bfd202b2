"""Counting the SQL statements an action sends (N+1 and "one query" checks)."""

from collections.abc import Callable

from sqlalchemy import event
from sqlmodel import Session


def count_queries(session: Session, action: Callable[[], object]) -> int:
    statements = []
    engine = session.get_bind().engine

    def record(*_args: object) -> None:
        statements.append(1)

    event.listen(engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)
