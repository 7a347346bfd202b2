"""The page frame: a header with the menu for the person's role, one readable column."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.forms import sign_out_button
from strengthsapp.states.display import DisplayState
from strengthsapp.states.session import SessionState

MENUS = {
    "client": [
        ("Today", "/"),
        ("Nudges", "/nudges"),
        ("Who can see my board", "/sharing"),
        ("Activity", "/activity"),
    ],
    "case_manager": [("My caseload", "/caseload")],
    "peer": [("My people", "/my-people")],
    "admin": [("Agency", "/admin")],
}


def nav_link(text: str, href: str) -> rx.Component:
    return rx.link(
        text,
        href=href,
        size="3",
        weight="medium",
        padding_x="0.5rem",
        min_height=styles.TOUCH_TARGET,
        display="inline-flex",
        align_items="center",
        white_space="nowrap",
        _hover=styles.LINK_HOVER,
        high_contrast=True,
    )


def menu() -> rx.Component:
    return rx.el.nav(
        rx.hstack(
            rx.match(
                SessionState.role,
                *[(role, rx.fragment(*[nav_link(t, h) for t, h in items])) for role, items in MENUS.items()],
                rx.fragment(),
            ),
            rx.cond(SessionState.role != "", nav_link("My account", "/account")),
            rx.cond(SessionState.role != "", sign_out_button()),
            spacing="1",
            wrap="wrap",
            align="center",
        ),
        aria_label="Main",
        padding_x="0.5rem",
    )


def page_frame(*children: rx.Component, with_menu: bool = True) -> rx.Component:
    return rx.box(
        rx.el.header(
            rx.hstack(
                rx.hstack(
                    rx.icon("sprout", size=26, color="var(--accent-11)", aria_hidden="true"),
                    rx.text("strengthsapp", weight="bold", size="4"),
                    align="center",
                    spacing="2",
                ),
                rx.hstack(
                    rx.button(
                        rx.text("A", size="2"),
                        rx.text("A", size="5"),
                        on_click=DisplayState.toggle_large_text,
                        variant=rx.cond(DisplayState.large_text == "1", "soft", "ghost"),
                        color_scheme="gray",
                        high_contrast=True,
                        size="3",
                        min_width=styles.TOUCH_TARGET,
                        min_height=styles.TOUCH_TARGET,
                        aria_label="Large text",
                        aria_pressed=rx.cond(DisplayState.large_text == "1", "true", "false"),
                        class_name="large-text-toggle",
                    ),
                    rx.color_mode.button(
                        size="3",
                        variant="ghost",
                        aria_label="Switch light or dark",
                        min_width=styles.TOUCH_TARGET,
                        min_height=styles.TOUCH_TARGET,
                    ),
                    spacing="1",
                    align="center",
                ),
                justify="between",
                wrap="wrap",  # large text on a small phone: the buttons go under the name
                align="center",
                width="100%",
                padding_x="1rem",
                padding_y="0.25rem",
            ),
            menu() if with_menu else rx.fragment(),
            border_bottom="1px solid var(--gray-a5)",
        ),
        rx.el.main(
            rx.vstack(
                *children,
                spacing="5",
                width="100%",
                max_width=styles.PAGE_MAX_WIDTH,
                margin_x="auto",
                padding="1rem",
            ),
            custom_attrs={"data-worker": SessionState.worker},
        ),
        min_height="100vh",
        # Large text scales the whole page (text, targets and layout together), so nothing
        # overlaps; Radix sizes are in px and would not follow a root font size.
        style={"zoom": rx.cond(DisplayState.large_text == "1", "1.25", "1")},
    )


def problem_page(text: rx.Var[str]) -> rx.Component:
    return rx.callout(text, icon="lock", color_scheme="gray", high_contrast=True, role="alert", width="100%")
