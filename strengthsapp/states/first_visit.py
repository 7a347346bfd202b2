"""The first-visit walk-through (services.first_visit): the client's own on /start, or a
client's with their case manager on /start?client=<id>."""

from __future__ import annotations

import reflex as rx

from strengthsapp.db.engine import session_scope
from strengthsapp.db.models import User
from strengthsapp.domain.access import Action, Relation, can, relation
from strengthsapp.domain.vocabulary import Role
from strengthsapp.services.boards import load_board
from strengthsapp.services.plan import DomainPublic, domains_of
from strengthsapp.states.base import AppState, as_id
from strengthsapp.states.navigation import to_sign_in
from strengthsapp.states.session import HOME
from strengthsapp.states.today import NOT_SHARED

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
        with session_scope() as db:
            board = load_board(db, client_id=client_id)
            if board is None or not (
                can(actor, Action.EDIT_PLAN, board) or relation(actor, board) is Relation.CASE_MANAGER
            ):
                self.problem = NOT_SHARED
                return None
            client = db.get(User, client_id)
            self.client_name = client.display_name if client else ""
            self.own = actor.user_id == client_id
            self.domains = domains_of(db, board.agency_id)
        self.board_href = "/goals" if self.own else f"/board?client={client_id}"
        return None
