"""Opening an invitation: join, accept a client's grant, or choose a new password."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.forms import error_message, field, submit_button
from strengthsapp.components.widgets import problem_page
from strengthsapp.components.words import t
from strengthsapp.pages.parts.frame import page_frame
from strengthsapp.services.passwords import MIN_LENGTH
from strengthsapp.states.invite import InviteState


def password_hint() -> rx.Var[str]:
    return t("At least {number} characters. A few words you will remember work well.", number=MIN_LENGTH)


def problem_with(name: str) -> rx.Var[str]:
    """What is wrong with the field `name`, said next to it."""
    return rx.cond(InviteState.error_field == name, InviteState.error, "")


def general_problem() -> rx.Component:
    """A problem that is about no one field."""
    return error_message(rx.cond(InviteState.error_field == "", InviteState.error, ""))


def new_account_fields() -> rx.Component:
    return rx.fragment(
        field(
            t("Your name"), "name", autocomplete="name", default_value=InviteState.name_hint, max_length=80,
            problem=problem_with("name"),
        ),
        field(
            t("Sign-in name or email"),
            "login",
            autocomplete="username",
            hint=t("You will use this to sign in. Something you will remember."),
            problem=problem_with("login"),
        ),
        field(t("Password"), "password", type_="password", autocomplete="new-password", hint=password_hint(),
              problem=problem_with("password")),
    )  # fmt: skip


def accept_form(*fields: rx.Component, button: str | rx.Var[str]) -> rx.Component:
    return rx.form(
        rx.vstack(*fields, submit_button(button, width="100%"), spacing="4", width="100%"),
        on_submit=InviteState.accept,
        reset_on_submit=False,
        width="100%",
    )


def account_invite() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Welcome to strengthsapp"), as_="h1", size="7"),
        rx.text(
            t("{name} invited you to join as {role}.", name=InviteState.inviter, role=InviteState.role),
            size="4",
        ),
        general_problem(),
        accept_form(new_account_fields(), button=t("Create my account")),
        spacing="4",
        width="100%",
    )


def grant_invite() -> rx.Component:
    return rx.vstack(
        rx.heading(t("{name} invites you to their board", name=InviteState.client), as_="h1", size="7"),
        rx.box(
            rx.text(InviteState.terms, size="4"),
            rx.text(t("Until {date}", date=InviteState.until), size="3"),
            style=styles.card,
        ),
        rx.text(t("{name} can change this or stop it at any time.", name=InviteState.client), size="3"),
        general_problem(),
        rx.cond(
            InviteState.signed_in_as != "",
            accept_form(button=t("Accept as {name}", name=InviteState.signed_in_as)),
            accept_form(new_account_fields(), button=t("Create my account and accept")),
        ),
        spacing="4",
        width="100%",
    )


def reset_invite() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Choose a new password"), as_="h1", size="7"),
        rx.text(
            t("For {name}. Your other devices will be signed out.", name=InviteState.name_hint), size="4"
        ),
        general_problem(),
        accept_form(
            field(
                t("New password"),
                "password",
                type_="password",
                autocomplete="new-password",
                hint=password_hint(),
                problem=problem_with("password"),
            ),
            button=t("Save my new password"),
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
                    rx.link(t("Go to sign in"), href="/signin", _hover=styles.LINK_HOVER),
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
