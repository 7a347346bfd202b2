"""My account: a new password, signing out everywhere, and (a client) deleting my account."""

import reflex as rx

from strengthsapp.components.forms import error_message, field, notice, sign_out_button, submit_button
from strengthsapp.components.words import t
from strengthsapp.pages.parts.delete_account import delete_account_section
from strengthsapp.pages.parts.frame import page_frame
from strengthsapp.pages.parts.take_home import my_data_section
from strengthsapp.services.passwords import MIN_LENGTH
from strengthsapp.states.account import AccountState
from strengthsapp.states.session import SessionState


def account_page() -> rx.Component:
    return page_frame(
        rx.heading(t("My account"), as_="h1", size="7"),
        rx.text(t("Signed in as {name}", name=SessionState.name), size="3"),
        rx.form(
            rx.vstack(
                rx.heading(t("Change my password"), as_="h2", size="5"),
                notice(AccountState.done),
                error_message(rx.cond(AccountState.error_field == "", AccountState.error, "")),
                field(
                    t("Current password"),
                    "current",
                    type_="password",
                    autocomplete="current-password",
                    problem=rx.cond(AccountState.error_field == "current", AccountState.error, ""),
                ),
                field(
                    t("New password"),
                    "new",
                    type_="password",
                    autocomplete="new-password",
                    hint=t(
                        "At least {number} characters. A few words you will remember work well.",
                        number=MIN_LENGTH,
                    ),
                    problem=rx.cond(AccountState.error_field == "new", AccountState.error, ""),
                ),
                submit_button(t("Save my new password")),
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
                rx.heading(t("Sign-in links made for me"), as_="h2", size="5"),
                rx.foreach(
                    AccountState.sign_in_links,
                    lambda link: rx.text(
                        link.words,
                        " ",
                        rx.cond(link.used, t("It was used."), t("It wasn't used.")),
                        size="3",
                        class_name="sign-in-link",
                    ),
                ),
                spacing="2",
            ),
        ),
        my_data_section(),
        rx.vstack(
            rx.heading(t("Lost a phone?"), as_="h2", size="5"),
            rx.text(t("This signs you out on every device, this one too."), size="3"),
            sign_out_button(everywhere=True),
            spacing="2",
        ),
        delete_account_section(),
    )
