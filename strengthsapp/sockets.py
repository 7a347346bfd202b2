"""The websocket's door: what a socket may do before Reflex sees it.

Reflex lets any socket name any client (tab) token and send any event with any
arguments. The session cookie, resolved afresh on every event, decides what an event may
see (states.base); this door closes what comes before that:

- **A tab token belongs to the session its data was loaded under** (`AppState._loaded_for`).
  A socket that connects with a token whose data was loaded under another session (another
  person's cookie, a made-up one, or none) is given a fresh, empty token instead, as Reflex
  does for a second tab with the same token. It is never linked to the old token, so
  nothing of that tab reaches it: no hydrate, no re-check the server pushes later, not even
  when it sends no event at all. The same browser reconnecting keeps its token.
- **Events name a registered handler with the arguments its signature names, of the types
  it names**: ids are ints, words are short text, forms are flat dicts of short values,
  operations a few flat records.
  Anything else is dropped before Reflex sees it (Reflex would log it with its payload and
  its headers, cookie included), and logged once a minute per socket, without the payload.
  Engine.IO drops a socket whose message is over 64 KB (`manage.MAX_SOCKET_MESSAGE`).
- **Updates for a tab with no socket are dropped quietly**: a closed tab is not a warning.

Installed by strengthsapp.py (`guard_sockets(app)`). Reflex 0.10.1's EventNamespace is
semi-internal: the version is pinned.
"""

from __future__ import annotations

import inspect
import logging
import time
import types
import typing
import urllib.parse
import uuid
from dataclasses import dataclass
from typing import Any

from reflex.app import EventNamespace
from reflex.istate.manager.token import BaseStateToken
from reflex.utils.token_manager import RedisTokenManager
from reflex_base.utils.form import FORM_DATA_ENTRIES_KEY

from strengthsapp.states.base import AppState, fingerprint, token_from_cookie_header

logger = logging.getLogger("strengthsapp.sockets")

MAX_TEXT = 20_000  # characters in one argument or form value
MAX_FORM_FIELDS = 60
MAX_LIST = 50
MAX_RECORDS = 20  # records in one argument (operations: states.board.SOCKET_OPS)
MAX_RECORD_KEYS = 10
LOG_EVERY = 60.0  # seconds: a socket's refused events are logged once a minute,
LOG_LINES_A_MINUTE = 30  # and no more than this many lines from all sockets together
ROUTER_KEYS = ("pathname", "query", "asPath")

# The one guarded namespace of this process, once installed: states ask it whether a tab
# still has a socket (states.live).
current: GuardedNamespace | None = None


class Refused(Exception):
    """Why an event was dropped, in a few words for the log (never its contents)."""


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str  # "int" | "str" | "bool" | "form" | "list" | "records" | "value" | "any"
    required: bool


def _kind_of(hint: Any) -> str:
    origin = typing.get_origin(hint)
    if hint is int:
        return "int"
    if hint is str:
        return "str"
    if hint is bool:
        return "bool"
    if hint is dict or origin is dict:
        return "form"
    if origin is list and typing.get_args(hint) and _kind_of(typing.get_args(hint)[0]) == "form":
        return "records"
    if hint is list or origin is list:
        return "list"
    if origin in (typing.Union, types.UnionType):
        kinds = {_kind_of(arg) for arg in typing.get_args(hint) if arg is not type(None)}
        return kinds.pop() if len(kinds) == 1 else "value"
    if hint is Any:
        return "value"
    return "any"  # nothing in this app (tests/test_sockets.py); checked as shallow JSON


def _parameters(fn: Any) -> tuple[Parameter, ...]:
    hints = typing.get_type_hints(fn)
    signature = inspect.signature(fn)
    return tuple(
        Parameter(
            name=name,
            kind=_kind_of(hints.get(name, Any)),
            required=parameter.default is inspect.Parameter.empty,
        )
        for name, parameter in list(signature.parameters.items())[1:]  # after self
    )


def _scalar(value: Any, *, limit: int = MAX_TEXT) -> bool:
    if isinstance(value, str):
        return len(value) <= limit
    return value is None or isinstance(value, bool | int | float)


