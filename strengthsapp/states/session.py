"""Who is signed in, for the page frame (name and menu). Display only: every action
resolves the person again on the server."""

from __future__ import annotations

import os

import reflex as rx

from strengthsapp.domain.vocabulary import Role
from strengthsapp.services.grants import invitations_awaiting_yes
from strengthsapp.services.invites import sign_in_links_for, sign_in_links_seen
from strengthsapp.settings import get_settings
from strengthsapp.states.base import AppState

HOME = {
    Role.CLIENT: "/",
    Role.CASE_MANAGER: "/caseload",
    Role.PEER: "/my-people",
    Role.ADMIN: "/admin",
}


class SessionState(AppState):
    name: str = ""
    role: str = ""
    # Sign-in links someone else made for this person, that they haven't yet said they
    # know about: a banner on every page (services.invites.sign_in_links_for).
    sign_in_links: list[str] = []
    # A client's invitations made with her case manager, waiting for her yes.
    invitations_to_confirm: list[str] = []
    # Which server process holds this websocket; shown outside production only, so tests
    # can prove two screens on two workers see each other's changes.
    worker: str = ""

    @rx.event
    def refresh(self) -> rx.event.EventSpec | None:
        found = self._serve(  # one unit of work: this runs on every page's load
            lambda db, actor: (actor, [link.words for link in sign_in_links_for(db, actor=actor)],
                               invitations_awaiting_yes(db, actor=actor))
        )  # fmt: skip
        if not found or found.value is None:
            self.name, self.role = "", ""
            return found.answer
        actor, links, invitations = found.value
        self.name, self.role = actor.display_name, actor.role.value
        self.worker = "" if get_settings().is_production else str(os.getpid())
        if links != self.sign_in_links:
            self.sign_in_links = links
        if invitations != self.invitations_to_confirm:
            self.invitations_to_confirm = invitations
        return None

    @rx.event
    def knew_about_links(self) -> rx.event.EventSpec | None:
        """ "That was me": the person knows about the sign-in links made for them."""
        done = self._serve(lambda db, actor: sign_in_links_seen(db, actor=actor))
        if done:
            self.sign_in_links = []
        return done.answer
