"""The schema is made by Alembic, and Alembic agrees with the models."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from strengthsapp.db.migration_hooks import compare_type
from strengthsapp.db.models import metadata
from tests.conftest import PostgresSchema, alembic_downgrade, alembic_upgrade
from tests.factories import make_agency

EXPECTED_TABLES = {
    "agency", "lifedomain", "user", "session", "invite", "caseassignment", "grant",
    "strengthentry", "priority", "goal", "step", "goalstrengthlink", "checkin", "win", "cheer",
    "suggestion", "contact", "resource", "goalresourcelink", "stepresourcelink", "nudgeplan",
    "quiethours", "pushsubscription", "nudgedelivery", "auditevent", "pushnotice", "appliedoperation",
    "accountdeletion",
}  # fmt: skip


def schema_differences(engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": compare_type, "target_metadata": metadata}
        )
        return compare_metadata(context, metadata)


def test_migrations_create_every_table_and_match_the_models(engine):
    assert set(inspect(engine).get_table_names()) >= EXPECTED_TABLES
    assert schema_differences(engine) == []


def test_downgrade_removes_everything_and_upgrade_restores_it():
    schema = PostgresSchema()
    try:
        alembic_upgrade(schema.engine)
        alembic_downgrade(schema.engine)
        assert set(inspect(schema.engine).get_table_names()) == {"alembic_version"}
        alembic_upgrade(schema.engine)
        assert set(inspect(schema.engine).get_table_names()) >= EXPECTED_TABLES
    finally:
        schema.drop()


def test_timestamps_come_back_in_utc(session):
    eastern = timezone(timedelta(hours=-5))
    agency = make_agency(session)
    agency.created_at = datetime(2026, 3, 8, 1, 30, tzinfo=eastern)
    session.commit()
    session.expire_all()
    stored = session.get(type(agency), agency.id).created_at
    assert stored == datetime(2026, 3, 8, 6, 30, tzinfo=UTC)
    assert stored.utcoffset() == timedelta(0)


def test_naive_timestamps_are_refused(session):
    agency = make_agency(session)
    agency.created_at = datetime(2026, 3, 8, 1, 30)
    with pytest.raises(Exception, match="naive datetime"):
        session.flush()