def _checked(kind: str, value: Any) -> Any:
    """The value, if it has this kind's shape (a digit string for an int becomes the int)."""
    if kind == "int":
        if isinstance(value, str) and value.isascii() and value.lstrip("-").isdigit() and len(value) < 12:
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and -(2**31) < value < 2**31:
            return value
        raise Refused("an id that is not a whole number")
    if kind == "str":
        if isinstance(value, str) and len(value) <= MAX_TEXT:
            return value
        raise Refused("words that are not text, or too long")
    if kind == "bool":
        if isinstance(value, bool):
            return value
        raise Refused("a yes/no that is neither")
    if kind == "form":
        value = _form_entries(value)
        if (
            isinstance(value, dict)
            and len(value) <= MAX_FORM_FIELDS
            and all(isinstance(key, str) and len(key) <= 100 for key in value)
            and all(
                _scalar(item)
                or (
                    isinstance(item, list)
                    and len(item) <= MAX_LIST
                    and all(_scalar(i, limit=500) for i in item)
                )
                for item in value.values()
            )
        ):
            return value
        raise Refused("a form that is not a flat set of fields")
    if kind == "list":
        if isinstance(value, list) and len(value) <= 500 and all(_scalar(i, limit=500) for i in value):
            return value
        raise Refused("a list that is not a short list of plain values")
    if kind == "records":  # a few records (operations), each of scalars and one flat form
        if (
            isinstance(value, list)
            and len(value) <= MAX_RECORDS
            and all(
                isinstance(record, dict)
                and len(record) <= MAX_RECORD_KEYS
                and all(isinstance(key, str) and len(key) <= 40 for key in record)
                and all(_scalar(item) or (isinstance(item, dict) and _flat(item)) for item in record.values())
                for record in value
            )
        ):
            return value
        raise Refused("records that are not a few flat ones")
    if kind == "value":
        if _scalar(value, limit=2000):
            return value
        raise Refused("a value that is not a plain one")
    if _scalar(value) or (isinstance(value, list | dict) and len(value) <= MAX_LIST and all(
            _scalar(i) for i in (value.values() if isinstance(value, dict) else value))):  # fmt: skip
        return value
    raise Refused("a value nested too deep")


def _flat(value: dict[Any, Any]) -> bool:
    return len(value) <= MAX_FORM_FIELDS and all(
        isinstance(key, str) and len(key) <= 100 and _scalar(item) for key, item in value.items()
    )


def _form_entries(value: Any) -> Any:
    """A submitted form comes as {FORM_DATA_ENTRIES_KEY: [[name, value], ...]}: its dict."""
    if not (isinstance(value, dict) and set(value) == {FORM_DATA_ENTRIES_KEY}):
        return value
    entries = value[FORM_DATA_ENTRIES_KEY]
    if not (
        isinstance(entries, list)
        and len(entries) <= 2 * MAX_FORM_FIELDS
        and all(isinstance(e, list) and len(e) == 2 and isinstance(e[0], str) for e in entries)
    ):
        raise Refused("a form whose fields are not name and value")
    return dict(entries)


def _checked_router_data(router_data: Any) -> dict[str, Any]:
    if not isinstance(router_data, dict):
        raise Refused("router data that is not a dict")
    kept: dict[str, Any] = {}
    for key in ROUTER_KEYS:
        if key not in router_data:
            continue
        value = router_data[key]
        if key == "query":
            if not (
                isinstance(value, dict)
                and len(value) <= 20
                and all(isinstance(k, str) and len(k) <= 100 for k in value)
                and all(
                    (isinstance(v, str) and len(v) <= 2000)
                    or (
                        isinstance(v, list)
                        and len(v) <= 10
                        and all(isinstance(i, str) and len(i) <= 2000 for i in v)
                    )
                    for v in value.values()
                )
            ):
                raise Refused("a query that is not a few short words")
        elif not (isinstance(value, str) and len(value) <= 4000):
            raise Refused("a path that is not short text")
        kept[key] = value
    return kept


