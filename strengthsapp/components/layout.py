"""The page frame: a header and one readable column of content."""

import reflex as rx

from strengthsapp import styles


def demo_banner() -> rx.Component:
    return rx.callout(
        "Demo: you are looking at Alex's board, made up for trying the app.",
        icon="info",
        color_scheme="amber",
        high_contrast=True,
        size="1",
        width="100%",
    )


def page_frame(*children: rx.Component) -> rx.Component:
    return rx.box(
        rx.el.header(
            rx.hstack(
                rx.icon("sprout", size=26, color="var(--accent-11)", aria_hidden="true"),
                rx.text("strengthsapp", weight="bold", size="4"),
                align="center",
                spacing="2",
            ),
            rx.color_mode.button(
                size="3",
                variant="ghost",
                aria_label="Switch light or dark",
                min_width=styles.TOUCH_TARGET,
                min_height=styles.TOUCH_TARGET,
            ),
            display="flex",
            justify_content="space-between",
            align_items="center",
            padding_x="1rem",
            padding_y="0.5rem",
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
        ),
        min_height="100vh",
    )
