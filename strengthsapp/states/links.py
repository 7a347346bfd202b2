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


def invite_link(code: str, title: str) -> InviteLink:
    url = f"{get_settings().public_url}/invite?code={code}"
    qr = segno.make(url, error="m").svg_data_uri(scale=5, border=2, dark="#111", light="#fff")
    return InviteLink(title=title, url=url, qr=qr)
