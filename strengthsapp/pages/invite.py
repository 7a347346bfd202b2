"""Opening an invitation: join, accept a client's grant, or choose a new password."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.forms import error_message, field, submit_button
from strengthsapp.components.widgets import problem_page
from strengthsapp.pages.parts.frame import page_frame
from strengthsapp.services.passwords import PASSWORD_HINT
from strengthsapp.states.invite import InviteState


def new_account_fields() -> rx.Component:
    return rx.fragment(
        field("Your name", "name", autocomplete="name", default_value=InviteState.name_hint, max_length=80),
        field(
            "Sign-in name or email",
            "login",
            autocomplete="username",
            hint="You will use this to sign in. Something you will remember.",
        ),
        field("Password", "password", type_="password", autocomplete="new-password", hint=PASSWORD_HINT),
    )


def accept_form(*fields: rx.Component, button: str | rx.Var[str]) -> rx.Component:
    return rx.form(
        rx.vstack(*fields, submit_button(button, width="100%"), spacing="4", width="100%"),
        on_submit=InviteState.accept,
        reset_on_submit=False,
        width="100%",
    )


def account_invite() -> rx.Component:
    return rx.vstack(
        rx.heading("Welcome to strengthsapp", as_="h1", size="7"),
        rx.text(InviteState.inviter + " invited you to join as " + InviteState.role + ".", size="4"),
        error_message(InviteState.error),
        accept_form(new_account_fields(), button="Create my account"),
        spacing="4",
        width="100%",
    )


def grant_invite() -> rx.Component:
    return rx.vstack(
        rx.heading(InviteState.client + " invites you to their board", as_="h1", size="7"),
        rx.box(
            rx.text(InviteState.terms, size="4"),
            rx.text("Until " + InviteState.until, size="3"),
            style=styles.card,
        ),
        rx.text(InviteState.client + " can change this or stop it at any time.", size="3"),
        error_message(InviteState.error),
        rx.cond(
            InviteState.signed_in_as != "",
            accept_form(button="Accept as " + InviteState.signed_in_as),
            accept_form(new_account_fields(), button="Create my account and accept"),
        ),
        spacing="4",
        width="100%",
    )


def reset_invite() -> rx.Component:
    return rx.vstack(
        rx.heading("Choose a new password", as_="h1", size="7"),
        rx.text("For " + InviteState.name_hint + ". Your other devices will be signed out.", size="4"),
        error_message(InviteState.error),
        accept_form(
            field(
                "New password", "password", type_="password", autocomplete="new-password", hint=PASSWORD_HINT
            ),
            button="Save my new password",
        ),
        spacing="4",
        width="100%",
    )


def invite_page() -> rx.Component:
    return page_frame(
        rx.cond(
            InviteState.loaded,
            rx.cond(
                InviteState.problem != "",
                rx.vstack(
                    problem_page(InviteState.problem),
                    rx.link("Go to sign in", href="/signin", _hover=styles.LINK_HOVER),
                    spacing="3",
                ),
                rx.box(
                    rx.match(
                        InviteState.kind,
                        ("grant", grant_invite()),
                        ("reset", reset_invite()),
                        account_invite(),
                    ),
                    max_width="28rem",
                    width="100%",
                ),
            ),
            rx.spinner(size="3"),
        ),
        with_menu=False,
    )
