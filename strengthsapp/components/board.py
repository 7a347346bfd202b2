"""What every view of a board shares: the tabs (at the bottom, in thumb reach), the
messages, and small form pieces."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import StringVar

from strengthsapp import styles
from strengthsapp.components.layout import page_frame, problem_page
from strengthsapp.states.today import BOARD_TOP, TabPublic, TodayState

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
        TodayState.tabs.length() > 1,
        rx.el.nav(
            rx.hstack(
                rx.foreach(TodayState.tabs, tab_link),
                spacing="1",
                width="100%",
                max_width="40rem",
                margin_x="auto",
            ),
            aria_label="Board",
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


def action_button(
    label: str | rx.Var[str],
    on_click: Any = None,
    *,
    aria_label: rx.Var[str] | str | None = None,
    color: str = "gray",
    variant: str = "soft",
    icon: str = "",
) -> rx.Component:
    return rx.button(
        *([rx.icon(icon, size=18, aria_hidden="true")] if icon else []),
        label,
        type="button",
        on_click=on_click,
        variant=variant,
        color_scheme=color,
        high_contrast=True,
        size="2",
        min_height=styles.TOUCH_TARGET,
        aria_label=aria_label,
    )


# When "Remove it" (or "Take it off", …) takes a thing off the page, the button that opened
# the question goes with it, and the focus (which the closing dialog gave back to that
# button) would fall to the page's start: a keyboard or screen-reader user would have to
# find their place again. Instead it goes to the heading just above where the thing was
# (its goal, its column, its section). Caught on the click, before the dialog closes,
# while its opener is still marked open; nothing moves when nothing was removed (a refusal).
FOCUS_AFTER_REMOVAL = """document.addEventListener('click', (event) => {
  if (!event.target.closest || !event.target.closest('[data-removes]')) return;
  const opener = document.querySelector('[aria-haspopup="dialog"][data-state="open"]');
  if (!opener) return;
  const above = [...document.querySelectorAll('main h1, main h2, main h3, main h4')]
    .filter((h) => h.compareDocumentPosition(opener) & Node.DOCUMENT_POSITION_FOLLOWING).pop();
  const started = Date.now();
  const timer = setInterval(() => {
    if (opener.isConnected && Date.now() - started < 10000) return;
    clearInterval(timer);
    const active = document.activeElement;
    if (opener.isConnected || (active && active !== document.body)) return;
    const target = above && above.isConnected ? above : document.querySelector('main h1');
    if (!target) return;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  }, 100);
}, true);"""


# The "yes" of ask_first: a red, full-size button; it also marks the removal for the focus.
REMOVE_BUTTON: dict[str, Any] = {
    "color_scheme": "tomato", "high_contrast": True, "size": "3", "min_height": styles.TOUCH_TARGET,
    "custom_attrs": {"data-removes": "true"},
}  # fmt: skip


def ask_first(
    trigger: rx.Component,
    yes: rx.Component,
    *,
    question: str | rx.Var[str],
    words: str | rx.Var[str],
    no: str = "Keep it",
) -> rx.Component:
    """A button that takes someone's words away asks once, on the device itself (no round
    trip, so offline too): a slip of the thumb next to it loses nothing. "Keep it" is
    where the focus starts. `trigger` is the button, without an on_click of its own; `yes`
    the button that does it (an operation, components.ops.op_button with REMOVE_BUTTON)."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(trigger),
        rx.alert_dialog.content(
            rx.alert_dialog.title(question),
            rx.alert_dialog.description("“", words, "”", style={"overflow_wrap": "anywhere"}),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button(no, variant="soft", color_scheme="gray", high_contrast=True, size="3",
                              min_height=styles.TOUCH_TARGET),
                ),
                rx.alert_dialog.action(yes),
                spacing="3",
                justify="end",
                wrap="wrap",
                padding_top="1rem",
            ),
            max_width="28rem",
        ),
    )  # fmt: skip


def icon_button(icon: str, on_click: Any, *, aria_label: rx.Var[str] | str) -> rx.Component:
    return rx.icon_button(
        rx.icon(icon, size=20, aria_hidden="true"),
        type="button",
        on_click=on_click,
        variant="soft",
        color_scheme="gray",
        high_contrast=True,
        size="3",
        min_width=styles.TOUCH_TARGET,
        min_height=styles.TOUCH_TARGET,
        aria_label=aria_label,
    )


def hidden(name: str, value: rx.Var | str) -> rx.Component:
    """A form field the person doesn't see: which item a form is about."""
    # Numbers become their digits; text stays as it is (to_string would JSON-quote it).
    text = value.to_string() if isinstance(value, rx.Var) and not isinstance(value, StringVar) else value
    return rx.el.input(type="hidden", name=name, value=text)


def opened_on() -> rx.Component:
    """The open edit form's version of the words when it opened (TodayState.start_editing):
    the board may refresh live while it is open, and the save must still name what the
    person saw, so that a newer change meets "This changed while you were writing", not a
    silent overwrite. (The item's own version would follow the refresh.)"""
    return hidden("version", TodayState.editing_version)


def labelled(label: str | rx.Var[str], control: rx.Component, *, html_for: str | rx.Var[str]) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=html_for, font_weight="500"),
        control,
        spacing="1",
        width="100%",
        align="stretch",
    )


def text_input(name: str, *, id_: str | rx.Var[str], **props: Any) -> rx.Component:
    """No maxlength: a browser would cut a paste silently; the server says what is too long
    and the words stay in the box to shorten."""
    return rx.input(
        id=id_,
        name=name,
        size="3",
        width="100%",
        min_height=styles.TOUCH_TARGET,
        **props,
    )


def empty(text: str | rx.Var[str]) -> rx.Component:
    return rx.text(text, size="3", color="var(--gray-11)")


def section(title: str | rx.Var[str], *children: rx.Component, section_id: str) -> rx.Component:
    return rx.el.section(
        rx.heading(title, as_="h2", size="5", margin_bottom="0.75rem", id=section_id),
        rx.vstack(*children, spacing="3", width="100%"),
        aria_labelledby=section_id,
        width="100%",
    )


def loading() -> rx.Component:
    return rx.center(rx.spinner(size="3"), aria_label="Loading", padding="2rem", width="100%")


def board_frame(view: rx.Component) -> rx.Component:
    """A board page: loading, then the board (or a plain refusal); messages on top, tabs below."""
    return page_frame(
        rx.cond(
            TodayState.loaded,
            rx.cond(
                TodayState.problem != "",
                problem_page(TodayState.problem),
                rx.vstack(
                    rx.cond(TodayState.view_problem != "", problem_page(TodayState.view_problem), view),
                    spacing="4",
                    width="100%",
                    padding_bottom="5rem",  # room above the tabs
                    id=BOARD_TOP,
                    # Whose board, for the changes made on it (assets/outbox-ui.js), and kept
                    # on the device as a snapshot for when there is no signal (offline.html).
                    custom_attrs={
                        "data-board": TodayState.board_client,
                        "data-board-name": TodayState.client_name,
                        "data-snapshot": "1",
                    },
                ),
            ),
            loading(),
        ),
        board_tabs(),
    )
