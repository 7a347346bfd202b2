""" "Who has seen and changed my board"."""

from __future__ import annotations

import reflex as rx

from strengthsapp.services.activity import ActivityPublic, board_activity
from strengthsapp.states.base import AppState


class ActivityState(AppState):
    events: list[ActivityPublic] = []
    problem: str = ""

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        found = self._serve(
            lambda db, actor: board_activity(db, actor=actor, client_id=actor.user_id), say="problem"
        )
        self.events = found.value or []
        return found.answer
