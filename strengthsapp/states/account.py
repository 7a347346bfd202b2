"""My account: change my password (other devices are signed out)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from strengthsapp.i18n import _
from strengthsapp.services.invites import SignInLinkPublic, sign_in_links_for
from strengthsapp.services.sessions import change_password
from strengthsapp.states.base import AppState


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
        current, new = str(form.get("current", ""))[:300], str(form.get("new", ""))[:300]
        token = self._session_token()
        changed = await self._serve_hashing(
            lambda db, actor: change_password(db, actor=actor, current=current, new=new, keep_token=token),
            say="error",
        )
        self.done = _("Your password is changed. Your other devices are signed out.") if changed else ""
        return changed.answer
