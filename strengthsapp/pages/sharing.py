"""Who can see my board: the client's list, with a stop button, and inviting someone."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.forms import error_message
from strengthsapp.components.grant_form import invite_form
from strengthsapp.components.invite_link import invite_link_card
from strengthsapp.components.widgets import problem_page
from strengthsapp.components.words import t
from strengthsapp.pages.parts.frame import page_frame
from strengthsapp.services.grants import GrantPublic
from strengthsapp.states.sharing import SharingState


def grant_row(grant: rx.Var[GrantPublic]) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(grant.person, weight="bold", size="4"),
            rx.text(grant.relationship, size="2", color="var(--gray-11)"),
            rx.text(grant.can, size="3"),
            rx.cond(
                grant.needs_yes,
                rx.text(t("{name} made this invitation with you. It works once you say yes.", name=grant.made_by),
                        size="3", weight="medium"),
                rx.text(rx.cond(grant.waiting, t("Waiting: {date}", date=grant.until),
                                t("Until {date}", date=grant.until)), size="2"),
            ),
            spacing="1",
            align="start",
        ),
        rx.hstack(
            rx.cond(
                grant.needs_yes,
                rx.button(t("Yes, send it"), on_click=SharingState.confirm(grant.id), color_scheme="jade",
                          variant="soft", high_contrast=True, size="3", min_height=styles.TOUCH_TARGET,
                          aria_label=t("Yes, invite {name}", name=grant.person)),
            ),
            rx.button(
                rx.cond(grant.needs_yes, t("No"), rx.cond(grant.waiting, t("Cancel"), t("Stop sharing"))),
                on_click=SharingState.revoke(grant.id),
                color_scheme="tomato",
                variant="soft",
                high_contrast=True,
                size="3",
                min_height=styles.TOUCH_TARGET,
                aria_label=rx.cond(grant.waiting, t("Cancel invitation for {name}", name=grant.person),
                                   t("Stop sharing with {name}", name=grant.person)),
            ),
            spacing="2",
            wrap="wrap",
        ),
        justify="between",
        align="center",
        wrap="wrap",
        style=styles.card,
        class_name="grant",
    )  # fmt: skip


def send_plan_section() -> rx.Component:
    """Her say before her case manager sends her plan to another service (a FHIR file)."""
    return rx.cond(
        (SharingState.case_manager != "") & ~SharingState.sends_plan,
        rx.vstack(
            rx.heading(t("Sending my plan to another service"), as_="h2", size="5"),
            rx.text(
                t("{name} can send your plan to another service only if you say yes. It is for one month, "
                  "and you can stop it here.", name=SharingState.case_manager),
                size="3",
            ),
            rx.button(
                t("Yes, {name} may send my plan", name=SharingState.case_manager),
                on_click=SharingState.let_send_plan,
                variant="soft",
                color_scheme="jade",
                high_contrast=True,
                size="3",
                min_height=styles.TOUCH_TARGET,
                class_name="let-send-plan",
            ),
            error_message(SharingState.send_plan_error),
            spacing="2",
            width="100%",
        ),
    )  # fmt: skip


def sharing_page() -> rx.Component:
    return page_frame(
        rx.heading(t("Who can see my board"), as_="h1", size="7"),
        rx.cond(
            SharingState.problem != "",
            problem_page(SharingState.problem),
            rx.vstack(
                rx.text(
                    t("You decide who sees what, and for how long. You can stop it at any time."), size="3"
                ),
                rx.vstack(
                    rx.foreach(SharingState.grants, grant_row),
                    rx.cond(SharingState.grants.length() == 0, rx.text(t("Only you and your case manager."))),
                    spacing="3",
                    width="100%",
                ),
                send_plan_section(),
                rx.cond(SharingState.new_invite, invite_link_card(SharingState.new_invite)),
                invite_form(on_submit=SharingState.invite, error=SharingState.error),
                spacing="4",
                width="100%",
            ),
        ),
    )
