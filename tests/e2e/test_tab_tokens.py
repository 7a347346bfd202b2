"""A tab token belongs to the session it was made under.

Ana opens her board and closes the tab. Someone who learned the tab's token connects with
it — with no cookie, someone else's, or a made-up one — and sends nothing at all, only
listens. When Sam then marks a step done on Ana's board, that socket hears none of her
words. Ana's own browser reconnecting with the same token still follows the board live.
"""

import asyncio
from datetime import timedelta

import pytest
from sqlmodel import select

from strengthsapp.db.models import CaseAssignment, Goal, Grant, Step, User
from strengthsapp.db.types import utcnow
from strengthsapp.services.sessions import start_session
from strengthsapp.states.board import BoardState
from tests.e2e.conftest import new_client, session_cookie
from tests.e2e.forged import Forged, everything_sent, operation, post_ops, run

pytestmark = pytest.mark.e2e

PASSWORD = "tomatoes on the balcony"
ANA_WORDS = ("Grow tomatoes on my balcony", "Ask Ruth for her old pots", "Water them before work")
BOARD = BoardState.get_full_name()


def make_ana(server, name: str = "Ana") -> dict:
    """A client of Sam's with one goal and its steps, and sessions for her and for Alex."""
    now = utcnow()
    with server.db() as db:
        ana, sam = new_client(db, name, password=PASSWORD)
        db.add(CaseAssignment(client_id=ana.id, case_manager_id=sam.id, since=now - timedelta(days=1)))
        goal = Goal(client_id=ana.id, text=ANA_WORDS[0], domain_key="leisure", created_by_id=ana.id)
        db.add(goal)
        db.flush()
        steps = [Step(goal_id=goal.id, text=f"{ANA_WORDS[1]} ({n})", position=n) for n in range(6)]
        db.add_all([*steps, Step(goal_id=goal.id, text=ANA_WORDS[2], position=9)])
        db.flush()
        other = db.exec(select(User).where(User.email == "alex")).one()
        return {
            "id": ana.id,
            "steps": [s.id for s in steps],
            "cookie": start_session(db, user=ana),
            "someone_else": start_session(db, user=other),
        }


@pytest.fixture(scope="module")
def ana(app_server) -> dict:
    return make_ana(app_server)


async def sam_marks_done(app_server, client_id: int, step_id: int) -> None:
    """Sam's tablet, with the board open, marks a step done (an operation, as his outbox sends it)."""
    query = {"client": str(client_id)}
    cookie = session_cookie(app_server, "sam")
    with app_server.db() as db:
        sam_id = db.exec(select(User.id).where(User.email == "sam")).one()
    async with Forged(app_server.url, cookie=cookie, token=f"sam-{step_id}") as sam:
        await sam.send(f"{BOARD}.load_client", path="/board", query=query)
        sent = await asyncio.to_thread(
            post_ops, app_server.url, cookie, [operation(sam_id, client_id, "step.done", step=step_id)]
        )
        assert sent.json()["results"][0]["status"] == "applied"
        await asyncio.sleep(0.5)


@pytest.mark.parametrize("who", ["no cookie", "someone else's cookie", "a made-up cookie"])
def test_a_socket_that_only_listens_with_anas_tab_token_hears_nothing_of_her_board(app_server, ana, who):
    cookie = {"no cookie": None, "someone else's cookie": ana["someone_else"], "a made-up cookie": "y" * 43}[
        who
    ]
    token = f"ana-tab-{who.split()[0]}-e2e"
    step = ana["steps"][["no cookie", "someone else's cookie", "a made-up cookie"].index(who)]

    async def story() -> tuple[str, str, list[str]]:
        async with Forged(app_server.url, cookie=ana["cookie"], token=token) as tab:
            seen = everything_sent(await tab.send(f"{BOARD}.load_view", path="/goals"))
        async with Forged(app_server.url, cookie=cookie, token=token) as listener:
            await listener.listen(0.5)
            await sam_marks_done(app_server, ana["id"], step)
            heard = everything_sent(await listener.listen(2.0, since=0))
            return seen, heard, listener.new_tokens

    seen, heard, new_tokens = run(story())
    assert ANA_WORDS[0] in seen  # the control: her tab did hold her board
    for words in ANA_WORDS:
        assert words not in heard
    assert new_tokens and new_tokens[0] != token  # it was given a token of its own


