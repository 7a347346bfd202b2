"""Opening an invitation link, and accepting it: a new account, a grant, or a new password."""

from __future__ import annotations

import json
from typing import Any

import reflex as rx

from strengthsapp import i18n
from strengthsapp.db.engine import session_scope
from strengthsapp.domain.access import Actor
from strengthsapp.i18n import N_, _
from strengthsapp.services.errors import InvalidInput
from strengthsapp.services.invites import InviteProblem, accept_invite, code_hash, describe_invite
from strengthsapp.services.passwords import with_passwords
from strengthsapp.states.base import AppState
from strengthsapp.states.navigation import claim_session_and_reload

PROBLEMS = {
    "unknown": N_("We don't know this link. Please check it, or ask the person who sent it for a new one."),
    "used": N_("This link has already been used. If that wasn't you, tell the person who sent it."),
    "expired": N_("This link is too old now. Please ask the person who sent it for a new one."),
    "unconfirmed": N_(
        "This invitation is waiting for the person whose board it is to say yes on their own "
        "phone. Please try the link again after that."
    ),
}
MAX_FIELD = 300


class InviteState(AppState):
    loaded: bool = False
    problem: str = ""
    kind: str = ""
    role: str = ""
    inviter: str = ""
    client: str = ""
    name_hint: str = ""
    terms: str = ""
    until: str = ""
    signed_in_as: str = ""
    error: str = ""
    error_field: str = ""

    def _code(self) -> str:
        return self.router.url.query_parameters.get("code", "")[:100]

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        self.loaded, self.error, self.error_field = True, "", ""
        try:
            with session_scope() as db:
                about = describe_invite(db, code=self._code())
        except InviteProblem as problem:
            self.problem = _(PROBLEMS[problem.kind])
            return None
        self.problem = ""
        self.kind, self.role, self.inviter = about.kind, about.role, about.inviter
        self.client, self.name_hint, self.terms, self.until = (
            about.client,
            about.name_hint,
            about.terms,
            about.until,
        )
        actor = self._actor()
        self.signed_in_as = actor.display_name if actor and about.kind == "grant" else ""
        if about.locale and about.locale != i18n.current():
            return rx.call_script(speak_the_invitations_language(about.locale, code_hash(self._code())[:16]))
        return None

    @rx.event
    async def accept(self, form: dict[str, Any]) -> rx.event.EventSpec | None:
        actor = self._actor() if self.kind == "grant" else None
        fields = {name: str(form.get(name, ""))[:MAX_FIELD] for name in ("name", "login", "password")}
        try:
            # The new account speaks the language she read the invitation in (this event's).
            claim = await with_passwords(_accept, self._code(), fields, actor, i18n.current())
        except InvalidInput as error:
            self.error, self.error_field = error.message, error.field
            return None
        except InviteProblem as problem:
            self.problem = _(PROBLEMS[problem.kind])
            return None
        return claim_session_and_reload(claim)


def _accept(code: str, fields: dict[str, str], actor: Actor | None, locale: str) -> str:
    """Accept the invitation (a new password is hashed here, off the event loop)."""
    with session_scope() as db, i18n.using(locale):
        return accept_invite(
            db, code=code, display_name=fields["name"], login=fields["login"], password=fields["password"],
            signed_in=actor, locale=locale,
        ).claim  # fmt: skip


def speak_the_invitations_language(locale: str, mark: str) -> str:
    """The page again in the language the inviter chose (the screens read it from the
    device's cookie at load), once per invitation and tab: whoever then switches back to
    their own language stays in it."""
    return (
        "(() => { try { const key = 'strengthsapp_invite_lang';"
        f" if (sessionStorage.getItem(key) === {json.dumps(mark)}) return;"
        f" sessionStorage.setItem(key, {json.dumps(mark)}); }} catch (e) {{ return; }}"
        f" document.cookie = {json.dumps(f'{i18n.COOKIE}={locale}; path=/; max-age=31536000; samesite=lax')};"
        " location.reload(); })()"
    )
