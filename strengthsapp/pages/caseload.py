"""*My caseload*: a case manager's clients, what moved on each board, and their invitations."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.download_link import download_link
from strengthsapp.components.forms import error_message, submit_button
from strengthsapp.components.invite_link import invitation_language, invite_link_card
from strengthsapp.components.widgets import board_link
from strengthsapp.components.words import t
from strengthsapp.pages.parts.frame import page_frame
from strengthsapp.services.people import CaseloadRow
from strengthsapp.states.people import CaseloadState


def figure(value: rx.Var[int], words: rx.Var[str], icon: str) -> rx.Component:
    return rx.hstack(
        rx.icon(icon, size=18, aria_hidden="true", color="var(--accent-11)"),
        rx.text(t("{what}: {number}", what=words, number=value), size="2"),
        spacing="1",
        align="center",
    )


def caseload_row(row: rx.Var[CaseloadRow]) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            board_link(row.name, row.client_id),
            rx.button(
                t("New password link"),
                on_click=CaseloadState.reset_link(row.client_id),
                variant="soft",
                high_contrast=True,
                size="2",
                min_height=styles.TOUCH_TARGET,
                aria_label=t("New password link for {name}", name=row.name),
            ),
            justify="between",
            align="center",
            width="100%",
            wrap="wrap",
        ),
        rx.text(
            rx.cond(
                row.last_contact != "",
                t("Last met {when}", when=row.last_contact),
                t("No contact recorded yet"),
            ),
            size="2",
            color="var(--gray-11)",
        ),
        rx.hstack(
            figure(row.active_goals, t("Goals in motion"), "target"),
            figure(row.steps_done_14_days, t("Steps done (14 days)"), "check"),
            figure(row.new_wins, t("New wins"), "star"),
            figure(row.pending_suggestions, t("Ideas waiting"), "lightbulb"),
            spacing="4",
            wrap="wrap",
        ),
        rx.cond(
            row.removed_on != "",
            rx.text(
                t("Asked to delete their account. It will be removed on {day}.", day=row.removed_on),
                size="2",
                weight="medium",
                color="var(--tomato-11)",
                class_name="deletion-asked",
            ),
        ),
        rx.cond(
            row.quiet_for_a_while,
            rx.text(
                t("It has been a while. Maybe say hello?"), size="2", color="var(--amber-12)", weight="medium"
            ),
        ),
        style=styles.card,
        spacing="2",
        class_name="client",
    )


def caseload_tools() -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.el.label(t("Find a person"), html_for="caseload-search", font_weight="500"),
            rx.input(
                id="caseload-search",
                value=CaseloadState.query,
                on_change=CaseloadState.search.debounce(250),
                type="search",
                size="3",
                min_height=styles.TOUCH_TARGET,
                width="100%",
            ),
            flex="1",
            min_width="12rem",
            spacing="0",
        ),
        rx.vstack(
            rx.el.label(t("Order"), html_for="caseload-sort", font_weight="500"),
            rx.select.root(
                rx.select.trigger(id="caseload-sort", min_height=styles.TOUCH_TARGET),
                rx.select.content(
                    rx.select.item(t("By name"), value="name"),
                    rx.select.item(t("Longest since we met"), value="contact"),
                ),
                value=CaseloadState.sort,
                on_change=CaseloadState.sort_by,
                size="3",
            ),
            spacing="0",
        ),
        spacing="3",
        align="end",
        width="100%",
        wrap="wrap",
    )


def caseload_page() -> rx.Component:
    return page_frame(
        rx.heading(t("My caseload"), as_="h1", size="7"),
        error_message(CaseloadState.problem),
        rx.cond(
            CaseloadState.problem == "",
            download_link(
                t("Download my caseload (spreadsheet)"),
                "/api/export/caseload.csv",
                class_name="caseload-download",
            ),
        ),
        caseload_tools(),
        rx.vstack(
            rx.foreach(CaseloadState.clients, caseload_row),
            rx.cond(
                CaseloadState.clients.length() == 0,
                rx.text(
                    rx.cond(
                        CaseloadState.query != "",
                        t("No one by that name."),
                        t("No one is assigned to you yet."),
                    )
                ),
            ),
            spacing="3",
            width="100%",
        ),
        rx.form(
            rx.flex(
                rx.box(invitation_language("client-invite-locale"), min_width="10rem"),
                submit_button(t("Invite a client")),
                spacing="3",
                align="end",
                wrap="wrap",
            ),
            on_submit=CaseloadState.invite_client,
            width="100%",
        ),
        rx.cond(CaseloadState.new_invite, invite_link_card(CaseloadState.new_invite)),
    )
