"""The board's People & places view: the people, places and services in the client's life."""

from __future__ import annotations

from typing import ClassVar

from strengthsapp.services.resources import ResourcePublic
from strengthsapp.states.base import AppState
from strengthsapp.states.board import BoardView


class ResourcesState(BoardView, AppState):
    resources: list[ResourcePublic] = []
    natural: int = 0
    formal: int = 0
    edits: bool = False

    _view: ClassVar[str] = "resources"
