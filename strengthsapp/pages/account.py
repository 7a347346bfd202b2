"""My account: a new password, and signing out everywhere."""

import reflex as rx

from strengthsapp.components.forms import error_message, field, notice, sign_out_button, submit_button
from strengthsapp.pages.parts.frame import page_frame
from strengthsapp.services.passwords import PASSWORD_HINT
from strengthsapp.states.account import AccountState
from strengthsapp.states.session import SessionState


def account_page() -> rx.Component:
    return page_frame(
        rx.heading("My account", as_="h1", size="7"),
        rx.text("Signed in as " + SessionState.name, size="3"),
        rx.form(
            rx.vstack(
                rx.heading("Change my password", as_="h2", size="5"),
                notice(AccountState.done),
                error_message(AccountState.error),
                field("Current password", "current", type_="password", autocomplete="current-password"),
                field(
                    "New password", "new", type_="password", autocomplete="new-password", hint=PASSWORD_HINT
                ),
                submit_button("Save my new password"),
                spacing="3",
                width="100%",
            ),
            on_submit=AccountState.change_password,
            reset_on_submit=True,
            max_width="28rem",
            width="100%",
        ),
        rx.cond(
            AccountState.sign_in_links.length() > 0,
            rx.vstack(
                rx.heading("Sign-in links made for me", as_="h2", size="5"),
                rx.foreach(
                    AccountState.sign_in_links,
                    lambda link: rx.text(
                        link.words,
                        rx.cond(link.used, " It was used.", " It wasn't used."),
                        size="3",
                        class_name="sign-in-link",
                    ),
                ),
                spacing="2",
            ),
        ),
        rx.vstack(
            rx.heading("Lost a phone?", as_="h2", size="5"),
            rx.text("This signs you out on every device, this one too.", size="3"),
            sign_out_button(everywhere=True),
            spacing="2",
        ),
    )
