"""Who has seen and changed my board, in plain words."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.widgets import problem_page
from strengthsapp.pages.parts.frame import page_frame
from strengthsapp.services.activity import ActivityPublic
from strengthsapp.states.activity import ActivityState


def activity_row(event: rx.Var[ActivityPublic]) -> rx.Component:
    return rx.hstack(
        rx.cond(
            event.refused,
            rx.icon("shield-alert", size=20, color="var(--tomato-11)", aria_hidden="true"),
            rx.icon("history", size=20, color="var(--gray-11)", aria_hidden="true"),
        ),
        rx.vstack(
            rx.text(rx.text.strong(event.who), " ", event.what, size="3"),
            rx.text(event.when, size="2", color="var(--gray-11)"),
            spacing="0",
        ),
        align="start",
        spacing="3",
        style=styles.card,
        class_name="activity",
    )


def activity_page() -> rx.Component:
    return page_frame(
        rx.heading("Who has seen and changed my board", as_="h1", size="7"),
        rx.cond(
            ActivityState.problem != "",
            problem_page(ActivityState.problem),
            rx.vstack(
                rx.foreach(ActivityState.events, activity_row),
                rx.cond(ActivityState.events.length() == 0, rx.text("Nothing yet.")),
                spacing="2",
                width="100%",
            ),
        ),
    )
