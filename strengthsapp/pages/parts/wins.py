"""A win as Today and My wins show it (cheers, "Remove", kept as a strength), and the form
that adds one."""

from __future__ import annotations

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.forms import submit_button
from strengthsapp.components.ops import native_select, op_button, op_form, pending
from strengthsapp.components.widgets import REMOVE_BUTTON, action_button, ask_first
from strengthsapp.components.words import t
from strengthsapp.services.progress import CHEERS
from strengthsapp.services.today import GoalSummaryPublic, WinPublic
from strengthsapp.states.board import BoardState


def win_card(win: rx.Var[WinPublic], *, journal: bool = False) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.icon("star", size=20, color="var(--amber-11)", aria_hidden="true"),
            rx.text(win.text, weight="medium", size="4"),
            align="start",
            spacing="2",
        ),
        rx.text(
            win.when,
            rx.cond(win.recorded_by != "", rx.fragment(" · ", t("recorded with {name}", name=win.recorded_by))),
            rx.cond(win.goal_text != "", " · " + win.goal_text, ""),
            size="2",
            color="var(--gray-11)",
        ),
        rx.cond(
            win.cheers.length() > 0,
            rx.hstack(
                rx.foreach(
                    win.cheers,
                    lambda cheer: rx.badge(
                        cheer.by + ": " + cheer.text,
                        color_scheme="amber",
                        variant="surface",
                        high_contrast=True,
                        size="2",
                    ),
                ),
                spacing="2",
                wrap="wrap",
                aria_label=t("Cheers"),
            ),
        ),
        rx.cond(
            BoardState.cheers,
            rx.hstack(
                *[
                    op_button(
                        emoji, kind="win.cheer", fields={"win": win.id, "cheer": emoji},
                        pending="win-" + win.id.to_string(), label=t("Cheer {emoji}: {win}", emoji=emoji, win=win.text),
                        variant="surface", color_scheme="amber", size="3", min_height=styles.TOUCH_TARGET,
                        min_width=styles.TOUCH_TARGET, aria_label=t("Cheer {win} with {emoji}", win=win.text, emoji=emoji),
                    )
                    for emoji in CHEERS
                ],
                spacing="2",
                wrap="wrap",
            ),
        ),
        rx.cond(
            win.removable & BoardState.records_progress,
            ask_first(
                action_button(t("Remove"), variant="ghost", aria_label=t("Remove win: {win}", win=win.text)),
                op_button(t("Remove it"), kind="win.remove", fields={"win": win.id}, pending="wins",
                          label=t("Remove the win: {win}", win=win.text),
                          hides="[data-win-card='" + win.id.to_string() + "']", **REMOVE_BUTTON),
                question=t("Remove this win?"),
                words=win.text,
            ),
        ),
        keep_as_strength(win) if journal else rx.fragment(),
        pending("win-" + win.id.to_string()),
        style=styles.win_card,
        spacing="2",
        class_name="win",
        custom_attrs={"data-win-card": win.id.to_string()},
        key=win.id.to_string(),
    )  # fmt: skip


def keep_as_strength(win: rx.Var[WinPublic]) -> rx.Component:
    """A win is evidence of a strength: one tap adds it to what has worked before."""
    return rx.cond(
        win.kept,
        rx.text(t("✓ In “What has worked before”"), size="2", color="var(--jade-12)"),
        rx.cond(
            BoardState.own,
            op_button(
                rx.icon("sprout", size=18, aria_hidden="true"),
                t("This has worked: keep it as a strength"),
                kind="win.keep",
                fields={"win": win.id},
                pending="win-" + win.id.to_string(),
                label=t("Keep as a strength: {win}", win=win.text),
                saved=t("Added to “What has worked before” in My strengths."),
                size="2",
                variant="soft",
                color_scheme="jade",
                high_contrast=True,
                min_height=styles.TOUCH_TARGET,
                aria_label=t("Keep as a strength: {win}", win=win.text),
            ),
        ),
    )


def win_form(goals: rx.Var[list[GoalSummaryPublic]] | None = None) -> rx.Component:
    """A new win; with `goals`, the client may say which one it is for."""
    with_goal = goals is not None
    field_id = "field-win-journal" if with_goal else "field-win"
    return op_form(
        "win.add",
        rx.vstack(
            rx.el.label(
                rx.cond(BoardState.own, t("A win, big or small"),
                        t("A win {name} wants to keep", name=BoardState.client_name)),
                html_for=field_id,
                font_weight="500",
            ),
            rx.hstack(
                rx.input(
                    id=field_id, name="win", required=True, size="3", flex="1",
                    min_height=styles.TOUCH_TARGET,
                ),
                # With a goal to choose, "Add" comes after the choice, not before it.
                submit_button(t("Add")) if not with_goal else rx.fragment(),
                width="100%",
            ),
            *([goal_choice(goals), submit_button(t("Add"))] if goals is not None else []),
            spacing="2" if with_goal else "1",
            width="100%",
        ),
        pending="wins",
        words="win",
    )  # fmt: skip


def goal_choice(goals: rx.Var[list[GoalSummaryPublic]]) -> rx.Component:
    return rx.cond(
        goals.length() > 0,
        native_select(
            "goal", id_="win-goal", aria_label=t("For a goal"),
            # The empty first choice is an option of its own: native_select's placeholder is a str.
            dynamic=rx.fragment(
                rx.el.option(t("For one of my goals? (if you like)"), value=""),
                rx.foreach(goals, lambda g: rx.el.option(g.text, value=g.id.to_string())),
            ),
        ),
    )  # fmt: skip
