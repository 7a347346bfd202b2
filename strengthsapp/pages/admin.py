"""The agency admin's desk: people, invitations, who works with whom, and the audit."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.forms import error_message, field, notice, submit_button
from strengthsapp.components.invite_link import invite_link_card
from strengthsapp.components.widgets import problem_page
from strengthsapp.domain.vocabulary import Role
from strengthsapp.pages.parts.frame import page_frame
from strengthsapp.services.activity import AuditMetadataRow
from strengthsapp.services.people import ROLE_LABELS, AssignmentRow, PersonRow
from strengthsapp.states.admin import AdminState


def labelled_select(label: str, name: str, options: rx.Var, placeholder: str) -> rx.Component:
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
                "New password link",
                on_click=AdminState.reset_link(person.id),
                variant="soft",
                high_contrast=True,
                size="2",
                min_height=styles.TOUCH_TARGET,
                aria_label="New password link for " + person.name,
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
                "End",
                on_click=AdminState.end_assignment(row.id),
                color_scheme="tomato",
                variant="soft",
                high_contrast=True,
                size="2",
                min_height=styles.TOUCH_TARGET,
                aria_label="End " + row.case_manager + " working with " + row.client,
            )
        ),
    )


def audit_row(row: rx.Var[AuditMetadataRow]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row.when),
        rx.table.cell(row.who),
        rx.table.cell(row.board),
        rx.table.cell(rx.cond(row.refused, row.kind + " (refused)", row.kind)),
    )


def table(headers: list[str], rows: rx.Component) -> rx.Component:
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
        rx.heading("Agency", as_="h1", size="7"),
        rx.cond(
            AdminState.problem != "",
            problem_page(AdminState.problem),
            rx.vstack(
                notice(AdminState.notice),
                error_message(AdminState.error),
                rx.cond(AdminState.new_invite, invite_link_card(AdminState.new_invite)),
                rx.form(
                    rx.vstack(
                        rx.heading("Invite someone", as_="h2", size="5"),
                        field("Their name", "name", max_length=80),
                        rx.el.label("What they will do", html_for="select-role", font_weight="500"),
                        rx.select.root(
                            rx.select.trigger(id="select-role", min_height=styles.TOUCH_TARGET, width="100%"),
                            rx.select.content(*[rx.select.item(ROLE_LABELS[r], value=r.value) for r in Role]),
                            name="role",
                            default_value=Role.CASE_MANAGER.value,
                            size="3",
                        ),
                        submit_button("Make an invitation link"),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=AdminState.invite,
                    reset_on_submit=True,
                    style=styles.card,
                ),
                rx.heading("Who works with whom", as_="h2", size="5"),
                table(
                    ["Client", "Case manager", "Since", ""],
                    rx.foreach(AdminState.assignments, assignment_row),
                ),
                rx.form(
                    rx.vstack(
                        labelled_select("Client", "client", AdminState.clients, "Choose a client"),
                        labelled_select("Case manager", "case_manager", AdminState.case_managers, "Choose"),
                        submit_button("Assign"),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=AdminState.assign,
                    reset_on_submit=True,
                    style=styles.card,
                ),
                rx.heading("People", as_="h2", size="5"),
                table(["Name", "Role", "Signs in as", ""], rx.foreach(AdminState.people, person_row)),
                rx.heading("Audit (who, when, which board)", as_="h2", size="5"),
                table(["When", "Who", "Board", "What kind"], rx.foreach(AdminState.audit, audit_row)),
                spacing="4",
                width="100%",
            ),
        ),
    )
