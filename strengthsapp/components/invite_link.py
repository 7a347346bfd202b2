"""An invitation link with its QR code, to scan from the tablet during a visit."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.services.links import InviteLink


def invite_link_card(link: rx.Var[InviteLink]) -> rx.Component:
    return rx.vstack(
        rx.heading(link.title, as_="h3", size="4"),
        rx.text("Scan the code with the phone's camera, or send the link. ", link.lasts),
        rx.image(src=link.qr, alt="QR code of the invitation link", width="220px", height="220px"),
        rx.code(link.url, size="2", high_contrast=True, word_break="break-all", class_name="invite-url"),
        style=styles.card,
        spacing="3",
        align="center",
    )
