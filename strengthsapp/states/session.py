"""Who is signed in, for the page frame (name and menu). Display only: every action
resolves the person again on the server."""

from __future__ import annotations

import os

import reflex as rx

from strengthsapp.domain.vocabulary import Role
from strengthsapp.settings import get_settings
from strengthsapp.states.base import AppState
from strengthsapp.states.navigation import to_sign_in

HOME = {
    Role.CLIENT: "/",
    Role.CASE_MANAGER: "/caseload",
    Role.PEER: "/my-people",
    Role.ADMIN: "/admin",
}


class SessionState(AppState):
    name: str = ""
    role: str = ""
    # Which server process holds this websocket; shown outside production only, so tests
    # can prove two screens on two workers see each other's changes.
    worker: str = ""

    @rx.event
    def refresh(self) -> rx.event.EventSpec | None:
        actor = self._actor()
        if actor is None:
            self.name, self.role = "", ""
            return to_sign_in()
        self.name, self.role = actor.display_name, actor.role.value
        self.worker = "" if get_settings().is_production else str(os.getpid())
        return None
