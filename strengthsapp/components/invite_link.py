"""An invitation link with its QR code, to scan from the tablet during a visit."""

import reflex as rx

from strengthsapp import i18n, styles
from strengthsapp.components.ops import native_select
from strengthsapp.components.widgets import labelled
from strengthsapp.components.words import reader_language, t
from strengthsapp.services.links import InviteLink


def invitation_language(id_: str) -> rx.Component:
    """The language the invitation is written in, and the new account's: at first the one
    the inviter reads (each language named in itself)."""
    return labelled(
        t("Their language"),
        native_select(
            "locale", list(i18n.LOCALES.items()), id_=id_, default=reader_language(), key=reader_language()
        ),
        html_for=id_,
    )


def invite_link_card(link: rx.Var[InviteLink]) -> rx.Component:
    return rx.vstack(
        rx.heading(link.title, as_="h3", size="4"),
        rx.text(t("Scan the code with the phone's camera, or send the link."), " ", link.lasts),
        rx.image(src=link.qr, alt=t("QR code of the invitation link"), width="220px", height="220px"),
        rx.code(link.url, size="2", high_contrast=True, word_break="break-all", class_name="invite-url"),
        style=styles.card,
        spacing="3",
        align="center",
    )
