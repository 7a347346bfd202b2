"""The one way a state learns who is asking: the session cookie of its own connection,
resolved in the database on every event.

Nothing about the user is remembered in state: a client token can be replayed after its
owner disconnects, and would inherit anything kept there. `SessionGuard` also wipes every
app state whenever the connection's session differs from the one its data was loaded
for, before any of it is sent (hydrate included).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from typing import Any, Generic, TypeVar

import reflex as rx
from reflex.middleware import Middleware
from reflex.state import State
from reflex_base.constants.compiler import CompileVars
from reflex_base.utils.format import format_event_handler

from strengthsapp import i18n
from strengthsapp.db.engine import session_scope
from strengthsapp.domain.access import Actor
from strengthsapp.services.errors import ServiceError
from strengthsapp.services.passwords import with_passwords
from strengthsapp.services.sessions import COOKIE_NAME, NoSession, as_person, resolve_session
from strengthsapp.settings import get_settings
from strengthsapp.states.navigation import to_sign_in

T = TypeVar("T")


def token_from_cookie_header(header: str) -> str | None:
    return cookie_from_header(header, COOKIE_NAME)


def cookie_from_header(header: str, name: str) -> str | None:
    cookies: SimpleCookie = SimpleCookie()
    try:
        cookies.load(header or "")
    except CookieError:
        return None
    morsel = cookies.get(name)
    return morsel.value if morsel else None


def as_id(value: Any) -> int | None:
    """An id from a form field or query string: digits only, and not absurdly long."""
    text = str(value)
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None


@dataclass
class Served(Generic[T]):
    """What a service gave a state's handler (`AppState._serve`): its value, or not served,
    with `answer` the event the handler returns (to sign in), or None (a refusal, said)."""

    ok: bool
    value: T | None = None
    answer: rx.event.EventSpec | None = None

    def __bool__(self) -> bool:
        return self.ok


class AppState(rx.State):
    """Base of every strengthsapp state. Holds no user; asks the database each time."""

    # Which session cookie the data in these states was loaded for (a hash, never the token).
    _loaded_for: str = ""

    def _session_token(self) -> str | None:
        return token_from_cookie_header(self.router.headers.cookie)

    def _actor(self) -> Actor | None:
        """Who holds this connection's session cookie, right now."""
        with session_scope() as db:
            return resolve_session(db, token=self._session_token())

    def _serve(self, use: Callable[[Any, Actor], T], *, say: str = "") -> Served[T]:
        """The one way a handler calls a service: as whoever holds this connection's session
        cookie now, in one transaction (`use(db, actor)`). Without a session: not served,
        answered by sign-in. A refusal (a ServiceError): not served, its message put in the
        field `say` (and cleared there when served; an `InvalidInput`'s field, in the field
        `say` + "_field" where the state has one). With no `say`, a refusal is raised: a
        handler that expects none doesn't swallow one."""
        try:
            return self._served(as_person(self._session_token(), use), say)
        except (NoSession, ServiceError) as error:
            return self._not_served(error, say)

    async def _serve_hashing(self, use: Callable[[Any, Actor], T], *, say: str = "") -> Served[T]:
        """`_serve` for work that checks or hashes a password: on the password threads, off
        the event loop."""
        try:
            return self._served(await with_passwords(as_person, self._session_token(), use), say)
        except (NoSession, ServiceError) as error:
            return self._not_served(error, say)

    def _served(self, value: T, say: str) -> Served[T]:
        self._say(say, "", "")
        return Served(ok=True, value=value)

    def _not_served(self, error: Exception, say: str) -> Served[Any]:
        if isinstance(error, NoSession):
            return Served(ok=False, answer=to_sign_in())
        assert isinstance(error, ServiceError)
        if not say:
            raise error
        self._say(say, error.message, getattr(error, "field", ""))
        return Served(ok=False)

    def _say(self, say: str, message: str, about: str) -> None:
        if not say:
            return
        setattr(self, say, message)
        if f"{say}_field" in type(self).__fields__:
            setattr(self, f"{say}_field", about)

    def _client_ip(self) -> str:
        return self.router.session.client_ip or "unknown"


def refill(state: rx.State, values: dict[str, Any], *, keep: Iterable[str] = ()) -> None:
    """Every field of the state's own class to its value in `values`, or else its default,
    as `reset()` then setting them would; but a field whose value is already that is left
    alone, so it is not sent to the browser again. Fields in `keep` stay as they are."""
    cls = state.__class__
    kept = set(keep)
    for name, field in cls.__fields__.items():
        if field._owner is not cls or name in kept:
            continue
        value = values[name] if name in values else field.default_value()
        if getattr(state, name) != value:
            setattr(state, name, value)


def app_state_classes(root: type[rx.State] = AppState) -> Iterator[type[rx.State]]:
    for cls in root.get_substates():
        yield cls
        yield from app_state_classes(cls)


def fingerprint(token: str | None) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:32] if token else "-"


def hydrate_events() -> frozenset[str]:
    """The events that send a tab its whole state: `hydrate`, and `hydrate_and_load`, which
    Reflex sends on every (re)connect."""
    return frozenset(
        format_event_handler(State.event_handlers[name])
        for name in (CompileVars.HYDRATE, CompileVars.HYDRATE_AND_LOAD)
    )


class SessionGuard(Middleware):
    """Before any event: if the data held for this client token was loaded under another
    session (or none), reset it all. On hydrate, also drop it if the session has ended."""

    def __init__(self) -> None:
        self.hydrate_events = hydrate_events()

    async def preprocess(self, app: Any, state: Any, event: Any) -> None:
        # What this event says and formats is in the device's language (which the account's
        # choice is copied to at sign-in and on every page load: SessionState.refresh).
        headers = state.router.headers
        i18n.set_current(
            i18n.choose(
                cookie_from_header(headers.cookie, i18n.COOKIE),
                accept_language=headers.accept_language,
                default=get_settings().default_locale,
            )
        )
        base = await state.get_state(AppState)
        token = token_from_cookie_header(headers.cookie)
        current = fingerprint(token)
        if event.name in self.hydrate_events and token:
            with session_scope() as db:
                if resolve_session(db, token=token) is None:
                    current = "-"
        if base._loaded_for != current:
            for cls in app_state_classes():
                (await state.get_state(cls)).reset()
            base._loaded_for = current
        return None
