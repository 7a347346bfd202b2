"""The board's Today view: the client's own on "/", or a client's as their case manager or
peer sees it on "/board?client=<id>". The server decides what may be shown."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import reflex as rx
from sqlmodel import Session

from strengthsapp.db.engine import session_scope
from strengthsapp.domain.access import Actor, Relation
from strengthsapp.domain.vocabulary import GoalStatus, Role, SuggestionKind
from strengthsapp.services.boards import reading_boards
from strengthsapp.services.contacts import ContactPublic, record_contact
from strengthsapp.services.errors import Conflict, InvalidInput, NotAllowed, NotFound
from strengthsapp.services.live import note_viewer
from strengthsapp.services.progress import (
    check_in,
    cheer,
    mark_step_done,
    record_win,
    remove_win,
    set_goal_status,
)
from strengthsapp.services.sessions import resolve_session
from strengthsapp.services.suggestions import (
    IdeaWaitingPublic,
    SuggestionPublic,
    decide,
    ideas_waiting,
    pending_for,
    suggest,
)
from strengthsapp.services.today import (
    AchievedGoalPublic,
    GoalSummaryPublic,
    NextStepPublic,
    TodayPublic,
    WinPublic,
    get_today,
)
from strengthsapp.states.base import AppState, as_id, refill
from strengthsapp.states.edits import EDITORS
from strengthsapp.states.grant_form import grant_invite_from_form
from strengthsapp.states.links import InviteLink
from strengthsapp.states.live import has_socket, recheck_at, recheck_screens
from strengthsapp.states.navigation import to_sign_in
from strengthsapp.states.room import BoardRoom, room_token, screens_in
from strengthsapp.states.session import HOME

NOT_SHARED = (
    "You don't have access to this board now. Only the person whose board it is can share it with you."
)
NOT_SHARED_PART = "This part of the board isn't shared with you."
# The board's views: path -> view. "/" and "/board" are Today (own, someone else's).
VIEWS = {"/": "today", "/board": "today", "/goals": "goals", "/strengths": "strengths", "/wins": "wins",
         "/people-places": "resources"}  # fmt: skip


@dataclass
class TabPublic:
    label: str
    href: str
    icon: str
    current: bool


@dataclass
class ConflictPublic:
    """Someone else's newer words, beside the words this person just wrote."""

    theirs: str
    mine: str


