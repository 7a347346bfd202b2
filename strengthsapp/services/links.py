"""Invitation links as shown to the person who made them: the address and a QR code."""

from __future__ import annotations

from dataclasses import dataclass

import segno

from strengthsapp.settings import get_settings


@dataclass
class InviteLink:
    title: str
    url: str
    qr: str  # an SVG data URI, drawn on the server: nothing leaves for a QR service
    lasts: str = "It works once, for 7 days."  # what the card says under the title


def invite_link(code: str, title: str, *, lasts: str = "It works once, for 7 days.") -> InviteLink:
    url = f"{get_settings().public_url}/invite?code={code}"
    qr = segno.make(url, error="m").svg_data_uri(scale=5, border=2, dark="#111", light="#fff")
    return InviteLink(title=title, url=url, qr=qr, lasts=lasts)


def sign_in_link(code: str, name: str) -> InviteLink:
    """A new-password link, as its maker sees it: short-lived, and its person is told."""
    return invite_link(
        code, f"New password link for {name}" if name else "New password link",
        lasts=f"It works once, for 30 minutes. {name or 'They'} will see that you made it, on their "
        "devices and when they next sign in.",
    )  # fmt: skip
