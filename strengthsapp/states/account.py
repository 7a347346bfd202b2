"""My account: change my password (other devices are signed out)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from strengthsapp.db.engine import session_scope
from strengthsapp.domain.access import Actor
from strengthsapp.services.errors import InvalidInput
from strengthsapp.services.invites import SignInLinkPublic, sign_in_links_for
from strengthsapp.services.passwords import with_passwords
from strengthsapp.services.sessions import change_password
from strengthsapp.states.base import AppState
from strengthsapp.states.navigation import to_sign_in


class AccountState(AppState):
    error: str = ""
    error_field: str = ""
    done: str = ""
    sign_in_links: list[SignInLinkPublic] = []  # made for me by someone else, lately

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        self.error = self.error_field = self.done = ""
        found = self._serve(lambda db, actor: sign_in_links_for(db, actor=actor, unseen_only=False))
        self.sign_in_links = found.value or []
        return found.answer

    @rx.event
    async def change_password(self, form: dict[str, Any]) -> rx.event.EventSpec | None:
        actor = self._actor()
        if actor is None:
            return to_sign_in()
        current, new = str(form.get("current", ""))[:300], str(form.get("new", ""))[:300]
        try:
            await with_passwords(_change_password, actor, current, new, self._session_token())
        except InvalidInput as error:
            self.error, self.error_field, self.done = error.message, error.field, ""
            return None
        self.error, self.error_field = "", ""
        self.done = "Your password is changed. Your other devices are signed out."
        return None


def _change_password(actor: Actor, current: str, new: str, keep_token: str | None) -> None:
    with session_scope() as db:
        change_password(db, actor=actor, current=current, new=new, keep_token=keep_token)
