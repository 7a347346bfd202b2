"""The board's My goals view: the Personal Recovery Plan; a goal's story opens on a tap."""

from __future__ import annotations

from typing import Any, ClassVar

import reflex as rx

from strengthsapp.services.plan import DomainPublic, LinkPublic, PlanGoalPublic
from strengthsapp.states.base import AppState, as_id
from strengthsapp.states.board import BoardView


class PlanState(BoardView, AppState):
    goals: list[PlanGoalPublic] = []
    resting: list[PlanGoalPublic] = []
    set_aside: list[PlanGoalPublic] = []
    achieved: list[PlanGoalPublic] = []
    domains: list[DomainPublic] = []
    strengths: list[LinkPublic] = []
    resources: list[LinkPublic] = []
    edits: bool = False
    open_goal: int = 0  # whose story (timeline) is open

    _view: ClassVar[str] = "goals"
    _kept: ClassVar[tuple[str, ...]] = ("open_goal",)

    def _options(self) -> dict[str, Any]:
        return {"open_goal_id": self.open_goal}

    @rx.event
    async def toggle_story(self, goal_id: int) -> None:
        self.open_goal = 0 if self.open_goal == goal_id else as_id(goal_id) or 0
        await self._look_again()
