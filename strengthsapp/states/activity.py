""" "Who has seen and changed my board", as a story in the client's language."""

from __future__ import annotations

import reflex as rx

from strengthsapp.services.activity import StoryDay, board_story
from strengthsapp.states.base import AppState


class ActivityState(AppState):
    days: list[StoryDay] = []
    week: list[str] = []
    problem: str = ""

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        found = self._serve(
            lambda db, actor: board_story(db, actor=actor, client_id=actor.user_id), say="problem"
        )
        self.days = found.value.days if found.value else []
        self.week = found.value.week if found.value else []
        return found.answer
