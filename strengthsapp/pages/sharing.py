"""Who can see my board: the client's list, with a stop button, and inviting someone."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.forms import error_message, field, submit_button
from strengthsapp.components.invite_link import invite_link_card
from strengthsapp.components.layout import page_frame, problem_page
from strengthsapp.domain.grants import DEFAULT_DAYS, DURATIONS, RELATIONSHIP_WORDS, SCOPE_WORDS, SECTION_WORDS
from strengthsapp.domain.vocabulary import Relationship, Scope, Section
from strengthsapp.services.grants import GrantPublic
from strengthsapp.states.sharing import SharingState


def grant_row(grant: rx.Var[GrantPublic]) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(grant.person, weight="bold", size="4"),
            rx.text(grant.relationship, size="2", color="var(--gray-11)"),
            rx.text(grant.can, size="3"),
            rx.cond(
                grant.needs_yes,
                rx.text(grant.made_by + " made this invitation with you. It works once you say yes.",
                        size="3", weight="medium"),
                rx.text(rx.cond(grant.waiting, "Waiting: ", "Until ") + grant.until, size="2"),
            ),
            spacing="1",
            align="start",
        ),
        rx.hstack(
            rx.cond(
                grant.needs_yes,
                rx.button("Yes, send it", on_click=SharingState.confirm(grant.id), color_scheme="jade",
                          variant="soft", high_contrast=True, size="3", min_height=styles.TOUCH_TARGET,
                          aria_label="Yes, invite " + grant.person),
            ),
            rx.button(
                rx.cond(grant.needs_yes, "No", rx.cond(grant.waiting, "Cancel", "Stop sharing")),
                on_click=SharingState.revoke(grant.id),
                color_scheme="tomato",
                variant="soft",
                high_contrast=True,
                size="3",
                min_height=styles.TOUCH_TARGET,
                aria_label=rx.cond(grant.waiting, "Cancel invitation for ", "Stop sharing with ") + grant.person,
            ),
            spacing="2",
            wrap="wrap",
        ),
        justify="between",
        align="center",
        wrap="wrap",
        style=styles.card,
        class_name="grant",
    )  # fmt: skip


def checkbox(label: str, name: str, *, checked: bool = False, disabled: bool = False) -> rx.Component:
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
    heading: str | rx.Var[str] = "Share with someone new",
    relationship_question: str | rx.Var[str] = "Who are they to you?",
) -> rx.Component:
    """Who, which parts, what they may do, for how long. Nothing is ticked for them."""
    return rx.form(
        rx.vstack(
            rx.heading(heading, as_="h2", size="5"),
            field("Their name", "name", autocomplete="off", max_length=80),
            rx.el.label(relationship_question, html_for="relationship", font_weight="500"),
            rx.select.root(
                rx.select.trigger(id="relationship", min_height=styles.TOUCH_TARGET, width="100%"),
                rx.select.content(
                    *[rx.select.item(RELATIONSHIP_WORDS[r], value=r.value) for r in Relationship],
                ),
                name="relationship",
                default_value=Relationship.PEER.value,
                size="3",
            ),
            rx.el.fieldset(
                rx.el.legend("What they can see", font_weight="500"),
                *[checkbox(SECTION_WORDS[s].capitalize(), f"section_{s.value}") for s in Section],
                border="none",
                padding="0",
            ),
            rx.el.fieldset(
                rx.el.legend("What they can do", font_weight="500"),
                checkbox("See", "scope_view", checked=True, disabled=True),
                *[
                    checkbox(SCOPE_WORDS[s].capitalize(), f"scope_{s.value}")
                    for s in (Scope.CHEER, Scope.SUGGEST)
                ],
                border="none",
                padding="0",
            ),
            rx.el.label("For how long?", html_for="days", font_weight="500"),
            rx.select.root(
                rx.select.trigger(id="days", min_height=styles.TOUCH_TARGET, width="100%"),
                rx.select.content(
                    *[rx.select.item(words, value=str(days)) for days, words in DURATIONS.items()]
                ),
                name="days",
                default_value=str(DEFAULT_DAYS),
                size="3",
            ),
            error_message(error),
            submit_button("Make an invitation link"),
            spacing="3",
            width="100%",
        ),
        on_submit=on_submit,
        reset_on_submit=True,
        style=styles.card,
    )


def sharing_page() -> rx.Component:
    return page_frame(
        rx.heading("Who can see my board", as_="h1", size="7"),
        rx.cond(
            SharingState.problem != "",
            problem_page(SharingState.problem),
            rx.vstack(
                rx.text("You decide who sees what, and for how long. You can stop it at any time.", size="3"),
                rx.vstack(
                    rx.foreach(SharingState.grants, grant_row),
                    rx.cond(SharingState.grants.length() == 0, rx.text("Only you and your case manager.")),
                    spacing="3",
                    width="100%",
                ),
                rx.cond(SharingState.new_invite, invite_link_card(SharingState.new_invite)),
                invite_form(on_submit=SharingState.invite, error=SharingState.error),
                spacing="4",
                width="100%",
            ),
        ),
    )
