"""The board's views beside Today: My goals (the plan), My strengths, My wins, People & places.

Each holds only display records, loaded by the board (TodayState._show) after it checked
who is asking. Changes are operations (components.ops, services.operations), not events:
the board's open screens look again when one is applied.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import reflex as rx
from sqlmodel import Session

from strengthsapp.domain.access import Actor
from strengthsapp.services.plan import (
    DomainPublic,
    LinkPublic,
    PlanGoalPublic,
    get_plan,
)
from strengthsapp.services.resources import ResourcePublic, get_resources
from strengthsapp.services.strengths import (
    DomainStrengthsPublic,
    PriorityPublic,
    get_assessment,
)
from strengthsapp.services.today import WinPublic, wins_journal
from strengthsapp.states.base import AppState, as_id

if TYPE_CHECKING:
    from strengthsapp.states.today import TodayState

Result = rx.event.EventSpec | list[rx.event.EventSpec] | None


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


class WinsState(BoardViewState):
    wins: list[WinPublic] = []

    def _loader(self) -> Callable[[Session, Actor, int], dict[str, Any]]:
        return lambda db, actor, client_id: {"wins": wins_journal(db, actor=actor, client_id=client_id)}


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


BOARD_VIEWS: dict[str, type[BoardViewState]] = {
    "goals": PlanState,
    "strengths": StrengthsState,
    "wins": WinsState,
    "resources": ResourcesState,
}
