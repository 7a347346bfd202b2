"""The client's "Who can see my board": grants, revoking, inviting someone new."""

from __future__ import annotations

from typing import Any

import reflex as rx

from strengthsapp.i18n import _
from strengthsapp.services.grants import (
    GrantPublic,
    confirm_grant_invite,
    let_case_manager_send_plan,
    list_grants,
    plan_sharing,
    revoke_grant,
)
from strengthsapp.services.links import InviteLink
from strengthsapp.states.base import AppState
from strengthsapp.states.grant_form import grant_invite_from_form
from strengthsapp.states.live import recheck_open_boards
from strengthsapp.states.session import SessionState


class SharingState(AppState):
    grants: list[GrantPublic] = []
    problem: str = ""
    error: str = ""
    new_invite: InviteLink | None = None
    case_manager: str = ""  # her case manager now, to say yes to sending her plan
    sends_plan: bool = False  # she said yes: her case manager may send her plan to other services
    send_plan_error: str = ""  # said under its button

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        self.new_invite, self.error = None, ""
        return self._refresh()

    def _refresh(self) -> rx.event.EventSpec | None:
        found = self._serve(
            lambda db, actor: (
                list_grants(db, actor=actor, client_id=actor.user_id),
                plan_sharing(db, actor=actor),
            ),
            say="problem",
        )
        grants, sharing = found.value or ([], None)
        self.grants = grants
        self.case_manager = sharing.case_manager if sharing else ""
        self.sends_plan = bool(sharing and sharing.allowed)
        return found.answer

    @rx.event
    def let_send_plan(self) -> rx.event.EventSpec | None:
        """Her yes: her case manager may send her plan to other services, for a month."""
        done = self._serve(
            lambda db, actor: let_case_manager_send_plan(db, actor=actor), say="send_plan_error"
        )
        if not done:
            return done.answer
        return self._refresh()

    @rx.event
    def invite(self, form: dict[str, Any]) -> rx.event.EventSpec | None:
        made = self._serve(lambda db, actor: grant_invite_from_form(db, form, actor=actor, client_id=actor.user_id),
                           say="error")  # fmt: skip
        if not made:
            return made.answer
        self.new_invite = made.value
        return self._refresh()

    @rx.event
    def confirm(self, invite_id: int) -> rx.event.EventSpec | None:
        """Yes to an invitation her case manager made with her (shown with id -invite_id)."""
        done = self._serve(
            lambda db, actor: confirm_grant_invite(db, actor=actor, invite_id=-invite_id), say="error"
        )
        if not done:
            return done.answer
        return self._refresh() or SessionState.refresh  # the page frame's "waits for your yes" goes

    @rx.event
    async def revoke(self, grant_id: int) -> rx.event.EventSpec | None:
        if not isinstance(grant_id, int) or isinstance(grant_id, bool):
            self.error = _("We couldn't find that.")
            return None
        done = self._serve(lambda db, actor: (revoke_grant(db, actor=actor, grant_id=grant_id), actor.user_id),
                           say="error")  # fmt: skip
        if not done or done.value is None:
            return done.answer
        ended_for, board = done.value
        if ended_for is not None:
            await recheck_open_boards(user_id=ended_for, board_client_id=board)
        return self._refresh() or SessionState.refresh
