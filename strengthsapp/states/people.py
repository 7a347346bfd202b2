"""A case manager's caseload (and inviting a client), and a peer's "My people"."""

from __future__ import annotations

from typing import Any

import reflex as rx

from strengthsapp.domain.vocabulary import Role
from strengthsapp.i18n import _
from strengthsapp.services.grants import PersonPublic, my_people
from strengthsapp.services.invites import create_account_invite, create_reset_link
from strengthsapp.services.links import InviteLink, invite_link, sign_in_link
from strengthsapp.services.people import CaseloadRow, caseload
from strengthsapp.states.base import AppState
from strengthsapp.states.navigation import to_sign_in

SORTS = {
    "name": lambda row: row.name.lower(),
    # Longest without contact first: who might I reach out to?
    "contact": lambda row: (row.days_since_contact >= 0, -row.days_since_contact, row.name.lower()),
}


class CaseloadState(AppState):
    _all: list[CaseloadRow] = []
    clients: list[CaseloadRow] = []
    query: str = ""
    sort: str = "name"
    problem: str = ""
    new_invite: InviteLink | None = None

    def _arrange(self) -> None:
        words = self.query.strip().lower()
        shown = [row for row in self._all if words in row.name.lower()] if words else list(self._all)
        self.clients = sorted(shown, key=SORTS.get(self.sort, SORTS["name"]))

    @rx.event
    def search(self, query: str) -> rx.event.EventSpec | None:
        if self._actor() is None:
            return to_sign_in()
        self.query = str(query)[:100]
        self._arrange()
        return None

    @rx.event
    def sort_by(self, sort: str) -> rx.event.EventSpec | None:
        if self._actor() is None:
            return to_sign_in()
        self.sort = sort if sort in SORTS else "name"
        self._arrange()
        return None

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        self.new_invite = None
        found = self._serve(lambda db, actor: caseload(db, actor=actor), say="problem")
        self._all = found.value or []
        self._arrange()
        return found.answer

    @rx.event
    def invite_client(self, form: dict[str, Any]) -> rx.event.EventSpec | None:
        """A link for a new client, in the language chosen for her."""
        locale = str(form.get("locale", ""))[:35] if isinstance(form, dict) else ""
        made = self._serve(
            lambda db, actor: create_account_invite(db, actor=actor, role=Role.CLIENT, locale=locale),
            say="problem",
        )
        if made:
            self.new_invite = invite_link(made.value, _("Invite a client"))
        return made.answer

    @rx.event
    def reset_link(self, client_id: int) -> rx.event.EventSpec | None:
        target = client_id if isinstance(client_id, int) and not isinstance(client_id, bool) else 0
        made = self._serve(
            lambda db, actor: create_reset_link(db, actor=actor, user_id=target), say="problem"
        )
        if made:
            name = next((c.name for c in self.clients if c.client_id == target), "")
            self.new_invite = sign_in_link(made.value, name)
        return made.answer


class MyPeopleState(AppState):
    people: list[PersonPublic] = []

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        found = self._serve(lambda db, actor: my_people(db, actor=actor))
        self.people = found.value or []
        return found.answer
