"""Invitation links as shown to the person who made them: the address and a QR code."""

from __future__ import annotations

from dataclasses import dataclass

import segno

from strengthsapp.i18n import N_, _
from strengthsapp.settings import get_settings

ONCE_FOR_A_WEEK = N_("It works once, for 7 days.")


@dataclass
class InviteLink:
    title: str
    url: str
    qr: str  # an SVG data URI, drawn on the server: nothing leaves for a QR service
    lasts: str = ONCE_FOR_A_WEEK  # what the card says under the title (made by invite_link, translated)


def invite_link(code: str, title: str, *, lasts: str | None = None) -> InviteLink:
    """The link's card: `title` and `lasts` in the reader's language (by default, a week)."""
    url = f"{get_settings().public_url}/invite?code={code}"
    qr = segno.make(url, error="m").svg_data_uri(scale=5, border=2, dark="#111", light="#fff")
    return InviteLink(title=title, url=url, qr=qr, lasts=lasts if lasts is not None else _(ONCE_FOR_A_WEEK))


def sign_in_link(code: str, name: str) -> InviteLink:
    """A new-password link, as its maker sees it: short-lived, and its person is told."""
    if name:
        title = _("New password link for {name}", name=name)
        lasts = _("It works once, for 30 minutes. {name} will see that you made it, on their devices and "
                  "when they next sign in.", name=name)  # fmt: skip
    else:
        title = _("New password link")
        lasts = _("It works once, for 30 minutes. They will see that you made it, on their devices and "
                  "when they next sign in.")  # fmt: skip
    return invite_link(code, title, lasts=lasts)
