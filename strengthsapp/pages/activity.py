"""Who has seen and changed my board, told day by day in plain words."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.widgets import problem_page
from strengthsapp.components.words import t
from strengthsapp.pages.parts.frame import page_frame
from strengthsapp.services.activity import StoryDay, StoryLine
from strengthsapp.states.activity import ActivityState


def story_line(line: rx.Var[StoryLine]) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.cond(
                line.refused,
                rx.icon(
                    "shield-alert", size=20, color="var(--tomato-11)", aria_hidden="true", flex_shrink="0"
                ),
                rx.icon("history", size=20, color="var(--gray-11)", aria_hidden="true", flex_shrink="0"),
            ),
            rx.text(line.sentence, size="3", flex="1"),
            rx.cond(
                line.time != "", rx.text(line.time, size="2", color="var(--gray-11)", white_space="nowrap")
            ),
            align="start",
            spacing="3",
            width="100%",
        ),
        class_name="activity",
        padding_y="0.4rem",
        border_bottom="1px solid var(--gray-a4)",
        list_style="none",
    )


def story_day(day: rx.Var[StoryDay]) -> rx.Component:
    return rx.el.section(
        rx.heading(day.day, as_="h2", size="4", margin_bottom="0.25rem"),
        rx.el.ul(rx.foreach(day.lines, story_line), padding="0", margin="0"),
        style=styles.card,
        width="100%",
        class_name="activity-day",
    )


def activity_page() -> rx.Component:
    return page_frame(
        rx.heading(t("Who has seen and changed my board"), as_="h1", size="7"),
        rx.cond(
            ActivityState.problem != "",
            problem_page(ActivityState.problem),
            rx.vstack(
                rx.cond(
                    ActivityState.week.length() > 0,
                    rx.el.section(
                        rx.heading(t("This week"), as_="h2", size="4", margin_bottom="0.25rem"),
                        rx.foreach(ActivityState.week, lambda words: rx.text(words, size="3")),
                        style=styles.card,
                        width="100%",
                        class_name="activity-week",
                    ),
                ),
                rx.foreach(ActivityState.days, story_day),
                rx.cond(
                    ActivityState.days.length() == 0, rx.text(t("Nothing has happened on your board yet."))
                ),
                spacing="3",
                width="100%",
            ),
        ),
    )
