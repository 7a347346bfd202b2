"""Settings → Nudges: the client turns nudges on for this device, chooses what to be
nudged about and when, in her words, and her quiet hours."""

from __future__ import annotations

import logging
from typing import Any

import reflex as rx

from strengthsapp import i18n
from strengthsapp.domain.vocabulary import Role
from strengthsapp.i18n import N_, _
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

log = logging.getLogger(__name__)

# What the browser answered (SUBSCRIBE_JS), in words: said with _(DEVICE_WORDS[answer]).
DEVICE_WORDS = {
    "on": N_("Nudges are on for this device."),
    "denied": N_(
        "This browser said no to notifications. You can allow them in the browser's site settings, then try again."
    ),
    "unsupported": N_(
        "This browser can't show nudges. On a phone, try Chrome on Android or Safari on iPhone (iOS 16.4 or later)."
    ),
    "ios-install": N_(
        "On an iPhone, nudges work once strengthsapp is on your Home Screen: tap Share, then "
        "“Add to Home Screen”. Open it from there and turn nudges on."
    ),
}
# Subscribing failed ("error:…": the browser's exception, or the server's refusal): the
# raw text goes to the log, never to the person.
NOT_TURNED_ON = N_("Nudges couldn't be turned on this time. Please check your connection and try again.")
DIDNT_WORK = N_("That didn't work. Please try again.")


class NudgesState(AppState):
    loaded: bool = False
    board: int = 0  # the client's own, whose nudges these are (for the changes made here)
    plans: list[NudgePlanPublic] = []
    devices: list[DevicePublic] = []
    choices: list[ChoicePublic] = []
    timezone: str = "UTC"  # the account's
    # The timezones to choose from ({value: IANA name, label}), in the reader's language,
    # this device's own first; `zone` is the one chosen when the form opens ("": none).
    zones: list[dict[str, str]] = []
    zone: str = ""
    device_zone: str = ""  # as this device's browser names it, when it is one of the list
    zone_problem: str = ""
    _zones_for: str = ""  # the language and device zone `zones` was made for
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
        answer = self._refresh()
        if answer is not None or not self.loaded:
            return answer
        # This device's own timezone is offered first: only its browser knows it.
        return rx.call_script(DEVICE_TIMEZONE_JS, callback=NudgesState.device_timezone)

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
        self._offer_zones()
        first = self.choices[0].label if self.choices else ""
        self.default_message = _(DEFAULT_MESSAGE, step=first)
        self.vapid_public_key = get_settings().vapid_public_key
        self.board, self.loaded = client_id, True
        return None

    def _offer_zones(self) -> None:
        """The list, made in this event (so in the reader's language) when the language or
        this device's timezone is new; chosen at the start: this device's timezone, else the
        account's, else none (the person chooses)."""
        made_for = f"{i18n.current()} {self.device_zone}"
        if made_for != self._zones_for:
            here = [{"value": zone, "label": _("{timezone} (this device)", timezone=label)}
                    for zone, label in i18n.timezones() if zone == self.device_zone]  # fmt: skip
            self.zones = here + [
                {"value": zone, "label": label}
                for zone, label in i18n.timezones()
                if zone != self.device_zone
            ]
            self._zones_for = made_for
        self.zone = next((zone for zone in (self.device_zone, self.timezone) if i18n.is_timezone(zone)), "")

    @rx.event
    def device_timezone(self, zone: Any) -> None:
        """This device's timezone, as its browser names it (from the page's script). Only a
        timezone of the list is taken; else, if nothing else could be chosen for her, a word
        beside the field says to choose one."""
        if self._actor() is None:
            return
        named = str(zone or "")[:64]
        self.device_zone = named if i18n.is_timezone(named) else ""
        self._offer_zones()
        self.zone_problem = "" if self.zone else _("Choose your timezone from the list.")

    @rx.event
    def device_answer(self, answer: Any) -> rx.event.EventSpec | None:
        """What the browser said when this device was turned on (from the page's script)."""
        actor = self._actor()
        if actor is None or actor.role is not Role.CLIENT:  # only a client's devices get nudges
            return None
        text = str(answer)[:300]
        if text.startswith("error:"):
            log.warning(
                "turning nudges on for a device failed: %r", text.removeprefix("error:").strip()[:200]
            )
            self.error, self.message = _(NOT_TURNED_ON), ""
        elif text in DEVICE_WORDS:
            self.error, self.message = "", _(DEVICE_WORDS[text])
        else:
            log.warning("turning nudges on: an answer the page doesn't know: %r", text[:80])
            self.error, self.message = _(DIDNT_WORK), ""
        return self._refresh()


# The device's own timezone, as its browser names it ("Europe/London"), or "" if it can't say.
DEVICE_TIMEZONE_JS = "(() => { try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { return ''; } })()"

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
