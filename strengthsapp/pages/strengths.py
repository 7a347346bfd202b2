"""*My strengths*: the Strengths Assessment, one life domain at a time, starting from what
I want; then *My priorities* (up to four), each a goal with one tap."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.domain_icon import domain_icon
from strengthsapp.components.forms import submit_button
from strengthsapp.components.ops import after_keep, op_button, op_form, pending
from strengthsapp.components.widgets import (
    REMOVE_BUTTON,
    action_button,
    ask_first,
    empty,
    hidden,
    icon_button,
    section,
    text_input,
)
from strengthsapp.components.words import t
from strengthsapp.domain.vocabulary import StrengthColumn
from strengthsapp.pages.parts.board import board_frame, opened_on
from strengthsapp.services.strengths import COLUMN_WORDS, DomainStrengthsPublic, EntryPublic, PriorityPublic
from strengthsapp.states.board import BoardState
from strengthsapp.states.strengths import StrengthsState


def entry_row(entry: rx.Var[EntryPublic], column: str) -> rx.Component:
    key = "strength-" + entry.id.to_string()
    field_id = "edit-" + key
    return rx.fragment(rx.cond(
        BoardState.editing == key,
        op_form(
            "strength.edit",
            hidden("strength", entry.id),
            opened_on(),
            rx.vstack(
                text_input("text", id_=field_id, default_value=entry.text, required=True,
                           aria_label=t("Change: {words}", words=entry.text)),
                rx.hstack(
                    submit_button(t("Save")),
                    action_button(t("Cancel"), BoardState.stop_editing()),
                    after_keep(BoardState.stop_editing()),
                    ask_first(action_button(t("Take it off"), color="tomato",
                                            aria_label=t("Take it off: {words}", words=entry.text)),
                              op_button(t("Take it off"), kind="strength.remove", fields={"strength": entry.id},
                                        pending="strengths-" + column, label=t("Take off: {words}", words=entry.text),
                                        hides="[data-strength='" + entry.id.to_string() + "']", **REMOVE_BUTTON),
                              question=t("Take this off?"), words=entry.text),
                    spacing="2",
                    wrap="wrap",
                ),
                spacing="2",
                width="100%",
            ),
            pending="strengths-" + column,
            words="text",
        ),
        rx.hstack(
            rx.text(entry.text, size="3", flex="1"),
            rx.cond(
                StrengthsState.edits & StrengthsState.room_for_priorities if column == "want" else False,
                # Named on a phone (one column, room to spare); the flag alone in a tablet's
                # three narrow columns.
                op_button(
                    rx.icon("flag", size=18, aria_hidden="true"),
                    rx.text(t("Priority"), display=rx.breakpoints(initial="inline", sm="none")),
                    kind="priority.add", fields={"text": entry.text}, pending="priorities",
                    label=t("A priority: {words}", words=entry.text), variant="soft",
                    color_scheme="gray", high_contrast=True, size="2", min_height=styles.TOUCH_TARGET,
                    min_width=styles.TOUCH_TARGET, aria_label=t("Make it a priority: {words}", words=entry.text),
                ),
            ),
            rx.cond(
                StrengthsState.edits,
                icon_button("pencil", BoardState.start_editing(key, entry.version),
                            aria_label=t("Change: {words}", words=entry.text)),
            ),
            align="center",
            spacing="2",
            width="100%",
            class_name="strength",
            custom_attrs={"data-strength": entry.id.to_string()},
        ),
    ), key=entry.id.to_string())  # fmt: skip


def column_box(domain: rx.Var[DomainStrengthsPublic], column: StrengthColumn) -> rx.Component:
    label, hint = COLUMN_WORDS[column]
    field_id = "new-" + rx.cond(domain.key != "", domain.key, "anywhere") + "-" + column.value
    return rx.vstack(
        rx.heading(t(label), as_="h3", size="3"),
        rx.text(t(hint), size="2", color="var(--gray-11)"),
        rx.foreach(getattr(domain, column.value), lambda entry: entry_row(entry, column.value)),
        rx.cond(
            StrengthsState.edits,
            op_form(
                "strength.add",
                hidden("domain", domain.key),
                hidden("column", column.value),
                rx.hstack(
                    text_input("text", id_=field_id, required=True,
                               aria_label=t("Add to {column}, {domain}", column=t(label), domain=domain.label)),
                    rx.button(rx.icon("plus", size=18, aria_hidden="true"), t("Add"), type="submit", variant="soft",
                              high_contrast=True, size="3", min_height=styles.TOUCH_TARGET,
                              aria_label=t("Add to {column}, {domain}", column=t(label), domain=domain.label)),
                    spacing="2",
                    width="100%",
                ),
                pending="strengths-" + domain.key + "-" + column.value,
                words="text",
                form="strength-" + domain.key + "-" + column.value,
            ),
        ),
        pending("strengths-" + domain.key + "-" + column.value),
        pending("strengths-" + column.value),
        spacing="2",
        width="100%",
        style={**styles.card, "background": "var(--jade-a3)" if column is StrengthColumn.WANT else "var(--gray-a2)"},
    )  # fmt: skip


def domain_block(domain: rx.Var[DomainStrengthsPublic]) -> rx.Component:
    """One life domain, folded on a phone; the three columns side by side on a tablet."""
    return rx.el.details(
        rx.el.summary(
            rx.hstack(
                rx.box(domain_icon(domain.icon), color="var(--accent-11)"),
                rx.text(domain.label, weight="medium", size="4"),
                rx.cond(domain.count > 0, rx.badge(domain.count.to_string(), variant="surface", high_contrast=True)),
                align="center",
                spacing="2",
            ),
            style={**styles.SUMMARY, "min_height": "52px"},
        ),
        rx.grid(
            *[column_box(domain, column) for column in COLUMN_WORDS],
            columns=rx.breakpoints(initial="1", sm="3"),
            spacing="3",
            width="100%",
            padding_top="0.5rem",
        ),
        style={**styles.card, "padding": "0.5rem 1rem"},
        class_name="domain",
        key=domain.key.to_string(),
    )  # fmt: skip


def priority_row(priority: rx.Var[PriorityPublic]) -> rx.Component:
    return rx.hstack(
        rx.badge(priority.rank.to_string(), size="3", variant="solid", high_contrast=True),
        rx.vstack(
            rx.text(priority.text, size="4", weight="medium"),
            rx.cond(priority.became_goal, rx.text(t("It's a goal now"), size="2", color="var(--jade-12)")),
            spacing="0",
            flex="1",
        ),
        rx.cond(
            StrengthsState.edits & ~priority.became_goal,
            op_button(t("Make it a goal"), kind="priority.to_goal", fields={"priority": priority.id},
                      pending="priorities", label=t("Make it a goal: {words}", words=priority.text),
                      saved=t("It's a goal now. You'll find it in My goals, ready for a first step."),
                      color_scheme="jade", variant="solid", high_contrast=True, size="2",
                      min_height=styles.TOUCH_TARGET, aria_label=t("Make it a goal: {words}", words=priority.text)),
        ),
        rx.cond(
            StrengthsState.edits,
            op_button(rx.icon("x", size=20, aria_hidden="true"), kind="priority.remove",
                      fields={"priority": priority.id}, pending="priorities",
                      label=t("Take off my priorities: {words}", words=priority.text),
                      hides="[data-priority='" + priority.id.to_string() + "']", variant="soft", color_scheme="gray",
                      high_contrast=True, size="3", min_width=styles.TOUCH_TARGET, min_height=styles.TOUCH_TARGET,
                      aria_label=t("Take off my priorities: {words}", words=priority.text)),
        ),
        align="center",
        spacing="3",
        width="100%",
        style=styles.card,
        class_name="priority",
        custom_attrs={"data-priority": priority.id.to_string()},
        key=priority.id.to_string(),
    )  # fmt: skip


def priorities() -> rx.Component:
    return section(
        rx.cond(BoardState.own, t("My priorities"), t("Priorities")),
        rx.text(t("Up to four things that matter most now. Each can become a goal with one tap."), size="2",
                color="var(--gray-11)"),
        rx.foreach(StrengthsState.priorities, priority_row),
        rx.cond(StrengthsState.priorities.length() == 0, empty(t("None yet. Tap the flag beside something you want."))),
        rx.cond(
            StrengthsState.edits & StrengthsState.room_for_priorities,
            op_form(
                "priority.add",
                rx.hstack(
                    text_input("text", id_="new-priority", required=True, aria_label=t("A priority, in my words"),
                               placeholder=t("A priority, in my words")),
                    submit_button(t("Add")),
                    spacing="2",
                    width="100%",
                ),
                pending="priorities",
                words="text",
            ),
        ),
        pending("priorities"),
        section_id="priorities",
    )  # fmt: skip


def strengths_view() -> rx.Component:
    return rx.vstack(
        rx.heading(rx.cond(BoardState.own, t("My strengths"), t("{name}'s strengths", name=BoardState.client_name)),
                   as_="h1", size="7"),
        rx.text(t("Start with what you want, in any part of life. Then what you have now, and what has worked "
                  "before."), size="3", color="var(--gray-11)"),
        rx.foreach(StrengthsState.domains, domain_block),
        priorities(),
        spacing="4",
        width="100%",
    )  # fmt: skip


def strengths_page() -> rx.Component:
    return board_frame(strengths_view())
