"""The board's Today view: the client's own on "/", or a client's as their case manager or
peer sees it on "/board?client=<id>". The server decides what may be shown."""

from __future__ import annotations

import reflex as rx

from strengthsapp.db.engine import session_scope
from strengthsapp.domain.vocabulary import Role
from strengthsapp.services.errors import NotAllowed
from strengthsapp.services.today import GoalSummaryPublic, NextStepPublic, WinPublic, get_today
from strengthsapp.states.base import AppState
from strengthsapp.states.navigation import to_sign_in
from strengthsapp.states.session import HOME


class TodayState(AppState):
    loaded: bool = False
    problem: str = ""
    own: bool = False
    client_name: str = ""
    shows_goals: bool = False
    shows_wins: bool = False
    greeting: str = ""
    week_summary: str = ""
    next_steps: list[NextStepPublic] = []
    goals: list[GoalSummaryPublic] = []
    wins: list[WinPublic] = []

    @rx.event
    def load_own(self) -> rx.event.EventSpec | None:
        """Home: a client's own board; everyone else goes to their own home page."""
        actor = self._actor()
        if actor is None:
            return to_sign_in()
        if actor.role is not Role.CLIENT:
            return rx.redirect(HOME[actor.role], replace=True)
        return self._show(actor.user_id)

    @rx.event
    def load_client(self) -> rx.event.EventSpec | None:
        if self._actor() is None:
            return to_sign_in()
        raw = self.router.url.query_parameters.get("client", "")
        return self._show(int(raw) if raw.isdigit() and len(raw) < 12 else 0)

    def _show(self, client_id: int) -> None:
        self.loaded, self.problem, self.own, self.client_name = True, "", False, ""
        self.shows_goals = self.shows_wins = False
        self.greeting = self.week_summary = ""
        self.next_steps, self.goals, self.wins = [], [], []
        try:
            with session_scope() as db:
                today = get_today(db, actor=self._actor(), client_id=client_id)
        except NotAllowed as refused:
            self.problem = refused.message
            return
        self.own, self.client_name = today.own, today.client_name
        self.shows_goals, self.shows_wins = today.shows_goals, today.shows_wins
        self.greeting, self.week_summary = today.greeting, today.week_summary
        self.next_steps, self.goals, self.wins = today.next_steps, today.goals, today.wins
