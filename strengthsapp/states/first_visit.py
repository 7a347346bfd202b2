"""The first-visit walk-through (services.first_visit): the client's own on /start, or a
client's with their case manager on /start?client=<id>."""

from __future__ import annotations

from typing import Any

import reflex as rx

from strengthsapp.db.engine import session_scope
from strengthsapp.db.models import User
from strengthsapp.domain.access import Action, Relation, can, relation
from strengthsapp.domain.vocabulary import Role
from strengthsapp.services.boards import load_board
from strengthsapp.services.errors import InvalidInput, NotAllowed
from strengthsapp.services.first_visit import FirstVisit, start_together
from strengthsapp.services.plan import DomainPublic, domains_of
from strengthsapp.states.base import AppState, as_id
from strengthsapp.states.edits import text
from strengthsapp.states.navigation import to_sign_in
from strengthsapp.states.session import HOME
from strengthsapp.states.today import NOT_SHARED

# The walk-through's questions, on the page and in a message about one of them.
QUESTIONS = {"want": "What do I want?", "have_now": "What do I have now that helps?", "goal": "My goal",
             "why": "Why it matters to me", "step": "The step", "who_name": "Name (for someone else)",
             "worked_before": "What has worked before"}  # fmt: skip


TOP = "first-visit-top"


class FirstVisitState(AppState):
    _client_id: int = 0
    loaded: bool = False
    problem: str = ""
    own: bool = False
    client_name: str = ""
    domains: list[DomainPublic] = []
    error: str = ""
    done: str = ""  # what happened, once saved
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
        self.loaded, self._client_id = True, client_id
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

    @rx.event
    def save(self, form: dict[str, Any]) -> rx.event.EventSpec | None:
        actor = self._actor()
        if actor is None:
            return to_sign_in()
        if not self._client_id:
            return None
        visit = FirstVisit(**{name: text(form, name) for name in FirstVisit.__dataclass_fields__})
        try:
            with session_scope() as db:
                result = start_together(db, actor=actor, client_id=self._client_id, visit=visit)
        except InvalidInput as error:
            # The walk-through is four stages long: say which question the message is about.
            question = QUESTIONS.get(error.field)
            self.error = f"“{question}”: {error.message}" if question else error.message
            return rx.scroll_to(TOP)  # the message is above the four stages; Save is below them
        except NotAllowed as error:
            self.error = error.message
            return rx.scroll_to(TOP)
        self.error = ""
        self.done = (
            "Your first goal and step are in My goals."
            if result == "written"
            else f"Saved as one idea for {self.client_name}: it joins the plan when they keep it, on their Today."
        )
        return None
