"""The first-visit walk-through (services.first_visit): the client's own on /start, or a
client's with their case manager on /start?client=<id>."""

from __future__ import annotations

import reflex as rx

from strengthsapp.domain.vocabulary import Role
from strengthsapp.i18n import _
from strengthsapp.services.first_visit import walk_through
from strengthsapp.services.plan import DomainPublic
from strengthsapp.states.base import AppState, as_id
from strengthsapp.states.board import NOT_SHARED
from strengthsapp.states.navigation import to_sign_in
from strengthsapp.states.session import HOME

TOP = "first-visit-top"


class FirstVisitState(AppState):
    _client_id: int = 0
    board: int = 0  # whose board the walk-through is for (the changes made here name it)
    loaded: bool = False
    problem: str = ""
    own: bool = False
    client_name: str = ""
    domains: list[DomainPublic] = []
    board_href: str = ""

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        actor = self._actor()
        if actor is None:
            return to_sign_in()
        self.reset()
        client_id = as_id(self.router.url.query_parameters.get("client", ""))
        if client_id is None:
            if actor.role is not Role.CLIENT:
                return rx.redirect(HOME[actor.role], replace=True)
            client_id = actor.user_id
        self.loaded, self._client_id, self.board = True, client_id, client_id
        found = self._serve(
            lambda db, actor: walk_through(db, actor=actor, client_id=client_id), say="problem"
        )
        if not found or found.value is None:
            self.problem = _(NOT_SHARED) if found.answer is None else ""  # the board's own words for it
            return found.answer
        self.client_name, self.own, self.domains = (
            found.value.client_name,
            found.value.own,
            found.value.domains,
        )
        self.board_href = "/goals" if self.own else f"/board?client={client_id}"
        return None
