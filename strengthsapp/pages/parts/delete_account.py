"""For a client, on her account page: deleting her account. What happens is said first, in
plain words; a second tap asks; then the day it will be done, and a way to keep it."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.download_link import download_link
from strengthsapp.components.forms import error_message, notice
from strengthsapp.components.words import t, tn
from strengthsapp.states.account import DELETE_STATUS_ID, AccountState


def what_happens() -> rx.Component:
    return rx.el.ul(
        *[
            rx.el.li(rx.text(words, size="3"))
            for words in (
                tn(
                    "Everything on your board is removed one day after you ask.",
                    "Everything on your board is removed {count} days after you ask.",
                    AccountState.delete_wait_days,
                ),
                t(
                    "That means your goals, steps, strengths, wins, check-ins, visits, people and places, "
                    "and nudges."
                ),
                t("Until then, you can change your mind."),
                t("Your case manager will see that you asked, and the day it will happen."),
                t("The list of who opened or changed your board keeps only names and dates, not your words."),
                t("You can't get your board back after that."),
            )
        ],
        rx.el.li(
            rx.text(t("Want a copy to keep? Take it first:"), " ", size="3"),
            download_link(
                t("Download everything about me"),
                "/api/export/everything-about-me.zip",
                icon="download",
                class_name="copy-before-delete",
            ),
        ),
        style={
            "padding_inline_start": "1.25rem",
            "list_style_type": "disc",
            "display": "grid",
            "gap": "0.35rem",
            "margin": "0",
        },
    )


def ask() -> rx.Component:
    """Not asked yet: what happens, then the first tap, then the second."""
    return rx.vstack(
        what_happens(),
        rx.cond(
            AccountState.confirming_delete,
            rx.vstack(
                rx.text(
                    t("Are you sure you want to delete your account?"),
                    id="delete-confirm-question",
                    size="3",
                    weight="bold",
                ),
                rx.flex(
                    rx.button(
                        t("Yes, delete my account"),
                        on_click=AccountState.delete_my_account,
                        color_scheme="tomato",
                        high_contrast=True,
                        size="3",
                        min_height=styles.TOUCH_TARGET,
                    ),
                    rx.button(
                        t("No, go back"),
                        on_click=AccountState.not_now,
                        variant="soft",
                        color_scheme="gray",
                        high_contrast=True,
                        size="3",
                        min_height=styles.TOUCH_TARGET,
                        # Shown by the first tap, which is gone now: the focus comes here, with the question.
                        auto_focus=True,
                        aria_describedby="delete-confirm-question",
                    ),
                    spacing="3",
                    wrap="wrap",
                ),
                style={**styles.card, "border": "2px solid var(--tomato-a7)"},
                spacing="3",
                class_name="delete-account-confirm",
            ),
            rx.button(
                t("Delete my account"),
                on_click=AccountState.ask_to_delete,
                color_scheme="tomato",
                variant="soft",
                high_contrast=True,
                size="3",
                min_height=styles.TOUCH_TARGET,
            ),
        ),
        spacing="3",
        width="100%",
    )


def waiting() -> rx.Component:
    """Asked: the day it will be done, and the way back."""
    return rx.vstack(
        rx.text(t("You asked to delete your account on {day}.", day=AccountState.delete_asked_on), size="3"),
        rx.text(
            t("Everything on your board will be removed on {day}.", day=AccountState.delete_removed_on),
            size="3",
            weight="bold",
        ),
        rx.text(t("Until then, you can change your mind."), size="3"),
        rx.button(
            t("Keep my account"),
            on_click=AccountState.keep_my_account,
            high_contrast=True,
            size="3",
            min_height=styles.TOUCH_TARGET,
        ),
        style={**styles.card, "background": "var(--amber-a3)", "border": "1px solid var(--amber-a6)"},
        spacing="2",
        class_name="delete-account-waiting",
    )


def delete_account_section() -> rx.Component:
    return rx.cond(
        AccountState.may_delete,
        rx.vstack(
            rx.heading(t("Delete my account"), as_="h2", size="5"),
            error_message(AccountState.delete_problem),
            rx.box(
                notice(AccountState.delete_done),
                rx.cond(AccountState.delete_removed_on != "", waiting(), ask()),
                id=DELETE_STATUS_ID,
                tab_index=-1,
                width="100%",
                style={"outline": "none"},
            ),
            spacing="3",
            width="100%",
            class_name="delete-account",
        ),
    )
