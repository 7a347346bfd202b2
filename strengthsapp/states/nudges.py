"""Settings → Nudges: the client turns nudges on for this device, chooses what to be
nudged about and when, in her words, and her quiet hours."""

from __future__ import annotations

from typing import Any

import reflex as rx

from strengthsapp.domain.vocabulary import Role
from strengthsapp.services.nudges import (
    DEFAULT_MESSAGE,
    ChoicePublic,
    DevicePublic,
    NudgePlanPublic,
    nudge_settings,
)
from strengthsapp.services.sessions import session_id_of
from strengthsapp.settings import get_settings
from strengthsapp.states.base import AppState
from strengthsapp.states.navigation import to_sign_in
from strengthsapp.states.session import HOME

DEVICE_WORDS = {
    "on": "Nudges are on for this device.",
    "denied": "This browser said no to notifications. You can allow them in the browser's site settings, then try again.",
    "unsupported": "This browser can't show nudges. On a phone, try Chrome on Android or Safari on iPhone (iOS 16.4 or later).",
    "ios-install": "On an iPhone, nudges work once strengthsapp is on your Home Screen: tap Share, then "
    "“Add to Home Screen”. Open it from there and turn nudges on.",
}


class NudgesState(AppState):
    loaded: bool = False
    board: int = 0  # the client's own, whose nudges these are (for the changes made here)
    plans: list[NudgePlanPublic] = []
    devices: list[DevicePublic] = []
    choices: list[ChoicePublic] = []
    timezone: str = "UTC"
    default_message: str = ""
    quiet_start: str = ""
    quiet_end: str = ""
    vapid_public_key: str = ""  # public by design: the browser needs it to subscribe
    message: str = ""
    error: str = ""

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        actor = self._actor()
        if actor is None:
            return to_sign_in()
        if actor.role is not Role.CLIENT:
            return rx.redirect(HOME[actor.role], replace=True)
        return self._refresh()

    def _refresh(self) -> rx.event.EventSpec | None:
        token = self._session_token()
        served = self._serve(
            lambda db, actor: (
                actor.user_id,
                nudge_settings(db, actor=actor, session_id=session_id_of(db, token=token)),
            )
        )
        if not served or served.value is None:
            return served.answer
        client_id, found = served.value
        self.plans, self.devices, self.choices = found.plans, found.devices, found.choices
        self.timezone, self.quiet_start, self.quiet_end = found.timezone, found.quiet_start, found.quiet_end
        first = self.choices[0].label if self.choices else ""
        self.default_message = DEFAULT_MESSAGE.format(step=first)
        self.vapid_public_key = get_settings().vapid_public_key
        self.board, self.loaded = client_id, True
        return None

    @rx.event
    def device_answer(self, answer: Any) -> rx.event.EventSpec | None:
        """What the browser said when this device was turned on (from the page's script)."""
        actor = self._actor()
        if actor is None or actor.role is not Role.CLIENT:  # only a client's devices get nudges
            return None
        text = str(answer)[:300]
        if text.startswith("error:"):
            self.error, self.message = (
                text.removeprefix("error:").strip() or "That didn't work. Please try again.",
                "",
            )
        else:
            self.error, self.message = "", DEVICE_WORDS.get(text, "That didn't work. Please try again.")
        return self._refresh()


# Runs in the browser on the tap itself, so the permission prompt only ever follows a tap.
SUBSCRIBE_JS = """
(async () => {
  const ios = /iPhone|iPad|iPod/.test(navigator.userAgent);
  const standalone = window.matchMedia('(display-mode: standalone)').matches || navigator.standalone === true;
  if (ios && !standalone) return 'ios-install';
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return 'denied';
  try {
    const registration = await navigator.serviceWorker.ready;
    const base = document.getElementById('vapid-key').dataset.key.replace(/-/g, '+').replace(/_/g, '/');
    const key = Uint8Array.from(atob(base + '='.repeat((4 - base.length % 4) % 4)), (c) => c.charCodeAt(0));
    const subscription = await registration.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: key});
    const response = await fetch('/api/push/subscribe', {method: 'POST', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json'}, body: JSON.stringify(subscription.toJSON())});
    if (response.ok) return 'on';
    const body = await response.json().catch(() => ({}));
    return 'error:' + (body.message || 'The app could not save this device.');
  } catch (error) {
    return 'error:This browser could not turn nudges on (' + error.name + ').';
  }
})()
"""
