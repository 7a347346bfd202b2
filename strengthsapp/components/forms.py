"""Form pieces: labelled fields with big targets, messages, and native POST forms."""

from __future__ import annotations

from typing import Any

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.words import t


def field(
    label: str | rx.Var[str],
    name: str,
    *,
    type_: str = "text",
    autocomplete: str = "off",
    hint: str | rx.Var[str] = "",
    default_value: Any = None,
    required: bool = True,
    max_length: int = 300,
    problem: rx.Var[str] | None = None,
) -> rx.Component:
    """A labelled input; `problem` is what is wrong with what was written in it, said right
    under it (and read out with it) while the words stay in the box."""
    input_id = f"field-{name}"
    has_hint = isinstance(hint, rx.Var) or bool(hint)  # a translated hint is a Var: never empty
    described = [f"{input_id}-hint"] if has_hint else []
    extra: dict[str, Any] = {}
    if problem is not None:
        extra["aria_invalid"] = rx.cond(problem != "", "true", "false")
        described_var = rx.cond(
            problem != "", " ".join([*described, f"{input_id}-problem"]), " ".join(described)
        )
    return rx.vstack(
        rx.el.label(label, html_for=input_id, font_weight="500"),
        rx.cond(has_hint, rx.text(hint, size="2", color="var(--gray-11)", id=f"{input_id}-hint")),
        rx.input(
            id=input_id,
            name=name,
            type=type_,
            auto_complete=autocomplete,
            required=required,
            max_length=max_length,
            default_value=default_value,
            size="3",
            width="100%",
            min_height=styles.TOUCH_TARGET,
            aria_describedby=described_var if problem is not None else (" ".join(described) or None),
            **extra,
        ),
        *([field_problem(problem, f"{input_id}-problem")] if problem is not None else []),
        spacing="1",
        width="100%",
        align="stretch",
    )


def primary_button(text: str | rx.Var[str], **props: Any) -> rx.Component:
    # High contrast: white on the jade accent alone is below WCAG AA.
    return rx.button(text, size="3", high_contrast=True, min_height=styles.TOUCH_TARGET, **props)


def submit_button(text: str | rx.Var[str], **props: Any) -> rx.Component:
    return primary_button(text, type="submit", **props)


def field_problem(text: rx.Var[str], id_: str) -> rx.Component:
    return rx.cond(
        text != "",
        rx.text(
            rx.icon("circle-alert", size=16, aria_hidden="true", display="inline", vertical_align="-3px"),
            " ",
            text,
            id=id_,
            role="alert",
            size="2",
            weight="medium",
            color="var(--tomato-11)",
            class_name="field-problem",
        ),
    )


def error_message(text: rx.Var[str] | str) -> rx.Component:
    return rx.cond(
        text != "",
        rx.callout(
            text, icon="circle-alert", color_scheme="tomato", high_contrast=True, role="alert", width="100%"
        ),
    )


def notice(text: rx.Var[str] | str) -> rx.Component:
    return rx.cond(
        text != "",
        rx.callout(text, icon="info", color_scheme="jade", high_contrast=True, role="status", width="100%"),
    )


def native_post_form(*children: rx.Component, action: str, **props: Any) -> rx.Component:
    """A form the browser submits itself: for routes that set or clear the cookie."""
    return rx.el.form(*children, action=action, method="post", on_submit=None, **props)


def sign_out_button(*, everywhere: bool = False, form_id: str | None = None) -> rx.Component:
    return native_post_form(
        rx.el.input(type="hidden", name="everywhere", value="1" if everywhere else "0"),
        rx.button(
            t("Sign out on all my devices") if everywhere else t("Sign out"),
            type="submit",
            variant="soft" if everywhere else "ghost",
            color_scheme="gray",
            high_contrast=True,  # plain grey read as switched off
            size="3",
            min_height=styles.TOUCH_TARGET,
        ),
        action="/api/signout",
        **({"id": form_id} if form_id else {}),
    )
