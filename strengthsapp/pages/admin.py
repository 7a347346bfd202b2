"""The agency admin's desk: people, invitations, who works with whom, and the audit."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.download_link import download_link
from strengthsapp.components.forms import error_message, field, notice, submit_button
from strengthsapp.components.invite_link import invitation_language, invite_link_card
from strengthsapp.components.widgets import problem_page
from strengthsapp.components.words import t
from strengthsapp.domain.vocabulary import Role
from strengthsapp.pages.parts.frame import page_frame
from strengthsapp.services.activity import AuditMetadataRow
from strengthsapp.services.deletion import PendingDeletion
from strengthsapp.services.people import ROLE_LABELS, AssignmentRow, PersonRow
from strengthsapp.states.admin import AdminState


def labelled_select(
    label: str | rx.Var[str], name: str, options: rx.Var, placeholder: str | rx.Var[str]
) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=f"select-{name}", font_weight="500"),
        rx.select.root(
            rx.select.trigger(
                id=f"select-{name}",
                placeholder=placeholder,
                min_height=styles.TOUCH_TARGET,
                width="100%",
                style=styles.SELECT_PLACEHOLDER,
            ),
            rx.select.content(rx.foreach(options, lambda o: rx.select.item(o[1], value=o[0]))),
            name=name,
            size="3",
        ),
        spacing="1",
        width="100%",
    )


def person_row(person: rx.Var[PersonRow]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(person.name),
        rx.table.cell(person.role),
        rx.table.cell(person.login),
        rx.table.cell(
            rx.button(
                t("New password link"),
                on_click=AdminState.reset_link(person.id),
                variant="soft",
                high_contrast=True,
                size="2",
                min_height=styles.TOUCH_TARGET,
                aria_label=t("New password link for {name}", name=person.name),
            )
        ),
    )


def assignment_row(row: rx.Var[AssignmentRow]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row.client),
        rx.table.cell(row.case_manager),
        rx.table.cell(row.since),
        rx.table.cell(
            rx.button(
                t("End"),
                on_click=AdminState.end_assignment(row.id),
                color_scheme="tomato",
                variant="soft",
                high_contrast=True,
                size="2",
                min_height=styles.TOUCH_TARGET,
                aria_label=t(
                    "End {case_manager} working with {client}",
                    case_manager=row.case_manager,
                    client=row.client,
                ),
            )
        ),
    )


def audit_row(row: rx.Var[AuditMetadataRow]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row.when),
        rx.table.cell(row.who),
        rx.table.cell(row.board),
        rx.table.cell(rx.cond(row.refused, t("{kind} (refused)", kind=row.kind), row.kind)),
    )


def deletion_row(row: rx.Var[PendingDeletion]) -> rx.Component:
    return rx.table.row(rx.table.cell(row.name), rx.table.cell(row.asked_on), rx.table.cell(row.removed_on))


def table(headers: list[str | rx.Var[str]], rows: rx.Component) -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
            rx.table.body(rows),
            size="2",
            width="100%",
        ),
        overflow_x="auto",
        width="100%",
    )


def admin_page() -> rx.Component:
    return page_frame(
        rx.heading(t("Agency"), as_="h1", size="7"),
        rx.cond(
            AdminState.problem != "",
            problem_page(AdminState.problem),
            rx.vstack(
                download_link(
                    t("Download agency figures (spreadsheet)"),
                    "/api/export/agency.csv",
                    class_name="agency-download",
                ),
                notice(AdminState.notice),
                rx.cond(AdminState.new_invite, invite_link_card(AdminState.new_invite)),
                rx.form(
                    rx.vstack(
                        rx.heading(t("Invite someone"), as_="h2", size="5"),
                        error_message(AdminState.error),
                        field(t("Their name"), "name", max_length=80),
                        rx.el.label(t("What they will do"), html_for="select-role", font_weight="500"),
                        rx.select.root(
                            rx.select.trigger(id="select-role", min_height=styles.TOUCH_TARGET, width="100%"),
                            rx.select.content(
                                *[rx.select.item(t(ROLE_LABELS[r]), value=r.value) for r in Role]
                            ),
                            name="role",
                            default_value=Role.CASE_MANAGER.value,
                            size="3",
                        ),
                        invitation_language("invite-locale"),
                        submit_button(t("Make an invitation link")),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=AdminState.invite,
                    reset_on_submit=True,
                    style=styles.card,
                ),
                rx.heading(t("Who works with whom"), as_="h2", size="5"),
                table(
                    [t("Client"), t("Case manager"), t("Since"), ""],
                    rx.foreach(AdminState.assignments, assignment_row),
                ),
                rx.form(
                    rx.vstack(
                        labelled_select(t("Client"), "client", AdminState.clients, t("Choose a client")),
                        labelled_select(
                            t("Case manager"),
                            "case_manager",
                            AdminState.case_managers,
                            t("Choose a case manager"),
                        ),
                        error_message(AdminState.assign_error),
                        submit_button(t("Assign")),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=AdminState.assign,
                    reset_on_submit=True,
                    style=styles.card,
                ),
                rx.cond(
                    AdminState.deletions.length() > 0,
                    rx.vstack(
                        rx.heading(t("Accounts to be deleted"), as_="h2", size="5"),
                        rx.text(
                            t(
                                "These clients asked for their account to be deleted. They can change their minds until the day."
                            ),
                            size="3",
                        ),
                        table(
                            [t("Client"), t("Asked on"), t("To be removed on")],
                            rx.foreach(AdminState.deletions, deletion_row),
                        ),
                        spacing="3",
                        width="100%",
                        class_name="pending-deletions",
                    ),
                ),
                rx.heading(t("People"), as_="h2", size="5"),
                error_message(AdminState.people_error),
                table(
                    [t("Name"), t("Role"), t("Signs in as"), ""], rx.foreach(AdminState.people, person_row)
                ),
                rx.heading(t("Audit (who, when, which board)"), as_="h2", size="5"),
                table(
                    [t("When"), t("Who"), t("Board"), t("What kind")], rx.foreach(AdminState.audit, audit_row)
                ),
                spacing="4",
                width="100%",
            ),
        ),
    )
