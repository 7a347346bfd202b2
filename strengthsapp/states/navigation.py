"""Events that end with a full page load: the only way the websocket picks up a new cookie."""

from __future__ import annotations

import json

import reflex as rx

# The claim is posted by a form so it never appears in a URL or in browser history.
_CLAIM_SCRIPT = """(() => {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = '/api/session/claim';
  const input = document.createElement('input');
  input.type = 'hidden';
  input.name = 'claim';
  input.value = %s;
  form.appendChild(input);
  document.body.appendChild(form);
  form.submit();
})()"""


def claim_session_and_reload(claim: str) -> rx.event.EventSpec:
    return rx.call_script(_CLAIM_SCRIPT % json.dumps(claim))


def to_sign_in() -> rx.event.EventSpec:
    return rx.redirect("/signin", replace=True)