class TodayState(AppState):
    _client_id: int = 0
    _room: int = 0  # the board whose live room this screen is linked to
    loaded: bool = False
    problem: str = ""
    own: bool = False
    client_name: str = ""
    # The assigned case manager may invite a peer supporter together with the client.
    invites_with_client: bool = False
    # The client, and their case manager with them, mark steps done and record wins.
    records_progress: bool = False
    action_error: str = ""
    # Ideas: the client decides on them; the case manager and allowed peers make them.
    suggestions: list[SuggestionPublic] = []  # waiting for the client (hers only)
    my_ideas: list[IdeaWaitingPublic] = []  # the viewer's own, still waiting
    suggests: bool = False
    cheers: bool = False
    contacts: list[ContactPublic] = []
    resting: list[GoalSummaryPublic] = []
    achieved: list[AchievedGoalPublic] = []
    records_contacts: bool = False
    notice: str = ""
    invite_error: str = ""
    new_invite: InviteLink | None = None
    shows_goals: bool = False
    shows_wins: bool = False
    greeting: str = ""
    week_summary: str = ""
    next_steps: list[NextStepPublic] = []
    goals: list[GoalSummaryPublic] = []
    wins: list[WinPublic] = []
    # Which view of the board this screen shows, and the tabs to the others.
    view: str = "today"
    board_client: int = 0  # whose board (the id in this page's own URL)
    tabs: list[TabPublic] = []
    view_problem: str = ""
    editing: str = ""  # the one edit form open, e.g. "goal-12"
    conflict: ConflictPublic | None = None
    _retry: dict[str, Any] = {}
    _editing_version: int = 0
    # The views beside Today (BOARD_VIEWS) holding some of the board: only `_show` fills
    # one, and it notes which here, so that a later look loads (to refill or to empty)
    # those and the one shown, not all four: with Redis each is one more read and write
    # per event. None: not known (state from before this was noted), so all of them.
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
    def start_editing(self, what: str, version: int = 0) -> None:
        """Open one edit form, remembering the version of the words it opened on: the
        screen may refresh live meanwhile, and a save must still name what was seen.
        (Display only: saving checks everything again.)"""
        self.editing, self.conflict, self.action_error = str(what)[:40], None, ""
        self._editing_version = version if isinstance(version, int) and not isinstance(version, bool) else 0

    @rx.event
    def stop_editing(self) -> None:
        self.editing, self.conflict, self._retry, self._editing_version = "", None, {}, 0

    async def _edit(self, kind: str, form: dict[str, Any]) -> rx.event.EventSpec | None:
        """Save new words from an edit form; newer words from someone else are shown, not overwritten."""
        # The version the form opened on, if this is that form (an idea has none).
        opened = self.editing.startswith(f"{kind}-") and self._editing_version
        editor, version = EDITORS[kind], self._editing_version if opened else None
        self._retry = {"kind": kind, "form": dict(form)}
        return await self._progress(lambda db, actor: editor(db, actor, form, version), finishes_edit=True)

    @rx.event
    async def keep_mine(self) -> rx.event.EventSpec | None:
        """After a conflict: the person has seen the newer words and saves theirs over them."""
        retry, self.conflict = self._retry, None
        if retry.get("kind") not in EDITORS or "version" not in retry:
            return None
        editor, form, version = EDITORS[retry["kind"]], retry["form"], retry["version"]
        self._retry = retry  # a newer change meanwhile shows the card again, from this form
        return await self._progress(lambda db, actor: editor(db, actor, form, version), finishes_edit=True)

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
    def invite_with_client(self, form: dict[str, Any]) -> rx.event.EventSpec | None:
        """The case manager, with the client beside them, invites someone to the board."""
        actor = self._actor()
        if actor is None:
            return to_sign_in()
        try:
            self.new_invite = grant_invite_from_form(
                form, actor=actor, client_id=self._client_id, waits_for=self.client_name
            )
        except (InvalidInput, NotAllowed) as error:
            self.invite_error = error.message
            return None
        self.invite_error = ""
        return None

    @rx.event
    async def mark_done(self, step_id: int) -> rx.event.EventSpec | None:
        return await self._progress(lambda db, actor: mark_step_done(db, actor=actor, step_id=step_id))

    @rx.event
    async def add_win(self, form: dict[str, Any]) -> rx.event.EventSpec | list[rx.event.EventSpec] | None:
        text = str(form.get("win", ""))[:20_000]
        goal_id = as_id(form.get("goal", ""))
        return await self._progress(
            lambda db, actor: record_win(
                db, actor=actor, client_id=self._client_id, text=text, goal_id=goal_id
            ),
            clear=("field-win",),
        )

    @rx.event
    async def remove_win(self, win_id: int) -> rx.event.EventSpec | None:
        return await self._progress(lambda db, actor: remove_win(db, actor=actor, win_id=win_id))

    @rx.event
    async def record_visit(self, form: dict[str, Any]) -> rx.event.EventSpec | None:
        """The case manager writes down today's (or a recent) meeting; the client sees it."""
        try:
            on = date.fromisoformat(str(form.get("on", ""))[:10])
        except ValueError:
            self.action_error = "Choose the day you met."
            return TO_THE_MESSAGES
        place, summary = str(form.get("place", ""))[:20], str(form.get("summary", ""))[:5000]
        return await self._progress(
            lambda db, actor: record_contact(
                db, actor=actor, client_id=self._client_id, on=on, place=place, summary=summary
            )
        )

    @rx.event
    async def check_in(self, form: dict[str, Any]) -> rx.event.EventSpec | list[rx.event.EventSpec] | None:
        """How a goal, or one step of it ("step" in the form), is going."""
        goal_id, step_id = as_id(form.get("goal", "")) or 0, as_id(form.get("step", ""))
        text, feeling = str(form.get("how", ""))[:2000], str(form.get("feeling", ""))[:20]
        return await self._progress(
            lambda db, actor: check_in(
                db, actor=actor, goal_id=goal_id, step_id=step_id, text=text, feeling=feeling
            ),
            clear=(f"how-step-{step_id}",) if step_id else (),
            finishes_edit=not step_id,  # the goal's check-in form closes once saved
        )

    @rx.event
    async def achieve(self, goal_id: int) -> rx.event.EventSpec | list[rx.event.EventSpec] | None:
        done = await self._move_goal(goal_id, GoalStatus.ACHIEVED)
        return self._tell("You did it! 🎉 This goal is now in “Goals I reached”.", done)

    @rx.event
    async def pause(self, goal_id: int) -> rx.event.EventSpec | None:
        return await self._move_goal(goal_id, GoalStatus.PAUSED)

    @rx.event
    async def resume(self, goal_id: int) -> rx.event.EventSpec | None:
        return await self._move_goal(goal_id, GoalStatus.ACTIVE)

    @rx.event
    async def set_aside(self, goal_id: int) -> rx.event.EventSpec | None:
        return await self._move_goal(goal_id, GoalStatus.SET_ASIDE)

    async def _move_goal(self, goal_id: int, status: GoalStatus) -> rx.event.EventSpec | None:
        return await self._progress(
            lambda db, actor: set_goal_status(db, actor=actor, goal_id=goal_id, status=status)
        )

    @rx.event
    async def cheer_win(self, win_id: int, text: str) -> rx.event.EventSpec | None:
        return await self._progress(lambda db, actor: cheer(db, actor=actor, win_id=win_id, text=str(text)))

    @rx.event
    async def suggest(self, form: dict[str, Any]) -> rx.event.EventSpec | list[rx.event.EventSpec] | None:
        """An idea for a new goal, or a step on one of the goals: waits for the client."""
        target = str(form.get("target", ""))
        kind = SuggestionKind.NEW_GOAL if target == "new" else SuggestionKind.NEW_STEP
        goal_id = as_id(target)
        text = str(form.get("idea", ""))[:2000]
        done = await self._progress(
            lambda db, actor: suggest(
                db, actor=actor, client_id=self._client_id, kind=kind, text=text, goal_id=goal_id
            ),
            clear=("field-idea",),
        )
        return self._tell(f"Your idea is waiting for {self.client_name} to decide.", done)

    @rx.event
    async def accept(self, form: dict[str, Any]) -> rx.event.EventSpec | None:
        """The client adds an idea, in its words or hers; new words for something that
        changed since the idea was made are shown beside the change first."""
        return await self._edit("idea", form)

    @rx.event
    async def decline(self, form: dict[str, Any]) -> rx.event.EventSpec | None:
        suggestion_id = as_id(form.get("id", "")) or 0
        reason = str(form.get("reason", ""))[:2000]
        return await self._progress(
            lambda db, actor: decide(
                db, actor=actor, suggestion_id=suggestion_id, accept=False, reason=reason
            )
        )

    async def _progress(
        self,
        change: Callable[[Session, Actor], object],
        *,
        clear: tuple[str, ...] = (),
        finishes_edit: bool = False,
    ) -> rx.event.EventSpec | list[rx.event.EventSpec] | None:
        """Make one change on the board shown, then show it afresh; a refusal or bad
        input is said plainly and changes nothing (the words typed stay in their boxes).
        On success the fields named in `clear` (element ids) are emptied."""
        if not self._client_id:
            return None if self._actor() is not None else to_sign_in()
        self.notice = ""
        try:
            seen = await self._show(self._client_id, change=change)
        except Conflict as conflict:
            form = self._retry.get("form", {})
            self._retry["version"] = conflict.version
            self.conflict = conflict_between(conflict.current, form)
            self.action_error = ""
            return TO_THE_MESSAGES
        except (InvalidInput, NotAllowed, NotFound) as error:
            self.action_error = error.message
            return TO_THE_MESSAGES
        if not seen:
            return to_sign_in()
        if finishes_edit:  # other changes (a link, a move, a step done) leave an open form open
            self.editing, self.conflict, self._retry, self._editing_version = "", None, {}, 0
        await self._tell_the_room()
        return emptied(clear)

    def _tell(
        self, words: str, done: rx.event.EventSpec | list[rx.event.EventSpec] | None
    ) -> rx.event.EventSpec | list[rx.event.EventSpec] | None:
        """After `_progress`: a success worth seeing (a goal reached, an idea sent) is said at
        the board's top and brought into view, since the button may have been far below. A
        refusal (`action_error`) was said and shown already: `done` as it is."""
        if self.action_error:
            return done
        self.notice = words
        return [*(done if isinstance(done, list) else [done] if done else []), TO_THE_MESSAGES]

    @rx.event
    async def recheck(self) -> None:
        """Sent to the other open screens of a board when someone changed it
        (`_tell_the_room`), when access to it ended elsewhere, and at the moment it ends
        (states.live). A tab that is closed leaves the room instead, so that later changes
        don't look for it again; if it comes back (a reconnect), its page loads the board
        afresh and joins again."""
        if not (self.loaded and self._client_id):
            return
        if not await has_socket(self.router.session.client_token):
            await self._leave_room()
            return
        await self._show(self._client_id, record_view=False)

    async def _show(
        self,
        client_id: int,
        *,
        view: str = "",
        record_view: bool = True,
        change: Callable[[Session, Actor], object] | None = None,
    ) -> bool:
        """Show the board (after making `change` on it, in the same transaction): as far as
        this connection's session may see it right now. False when it has no session.

        The database work runs on a thread, so that other screens' events go on meanwhile;
        this screen's state is only touched here, on the event loop. Only fields whose value
        changed are set, so a refresh sends the browser what changed, not the whole board."""
        same_board = client_id == self._client_id
        view = view or self.view
        wanted = set(BOARD_VIEWS) if self._filled_views is None else {view, *self._filled_views}
        pages = {name: await self.get_state(cls) for name, cls in BOARD_VIEWS.items() if name in wanted}
        if not same_board:
            # Start from nothing, so nothing of an earlier board can stay showing.
            refill(self, {"_room": self._room})
            for page in pages.values():
                refill(page, {})
        page = pages.get(view)
        load_page = page._loader() if page is not None else None
        seen = await asyncio.to_thread(
            look_at_board,
            session_token=self._session_token(),
            client_token=self.router.session.client_token,
            client_id=client_id,
            load_page=load_page,
            record_view=record_view,
            change=change,
        )
        # What this person is in the middle of (an open edit, a conflict) stays.
        kept = ("_room", "notice", "editing", "conflict", "_retry", "_editing_version")
        board = {"loaded": True, "_client_id": client_id, "view": view}
        today = seen.today if seen is not None else None
        if seen is None or today is None:  # signed out, or not (or no longer) shared
            refill(self, {**board, "problem": NOT_SHARED}, keep=kept)
            for each in pages.values():  # nothing of the board stays behind, in any view
                refill(each, {})
            self._filled_views = []
            await self._leave_room()
            return seen is not None
        refill(
            self,
            {
                **board,
                "own": today.own,
                "client_name": today.client_name,
                "board_client": client_id,
                "invites_with_client": today.relation == Relation.CASE_MANAGER.value,
                "records_progress": today.relation in {Relation.CLIENT.value, Relation.CASE_MANAGER.value},
                "suggestions": seen.suggestions,
                "my_ideas": seen.my_ideas,
                "suggests": today.suggests,
                "cheers": today.cheers,
                "contacts": today.contacts,
                "records_contacts": today.records_contacts,
                "resting": today.resting,
                "achieved": today.achieved,
                "shows_goals": today.shows_goals,
                "shows_wins": today.shows_wins,
                "greeting": today.greeting,
                "week_summary": today.week_summary,
                "next_steps": today.next_steps,
                "goals": today.goals,
                "wins": today.wins,
                "tabs": _tabs(today, client_id=client_id, view=view),
                "view_problem": NOT_SHARED_PART if load_page is not None and seen.page is None else "",
            },
            keep=kept,
        )
        # Only the view shown holds data; it keeps what the person opened (a goal's story)
        # while it stays on the same board.
        for name, each in pages.items():
            if name == view and seen.page is not None:
                refill(each, seen.page, keep=each._kept)
            else:
                refill(each, {})
        self._filled_views = [view] if view in pages and seen.page is not None else []
        await self._join_room(client_id)
        # Access that ends at a moment (a grant's end date) clears this screen at that moment.
        recheck_at(self.router.session.client_token, today.access_until)
        return True

    async def _tell_the_room(self) -> None:
        """Every other screen linked to this board's room reloads its own view."""
        if self._room:
            others = await screens_in(self._room) - {self.router.session.client_token}
            await recheck_screens(others)

    async def _join_room(self, client_id: int) -> None:
        # Linked already: then the room is not even loaded, as an event that loads it sends
        # it to every other screen in it (and, with Redis, locks it for the whole event).
        if self._room == client_id:
            return
        room = await self.get_state(BoardRoom)
        await room._link_to(room_token(client_id))
        self._room = client_id
        # This screen looked at the board before it was in the room: a change made in
        # between was told to the room without it. One more look, once this event (and
        # with it the link) is saved, sees any such change; later ones reach it.
        await recheck_screens([self.router.session.client_token])

    async def _leave_room(self) -> None:
        self._room = 0
        room = await self.get_state(BoardRoom)
        if room._linked_to:
            await room._unlink()


