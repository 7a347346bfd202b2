"""The page frame: a header with the menu for the person's role, one readable column."""

from collections.abc import Callable

import reflex as rx

from strengthsapp import i18n, styles
from strengthsapp.components.forms import native_post_form, sign_out_button
from strengthsapp.components.words import t
from strengthsapp.i18n import N_
from strengthsapp.states.display import DisplayState
from strengthsapp.states.session import SessionState

SIGN_OUT_FORM = "sign-out"

MENUS = {
    "client": [
        (N_("Today"), "/"),
        (N_("Nudges"), "/nudges"),
        (N_("Who can see my board"), "/sharing"),
        (N_("Activity"), "/activity"),
    ],
    "case_manager": [(N_("My caseload"), "/caseload")],
    "peer": [(N_("My people"), "/my-people")],
    "admin": [(N_("Agency"), "/admin")],
}


def language_switch() -> rx.Component:
    """On every page, one tap: the other language, named in itself (and marked as that
    language for screen readers). A form the browser posts: it works signed out, keeps the
    choice on the device and the account, and loads the page again in the new words."""
    return rx.el.div(
        *[
            native_post_form(
                rx.el.input(type="hidden", name="locale", value=code),
                rx.button(
                    rx.icon("languages", size=18, aria_hidden="true", class_name="language-icon"),
                    name,
                    type="submit",
                    lang=code,
                    variant="ghost",
                    color_scheme="gray",
                    high_contrast=True,
                    size="3",
                    min_height=styles.TOUCH_TARGET,
                    padding_x="0.5rem",
                ),
                action="/api/language",
                class_name=f"language-switch language-{code}",
                # Only the languages the page is not in (words.js marks <html lang>).
                data_language=code,
            )
            for code, name in i18n.LOCALES.items()
        ],
        class_name="language-switches",
    )


def nav_link(text: str, href: str) -> rx.Component:
    return rx.link(
        t(text),
        href=href,
        size="3",
        weight="medium",
        padding_x="0.5rem",
        min_height=styles.TOUCH_TARGET,
        display="inline-flex",
        align_items="center",
        white_space="nowrap",
        _hover=styles.LINK_HOVER,
        high_contrast=True,
    )


def role_links(link: Callable[[str, str], rx.Component]) -> rx.Component:
    """The pages of the signed-in person's role, then My account, each made by `link(text,
    href)`: the same list as a tablet's row and as a phone's menu."""
    return rx.fragment(
        rx.match(
            SessionState.role,
            *[(role, rx.fragment(*[link(t, h) for t, h in items])) for role, items in MENUS.items()],
            rx.fragment(),
        ),
        rx.cond(SessionState.role != "", link(N_("My account"), "/account")),
    )


def menu() -> rx.Component:
    """On a tablet or wider, the menu as a row of links under the name."""
    return rx.el.nav(
        rx.hstack(
            role_links(nav_link),
            rx.cond(SessionState.role != "", sign_out_button(form_id=SIGN_OUT_FORM)),
            spacing="1",
            wrap="wrap",
            align="center",
        ),
        aria_label=t("Main"),
        padding_x="0.5rem",
        display=styles.FROM_TABLET,
    )


def menu_entry(text: str, href: str) -> rx.Component:
    return rx.menu.item(
        t(text), on_select=rx.redirect(href), min_height=styles.TOUCH_TARGET, font_size="1rem"
    )


def phone_menu() -> rx.Component:
    """On a phone, the same as one "Menu" button in the header: a client's five links and
    Sign out took two rows of a small screen above every page."""
    return rx.cond(
        SessionState.role != "",
        rx.box(
            rx.menu.root(
                rx.menu.trigger(
                    rx.button(
                        rx.icon("menu", size=20, aria_hidden="true"),
                        t("Menu"),
                        variant="soft",
                        color_scheme="gray",
                        high_contrast=True,
                        size="3",
                        min_height=styles.TOUCH_TARGET,
                        padding_x="0.75rem",
                    ),
                ),
                rx.menu.content(
                    role_links(menu_entry),
                    rx.menu.separator(),
                    # Submits the sign-out form of the row menu (hidden on a phone, there all
                    # the same): signing out is a real POST and a full page load.
                    rx.menu.item(
                        rx.el.button(t("Sign out"), type="submit", form=SIGN_OUT_FORM),
                        as_child=True,
                        min_height=styles.TOUCH_TARGET,
                        font_size="1rem",
                        width="100%",
                    ),
                    align="end",
                    min_width="14rem",
                ),
                # Not modal: a modal menu hides the page from screen readers with aria-hidden
                # while its links stay focusable (axe: aria-hidden-focus).
                modal=False,
            ),
            display=styles.ON_PHONE,
        ),
    )


