"""The board's views beside Today: My goals (the plan), My strengths, My wins, People & places.

Each holds only display records, loaded by the board (TodayState._show) after it checked
who is asking; each change goes through the board's `_progress`, which authorizes in the
service, shows the board afresh and tells the other open screens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import reflex as rx
from sqlmodel import Session

from strengthsapp.domain.access import Actor
from strengthsapp.domain.vocabulary import SuggestionKind
from strengthsapp.services.plan import (
    DomainPublic,
    LinkPublic,
    PlanGoalPublic,
    add_goal,
    add_step,
    get_plan,
    move_goal,
    move_step,
    remove_step,
    set_link,
)
from strengthsapp.services.progress import remove_check_in, remove_win
from strengthsapp.services.resources import ResourcePublic, add_resource, get_resources, remove_resource
from strengthsapp.services.strengths import (
    DomainStrengthsPublic,
    PriorityPublic,
    add_entry,
    add_priority,
    get_assessment,
    priority_to_goal,
    remove_entry,
    remove_priority,
    win_to_worked_before,
)
from strengthsapp.services.suggestions import suggest
from strengthsapp.services.today import WinPublic, wins_journal
from strengthsapp.states.base import AppState, as_id
from strengthsapp.states.edits import day, text

if TYPE_CHECKING:
    from strengthsapp.states.today import TodayState

Result = rx.event.EventSpec | list[rx.event.EventSpec] | None
NUDGE_DAYS = {"every_day": list(range(7)), "weekdays": list(range(5)), "weekends": [5, 6]}


class BoardViewState(AppState):
    """A view of the board; its changes go through the board."""

    async def _board(self) -> TodayState:
        from strengthsapp.states.today import TodayState

        return await self.get_state(TodayState)

    # Fields that stay while the same board is shown (what the person opened).
    _kept: ClassVar[tuple[str, ...]] = ()

    def _loader(self) -> Callable[[Session, Actor, int], dict[str, Any]]:
        """What fills this view: a function of the database, run off the event loop, that
        returns the view's fields (and touches no state)."""
        raise NotImplementedError