# The board's messages (a refusal, a conflict) are at its top: a save refused at the foot
# of a long page would otherwise change nothing the person can see. Their words stay in
# their boxes, and the message names what to change.
BOARD_TOP = "board-top"
TO_THE_MESSAGES = rx.scroll_to(BOARD_TOP)


def emptied(field_ids: tuple[str, ...]) -> rx.event.EventSpec | None:
    """Empty these boxes in the browser, by element id. Not `rx.set_value`: it reaches only
    the boxes whose id was fixed when the page was built, and a goal's "A next step" box or
    a step's "How did it go?" box has an id made in the page, from the goal or step."""
    if not field_ids:
        return None
    ids = json.dumps(list(field_ids))
    return rx.call_script(
        f"for (const id of {ids}) {{ const box = document.getElementById(id); if (box) box.value = ''; }}"
    )


@dataclass
class Seen:
    """One look at a board: the Today view (None: not shared with this person), the ideas
    waiting for the client, and the fields of the view shown (None: that part isn't shared)."""

    today: TodayPublic | None
    suggestions: list[SuggestionPublic]
    page: dict[str, Any] | None
    my_ideas: list[IdeaWaitingPublic] = field(default_factory=list)


def look_at_board(
    *,
    session_token: str | None,
    client_token: str,
    client_id: int,
    load_page: Callable[[Session, Actor, int], dict[str, Any]] | None,
    record_view: bool,
    change: Callable[[Session, Actor], object] | None,
) -> Seen | None:
    """Who holds this session, the change they make (its errors are raised, and nothing is
    kept), and the board as they may now see it: one transaction, None without a session."""
    with session_scope() as db:
        actor = resolve_session(db, token=session_token)
        if actor is None:
            return None
        # A change made on the board never changes who may see it (sharing is changed on
        # its own page), so its access facts are loaded once for the change and the look.
        with reading_boards(db):
            if change is not None:
                change(db, actor)
                db.flush()
            try:
                today = get_today(db, actor=actor, client_id=client_id, record_view=record_view)
            except NotAllowed:
                return Seen(today=None, suggestions=[], page=None)
            # The client decides on every idea; whoever suggests sees their own, still waiting.
            suggestions = pending_for(db, actor=actor, client_id=client_id) if today.own else []
            mine = ideas_waiting(db, actor=actor, client_id=client_id) if today.suggests else []
            if not today.own:
                note_viewer(db, client_token=client_token, user_id=actor.user_id, board_client_id=client_id)
            page = None
            if load_page is not None:
                try:
                    page = load_page(db, actor, client_id)
                except NotAllowed:
                    page = None
        return Seen(today=today, suggestions=suggestions, page=page, my_ideas=mine)