class GuardedNamespace(EventNamespace):
    """Reflex's event namespace, with the door described above."""

    def __init__(self, namespace: str, app: Any) -> None:
        super().__init__(namespace, app)
        self._parameters: dict[str, tuple[Parameter, ...]] = {}
        self._refusals: dict[str, tuple[float, int]] = {}  # sid -> (first logged at, count since)
        self._minute: tuple[float, int] = (0.0, 0)  # all sockets: (minute began, lines logged)

    # --- connecting: a tab token is bound to its session ------------------------------

    async def on_connect(self, sid: str, environ: dict, auth: Any = None) -> None:
        query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
        token = (query.get("token") or [""])[0]
        cookie = _cookie_header(environ)
        if token and not await self._may_take(token, fingerprint(token_from_cookie_header(cookie))):
            fresh = str(uuid.uuid4())
            query["token"] = [fresh]
            environ = {**environ, "QUERY_STRING": urllib.parse.urlencode(query, doseq=True)}
            self._note(sid, "a tab token made under another session; it gets a new, empty one")
            await super().on_connect(sid, environ, auth)
            # As Reflex tells a second tab with the same token: the page keeps the new one.
            await self.emit("new_token", fresh, to=sid)
            return
        await super().on_connect(sid, environ, auth)

    async def _may_take(self, token: str, session: str) -> bool:
        """Whether the data held for this tab token was loaded under this session (or none)."""
        if len(token) > 200:
            return False
        root = await self.app.state_manager.get_state(BaseStateToken(ident=token, cls=AppState))
        loaded_for = (await root.get_state(AppState))._loaded_for
        return loaded_for in ("", session)

    # --- events: registered handlers, typed arguments ------------------------------

    async def on_event(self, sid: str, data: Any) -> None:
        try:
            self._check(data)
        except Refused as refused:
            self._note(sid, f"an event was dropped: {refused}")
            return
        await super().on_event(sid, data)

    def _check(self, data: Any) -> None:
        """Raises Refused unless `data` is an event a page of this app could send; trims
        its router data to the keys Reflex reads from a browser, and turns digit ids to ints."""
        if not isinstance(data, dict):
            raise Refused("not an event")
        name, payload = data.get("name"), data.get("payload", {})
        if not isinstance(name, str) or len(name) > 300:
            raise Refused("no handler name")
        parameters = self._parameters_of(name)
        if parameters is None:
            raise Refused(f"an unknown handler ({name.rpartition('.')[2][:40]})")
        if payload is None:
            payload = {}
        if not isinstance(payload, dict):
            raise Refused("arguments that are not named")
        known = {p.name: p for p in parameters}
        if any(key not in known for key in payload):
            raise Refused("an argument the handler does not take")
        for parameter in parameters:
            if parameter.name in payload:
                payload[parameter.name] = _checked(parameter.kind, payload[parameter.name])
            elif parameter.required:
                raise Refused("a missing argument")
        data["payload"] = payload
        data["router_data"] = _checked_router_data(data.get("router_data", {}))

    def _parameters_of(self, name: str) -> tuple[Parameter, ...] | None:
        if name not in self._parameters:
            registered = self.app._registration_context.event_handlers.get(name)
            # Every state has Reflex's generic `setvar(name, value)`, which calls the state's
            # `set_<name>` with any value: the app's pages never use it.
            if registered is None or name.rpartition(".")[2] == "setvar":
                return None
            self._parameters[name] = _parameters(registered.handler.fn)
        return self._parameters[name]

    # --- updates ----------------------------------------------------------------------

    async def emit_update(self, update: Any, token: str) -> None:
        socket_record = self._token_manager.token_to_socket.get(token)
        if socket_record is None and not isinstance(self._token_manager, RedisTokenManager):
            return  # the tab is closed (or reloading): it gets the whole state when it connects
        await super().emit_update(update, token)

    async def is_connected(self, token: str) -> bool:
        """Whether this tab has a socket now, on any worker."""
        return await self._token_manager.is_token_connected(token)

    def on_disconnect(self, sid: str) -> Any:
        self._refusals.pop(sid, None)
        return super().on_disconnect(sid)

    # --- the log: once a minute per socket, never what was sent ------------------------

    def _note(self, sid: str, what: str) -> None:
        now = time.monotonic()
        since, count = self._refusals.get(sid, (0.0, 0))
        if now - since < LOG_EVERY:
            self._refusals[sid] = (since, count + 1)
            return
        self._refusals[sid] = (now, 0)
        began, lines = self._minute
        if now - began >= LOG_EVERY:
            began, lines = now, 0
        self._minute = (began, lines + 1)
        if lines >= LOG_LINES_A_MINUTE:
            return  # a flood from many sockets: the first lines of the minute said enough
        more = f" ({count} more from this socket in the last minute)" if count else ""
        logger.warning("socket %s: %s%s", sid[:8], what, more)


def _cookie_header(environ: dict) -> str:
    for name, value in environ.get("asgi.scope", {}).get("headers", []):
        if name.lower() == b"cookie":
            return value.decode("latin-1")
    return environ.get("HTTP_COOKIE", "")


def guard_sockets(app: Any) -> GuardedNamespace:
    """Put the guarded namespace where Reflex's own was (before the server starts)."""
    global current
    original = app.event_namespace
    namespace = GuardedNamespace(original.namespace, app)
    app._event_namespace = namespace
    app.sio.register_namespace(namespace)
    current = namespace
    return namespace
