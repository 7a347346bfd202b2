"""How Alembic reads and writes our column types; used by alembic/env.py and the tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column

from strengthsapp.db.types import UTCDateTime


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    # Migrations stay free of app imports: a UTC column is a plain timezone-aware DateTime.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def compare_type(
    context: Any, inspected_column: Any, metadata_column: Any, inspected_type: Any, metadata_type: Any
) -> bool | None:
    if isinstance(metadata_type, UTCDateTime):
        plain = Column(metadata_column.name, metadata_type.impl)
        return bool(context.impl.compare_type(inspected_column, plain))
    return None
