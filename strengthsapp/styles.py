"""Shared look: a warm, natural palette, large touch targets, a readable measure."""

import reflex as rx

THEME_COLOR = "#2a7e6b"
THEME = rx.theme(accent_color="jade", gray_color="sand", radius="large", scaling="105%")

# WCAG 2.2 target size, and then some: fingers on a phone, on a bus.
TOUCH_TARGET = "44px"
# Radix's breakpoint "sm" (768 px): a tablet held upright (820 px) is past it, a phone not.
ON_PHONE = rx.breakpoints(initial="block", sm="none")
FROM_TABLET = rx.breakpoints(initial="none", sm="block")
PAGE_MAX_WIDTH = "64rem"

card = {
    "width": "100%",
    "padding": "1rem",
    "border_radius": "var(--radius-4)",
    "background": "var(--gray-a2)",
    "border": "1px solid var(--gray-a5)",
}
win_card = {**card, "background": "var(--amber-a3)", "border": "1px solid var(--amber-a6)"}

# Reflex's links turn accent-8 on hover, below AA contrast; on phones that hover sticks
# after a tap. Darker instead.
LINK_HOVER = {"color": "var(--accent-12)"}

# The tappable line of a fold-out (<details>): a full-size target, with a chevron that
# points down once open (display: flex drops the browser's own triangle).
SUMMARY = {
    "min_height": TOUCH_TARGET,
    "display": "flex",
    "align_items": "center",
    "gap": "0.6rem",
    "cursor": "pointer",
    "list_style": "none",
    "&::-webkit-details-marker": {"display": "none"},
    "&::before": {
        "content": '""',
        "flex_shrink": "0",
        "width": "0.5em",
        "height": "0.5em",
        "margin_inline": "0.15em",
        "border_right": "2px solid currentColor",
        "border_bottom": "2px solid currentColor",
        "transform": "rotate(-45deg)",
        "transition": "transform 0.15s",
    },
    "details[open] > &::before": {"transform": "rotate(45deg)"},
}

# Radix greys select placeholders below AA contrast; "Choose ..." / "Feeling" say they are one.
SELECT_PLACEHOLDER = {"&[data-placeholder] .rt-SelectTriggerInner": {"color": "var(--gray-12)"}}

# The browser's own select, looking like the text fields beside it (16 px: no zoom on iOS).
NATIVE_SELECT = {
    "width": "100%",
    "min_height": TOUCH_TARGET,
    "font_size": "16px",
    "padding": "0 0.75rem",
    "border": "1px solid var(--gray-a7)",
    "border_radius": "var(--radius-3)",
    "background": "var(--color-surface)",
    "color": "var(--gray-12)",
}
