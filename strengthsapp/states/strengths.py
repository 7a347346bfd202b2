"""The board's My strengths view: the Strengths Assessment and the client's priorities."""

from __future__ import annotations

from typing import ClassVar

from strengthsapp.services.strengths import DomainStrengthsPublic, PriorityPublic
from strengthsapp.states.base import AppState
from strengthsapp.states.board import BoardView


class StrengthsState(BoardView, AppState):
    domains: list[DomainStrengthsPublic] = []
    priorities: list[PriorityPublic] = []
    edits: bool = False
    room_for_priorities: bool = False

    _view: ClassVar[str] = "strengths"
