"""Alembic environment: the schema is SQLModel's metadata; the URL comes from settings.

A caller may pass an open connection in `config.attributes["connection"]` (tests do, to
migrate a private schema); otherwise we connect to settings.database_url.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from strengthsapp.db import models
from strengthsapp.db.engine import build_engine
from strengthsapp.db.migration_hooks import compare_type, render_item
from strengthsapp.settings import get_settings

target_metadata = models.metadata


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=render_item,
        compare_type=compare_type,
        user_module_prefix="sa.",
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    engine = build_engine(get_settings().database_url)
    try:
        with engine.connect() as connection:
            run_with(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline migrations are not supported; run against a database.")
main()