class PlanState(BoardViewState):
    goals: list[PlanGoalPublic] = []
    resting: list[PlanGoalPublic] = []
    set_aside: list[PlanGoalPublic] = []
    achieved: list[PlanGoalPublic] = []
    domains: list[DomainPublic] = []
    strengths: list[LinkPublic] = []
    resources: list[LinkPublic] = []
    edits: bool = False
    open_goal: int = 0  # whose story (timeline) is open

    _kept: ClassVar[tuple[str, ...]] = ("open_goal",)

    def _loader(self) -> Callable[[Session, Actor, int], dict[str, Any]]:
        open_goal = self.open_goal

        def load(db: Session, actor: Actor, client_id: int) -> dict[str, Any]:
            plan = get_plan(db, actor=actor, client_id=client_id, open_goal_id=open_goal)
            return {"goals": plan.goals, "resting": plan.resting, "set_aside": plan.set_aside,
                    "achieved": plan.achieved, "domains": plan.domains, "strengths": plan.strengths,
                    "resources": plan.resources, "edits": plan.edits}  # fmt: skip

        return load

    @rx.event
    async def add_goal(self, form: dict[str, Any]) -> Result:
        board = await self._board()
        return await board._progress(
            lambda db, actor: add_goal(
                db, actor=actor, client_id=board._client_id, text=text(form, "text"), why=text(form, "why"),
                domain_key=text(form, "domain", 40), target_date=day(form),
            ),
            clear=("new-goal-text", "new-goal-why", "new-goal-date"),
        )  # fmt: skip

    @rx.event
    async def edit_goal(self, form: dict[str, Any]) -> Result:
        return await (await self._board())._edit("goal", form)

    @rx.event
    async def edit_step(self, form: dict[str, Any]) -> Result:
        return await (await self._board())._edit("step", form)

    @rx.event
    async def move_goal(self, goal_id: int, offset: int) -> Result:
        return await (await self._board())._progress(
            lambda db, actor: move_goal(db, actor=actor, goal_id=goal_id, offset=offset)
        )

    @rx.event
    async def add_step(self, form: dict[str, Any]) -> Result:
        goal_id = as_id(form.get("goal", "")) or 0
        return await (await self._board())._progress(
            lambda db, actor: add_step(
                db, actor=actor, goal_id=goal_id, text=text(form, "text"), who=text(form, "who", 20) or "me",
                who_name=text(form, "who_name", 200), target_date=day(form),
            ),
            clear=(f"new-step-{goal_id}",),
        )  # fmt: skip

    @rx.event
    async def move_step(self, step_id: int, offset: int) -> Result:
        return await (await self._board())._progress(
            lambda db, actor: move_step(db, actor=actor, step_id=step_id, offset=offset)
        )

    @rx.event
    async def remove_step(self, step_id: int) -> Result:
        return await (await self._board())._progress(
            lambda db, actor: remove_step(db, actor=actor, step_id=step_id)
        )

    @rx.event
    async def link(self, form: dict[str, Any]) -> Result:
        """Link a strength or a person/place (value "strength-3", "resource-5") to a goal or step."""
        what, _, what_id = text(form, "thing", 40).partition("-")
        to, to_id = text(form, "to", 10), as_id(form.get("to_id", "")) or 0
        return await (await self._board())._progress(
            lambda db, actor: set_link(
                db, actor=actor, what=what, what_id=as_id(what_id) or 0, to=to, to_id=to_id, linked=True
            )
        )

    @rx.event
    async def unlink(self, what: str, what_id: int, to: str, to_id: int) -> Result:
        return await (await self._board())._progress(
            lambda db, actor: set_link(
                db, actor=actor, what=str(what), what_id=what_id, to=str(to), to_id=to_id, linked=False
            )
        )

    @rx.event
    async def suggest_words(self, form: dict[str, Any]) -> Result:
        """A case manager or allowed peer suggests new words for a goal; the client decides."""
        board = await self._board()
        goal_id = as_id(form.get("goal", "")) or 0
        done = await board._progress(
            lambda db, actor: suggest(
                db, actor=actor, client_id=board._client_id, kind=SuggestionKind.EDIT, text=text(form, "text"),
                goal_id=goal_id,
            )
        )  # fmt: skip
        return board._tell(f"Your idea is waiting for {board.client_name} to decide.", done)

    @rx.event
    async def take_back(self, kind: str, item_id: int) -> Result:
        """A check-in or win in a goal's story, taken back by the client or whoever recorded it."""
        if kind == "win":
            return await (await self._board())._progress(
                lambda db, actor: remove_win(db, actor=actor, win_id=item_id)
            )
        return await (await self._board())._progress(
            lambda db, actor: remove_check_in(db, actor=actor, check_in_id=item_id)
        )

    @rx.event
    async def suggest_nudge(self, form: dict[str, Any]) -> Result:
        """A nudge for one of the client's goals, as an idea: she keeps it (in her words) or not."""
        board = await self._board()
        goal_id = as_id(form.get("goal", "")) or 0
        days = NUDGE_DAYS.get(text(form, "days", 20), [])
        done = await board._progress(
            lambda db, actor: suggest(
                db, actor=actor, client_id=board._client_id, kind=SuggestionKind.NUDGE, text=text(form, "text"),
                goal_id=goal_id, nudge={"days": days, "at": text(form, "at", 8)},
            ),
            clear=(f"suggest-nudge-{goal_id}",),
        )  # fmt: skip
        return board._tell(f"Your idea is waiting for {board.client_name} to decide.", done)

    @rx.event
    async def toggle_story(self, goal_id: int) -> Result:
        self.open_goal = 0 if self.open_goal == goal_id else as_id(goal_id) or 0
        board = await self._board()
        await board._show(board._client_id, record_view=False)
        return None


