"""My account: change my password (other devices are signed out); for a client, ask for
her account to be deleted, or keep it after all."""

from __future__ import annotations

import json
from typing import Any

import reflex as rx

from strengthsapp.i18n import _
from strengthsapp.services.deletion import DeletionStatus, cancel_deletion, deletion_status, request_deletion
from strengthsapp.services.invites import SignInLinkPublic, sign_in_links_for
from strengthsapp.services.sessions import change_password
from strengthsapp.states.base import AppState

# Where the focus goes once she asked or kept her account: the button she tapped is gone.
DELETE_STATUS_ID = "delete-account-status"
_FOCUS_STATUS = f"setTimeout(() => document.getElementById({json.dumps(DELETE_STATUS_ID)})?.focus(), 50)"


class AccountState(AppState):
    error: str = ""
    error_field: str = ""
    done: str = ""
    sign_in_links: list[SignInLinkPublic] = []  # made for me by someone else, lately
    # Deleting my account (a client's own): offered, the wait, and once asked, the dates.
    may_delete: bool = False
    delete_wait_days: int = 0
    delete_asked_on: str = ""
    delete_removed_on: str = ""
    confirming_delete: bool = False  # the second tap, "Yes, delete my account", is shown
    delete_problem: str = ""
    delete_done: str = ""

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        self.error = self.error_field = self.done = ""
        self.confirming_delete, self.delete_problem, self.delete_done = False, "", ""
        found = self._serve(
            lambda db, actor: (
                sign_in_links_for(db, actor=actor, unseen_only=False),
                deletion_status(db, actor=actor),
            )
        )
        links, status = found.value or ([], None)
        self.sign_in_links = links
        self._show_deletion(status)
        return found.answer

    def _show_deletion(self, status: DeletionStatus | None) -> None:
        self.may_delete = status is not None
        self.delete_wait_days = status.wait_days if status else 0
        self.delete_asked_on = status.asked_on if status else ""
        self.delete_removed_on = status.removed_on if status else ""

    @rx.event
    def ask_to_delete(self) -> None:
        """The first tap asks: "Yes, delete my account" is shown, and the way back."""
        self.confirming_delete, self.delete_problem, self.delete_done = True, "", ""

    @rx.event
    def not_now(self) -> None:
        self.confirming_delete = False

    @rx.event
    def delete_my_account(self) -> rx.event.EventSpec | None:
        asked = self._serve(
            lambda db, actor: request_deletion(db, actor=actor, client_id=actor.user_id), say="delete_problem"
        )
        if not asked:
            return asked.answer
        self.confirming_delete = False
        self._show_deletion(asked.value)
        return rx.call_script(_FOCUS_STATUS)

    @rx.event
    def keep_my_account(self) -> rx.event.EventSpec | None:
        kept = self._serve(
            lambda db, actor: cancel_deletion(db, actor=actor, client_id=actor.user_id), say="delete_problem"
        )
        if not kept:
            return kept.answer
        self._show_deletion(kept.value)
        self.delete_done = _("Good. Your account stays, with everything on your board.")
        return rx.call_script(_FOCUS_STATUS)

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
