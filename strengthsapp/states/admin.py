"""The agency admin's page: people, invitations, case assignments, password links, and
the audit trail as metadata (who, when, which board; never what)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from strengthsapp.domain.vocabulary import Role
from strengthsapp.i18n import _
from strengthsapp.services.activity import AuditMetadataRow, agency_activity
from strengthsapp.services.deletion import PendingDeletion, pending_deletions_for
from strengthsapp.services.invites import create_account_invite, create_reset_link
from strengthsapp.services.links import InviteLink, invite_link, sign_in_link
from strengthsapp.services.people import (
    AssignmentRow,
    PersonRow,
    assign,
    end_assignment,
    list_assignments,
    list_people,
)
from strengthsapp.states.base import AppState, as_id
from strengthsapp.states.live import recheck_open_boards


class AdminState(AppState):
    people: list[PersonRow] = []
    assignments: list[AssignmentRow] = []
    audit: list[AuditMetadataRow] = []
    deletions: list[PendingDeletion] = []  # clients who asked for their account to be deleted
    clients: list[tuple[str, str]] = []
    case_managers: list[tuple[str, str]] = []
    problem: str = ""
    error: str = ""  # the invitation form's
    assign_error: str = ""  # who works with whom: assigning, ending
    people_error: str = ""  # a sign-in link for someone in the list
    notice: str = ""
    new_invite: InviteLink | None = None

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        self.new_invite, self.error, self.notice = None, "", ""
        return self._refresh()

    def _refresh(self) -> rx.event.EventSpec | None:
        found = self._serve(
            lambda db, actor: (list_people(db, actor=actor), list_assignments(db, actor=actor),
                               agency_activity(db, actor=actor), pending_deletions_for(db, actor=actor)),
            say="problem",
        )  # fmt: skip
        self.people, self.assignments, self.audit, self.deletions = found.value or ([], [], [], [])
        self.clients = [(str(p.id), p.name) for p in self.people if p.role_value == Role.CLIENT.value]
        self.case_managers = [
            (str(p.id), p.name) for p in self.people if p.role_value == Role.CASE_MANAGER.value
        ]
        return found.answer

    @rx.event
    def invite(self, form: dict[str, Any]) -> rx.event.EventSpec | None:
        try:
            role = Role(str(form.get("role", "")))
        except ValueError:
            self.error = _("Choose what they will do.")
            return None
        name, locale = str(form.get("name", ""))[:80], str(form.get("locale", ""))[:35]
        made = self._serve(
            lambda db, actor: create_account_invite(
                db, actor=actor, role=role, name_hint=name, locale=locale
            ),
            say="error",
        )
        if made:
            self.new_invite = invite_link(
                made.value, _("Invitation for {name}", name=name) if name.strip() else _("Invitation")
            )
        return made.answer

    @rx.event
    def reset_link(self, user_id: int) -> rx.event.EventSpec | None:
        target = as_id(user_id) or 0
        made = self._serve(
            lambda db, actor: create_reset_link(db, actor=actor, user_id=target), say="people_error"
        )
        if made:
            name = next((p.name for p in self.people if p.id == target), "")
            self.new_invite = sign_in_link(made.value, name)
        return made.answer

    @rx.event
    def assign(self, form: dict[str, Any]) -> rx.event.EventSpec | None:
        client_id, manager_id = as_id(form.get("client")) or 0, as_id(form.get("case_manager")) or 0
        done = self._serve(lambda db, actor: assign(db, actor=actor, client_id=client_id, case_manager_id=manager_id),
                           say="assign_error")  # fmt: skip
        if not done:
            return done.answer
        self.notice = _("Assigned.")
        return self._refresh()

    @rx.event
    async def end_assignment(self, assignment_id: int) -> rx.event.EventSpec | None:
        def end(db: Any, actor: Any) -> tuple[int, int]:
            ended = end_assignment(db, actor=actor, assignment_id=as_id(assignment_id) or 0)
            return ended.case_manager_id, ended.client_id

        done = self._serve(end, say="assign_error")
        if not done or done.value is None:
            return done.answer
        manager_id, client_id = done.value
        await recheck_open_boards(user_id=manager_id, board_client_id=client_id)
        self.notice = _("Ended. They no longer see this board.")
        return self._refresh()
