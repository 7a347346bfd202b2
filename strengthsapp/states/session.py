"""Who is signed in, for the page frame (name and menu). Display only: every action
resolves the person again on the server."""

from __future__ import annotations

import json
import os

import reflex as rx

from strengthsapp import i18n
from strengthsapp.domain.vocabulary import Role
from strengthsapp.services.grants import invitations_awaiting_yes
from strengthsapp.services.invites import sign_in_links_for, sign_in_links_seen
from strengthsapp.services.language import language_of
from strengthsapp.settings import get_settings
from strengthsapp.states.base import AppState, cookie_from_header

# The device takes the account's language (chosen on another device, or by the invitation):
# the cookie the screens read, and the page again if its words are in another language.
# Reloads only once the cookie is really set, so a browser that refuses cookies doesn't loop.
TAKE_LANGUAGE = """(() => {{
  const kept = "{cookie}=" + {locale};
  document.cookie = kept + "; path=/; max-age=31536000; samesite=lax";
  const words = window.strengthsappWords;
  if (document.cookie.split("; ").includes(kept) && words && words.locale !== {locale}) location.reload();
}})()"""


def take_language(locale: str) -> rx.event.EventSpec:
    return rx.call_script(TAKE_LANGUAGE.format(cookie=i18n.COOKIE, locale=json.dumps(locale)))


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
                               invitations_awaiting_yes(db, actor=actor), language_of(db, actor=actor))
        )  # fmt: skip
        if not found or found.value is None:
            self.name, self.role = "", ""
            return found.answer
        actor, links, invitations, language = found.value
        self.name, self.role = actor.display_name, actor.role.value
        self.worker = "" if get_settings().is_production else str(os.getpid())
        if links != self.sign_in_links:
            self.sign_in_links = links
        if invitations != self.invitations_to_confirm:
            self.invitations_to_confirm = invitations
        if i18n.known(cookie_from_header(self.router.headers.cookie, i18n.COOKIE)) != language:
            return take_language(language)
        return None

    @rx.event
    def knew_about_links(self) -> rx.event.EventSpec | None:
        """ "That was me": the person knows about the sign-in links made for them."""
        done = self._serve(lambda db, actor: sign_in_links_seen(db, actor=actor))
        if done:
            self.sign_in_links = []
        return done.answer
