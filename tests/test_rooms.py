"""A board's room: the tab tokens open on it, in this process or (several workers) in Redis."""

from types import SimpleNamespace
from unittest import mock

import pytest

from strengthsapp import rooms
from tests.e2e.conftest import REDIS_URL
from tests.e2e.forged import run  # on a thread: Playwright's sync API may hold this one's loop


@pytest.fixture(params=["one worker", "redis"])
def settings(request):
    yield from _settings(REDIS_URL if request.param == "redis" else None)


@pytest.fixture
def redis_settings():
    yield from _settings(REDIS_URL)


def _settings(url):
    fake = SimpleNamespace(redis_url=url, secret_key="test-rooms")
    with mock.patch.object(rooms, "get_settings", return_value=fake):
        yield fake
    if url:
        import redis

        store = redis.Redis.from_url(url)
        for key in store.scan_iter(match="strengthsapp:room:*"):
            store.delete(key)


def test_tabs_join_and_leave_a_board_and_others_stay_apart(settings):
    async def story() -> list[set[str]]:
        await rooms.join(1, "ana-phone")
        await rooms.join(1, "sam-tablet")
        await rooms.join(2, "bo-phone")
        both = await rooms.screens_in(1)
        await rooms.leave(1, "ana-phone")
        await rooms.leave(1, "never-joined")
        return [both, await rooms.screens_in(1), await rooms.screens_in(2), await rooms.screens_in(3)]

    assert run(story()) == [{"ana-phone", "sam-tablet"}, {"sam-tablet"}, {"bo-phone"}, set()]
    run(rooms.leave(1, "sam-tablet"))
    run(rooms.leave(2, "bo-phone"))


def test_in_redis_a_room_is_named_with_the_secret_and_does_not_last_forever(redis_settings):
    import redis

    settings = redis_settings
    run(rooms.join(5, "ana-phone"))
    store = redis.Redis.from_url(settings.redis_url)
    key = rooms.redis_key(5)
    assert settings.secret_key not in key and rooms.room_token(5) in key
    assert rooms.redis_key(5, secret_key="another app") != key
    assert store.smembers(key) == {b"ana-phone"}
    assert 0 < store.ttl(key) <= rooms.KEEP_FOR_S
