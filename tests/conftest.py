"""Fixtures shared by every test.

Database tests run twice: on SQLite and on PostgreSQL (TEST_DATABASE_URL, by default the
local server's `test` database). Each PostgreSQL run migrates a private schema with
Alembic; each test runs inside a transaction that is rolled back. If PostgreSQL is not
reachable the run fails, unless STRENGTHSAPP_TESTS_WITHOUT_POSTGRES=1 says to skip it.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Before anything reads settings: the tests' dev secrets live in a throwaway folder.
_STATE_DIR = tempfile.mkdtemp(prefix="strengthsapp-test-state-")
os.environ["STRENGTHSAPP_STATE_DIR"] = _STATE_DIR
os.environ.pop("APP_ENV", None)

import pytest  # noqa: E402
from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from sqlalchemy import Engine, text  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402
from sqlmodel import Session  # noqa: E402

from strengthsapp.db.engine import build_engine  # noqa: E402
from strengthsapp.settings import PROJECT_DIR  # noqa: E402

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
ARTIFACTS = PROJECT_DIR / "tests" / "artifacts"


def postgres_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", DEFAULT_PG_URL)


def alembic_upgrade(engine: Engine, revision: str = "head") -> None:
    config = Config(str(PROJECT_DIR / "alembic.ini"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def alembic_downgrade(engine: Engine, revision: str = "base") -> None:
    config = Config(str(PROJECT_DIR / "alembic.ini"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


class PostgresSchema:
    """A fresh schema in the test database, dropped afterwards."""

    def __init__(self) -> None:
        self.name = f"t_{secrets.token_hex(6)}"
        self.admin = build_engine(postgres_url())
        try:
            with self.admin.begin() as connection:
                connection.execute(text(f'CREATE SCHEMA "{self.name}"'))
        except OperationalError as error:
            self.admin.dispose()
            if os.environ.get("STRENGTHSAPP_TESTS_WITHOUT_POSTGRES") == "1":
                pytest.skip("PostgreSQL not reachable and STRENGTHSAPP_TESTS_WITHOUT_POSTGRES=1")
            pytest.fail(
                f"PostgreSQL is not reachable at {postgres_url()} ({error.orig}). Start it, set "
                "TEST_DATABASE_URL, or set STRENGTHSAPP_TESTS_WITHOUT_POSTGRES=1 to skip on purpose.",
                pytrace=False,
            )
        separator = "&" if "?" in postgres_url() else "?"
        self.url = f"{postgres_url()}{separator}options=-csearch_path%3D{self.name}"
        self.engine = build_engine(self.url)

    def drop(self) -> None:
        self.engine.dispose()
        with self.admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[Engine]:
    schema = PostgresSchema()
    alembic_upgrade(schema.engine)
    yield schema.engine
    schema.drop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    engine = build_engine(f"sqlite:///{path}")
    alembic_upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated database: a copy of the SQLite template, or the PostgreSQL schema."""
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        sqlite = build_engine(f"sqlite:///{path}")
        yield sqlite
        sqlite.dispose()
    else:
        yield request.getfixturevalue("postgres_engine")


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose commits stay inside one outer transaction, rolled back at the end."""
    connection = engine.connect()
    outer = connection.begin()
    db = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield db
    finally:
        db.close()
        outer.rollback()
        connection.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_STATE_DIR, ignore_errors=True)
