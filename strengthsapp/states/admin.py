"""The agency admin's page: people, invitations, case assignments, password links, and
the audit trail as metadata (who, when, which board; never what)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from strengthsapp.db.engine import session_scope
from strengthsapp.domain.vocabulary import Role
from strengthsapp.services.activity import AuditMetadataRow, agency_activity
from strengthsapp.services.errors import InvalidInput, NotAllowed, NotFound
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
from strengthsapp.states.navigation import to_sign_in


class AdminState(AppState):
    people: list[PersonRow] = []
    assignments: list[AssignmentRow] = []
    audit: list[AuditMetadataRow] = []
    clients: list[tuple[str, str]] = []
    case_managers: list[tuple[str, str]] = []
    problem: str = ""
    error: str = ""
    notice: str = ""
    new_invite: InviteLink | None = None

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        self.new_invite, self.error, self.notice = None, "", ""
        return self._refresh()

    def _refresh(self) -> rx.event.EventSpec | None:
        actor = self._actor()
        if actor is None:
            return to_sign_in()
        try:
            with session_scope() as db:
                self.people = list_people(db, actor=actor)
                self.assignments = list_assignments(db, actor=actor)
                self.audit = agency_activity(db, actor=actor)
        except NotAllowed as refused:
            self.people, self.assignments, self.audit = [], [], []
            self.problem = refused.message
            return None
        self.problem = ""
        self.clients = [(str(p.id), p.name) for p in self.people if p.role == "Client"]
        self.case_managers = [(str(p.id), p.name) for p in self.people if p.role == "Case manager"]
        return None

    @rx.event
    def invite(self, form: dict[str, Any]) -> rx.event.EventSpec | None:
        actor = self._actor()
        if actor is None:
            return to_sign_in()
        try:
            role = Role(str(form.get("role", "")))
        except ValueError:
            self.error = "Choose what they will do."
            return None
        name = str(form.get("name", ""))[:80]
        try:
            with session_scope() as db:
                code = create_account_invite(db, actor=actor, role=role, name_hint=name)
        except NotAllowed as refused:
            self.error = refused.message
            return None
        self.error = ""
        self.new_invite = invite_link(code, f"Invitation for {name}" if name.strip() else "Invitation")
        return None

    @rx.event
    def reset_link(self, user_id: int) -> rx.event.EventSpec | None:
        actor = self._actor()
        if actor is None:
            return to_sign_in()
        target = as_id(user_id)
        try:
            with session_scope() as db:
                code = create_reset_link(db, actor=actor, user_id=target or 0)
        except NotAllowed as refused:
            self.error = refused.message
            return None
        name = next((p.name for p in self.people if p.id == target), "")
        self.new_invite = sign_in_link(code, name)
        return None

    @rx.event
    def assign(self, form: dict[str, Any]) -> rx.event.EventSpec | None:
        actor = self._actor()
        if actor is None:
            return to_sign_in()
        client_id, manager_id = as_id(form.get("client")), as_id(form.get("case_manager"))
        try:
            with session_scope() as db:
                assign(db, actor=actor, client_id=client_id or 0, case_manager_id=manager_id or 0)
        except (InvalidInput, NotAllowed) as error:
            self.error = error.message
            return None
        self.error, self.notice = "", "Assigned."
        return self._refresh()

    @rx.event
    async def end_assignment(self, assignment_id: int) -> rx.event.EventSpec | None:
        actor = self._actor()
        if actor is None:
            return to_sign_in()
        try:
            with session_scope() as db:
                ended = end_assignment(db, actor=actor, assignment_id=as_id(assignment_id) or 0)
                manager_id, client_id = ended.case_manager_id, ended.client_id
        except (NotAllowed, NotFound) as error:
            self.error = error.message
            return None
        await recheck_open_boards(user_id=manager_id, board_client_id=client_id)
        self.error, self.notice = "", "Ended. They no longer see this board."
        return self._refresh()