def notice_banner(
    lines: rx.Var[list[str]],
    *,
    icon: str,
    color: str,
    action: rx.Component,
    class_name: str,
    alert: bool = False,
) -> rx.Component:
    """Something the person should know, on every page until it is dealt with: its lines,
    and what to do about it."""
    return rx.cond(
        lines.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon(icon, aria_hidden="true")),
            rx.vstack(rx.foreach(lines, lambda words: rx.text(words, size="3")), action, spacing="2",
                      align="start"),
            color_scheme=color, high_contrast=True, width="100%", class_name=class_name,
            **({"role": "alert"} if alert else {}),
        ),
    )  # fmt: skip


def sign_in_link_banner() -> rx.Component:
    """Someone made a sign-in link for this person: said on every page until they say
    they know (a link is a way into everything they see)."""
    return notice_banner(
        SessionState.sign_in_links, icon="key-round", color="amber", class_name="sign-in-link-notice", alert=True,
        action=rx.button(t("I know about it"), on_click=SessionState.knew_about_links, variant="soft",
                         color_scheme="amber", high_contrast=True, size="3", min_height=styles.TOUCH_TARGET),
    )  # fmt: skip


def invitations_banner() -> rx.Component:
    """A client's invitations made together with her case manager wait for her yes."""
    return notice_banner(
        SessionState.invitations_to_confirm, icon="user-plus", color="jade", class_name="invitations-notice",
        action=rx.link(t("Say yes or no in “Who can see my board”"), href="/sharing", size="3", weight="medium",
                       high_contrast=True, _hover=styles.LINK_HOVER),
    )  # fmt: skip


def page_frame(*children: rx.Component, with_menu: bool = True) -> rx.Component:
    return rx.box(
        rx.el.header(
            rx.hstack(
                rx.hstack(
                    rx.icon("sprout", size=26, color="var(--accent-11)", aria_hidden="true"),
                    # On a narrow phone the sprout alone: the header stays one row beside the controls.
                    rx.text(
                        "strengthsapp",
                        weight="bold",
                        size=rx.breakpoints(initial="3", sm="4"),
                        class_name="brand-name",
                    ),
                    align="center",
                    spacing="2",
                ),
                rx.hstack(
                    rx.button(
                        rx.text("A", size="2"),
                        rx.text("A", size="5"),
                        on_click=DisplayState.toggle_large_text,
                        variant=rx.cond(DisplayState.large_text == "1", "soft", "ghost"),
                        color_scheme="gray",
                        high_contrast=True,
                        size="3",
                        min_width=styles.TOUCH_TARGET,
                        min_height=styles.TOUCH_TARGET,
                        padding_x="0.5rem",
                        aria_label=t("Large text"),
                        aria_pressed=rx.cond(DisplayState.large_text == "1", "true", "false"),
                        class_name="large-text-toggle",
                    ),
                    rx.color_mode.button(
                        size="3",
                        variant="ghost",
                        aria_label=t("Switch light or dark"),
                        min_width=styles.TOUCH_TARGET,
                        min_height=styles.TOUCH_TARGET,
                    ),
                    language_switch(),
                    phone_menu() if with_menu else rx.fragment(),
                    spacing="1",
                    align="center",
                ),
                justify="between",
                wrap="wrap",  # large text on a small phone: the buttons go under the name
                align="center",
                width="100%",
                padding_x=rx.breakpoints(initial="0.75rem", sm="1rem"),
                padding_y="0.25rem",
            ),
            menu() if with_menu else rx.fragment(),
            border_bottom="1px solid var(--gray-a5)",
        ),
        rx.el.main(
            rx.vstack(
                sign_in_link_banner() if with_menu else rx.fragment(),
                invitations_banner() if with_menu else rx.fragment(),
                *children,
                spacing="5",
                width="100%",
                max_width=styles.PAGE_MAX_WIDTH,
                margin_x="auto",
                padding="1rem",
            ),
            custom_attrs={"data-worker": SessionState.worker},
        ),
        min_height="100vh",
        # Large text scales the whole page (text, targets and layout together), so nothing
        # overlaps; Radix sizes are in px and would not follow a root font size.
        style={"zoom": rx.cond(DisplayState.large_text == "1", "1.25", "1")},
    )
