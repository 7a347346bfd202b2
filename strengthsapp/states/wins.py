"""The board's My wins view: every win, newest first, each one kept as a strength on a tap."""

from __future__ import annotations

from typing import Any, ClassVar

from strengthsapp.services.board_look import Seen
from strengthsapp.services.today import GoalSummaryPublic, TodayPublic, WinPublic
from strengthsapp.states.base import AppState
from strengthsapp.states.board import BoardView


class WinsState(BoardView, AppState):
    wins: list[WinPublic] = []
    goals: list[GoalSummaryPublic] = []  # a new win may be for one of them

    _view: ClassVar[str] = "wins"

    def _fields(self, seen: Seen, today: TodayPublic) -> dict[str, Any] | None:
        return None if seen.page is None else {"wins": seen.page, "goals": today.goals}