FIELD_WORDS = {"text": "", "name": "", "why": "Why it matters: ", "target_date": "By: ", "who_name": "With: ",
               "how_to_reach": "How to reach: ", "notes": "Notes: "}  # fmt: skip


def conflict_between(current: dict[str, str], form: dict[str, Any]) -> ConflictPublic:
    """The newer words beside the words written: every field where they differ (the main
    words always), so "save mine instead" never reverts something unseen."""
    fields = [f for f in FIELD_WORDS if f in current]
    differing = [f for f in fields if f in {"text", "name"} or str(current[f]) != str(form.get(f, ""))]
    return ConflictPublic(
        theirs="\n".join(
            FIELD_WORDS[f] + str(current[f]) for f in differing if current[f] or f in {"text", "name"}
        ),
        mine="\n".join(
            FIELD_WORDS[f] + str(form.get(f, "")) for f in differing if form.get(f) or f in {"text", "name"}
        ),
    )


def _tabs(today: TodayPublic, *, client_id: int, view: str) -> list[TabPublic]:
    """The views this person may open, as links (with ?client= when it is someone else's)."""
    query = "" if today.own else f"?client={client_id}"
    # Someone else's board opens on its overview: "Today" there would read as their own day.
    first = ("today", "Today", "/", "sun") if today.own else ("today", "Board", "/board", "layout-dashboard")
    tabs = [first]
    if today.shows_goals:
        tabs.append(("goals", "Goals", "/goals", "target"))
    if today.shows_strengths:
        tabs.append(("strengths", "Strengths", "/strengths", "sprout"))
    if today.shows_wins:
        tabs.append(("wins", "Wins", "/wins", "star"))
    if today.shows_resources:
        tabs.append(("resources", "People", "/people-places", "map-pin"))
    return [
        TabPublic(label=label, href=href + query, icon=icon, current=key == view)
        for key, label, href, icon in tabs
    ]


# The states of the views other than Today; each loads its fields with `_loader()`.
# Imported at the end: they import TodayState to make their changes through it.
from strengthsapp.states.board_views import BOARD_VIEWS  # noqa: E402