class StrengthsState(BoardViewState):
    domains: list[DomainStrengthsPublic] = []
    priorities: list[PriorityPublic] = []
    edits: bool = False
    room_for_priorities: bool = False

    def _loader(self) -> Callable[[Session, Actor, int], dict[str, Any]]:
        def load(db: Session, actor: Actor, client_id: int) -> dict[str, Any]:
            found = get_assessment(db, actor=actor, client_id=client_id)
            return {"domains": found.domains, "priorities": found.priorities, "edits": found.edits,
                    "room_for_priorities": found.room_for_priorities}  # fmt: skip

        return load

    @rx.event
    async def add_entry(self, form: dict[str, Any]) -> Result:
        board = await self._board()
        domain, column = text(form, "domain", 40), text(form, "column", 20)
        return await board._progress(
            lambda db, actor: add_entry(
                db, actor=actor, client_id=board._client_id, domain_key=domain, column=column,
                text=text(form, "text"),
            ),
            clear=(f"new-{domain or 'anywhere'}-{column}",),
        )  # fmt: skip

    @rx.event
    async def edit_entry(self, form: dict[str, Any]) -> Result:
        return await (await self._board())._edit("strength", form)

    @rx.event
    async def remove_entry(self, entry_id: int) -> Result:
        return await (await self._board())._progress(
            lambda db, actor: remove_entry(db, actor=actor, entry_id=entry_id)
        )

    @rx.event
    async def add_priority(self, form: dict[str, Any]) -> Result:
        board = await self._board()
        return await board._progress(
            lambda db, actor: add_priority(
                db, actor=actor, client_id=board._client_id, text=text(form, "text")
            ),
            clear=("new-priority",),
        )

    @rx.event
    async def want_to_priority(self, words: str) -> Result:
        """One tap: something I want becomes one of my priorities, in the same words."""
        board = await self._board()
        return await board._progress(
            lambda db, actor: add_priority(
                db, actor=actor, client_id=board._client_id, text=str(words)[:20_000]
            )
        )

    @rx.event
    async def remove_priority(self, priority_id: int) -> Result:
        return await (await self._board())._progress(
            lambda db, actor: remove_priority(db, actor=actor, priority_id=priority_id)
        )

    @rx.event
    async def make_goal(self, priority_id: int) -> Result:
        board = await self._board()
        done = await board._progress(
            lambda db, actor: priority_to_goal(db, actor=actor, priority_id=priority_id)
        )
        return board._tell("It's a goal now. You'll find it in My goals, ready for a first step.", done)


class WinsState(BoardViewState):
    wins: list[WinPublic] = []

    def _loader(self) -> Callable[[Session, Actor, int], dict[str, Any]]:
        return lambda db, actor, client_id: {"wins": wins_journal(db, actor=actor, client_id=client_id)}

    @rx.event
    async def keep_as_strength(self, win_id: int) -> Result:
        """One tap: this win joins *what has worked before*."""
        board = await self._board()
        done = await board._progress(lambda db, actor: win_to_worked_before(db, actor=actor, win_id=win_id))
        return board._tell("Added to “What has worked before” in My strengths.", done)


class ResourcesState(BoardViewState):
    resources: list[ResourcePublic] = []
    natural: int = 0
    formal: int = 0
    edits: bool = False

    def _loader(self) -> Callable[[Session, Actor, int], dict[str, Any]]:
        def load(db: Session, actor: Actor, client_id: int) -> dict[str, Any]:
            found = get_resources(db, actor=actor, client_id=client_id)
            return {"resources": found.resources, "natural": found.natural, "formal": found.formal,
                    "edits": found.edits}  # fmt: skip

        return load

    @rx.event
    async def add_resource(self, form: dict[str, Any]) -> Result:
        board = await self._board()
        return await board._progress(
            lambda db, actor: add_resource(
                db, actor=actor, client_id=board._client_id, name=text(form, "name"), kind=text(form, "kind", 20),
                support=text(form, "support", 20), how_to_reach=text(form, "how_to_reach"), notes=text(form, "notes"),
            ),
            clear=("new-resource-name", "new-resource-reach", "new-resource-notes"),
        )  # fmt: skip

    @rx.event
    async def edit_resource(self, form: dict[str, Any]) -> Result:
        return await (await self._board())._edit("resource", form)

    @rx.event
    async def remove_resource(self, resource_id: int) -> Result:
        return await (await self._board())._progress(
            lambda db, actor: remove_resource(db, actor=actor, resource_id=resource_id)
        )

    @rx.event
    async def suggest_resource(self, form: dict[str, Any]) -> Result:
        board = await self._board()
        done = await board._progress(
            lambda db, actor: suggest(
                db, actor=actor, client_id=board._client_id, kind=SuggestionKind.RESOURCE, text=text(form, "name"),
                resource={"kind": text(form, "kind", 20), "support": text(form, "support", 20),
                          "how_to_reach": text(form, "how_to_reach")},
            ),
            clear=("suggest-resource-name", "suggest-resource-reach"),
        )  # fmt: skip
        return board._tell(f"Your idea is waiting for {board.client_name} to decide.", done)


BOARD_VIEWS: dict[str, type[BoardViewState]] = {
    "goals": PlanState,
    "strengths": StrengthsState,
    "wins": WinsState,
    "resources": ResourcesState,
}
