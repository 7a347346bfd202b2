"""A link to what the server makes (a spreadsheet, the plan to print, everything about me):
a plain `<a href>` that the browser follows itself, rather than the app's own navigation,
44 px high.

It has no `download` attribute on purpose: the file's answer says `attachment`, so the
browser saves it and stays on the page all the same, while a refusal (signed out since,
no longer allowed) is shown as the page it is. With `download`, Chromium takes the refusal
for the file and reports only a failed download (tests/e2e/test_csv_exports.py)."""

from __future__ import annotations

import reflex as rx

from strengthsapp import styles

LOOK = {
    "display": "inline-flex",
    "align_items": "center",
    "gap": "0.5rem",
    "min_height": styles.TOUCH_TARGET,
    "color": "var(--accent-12)",
    "font_weight": "500",
    "text_decoration": "underline",  # a link, and not by its colour alone
    "text_underline_offset": "0.2em",
    "width": "fit-content",
}


def download_link(
    label: str | rx.Var[str], href: str | rx.Var[str], *, icon: str = "file-spreadsheet", class_name: str = ""
) -> rx.Component:
    return rx.el.a(
        rx.icon(icon, size=18, aria_hidden="true"),
        label,
        href=href,
        reload_document=True,  # React Router would look for a page of the app at `href`
        class_name=class_name,
        style=LOOK,
    )