def test_anas_own_browser_reconnecting_with_its_token_still_follows_the_board(app_server, ana):
    """A network drop: the same browser, the same cookie, the same tab token, and no event
    sent after reconnecting: Sam's change still arrives."""
    token = "ana-tab-reconnects-e2e"
    step = ana["steps"][3]

    async def story() -> tuple[str, list[str]]:
        async with Forged(app_server.url, cookie=ana["cookie"], token=token) as tab:
            await tab.send(f"{BOARD}.load_own", path="/")
        async with Forged(app_server.url, cookie=ana["cookie"], token=token) as again:
            await again.listen(0.5)
            await sam_marks_done(app_server, ana["id"], step)
            return everything_sent(await again.listen(2.0, since=0)), again.new_tokens

    heard, new_tokens = run(story())
    assert new_tokens == []
    assert ANA_WORDS[0] in heard  # her board, refreshed live


def linked_tabs(server, client_id: int) -> set[str]:
    """The tab tokens Redis holds in this board's room."""
    import redis

    from tests.e2e.conftest import REDIS_URL

    return {t.decode() for t in redis.Redis.from_url(REDIS_URL).smembers(server.room_key(client_id))}


def test_closed_tabs_leave_the_room(redis_app_server):
    """Twenty of Ana's tabs open her board and close. Sam's next change finds them gone:
    they leave the room, so the changes after it re-check only the screens still open."""
    ana = make_ana(redis_app_server, "Ann")
    tabs = [f"ann-closed-{n}-e2e" for n in range(20)]

    async def open_and_close() -> None:
        for token in tabs:
            async with Forged(redis_app_server.url, cookie=ana["cookie"], token=token) as tab:
                await tab.send(f"{BOARD}.load_own", path="/", wait=3)

    run(open_and_close())
    assert set(tabs) <= linked_tabs(
        redis_app_server, ana["id"]
    )  # the control: closed tabs stay linked until told
    run(sam_marks_done(redis_app_server, ana["id"], ana["steps"][0]))
    time_out = run(_until(lambda: not set(tabs) & linked_tabs(redis_app_server, ana["id"])))
    assert not set(tabs) & linked_tabs(redis_app_server, ana["id"]), time_out


async def _until(done, seconds: float = 10.0) -> str:
    for _ in range(int(seconds * 10)):
        if done():
            return ""
        await asyncio.sleep(0.1)
    return f"not within {seconds} s"


def test_a_grant_that_ends_clears_the_open_screen_at_that_moment(app_server, ana):
    """Jordan's grant from Ana ends in three seconds. Jordan's screen, open on her board and
    sending nothing, is emptied then, without any change on the board."""
    now = utcnow()
    with app_server.db() as db:
        jordan = db.exec(select(User).where(User.email == "jordan")).one()
        db.add(Grant(client_id=ana["id"], grantee_id=jordan.id, scopes=["view"], sections=["goals"],
                     created_by_id=ana["id"], accepted_at=now, expires_at=now + timedelta(seconds=4)))  # fmt: skip
    query = {"client": str(ana["id"])}

    async def story() -> tuple[str, str]:
        cookie = session_cookie(app_server, "jordan")
        async with Forged(app_server.url, cookie=cookie, token="jordan-on-ana-e2e") as screen:
            seen = everything_sent(await screen.send(f"{BOARD}.load_client", path="/board", query=query))
            later = everything_sent(await screen.listen(6.0))
            return seen, later

    seen, later = run(story())
    assert ANA_WORDS[0] in seen  # the control: the grant did show her goals
    assert "You don't have access to this board now" in later
