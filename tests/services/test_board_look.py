"""One look at a board, as a screen's event takes it (services.board_look.look): what
each person's screen is given of the ideas waiting for the client."""

from unittest import mock

import pytest
from sqlmodel import Session, col, func, select

from strengthsapp.db.models import AuditEvent
from strengthsapp.domain.vocabulary import Role, SuggestionKind
from strengthsapp.services import board_look
from strengthsapp.services.sessions import start_session
from strengthsapp.services.suggestions import suggest
from tests.factories import make_agency, make_assignment, make_goal, make_grant, make_user
from tests.services.conftest import as_actor


# Committed data, seen from other connections: SQLite only, in this test's own file.
@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_the_client_gets_every_idea_and_each_suggester_only_their_own(engine):
    with Session(engine, expire_on_commit=False) as db:
        agency = make_agency(db)
        alice = make_user(db, agency=agency, name="Alice")
        bob = make_user(db, agency=agency, role=Role.CASE_MANAGER, name="Bob")
        sue = make_user(db, agency=agency, role=Role.PEER, name="Sue")
        vic = make_user(db, agency=agency, role=Role.PEER, name="Vic")
        make_assignment(db, client=alice, case_manager=bob)
        make_grant(db, client=alice, grantee=sue, scopes=("view", "suggest"), sections=("goals",))
        make_grant(db, client=alice, grantee=vic, scopes=("view",), sections=("goals",))
        goal = make_goal(db, client=alice)
        for person, words in ((bob, "Bob's idea"), (sue, "Sue's idea")):
            suggest(db, actor=as_actor(person), client_id=alice.id, kind=SuggestionKind.NEW_STEP, text=words,
                    goal_id=goal.id)  # fmt: skip
        cookies = {p.display_name: start_session(db, user=p) for p in (alice, bob, sue, vic)}
        db.commit()

    def look(name: str) -> tuple[list[str], list[str]]:
        with mock.patch("strengthsapp.db.engine.get_engine", return_value=engine):
            seen = board_look.look(session_token=cookies[name], client_token=f"t-{name}", client_id=alice.id,
                                 record_view=False)  # fmt: skip
        assert seen is not None and seen.today is not None
        return [s.text for s in seen.suggestions], [i.text for i in seen.my_ideas]

    def denials() -> int:
        with Session(engine) as db:
            return db.exec(
                select(func.count()).select_from(AuditEvent).where(col(AuditEvent.allowed).is_(False))
            ).one()

    before = denials()
    assert look("Alice") == (["Bob's idea", "Sue's idea"], [])
    assert look("Bob") == ([], ["Bob's idea"])
    assert look("Sue") == ([], ["Sue's idea"])
    assert look("Vic") == ([], [])  # shown the goals, may not suggest: nothing, and no refusal
    assert denials() == before
