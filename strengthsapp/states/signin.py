"""Signing in. The password is checked here, over the websocket; the cookie is then set
by /api/session/claim and the page reloads (see navigation.claim_session_and_reload)."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from strengthsapp.db.engine import session_scope
from strengthsapp.services.sessions import SignInRefused, sign_in
from strengthsapp.settings import get_settings
from strengthsapp.states.base import AppState
from strengthsapp.states.navigation import claim_session_and_reload

NOTICES = {
    "signed-out": "You have signed out.",
    "everywhere": "You have signed out on all your devices.",
    "expired": "That took a little too long. Please sign in again.",
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
        self.notice = NOTICES.get(problem, "")
        self.demo = get_settings().demo_enabled
        if self._actor() is not None:
            return rx.redirect("/", replace=True)
        return None

    @rx.event
    async def sign_in(self, form: dict[str, Any]) -> rx.event.EventSpec | None:
        login = str(form.get("login", ""))[:MAX_FIELD]
        password = str(form.get("password", ""))[:MAX_FIELD]
        if not login.strip() or not password:
            self.error = "Please write your sign-in name and your password."
            return None
        try:
            with session_scope() as db:
                claim = sign_in(db, login=login, password=password, address=self._client_ip()).claim
        except SignInRefused as refused:
            await asyncio.sleep(refused.delay)
            self.error = refused.message
            return None
        self.error = ""
        return claim_session_and_reload(claim)
