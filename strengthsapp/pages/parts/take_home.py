"""Her data, hers to take: the links of Settings that download what the app holds about her
(full page loads: the server makes the files, and checks who asks)."""

import reflex as rx

from strengthsapp.components.download_link import download_link
from strengthsapp.components.words import t
from strengthsapp.states.session import SessionState


def my_data_section() -> rx.Component:
    """For a client: her plan to print, and everything about her as a download."""
    return rx.cond(
        SessionState.role == "client",
        rx.vstack(
            rx.heading(t("My data"), as_="h2", size="5"),
            rx.text(t("Everything the app keeps about you is yours. You can take it with you."), size="3"),
            download_link(
                t("Download everything about me"),
                "/api/export/everything-about-me.zip",
                icon="download",
                class_name="everything-about-me",
            ),
            download_link(
                t("Print or save my plan"), "/print-plan", icon="printer", class_name="print-plan-link"
            ),
            spacing="2",
        ),
    )
