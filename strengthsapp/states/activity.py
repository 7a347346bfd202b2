""" "Who has seen and changed my board"."""

from __future__ import annotations

import reflex as rx

from strengthsapp.db.engine import session_scope
from strengthsapp.services.activity import ActivityPublic, board_activity
from strengthsapp.services.errors import NotAllowed
from strengthsapp.states.base import AppState
from strengthsapp.states.navigation import to_sign_in


class ActivityState(AppState):
    events: list[ActivityPublic] = []
    problem: str = ""

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        actor = self._actor()
        if actor is None:
            return to_sign_in()
        try:
            with session_scope() as db:
                self.events = board_activity(db, actor=actor, client_id=actor.user_id)
            self.problem = ""
        except NotAllowed as refused:
            self.events, self.problem = [], refused.message
        return None
