"""The board's frame, shared by its five views: loading, the board (or a plain refusal),
the tabs at the bottom (in thumb reach), and the open edit form's version."""

from __future__ import annotations

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.widgets import hidden, loading, problem_page
from strengthsapp.components.words import t
from strengthsapp.pages.parts.frame import page_frame
from strengthsapp.states.board import BOARD_TOP, BoardState, TabPublic

TAB_ICONS = ("sun", "layout-dashboard", "target", "sprout", "star", "map-pin")


def tab_link(tab: rx.Var[TabPublic]) -> rx.Component:
    return rx.link(
        rx.vstack(
            rx.match(
                tab.icon,
                *[(name, rx.icon(name, size=22, aria_hidden="true")) for name in TAB_ICONS],
                rx.icon("circle", size=22, aria_hidden="true"),
            ),
            rx.text(tab.label, size="1", weight=rx.cond(tab.current, "bold", "regular")),
            spacing="0",
            align="center",
        ),
        href=tab.href,
        aria_current=rx.cond(tab.current, "page", "false"),
        flex="1",
        min_width="0",  # five tabs share a phone's width, large text included
        min_height="56px",
        display="flex",
        align_items="center",
        justify_content="center",
        color=rx.cond(tab.current, "var(--accent-12)", "var(--gray-12)"),
        background=rx.cond(tab.current, "var(--accent-a4)", "transparent"),
        border_radius="var(--radius-3)",
        underline="none",
        _hover=styles.LINK_HOVER,
    )


def board_tabs() -> rx.Component:
    """The board's views, fixed at the bottom of the screen where a thumb reaches."""
    return rx.cond(
        BoardState.tabs.length() > 1,
        rx.el.nav(
            rx.hstack(
                rx.foreach(BoardState.tabs, tab_link),
                spacing="1",
                width="100%",
                max_width="40rem",
                margin_x="auto",
            ),
            aria_label=t("Board"),
            position="fixed",
            bottom="0",
            left="0",
            right="0",
            padding="0.25rem 0.5rem calc(0.25rem + env(safe-area-inset-bottom))",
            background="var(--color-panel-solid)",
            border_top="1px solid var(--gray-a6)",
            z_index="10",
        ),
    )


def opened_on() -> rx.Component:
    """The open edit form's version of the words when it opened (BoardState.start_editing):
    the board may refresh live while it is open, and the save must still name what the
    person saw, so that a newer change meets "This changed while you were writing", not a
    silent overwrite. (The item's own version would follow the refresh.)"""
    return hidden("version", BoardState.editing_version)


def board_frame(view: rx.Component) -> rx.Component:
    """A board page: loading, then the board (or a plain refusal); messages on top, tabs below."""
    return page_frame(
        rx.cond(
            BoardState.loaded,
            rx.cond(
                BoardState.problem != "",
                problem_page(BoardState.problem),
                rx.vstack(
                    rx.cond(BoardState.view_problem != "", problem_page(BoardState.view_problem), view),
                    spacing="4",
                    width="100%",
                    padding_bottom="5rem",  # room above the tabs
                    id=BOARD_TOP,
                    # Whose board, for the changes made on it (assets/outbox-ui.js), and kept
                    # on the device as a snapshot for when there is no signal (offline.html).
                    custom_attrs={
                        "data-board": BoardState.board_client,
                        "data-board-name": BoardState.client_name,
                        "data-snapshot": "1",
                    },
                ),
            ),
            loading(),
        ),
        board_tabs(),
    )
