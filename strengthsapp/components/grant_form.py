"""The form that shares a board with someone new: who, which parts, what they may do, for
how long (the client on Who can see my board; her case manager with her, on Today)."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.forms import error_message, field, submit_button
from strengthsapp.components.words import t
from strengthsapp.domain.grants import DEFAULT_DAYS, DURATIONS, RELATIONSHIP_WORDS, SCOPE_WORDS, SECTION_WORDS
from strengthsapp.domain.vocabulary import Relationship, Scope, Section


def checkbox(
    label: str | rx.Var[str], name: str, *, checked: bool = False, disabled: bool = False
) -> rx.Component:
    return rx.box(
        rx.checkbox(label, name=name, default_checked=checked, disabled=disabled, size="3", spacing="2"),
        min_height=styles.TOUCH_TARGET,
        display="flex",
        align_items="center",
    )


def invite_form(
    *,
    on_submit: rx.EventHandler,
    error: rx.Var[str],
    heading: str | rx.Var[str] | None = None,
    relationship_question: str | rx.Var[str] | None = None,
) -> rx.Component:
    """Who, which parts, what they may do, for how long. Nothing is ticked for them."""
    heading = t("Share with someone new") if heading is None else heading
    relationship_question = (
        t("Who are they to you?") if relationship_question is None else relationship_question
    )
    return rx.form(
        rx.vstack(
            rx.heading(heading, as_="h2", size="5"),
            field(t("Their name"), "name", autocomplete="off", max_length=80),
            rx.el.label(relationship_question, html_for="relationship", font_weight="500"),
            rx.select.root(
                rx.select.trigger(id="relationship", min_height=styles.TOUCH_TARGET, width="100%"),
                rx.select.content(
                    *[rx.select.item(t(RELATIONSHIP_WORDS[r]), value=r.value) for r in Relationship],
                ),
                name="relationship",
                default_value=Relationship.PEER.value,
                size="3",
            ),
            rx.el.fieldset(
                rx.el.legend(t("What they can see"), font_weight="500"),
                *[checkbox(t(SECTION_WORDS[s]).to(str).capitalize(), f"section_{s.value}") for s in Section],
                border="none",
                padding="0",
            ),
            rx.el.fieldset(
                rx.el.legend(t("What they can do"), font_weight="500"),
                checkbox(t("See"), "scope_view", checked=True, disabled=True),
                *[
                    checkbox(t(SCOPE_WORDS[s]).to(str).capitalize(), f"scope_{s.value}")
                    for s in (Scope.CHEER, Scope.SUGGEST)
                ],
                border="none",
                padding="0",
            ),
            rx.el.label(t("For how long?"), html_for="days", font_weight="500"),
            rx.select.root(
                rx.select.trigger(id="days", min_height=styles.TOUCH_TARGET, width="100%"),
                rx.select.content(
                    *[rx.select.item(t(words), value=str(days)) for days, words in DURATIONS.items()]
                ),
                name="days",
                default_value=str(DEFAULT_DAYS),
                size="3",
            ),
            error_message(error),
            submit_button(t("Make an invitation link")),
            spacing="3",
            width="100%",
        ),
        on_submit=on_submit,
        reset_on_submit=True,
        style=styles.card,
    )
