"""Changes made on a screen, as operations (services.operations): forms and buttons that
assets/outbox-ui.js turns into an operation kept on this device before anything else
happens, sent when there is signal, and shown with a plain status where it belongs
(`pending`) until the server has it. Nothing here sends a Reflex event: a change must not
live only in the page's memory (a reload, a closed tab or no signal would lose it).

Every form's controls are the browser's own (inputs, native selects): after the outbox has
taken the words, the form is reset, and a native control resets with it (a Radix select
would keep showing its last choice while its hidden field went back).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from strengthsapp import styles

Value = str | int | rx.Var


def _attrs(**values: Value | None) -> dict[str, Value]:
    return {f"data-{name.replace('_', '-')}": value for name, value in values.items() if value is not None}


def op_form(
    kind: str,
    *children: rx.Component,
    pending: Value,
    words: str = "",
    saved: Value | None = None,
    form: Value | None = None,
    **props: Any,
) -> rx.Component:
    """A form whose submit is an operation of `kind` (its fields by name). `words` names the
    field whose words show while it is kept; `saved` is what it says once saved; `pending`
    the list (`pending(...)`) where it shows; `form` tells apart forms of one kind on a page."""
    return rx.el.form(
        *children,
        custom_attrs=_attrs(op=kind, pending=pending, words=words or None, saved=saved, form=form),
        style={"width": "100%", **props.pop("style", {})},
        **props,
    )


def op_button(
    *children: rx.Component | str | rx.Var,
    kind: str,
    fields: dict[str, Value],
    pending: Value,
    label: Value,
    hides: Value | None = None,
    saved: Value | None = None,
    **props: Any,
) -> rx.Component:
    """A button whose tap is an operation of `kind` with these `fields`. `label` is what the
    kept change says it was ("Done: Buy a tyre"); `hides` a CSS selector of what the tap has
    dealt with, hidden at once (the button itself, a removed card)."""
    attrs = {**props.pop("custom_attrs", {}), **_attrs(op=kind, pending=pending, label=label, hides=hides, saved=saved),
             **{f"data-f-{name}": value for name, value in fields.items()}}  # fmt: skip
    return rx.button(*children, type="button", custom_attrs=attrs, **props)


def pending(key: Value) -> rx.Component:
    """Where the changes kept on this device for `key` show, with their status; filled by
    assets/outbox-ui.js, empty otherwise."""
    return rx.el.div(custom_attrs={"data-pending-list": key}, class_name="pending-list", width="100%")


def after_keep(on_click: Any) -> rx.Component:
    """Inside an op_form: clicked by the outbox once it holds the words (closes an edit form)."""
    return rx.el.button(
        type="button", on_click=on_click, custom_attrs={"data-after-keep": "1"}, hidden=True, tab_index=-1,
        aria_hidden="true",
    )  # fmt: skip


def native_select(
    name: str,
    options: list[tuple[str, str | rx.Var[str]]] | None = None,
    *,
    id_: Value,
    default: Value = "",
    placeholder: str | rx.Var[str] = "",
    dynamic: rx.Component | None = None,
    **props: Any,
) -> rx.Component:
    """The browser's own select: it resets with its form, and on a phone opens the phone's
    own picker. `placeholder` is an empty first choice; `dynamic` more options (a foreach)."""
    # A translated placeholder is a Var (never empty).
    choices = [rx.el.option(placeholder, value="")] if isinstance(placeholder, rx.Var) or placeholder else []
    choices += [rx.el.option(label, value=value) for value, label in options or []]
    return rx.el.select(
        *choices,
        *([dynamic] if dynamic is not None else []),
        name=name,
        id=id_,
        default_value=default,
        style={**styles.NATIVE_SELECT, **props.pop("style", {})},
        **props,
    )
