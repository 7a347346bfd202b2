"""Column types shared by the tables."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always stored and returned in UTC.

    SQLite keeps no zone, so values come back naive; we mark them UTC on the way out, and
    refuse naive values on the way in, where their zone would be a guess.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; pass an aware datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class HasId(Protocol):
    id: int | None


def id_of(row: HasId) -> int:
    """The primary key of a row that has been flushed; a missing one is a bug."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet; flush the session first")
    return row.id
