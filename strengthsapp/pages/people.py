"""A case manager's caseload and a peer supporter's people."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.forms import error_message, primary_button
from strengthsapp.components.invite_link import invite_link_card
from strengthsapp.components.layout import page_frame
from strengthsapp.services.grants import PersonPublic
from strengthsapp.services.people import CaseloadRow
from strengthsapp.states.people import CaseloadState, MyPeopleState


def board_link(name: rx.Var[str], client_id: rx.Var[int]) -> rx.Component:
    return rx.link(
        name,
        href="/board?client=" + client_id.to_string(),
        size="5",
        weight="medium",
        min_height=styles.TOUCH_TARGET,
        display="inline-flex",
        align_items="center",
        _hover=styles.LINK_HOVER,
        high_contrast=True,
    )


def caseload_row(row: rx.Var[CaseloadRow]) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            board_link(row.name, row.client_id),
            rx.text("Working together since " + row.since, size="2", color="var(--gray-11)"),
            spacing="0",
        ),
        rx.button(
            "New password link",
            on_click=CaseloadState.reset_link(row.client_id),
            variant="soft",
            high_contrast=True,
            size="3",
            min_height=styles.TOUCH_TARGET,
        ),
        justify="between",
        align="center",
        wrap="wrap",
        style=styles.card,
        class_name="client",
    )


def caseload_page() -> rx.Component:
    return page_frame(
        rx.heading("My caseload", as_="h1", size="7"),
        error_message(CaseloadState.problem),
        rx.vstack(
            rx.foreach(CaseloadState.clients, caseload_row),
            rx.cond(CaseloadState.clients.length() == 0, rx.text("No one is assigned to you yet.")),
            spacing="3",
            width="100%",
        ),
        primary_button("Invite a client", on_click=CaseloadState.invite_client),
        rx.cond(CaseloadState.new_invite, invite_link_card(CaseloadState.new_invite)),
    )


def person_row(person: rx.Var[PersonPublic]) -> rx.Component:
    return rx.vstack(
        board_link(person.name, person.client_id),
        rx.text(person.can, size="3"),
        rx.text("Until " + person.until, size="2", color="var(--gray-11)"),
        spacing="1",
        style=styles.card,
        class_name="person",
    )


def my_people_page() -> rx.Component:
    return page_frame(
        rx.heading("My people", as_="h1", size="7"),
        rx.text("People who chose to share part of their board with you.", size="3"),
        rx.vstack(
            rx.foreach(MyPeopleState.people, person_row),
            rx.cond(
                MyPeopleState.people.length() == 0, rx.text("No one has shared their board with you yet.")
            ),
            spacing="3",
            width="100%",
        ),
    )
