"""Accounts whose wait is over are removed without anyone doing anything: by the worker (at
its start and then every hour, beside the nudges) and by `manage purge-deleted`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlmodel import Session, func, select

from strengthsapp.db.engine import build_engine
from strengthsapp.db.models import AccountDeletion, Goal, User
from strengthsapp.db.types import utcnow
from strengthsapp.services.boards import actor_for
from strengthsapp.services.deletion import FORMER_CLIENT, request_deletion
from strengthsapp.settings import PROJECT_DIR, get_settings
from tests.conftest import PostgresSchema, alembic_upgrade
from tests.factories import make_agency, make_goal, make_user

WAIT = timedelta(days=get_settings().deletion_wait_days)


@pytest.fixture(params=["sqlite", "postgresql"])
def own_database(request, sqlite_template, tmp_path):
    """A database of the test's own: the worker commits in its own sessions."""
    if request.param == "sqlite":
        path = tmp_path / "deletion.db"
        shutil.copy(sqlite_template, path)
        url = f"sqlite:///{path}"
        engine = build_engine(url)
        yield engine, url
        engine.dispose()
    else:
        schema = PostgresSchema()
        alembic_upgrade(schema.engine)
        yield schema.engine, schema.url
        schema.drop()


def asked(engine, name: str, *, at) -> int:
    """A client with a goal, who asked for her account to be deleted at `at`."""
    with Session(engine, expire_on_commit=False) as db:
        client = make_user(db, agency=make_agency(db), name=name)
        make_goal(db, client=client, text=f"{name}'s own words")
        request_deletion(db, actor=actor_for(client), client_id=client.id, now=at)
        db.commit()
        return client.id


def removed(engine, client_id: int) -> bool:
    with Session(engine) as db:
        done = db.get(AccountDeletion, client_id).done_at is not None
        goals = db.exec(select(func.count()).select_from(Goal).where(Goal.client_id == client_id)).one()
        assert done == (goals == 0) == (db.get(User, client_id).display_name == FORMER_CLIENT)
        return done


def test_the_worker_removes_what_is_due_when_it_starts_and_then_once_an_hour(own_database, monkeypatch):
    from strengthsapp import worker as worker_module
    from strengthsapp.db import engine as engine_module

    engine, _url = own_database
    now = utcnow()
    monkeypatch.setattr(engine_module, "get_engine", lambda: engine)
    monkeypatch.setattr(worker_module, "utcnow", lambda: now)
    due = asked(engine, "Ana", at=now - WAIT)
    waiting = asked(engine, "Bea", at=now - WAIT + timedelta(minutes=30))
    w = worker_module.Worker(name="test")
    try:
        w.purge_when_due()
        assert removed(engine, due) and not removed(engine, waiting)
        monkeypatch.setattr(worker_module, "utcnow", lambda: now + timedelta(minutes=31))
        w.purge_when_due()  # within the hour: not looked at again
        assert not removed(engine, waiting)
        assert w.purge_deleted() == 1  # (what the next hour's look does)
        assert removed(engine, waiting)
    finally:
        w.close()


@pytest.mark.parametrize(
    "command", [["strengthsapp.manage", "purge-deleted"], ["strengthsapp.worker", "--once"]]
)
def test_manage_purge_deleted_and_a_worker_round_remove_what_is_due(own_database, command, tmp_path):
    engine, url = own_database
    due = asked(engine, "Cleo", at=utcnow() - WAIT - timedelta(minutes=1))
    waiting = asked(engine, "Dot", at=utcnow())
    env = {**os.environ, "DATABASE_URL": url, "STRENGTHSAPP_STATE_DIR": str(tmp_path)}
    env.pop("APP_ENV", None)
    result = subprocess.run([sys.executable, "-m", *command], cwd=PROJECT_DIR, env=env, capture_output=True,
                            text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert removed(engine, due) and not removed(engine, waiting)
    if command[0] == "strengthsapp.manage":
        assert result.stdout.strip() == "Deleted 1 account whose wait was over."
