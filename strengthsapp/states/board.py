"""The board a screen shows, shared by its five views: which board, its room, the one look
at it, the edit/conflict protocol, its messages and tabs.

Today, My goals, My strengths, My wins and People & places are views (`BoardView`), each a
state of its own beside `BoardState`: the board fills the one shown after it checked, with
this connection's own session, what may be shown. The client's own board is on "/"; a
client's as their case manager or peer sees it on "/board?client=<id>".
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any, ClassVar

import reflex as rx

from strengthsapp import rooms
from strengthsapp.domain.access import Relation
from strengthsapp.domain.vocabulary import Role
from strengthsapp.i18n import N_, _
from strengthsapp.services.board_look import Seen, look
from strengthsapp.services.errors import Unavailable
from strengthsapp.services.operations import Operation, Outcome, changed_boards, parse_sent
from strengthsapp.services.today import TodayPublic
from strengthsapp.states.base import AppState, as_id, refill
from strengthsapp.states.live import apply_from_device, has_socket, recheck_at, recheck_board, recheck_screens
from strengthsapp.states.navigation import to_sign_in
from strengthsapp.states.session import HOME

# Said in the reader's language where they are used: _(NOT_SHARED).
NOT_SHARED = N_(
    "You don't have access to this board now. Only the person whose board it is can share it with you."
)
NOT_SHARED_PART = N_("This part of the board isn't shared with you.")
SOCKET_OPS = 20  # operations in one event (assets/outbox.js sends no more, and under 40 KB)
# The board's views: path -> view. "/" and "/board" are Today (own, someone else's).
VIEWS = {"/": "today", "/board": "today", "/goals": "goals", "/strengths": "strengths", "/wins": "wins",
         "/people-places": "resources"}  # fmt: skip
# The top of the board, where a refusal is said.
BOARD_TOP = "board-top"


@dataclass
class TabPublic:
    label: str
    href: str
    icon: str
    current: bool


class BoardView(AppState, mixin=True):
    """One view of the board. It holds only display records, which the board fills
    (`BoardState`) after it checked who is asking; its changes are operations
    (components.ops, services.operations), not events. A mixin: each view names AppState
    too (`class PlanState(BoardView, AppState)`), as Reflex wants of a state with a mixin."""

    _view: ClassVar[str] = ""  # its name in VIEWS, and its reading (services.board_look)
    # Fields that stay while the same board is shown (what the person opened).
    _kept: ClassVar[tuple[str, ...]] = ()

    def _options(self) -> dict[str, Any]:
        """What this view's reading is asked beyond the board (what the person opened)."""
        return {}

    def _fields(self, seen: Seen, today: TodayPublic) -> dict[str, Any] | None:
        """This view's fields from a look at the board (None: this part isn't shared): by
        default, those of its reading with the names of its own fields, each of which the
        reading must have (but those the person opened, `_kept`)."""
        if seen.page is None:
            return None
        cls = type(self)
        names = [name for name, f in cls.__fields__.items() if f._owner is cls and name not in cls._kept]
        return {name: getattr(seen.page, name) for name in names}

    async def _look_again(self) -> None:
        """The board shown looks again (for what this view just opened or closed)."""
        board = await self.get_state(BoardState)
        await board._show(board._client_id, record_view=False)


def board_views() -> dict[str, type[BoardView]]:
    return {cls._view: cls for cls in BoardView.__subclasses__() if cls._view}


