"""Signing in. The password is checked here, over the websocket; the cookie is then set
by /api/session/claim and the page reloads (see navigation.claim_session_and_reload)."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from strengthsapp.db.engine import session_scope
from strengthsapp.i18n import N_, _
from strengthsapp.services.passwords import verify_password, with_passwords
from strengthsapp.services.sessions import DEVICE_COOKIE, SignInRefused, finish_sign_in, prepare_sign_in
from strengthsapp.settings import get_settings
from strengthsapp.states.base import AppState, cookie_from_header
from strengthsapp.states.navigation import claim_session_and_reload

NOTICES = {
    "signed-out": N_("You have signed out."),
    "everywhere": N_("You have signed out on all your devices."),
    "expired": N_("That took a little too long. Please sign in again."),
}
MAX_FIELD = 300


class SignInState(AppState):
    error: str = ""
    notice: str = ""
    demo: bool = False

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        self.error = ""
        problem = self.router.url.query_parameters.get("problem", "")
        self.notice = _(NOTICES[problem]) if problem in NOTICES else ""
        self.demo = get_settings().demo_enabled
        if self._actor() is not None:
            return rx.redirect("/", replace=True)
        return None

    @rx.event
    async def sign_in(self, form: dict[str, Any]) -> rx.event.EventSpec | None:
        login = str(form.get("login", ""))[:MAX_FIELD]
        password = str(form.get("password", ""))[:MAX_FIELD]
        if not login.strip() or not password:
            self.error = _("Please write your sign-in name and your password.")
            return None
        device = cookie_from_header(self.router.headers.cookie, DEVICE_COOKIE) or ""
        try:
            claim = await with_passwords(_sign_in, login, password, self._client_ip(), device)
        except SignInRefused as refused:
            await asyncio.sleep(refused.delay)
            self.error = refused.message
            return None
        self.error = ""
        return claim_session_and_reload(claim)


def _sign_in(login: str, password: str, address: str, device: str) -> str:
    """On the password threads: look up, check the password outside any unit of work (on
    SQLite every other tab would wait for its turn at the database meanwhile), write down."""
    with session_scope() as db:
        attempt = prepare_sign_in(db, login=login, address=address, device=device)
    right = verify_password(attempt.password_hash, password)
    with session_scope() as db:
        return finish_sign_in(db, attempt=attempt, right=right).claim
