"""Sign in: a plain form that password managers and paste work with; no puzzles."""

import reflex as rx

from strengthsapp.components.forms import error_message, field, notice, submit_button
from strengthsapp.components.words import t
from strengthsapp.pages.parts.frame import page_frame
from strengthsapp.states.signin import SignInState


def signin_page() -> rx.Component:
    return page_frame(
        rx.vstack(
            rx.heading(t("Sign in"), as_="h1", size="7"),
            notice(SignInState.notice),
            error_message(SignInState.error),
            rx.form(
                rx.vstack(
                    field(t("Sign-in name or email"), "login", autocomplete="username"),
                    field(t("Password"), "password", type_="password", autocomplete="current-password"),
                    submit_button(t("Sign in"), width="100%"),
                    spacing="4",
                    width="100%",
                ),
                on_submit=SignInState.sign_in,
                reset_on_submit=False,
                width="100%",
            ),
            rx.text(
                t("Forgot your password? Your case manager can give you a link to choose a new one."),
                size="3",
                color="var(--gray-11)",
            ),
            rx.cond(
                SignInState.demo,
                rx.text(
                    t(
                        "This is a demo. The sign-in names and the password were printed where `make run` was started."
                    ),
                    size="2",
                    color="var(--gray-11)",
                ),
            ),
            spacing="4",
            width="100%",
            max_width="28rem",
        ),
        with_menu=False,
    )
