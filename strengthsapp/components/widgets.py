"""Generic widgets every page uses: buttons, a question before a removal, labelled inputs,
sections, empty and loading states, messages. They know no state and no page."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import StringVar
from reflex_components_core.core.banner import has_connection_errors

from strengthsapp import styles
from strengthsapp.components.words import t


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
    no: str | rx.Var[str] | None = None,
) -> rx.Component:
    """A button that takes someone's words away asks once, on the device itself (no round
    trip, so offline too): a slip of the thumb next to it loses nothing. "Keep it" is
    where the focus starts. `trigger` is the button, without an on_click of its own; `yes`
    the button that does it (an operation, components.ops.op_button with REMOVE_BUTTON)."""
    no = t("Keep it") if no is None else no
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
    return rx.center(rx.spinner(size="3"), aria_label=t("Loading"), padding="2rem", width="100%")


def no_signal_notice() -> rx.Component:
    """Instead of Reflex's "Cannot connect to server: websocket error …" toast: plain words,
    and what they mean for what the person writes (assets/outbox-ui.js keeps it)."""
    return rx.cond(
        has_connection_errors,
        rx.box(
            rx.text(t("No signal right now. What you write stays on this device and is sent when there is signal."),
                    " ",
                    # A page that had not loaded yet: the offline screen shows what the device keeps.
                    rx.el.a(t("Show what this device keeps"), href="", style={"color": "inherit",
                                                                           "text_decoration": "underline"}),
                    size="2", weight="medium"),
            role="status", position="fixed", top="0", left="0", right="0", z_index="30", padding="0.35rem 1rem",
            text_align="center", background="var(--amber-3)", color="var(--amber-12)",
            border_bottom="1px solid var(--amber-7)", class_name="no-signal",
        ),
    )  # fmt: skip


def problem_page(text: rx.Var[str]) -> rx.Component:
    return rx.callout(text, icon="lock", color_scheme="gray", high_contrast=True, role="alert", width="100%")


def board_link(name: rx.Var[str], client_id: rx.Var[int]) -> rx.Component:
    return rx.link(
        name,
        href="/board?client=" + client_id.to_string(),
        size="5",
        weight="medium",
        min_height=styles.TOUCH_TARGET,
        display="inline-flex",
        align_items="center",
        _hover=styles.LINK_HOVER,
        high_contrast=True,
    )
