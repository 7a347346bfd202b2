"""The client's "Who can see my board": grants, revoking, inviting someone new."""

from __future__ import annotations

from typing import Any

import reflex as rx

from strengthsapp.db.engine import session_scope
from strengthsapp.services.errors import InvalidInput, NotAllowed, NotFound
from strengthsapp.services.grants import GrantPublic, confirm_grant_invite, list_grants, revoke_grant
from strengthsapp.services.links import InviteLink
from strengthsapp.states.base import AppState
from strengthsapp.states.grant_form import grant_invite_from_form
from strengthsapp.states.live import recheck_open_boards
from strengthsapp.states.navigation import to_sign_in
from strengthsapp.states.session import SessionState


class SharingState(AppState):
    grants: list[GrantPublic] = []
    problem: str = ""
    error: str = ""
    new_invite: InviteLink | None = None

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        self.new_invite, self.error = None, ""
        return self._refresh()

    def _refresh(self) -> rx.event.EventSpec | None:
        actor = self._actor()
        if actor is None:
            return to_sign_in()
        try:
            with session_scope() as db:
                self.grants = list_grants(db, actor=actor, client_id=actor.user_id)
            self.problem = ""
        except NotAllowed as refused:
            self.grants, self.problem = [], refused.message
        return None

    @rx.event
    def invite(self, form: dict[str, Any]) -> rx.event.EventSpec | None:
        actor = self._actor()
        if actor is None:
            return to_sign_in()
        try:
            self.new_invite = grant_invite_from_form(form, actor=actor, client_id=actor.user_id)
        except (InvalidInput, NotAllowed) as error:
            self.error = error.message
            return None
        self.error = ""
        return self._refresh()

    @rx.event
    def confirm(self, invite_id: int) -> rx.event.EventSpec | None:
        """Yes to an invitation her case manager made with her (shown with id -invite_id)."""
        actor = self._actor()
        if actor is None:
            return to_sign_in()
        try:
            with session_scope() as db:
                confirm_grant_invite(db, actor=actor, invite_id=-invite_id)
        except (NotAllowed, NotFound) as error:
            self.error = error.message
            return None
        self.error = ""
        return self._refresh() or SessionState.refresh  # the page frame's "waits for your yes" goes

    @rx.event
    async def revoke(self, grant_id: int) -> rx.event.EventSpec | None:
        actor = self._actor()
        if actor is None:
            return to_sign_in()
        if not isinstance(grant_id, int) or isinstance(grant_id, bool):
            self.error = "We couldn't find that."
            return None
        try:
            with session_scope() as db:
                ended_for = revoke_grant(db, actor=actor, grant_id=grant_id)
        except (NotAllowed, NotFound) as error:
            self.error = error.message
            return None
        if ended_for is not None:
            await recheck_open_boards(user_id=ended_for, board_client_id=actor.user_id)
        return self._refresh() or SessionState.refresh
