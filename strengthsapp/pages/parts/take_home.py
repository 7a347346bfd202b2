"""Her data, hers to take: the links of Settings that download what the app holds about her
(full page loads: the server makes the files, and checks who asks)."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.words import t
from strengthsapp.states.session import SessionState


def server_link(
    text: rx.Var[str] | str, href: rx.Var[str] | str, *, icon: str, class_name: str, download: bool = False
) -> rx.Component:
    """A link the browser follows itself (a full page load), not the app's own navigation."""
    return rx.el.a(
        rx.icon(icon, size=18, aria_hidden="true"),
        text,
        href=href,
        class_name=class_name,
        # Reflex makes an <a> a router link: the browser itself must follow this one.
        custom_attrs={"reloadDocument": True, **({"download": True} if download else {})},
        style={"display": "inline-flex", "align_items": "center", "gap": "0.5rem", "min_height": styles.TOUCH_TARGET,
               "color": "var(--accent-12)", "font_weight": "500", "text_underline_offset": "0.2em"},
    )  # fmt: skip


def my_data_section() -> rx.Component:
    """For a client: her plan to print, and everything about her as a download."""
    return rx.cond(
        SessionState.role == "client",
        rx.vstack(
            rx.heading(t("My data"), as_="h2", size="5"),
            rx.text(t("Everything the app keeps about you is yours. You can take it with you."), size="3"),
            server_link(
                t("Download everything about me"),
                "/api/export/everything-about-me.zip",
                icon="download",
                class_name="everything-about-me",
                download=True,
            ),
            server_link(
                t("Print or save my plan"), "/print-plan", icon="printer", class_name="print-plan-link"
            ),
            spacing="2",
        ),
    )
