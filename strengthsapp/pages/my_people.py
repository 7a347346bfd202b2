"""*My people*: the boards a peer supporter has been shown, and for how long."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.widgets import board_link
from strengthsapp.components.words import t
from strengthsapp.pages.parts.frame import page_frame
from strengthsapp.services.grants import PersonPublic
from strengthsapp.states.people import MyPeopleState


def person_row(person: rx.Var[PersonPublic]) -> rx.Component:
    return rx.vstack(
        board_link(person.name, person.client_id),
        rx.text(person.can, size="3"),
        rx.text(t("Until {date}", date=person.until), size="2", color="var(--gray-11)"),
        spacing="1",
        style=styles.card,
        class_name="person",
    )


def my_people_page() -> rx.Component:
    return page_frame(
        rx.heading(t("My people"), as_="h1", size="7"),
        rx.text(t("People who chose to share part of their board with you."), size="3"),
        rx.vstack(
            rx.foreach(MyPeopleState.people, person_row),
            rx.cond(
                MyPeopleState.people.length() == 0, rx.text(t("No one has shared their board with you yet."))
            ),
            spacing="3",
            width="100%",
        ),
    )
