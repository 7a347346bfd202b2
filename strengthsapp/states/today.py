"""The board's Today view: the client's next steps, goals, wins and the ideas waiting for
her; someone else's board, as their case manager or peer sees it, opens on it too."""

from __future__ import annotations

from typing import Any, ClassVar

import reflex as rx

from strengthsapp.domain.access import Relation
from strengthsapp.services.board_look import Seen
from strengthsapp.services.contacts import ContactPublic
from strengthsapp.services.links import InviteLink
from strengthsapp.services.suggestions import IdeaWaitingPublic, SuggestionPublic
from strengthsapp.services.today import (
    AchievedGoalPublic,
    GoalSummaryPublic,
    NextStepPublic,
    TodayPublic,
    WinPublic,
)
from strengthsapp.states.base import AppState
from strengthsapp.states.board import BoardState, BoardView
from strengthsapp.states.grant_form import grant_invite_from_form


class TodayState(BoardView, AppState):
    greeting: str = ""
    week_summary: str = ""
    next_steps: list[NextStepPublic] = []
    goals: list[GoalSummaryPublic] = []
    resting: list[GoalSummaryPublic] = []
    achieved: list[AchievedGoalPublic] = []
    wins: list[WinPublic] = []
    shows_goals: bool = False
    shows_wins: bool = False
    # Ideas: the client decides on them; the case manager and allowed peers make them.
    suggestions: list[SuggestionPublic] = []  # waiting for the client (hers only)
    my_ideas: list[IdeaWaitingPublic] = []  # the viewer's own, still waiting
    contacts: list[ContactPublic] = []
    records_contacts: bool = False
    # The assigned case manager may invite a peer supporter together with the client.
    invites_with_client: bool = False
    invite_error: str = ""
    new_invite: InviteLink | None = None

    _view: ClassVar[str] = "today"
    # The invitation just made stays shown while the board refreshes live.
    _kept: ClassVar[tuple[str, ...]] = ("invite_error", "new_invite")

    def _fields(self, seen: Seen, today: TodayPublic) -> dict[str, Any]:
        return {
            "greeting": today.greeting,
            "week_summary": today.week_summary,
            "next_steps": today.next_steps,
            "goals": today.goals,
            "resting": today.resting,
            "achieved": today.achieved,
            "wins": today.wins,
            "shows_goals": today.shows_goals,
            "shows_wins": today.shows_wins,
            "suggestions": seen.suggestions,
            "my_ideas": seen.my_ideas,
            "contacts": today.contacts,
            "records_contacts": today.records_contacts,
            "invites_with_client": today.relation == Relation.CASE_MANAGER.value,
        }

    @rx.event
    async def invite_with_client(self, form: dict[str, Any]) -> rx.event.EventSpec | None:
        """The case manager, with the client beside them, invites someone to the board."""
        board = await self.get_state(BoardState)
        if not (board.loaded and board.view == "today" and board.board_client):
            return None  # Today isn't what this screen shows: nothing to invite to
        client_id, name = board.board_client, board.client_name
        made = self._serve(
            lambda db, actor: grant_invite_from_form(
                db, form, actor=actor, client_id=client_id, waits_for=name
            ),
            say="invite_error",
        )
        if made:
            self.new_invite = made.value
        return made.answer