class BoardState(AppState):
    _client_id: int = 0
    _room: int = 0  # the board whose live room this screen is in
    loaded: bool = False
    problem: str = ""
    own: bool = False
    client_name: str = ""
    board_client: int = 0  # whose board (the id in this page's own URL)
    # The client, and their case manager with them, mark steps done and record wins.
    records_progress: bool = False
    suggests: bool = False  # the viewer may suggest (ideas for the client to decide on)
    cheers: bool = False
    # Which view of the board this screen shows, and the tabs to the others.
    view: str = "today"
    tabs: list[TabPublic] = []
    view_problem: str = ""
    editing: str = ""  # the one edit form open, e.g. "goal-12"
    editing_version: int = 0  # the version of its words when it opened
    # Views holding some of the board: only `_show` fills one, and it notes which here, so
    # that a later look loads (to refill or to empty) those and the one shown, not all
    # five: with Redis each is one more read and write per event. None: not known (state
    # from before this was noted), so all of them.
    _filled_views: list[str] | None = None

    @rx.event
    async def load_view(self) -> rx.event.EventSpec | None:
        """Any view of a board: the client's own, or ?client=<id> for whoever may see it."""
        actor = self._actor()
        if actor is None:
            return to_sign_in()
        view = VIEWS.get(self.router.url.path.rstrip("/") or "/", "today")
        client_id = as_id(self.router.url.query_parameters.get("client", ""))
        if client_id is None:
            if actor.role is not Role.CLIENT:
                return rx.redirect(HOME[actor.role], replace=True)
            client_id = actor.user_id
        await self._show(client_id, view=view)
        return None

    @rx.event
    async def load_own(self) -> rx.event.EventSpec | None:
        """Home: a client's own board; everyone else goes to their own home page."""
        actor = self._actor()
        if actor is None:
            return to_sign_in()
        if actor.role is not Role.CLIENT:
            return rx.redirect(HOME[actor.role], replace=True)
        await self._show(actor.user_id, view="today")
        return None

    @rx.event
    async def load_client(self) -> rx.event.EventSpec | None:
        if self._actor() is None:
            return to_sign_in()
        await self._show(as_id(self.router.url.query_parameters.get("client", "")) or 0, view="today")
        return None

    @rx.event
    def start_editing(self, what: str, version: int = 0) -> None:
        """Open one edit form, remembering the version of the words it opened on: the board
        may refresh live meanwhile, and the save (an operation, components.ops) must still
        name what was seen, so that a newer change is shown, not overwritten. Display only:
        saving checks everything again."""
        self.editing, self.editing_version = str(what)[:40], max(0, version)

    @rx.event
    def stop_editing(self) -> None:
        self.editing, self.editing_version = "", 0

    @rx.event
    async def send_ops(self, ops: list[dict[str, Any]], ask: str) -> rx.event.EventSpec:
        """Operations from this tab's outbox while its socket is up (assets/outbox.js), as
        POST /api/ops takes them, checked the same way, and answered to the outbox (`ask`
        names the sending). When they are all about the board this screen shows, they and
        this screen's look are one transaction, and only the board's other screens look
        again: the author's tap costs one look, not two."""
        ask = ask[:40]
        if not 0 < len(ops) <= SOCKET_OPS:
            return _answer(ask, {"ok": False, "reason": "input", "status": 400})
        parsed = parse_sent(list(ops))
        here = self._client_id if self.loaded else 0
        on_this_board = [op for op in parsed if isinstance(op, Operation) and op.board == here]
        if here and len(on_this_board) == len(parsed):
            try:
                outcomes = await self._show(here, record_view=False, ops=on_this_board)
            except Unavailable:  # the database away: nothing kept; the outbox sends again
                return _answer(ask, {"ok": False, "reason": "later", "status": 503})
            if outcomes is None:
                return _answer(ask, {"ok": False, "reason": "session", "status": 401})
            if changed_boards(outcomes) and self._room:
                # Every other screen in this board's room reloads its own view.
                await recheck_board(self._room, but=self.router.session.client_token)
        else:
            sent = await apply_from_device(self._session_token(), list(ops))
            if sent is None:
                return _answer(ask, {"ok": False, "reason": "session", "status": 401})
            outcomes = sent
        return _answer(ask, {"ok": True, "status": 200, "results": [o.as_json() for o in outcomes]})

    @rx.event
    async def recheck(self, board: int = 0) -> None:
        """Sent to the other open screens of `board` when someone changed it, when access
        to it ended elsewhere, and at the moment it ends (states.live); with no board named,
        the one the screen shows. A tab that is closed, or no longer shows that board (its
        state expired, or it went to another), leaves the room instead, so that later
        changes don't look for it again; if it comes back (a reconnect), its page loads the
        board afresh and joins again."""
        token = self.router.session.client_token
        board = board or self._client_id  # none named: the board this screen shows
        if not (self.loaded and self._client_id == board):
            if board:
                await rooms.leave(board, token)
            return
        if not await has_socket(token):
            await self._leave_room()
            return
        await self._show(board, record_view=False)

    async def _show(
        self,
        client_id: int,
        *,
        view: str = "",
        record_view: bool = True,
        ops: list[Operation] | None = None,
    ) -> list[Outcome] | None:
        """Show the board (after applying `ops` to it, in the same transaction): as far as
        this connection's session may see it right now. Returns the operations' outcomes
        (none: []), or None when the connection has no session.

        The database work runs on a thread, so that other screens' events go on meanwhile;
        this screen's state is only touched here, on the event loop. Only fields whose value
        changed are set, so a refresh sends the browser what changed, not the whole board."""
        same_board = client_id == self._client_id
        view = view or self.view
        views = board_views()
        # Another board: every view starts from nothing (one may hold what was kept there).
        everything = self._filled_views is None or not same_board
        wanted = set(views) if everything else {view, *self._filled_views}
        pages = {name: await self.get_state(cls) for name, cls in views.items() if name in wanted}
        if not same_board:
            # Start from nothing, so nothing of an earlier board can stay showing.
            refill(self, {"_room": self._room})
            for page in pages.values():
                refill(page, {})
        page = pages.get(view)
        seen = await asyncio.to_thread(
            look,
            session_token=self._session_token(),
            client_token=self.router.session.client_token,
            client_id=client_id,
            record_view=record_view,
            ops=ops,
            reading=view if view != "today" else "",
            options=page._options() if page is not None else None,
        )
        # What this person is in the middle of (an open edit form) stays.
        kept = ("_room", "editing", "editing_version")
        board = {"loaded": True, "_client_id": client_id, "view": view}
        today = seen.today if seen is not None else None
        if seen is None or today is None:  # signed out, or not (or no longer) shared
            refill(self, {**board, "problem": _(NOT_SHARED)}, keep=kept)
            for each in pages.values():  # nothing of the board stays behind, in any view
                refill(each, {})
            self._filled_views = []
            await self._leave_room()
            return seen.outcomes if seen is not None else None
        shown = page._fields(seen, today) if page is not None else None
        refill(
            self,
            {
                **board,
                "own": today.own,
                "client_name": today.client_name,
                "board_client": client_id,
                "records_progress": today.relation in {Relation.CLIENT.value, Relation.CASE_MANAGER.value},
                "suggests": today.suggests,
                "cheers": today.cheers,
                "tabs": _tabs(today, client_id=client_id, view=view),
                "view_problem": _(NOT_SHARED_PART) if page is not None and shown is None else "",
            },
            keep=kept,
        )
        # Only the view shown holds data; it keeps what the person opened (a goal's story)
        # while it stays on the same board.
        for name, each in pages.items():
            if name == view and shown is not None:
                refill(each, shown, keep=each._kept)
            else:
                refill(each, {})
        self._filled_views = [view] if view in pages and shown is not None else []
        await self._join_room(client_id)
        # Access that ends at a moment (a grant's end date) clears this screen at that moment.
        recheck_at(self.router.session.client_token, today.access_until, board=client_id)
        return seen.outcomes

    async def _join_room(self, client_id: int) -> None:
        if self._room == client_id:
            return
        await self._leave_room()
        await rooms.join(client_id, self.router.session.client_token)
        self._room = client_id
        # This screen looked at the board before it was in the room: a change made in
        # between was told to the room without it. One more look, once this event is
        # done, sees any such change; later ones reach it.
        await recheck_screens([self.router.session.client_token], board=client_id)

    async def _leave_room(self) -> None:
        if self._room:
            await rooms.leave(self._room, self.router.session.client_token)
        self._room = 0


