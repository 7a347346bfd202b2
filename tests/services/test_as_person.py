"""One unit of work as whoever holds a session (services.sessions.as_person, which every
state's handler calls through AppState._serve): no session, no work; committed when the
work returns, rolled back when it raises."""

from unittest import mock

import pytest
from sqlmodel import Session, col, func, select

from strengthsapp.db.models import Win
from strengthsapp.domain.vocabulary import Role
from strengthsapp.services.errors import NotAllowed
from strengthsapp.services.progress import record_win
from strengthsapp.services.sessions import NoSession, as_person, start_session
from tests.factories import make_agency, make_user


# Committed data, seen from other connections: SQLite only, in this test's own file.
@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_work_runs_as_the_sessions_person_and_is_kept_only_when_it_returns(engine):
    with Session(engine, expire_on_commit=False) as db:
        agency = make_agency(db)
        alice = make_user(db, agency=agency, name="Alice")
        dana = make_user(db, agency=agency, role=Role.CLIENT, name="Dana")
        cookie = start_session(db, user=alice)
        db.commit()

    def wins() -> list[str]:
        with Session(engine) as db:
            return list(db.exec(select(Win.text).where(col(Win.client_id) == alice.id).order_by(col(Win.id))))

    def add(words: str, client_id: int):
        return lambda db, actor: (
            actor.display_name,
            record_win(db, actor=actor, client_id=client_id, text=words).id,
        )

    with mock.patch("strengthsapp.db.engine.get_engine", return_value=engine):
        name, _ = as_person(cookie, add("Walked to the shop", alice.id))
        assert name == "Alice"
        for token in (None, "", "not-a-session"):
            with pytest.raises(NoSession):
                as_person(token, add("Never written", alice.id))

        def add_then_fail(db, actor):
            record_win(db, actor=actor, client_id=alice.id, text="Half done")
            raise NotAllowed()

        with pytest.raises(NotAllowed):
            as_person(cookie, add_then_fail)
        with pytest.raises(NotAllowed):  # someone else's board: refused by the service
            as_person(cookie, add("On Dana's board", dana.id))
    assert wins() == ["Walked to the shop"]
    with Session(engine) as db:
        assert db.exec(select(func.count()).select_from(Win)).one() == 1