def _answer(ask: str, answer: dict[str, Any]) -> rx.event.EventSpec:
    """The outbox's answer for one sending, as POST /api/ops would give it."""
    return rx.call_script(f"window.saOutbox && saOutbox.answered({json.dumps(ask)}, {json.dumps(answer)})")


def _tabs(today: TodayPublic, *, client_id: int, view: str) -> list[TabPublic]:
    """The views this person may open, as links (with ?client= when it is someone else's)."""
    query = "" if today.own else f"?client={client_id}"
    # Someone else's board opens on its overview: "Today" there would read as their own day.
    first = (
        ("today", _("Today"), "/", "sun")
        if today.own
        else ("today", _("Board"), "/board", "layout-dashboard")
    )
    tabs = [first]
    if today.shows_goals:
        tabs.append(("goals", _("Goals"), "/goals", "target"))
    if today.shows_strengths:
        tabs.append(("strengths", _("Strengths"), "/strengths", "sprout"))
    if today.shows_wins:
        tabs.append(("wins", _("Wins"), "/wins", "star"))
    if today.shows_resources:
        tabs.append(("resources", _("People"), "/people-places", "map-pin"))
    return [
        TabPublic(label=label, href=href + query, icon=icon, current=key == view)
        for key, label, href, icon in tabs
    ]
