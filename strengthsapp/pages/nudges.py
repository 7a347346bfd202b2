"""Settings → Nudges, on the client's phone."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.forms import error_message, notice, submit_button
from strengthsapp.components.ops import native_select, op_button, op_form, pending
from strengthsapp.components.widgets import empty, labelled, loading, section, text_input
from strengthsapp.components.words import t
from strengthsapp.domain.nudges import DAY_NAMES
from strengthsapp.pages.parts.frame import page_frame
from strengthsapp.services.nudges import DevicePublic, NudgePlanPublic
from strengthsapp.states.nudges import SUBSCRIBE_JS, NudgesState

DAY_BOX = {"display": "inline-flex", "align_items": "center", "gap": "0.4rem", "min_height": styles.TOUCH_TARGET,
           "font_size": "var(--font-size-3)"}  # fmt: skip


def this_device() -> rx.Component:
    return section(
        t("Nudges on this device"),
        rx.text(t("A nudge is a short note from you to you, at a time you choose. They come to this phone even "
                  "when the app is closed. Your browser will ask you to allow notifications."), size="3"),
        rx.el.span(id="vapid-key", custom_attrs={"data-key": NudgesState.vapid_public_key}, hidden=True),
        rx.button(rx.icon("bell", size=20, aria_hidden="true"), t("Turn on nudges on this device"),
                  on_click=rx.call_script(SUBSCRIBE_JS, callback=NudgesState.device_answer), size="3",
                  high_contrast=True, min_height=styles.TOUCH_TARGET, class_name="turn-on"),
        # What became of the tap, right under the button it is about.
        error_message(NudgesState.error),
        notice(NudgesState.message),
        rx.foreach(NudgesState.devices, device_row),
        pending("devices"),
        section_id="this-device",
    )  # fmt: skip


def device_row(device: rx.Var[DevicePublic]) -> rx.Component:
    return rx.hstack(
        rx.icon("smartphone", size=20, aria_hidden="true"),
        rx.text(rx.cond(device.this_device, t("{device} (this one)", device=device.label), device.label), " · ",
                t("since {date}", date=device.since), size="3", flex="1"),
        op_button(t("Remove"), kind="device.remove", fields={"device": device.id}, pending="devices",
                  label=t("Remove {device}", device=device.label),
                  hides="[data-device='" + device.id.to_string() + "']",
                  variant="soft", color_scheme="gray", high_contrast=True, size="2",
                  min_height=styles.TOUCH_TARGET, aria_label=t("Remove {device}", device=device.label)),
        align="center",
        spacing="2",
        style=styles.card,
        class_name="device",
        custom_attrs={"data-device": device.id.to_string()},
        key=device.id.to_string(),
    )  # fmt: skip


def plan_row(plan: rx.Var[NudgePlanPublic]) -> rx.Component:
    return rx.vstack(
        rx.text(plan.message, weight="medium", size="4"),
        rx.text(plan.about, size="2", color="var(--gray-11)"),
        rx.text(t("{days} at {time} ({timezone})", days=plan.days, time=plan.at, timezone=plan.timezone),
                rx.cond(plan.snoozed_until != "",
                        rx.fragment(" · ", t("quiet until {date}", date=plan.snoozed_until))), size="2"),
        rx.hstack(
            plan_button(t("Quiet for a day"), "nudge.snooze", plan, {"days": 1}, saved=t("Quiet for a day.")),
            plan_button(t("Quiet for a week"), "nudge.snooze", plan, {"days": 7}, saved=t("Quiet for a week.")),
            plan_button(t("Stop"), "nudge.stop", plan, {}, saved=t("That nudge is stopped.")),
            spacing="2",
            wrap="wrap",
        ),
        pending("nudge-" + plan.id.to_string()),
        spacing="1",
        style=styles.card,
        class_name="nudge",
        key=plan.id.to_string(),
    )  # fmt: skip


def plan_button(
    text: rx.Var[str], kind: str, plan: rx.Var[NudgePlanPublic], fields: dict, *, saved: rx.Var[str]
) -> rx.Component:
    label = t("{action}: {words}", action=text, words=plan.message)
    return op_button(
        text, kind=kind, fields={"plan": plan.id, **fields}, pending="nudge-" + plan.id.to_string(),
        label=label, saved=saved, variant="soft", color_scheme="gray", high_contrast=True,
        size="2", min_height=styles.TOUCH_TARGET, aria_label=label,
    )  # fmt: skip


def timezone_field() -> rx.Component:
    """A timezone from the list, by the names people know them by (NudgesState.zones, this
    device's own first); keyed by the one chosen at the start, so that it is chosen again
    once the device has said its timezone (the select is the browser's own: it resets)."""
    return rx.vstack(
        labelled(t("Timezone"), native_select(
            "timezone", id_="nudge-timezone", default=NudgesState.zone, required=True, key=NudgesState.zone,
            dynamic=rx.fragment(
                rx.cond(NudgesState.zone == "", rx.el.option(t("Choose your timezone"), value="")),
                rx.foreach(NudgesState.zones, lambda zone: rx.el.option(zone["label"], value=zone["value"])),
            ),
            aria_describedby=rx.cond(NudgesState.zone_problem != "", "nudge-timezone-problem", None)),
            html_for="nudge-timezone"),
        rx.cond(NudgesState.zone_problem != "",
                rx.text(NudgesState.zone_problem, id="nudge-timezone-problem", size="2", weight="medium",
                        color="var(--tomato-11)")),
        spacing="1",
        width="100%",
    )  # fmt: skip


def add_plan_form() -> rx.Component:
    return op_form(
        "nudge.set",
        rx.vstack(
            rx.heading(t("A new nudge"), as_="h3", size="4"),
            labelled(t("About"), native_select(
                "about", id_="nudge-about", placeholder=t("Choose a step or a goal"), required=True,
                dynamic=rx.foreach(NudgesState.choices, lambda c: rx.el.option(c.label, value=c.value))),
                html_for="nudge-about"),
            rx.el.fieldset(
                rx.el.legend(t("Which days"), style={"font_weight": "500"}),
                # A day's first three letters, as before: "Mon" / "lun" (DAY_NAMES are message ids).
                rx.hstack(*[rx.el.label(rx.el.input(type="checkbox", name=f"day{i}", default_checked=i < 5,
                                                    style={"width": "22px", "height": "22px"}),
                                        t(name).to(str)[:3], aria_label=t(name), style=DAY_BOX)
                            for i, name in enumerate(DAY_NAMES)], spacing="3", wrap="wrap"),
                style={"border": "none", "padding": "0", "margin": "0"},
            ),
            rx.hstack(
                rx.box(labelled(t("At"), text_input("at", id_="nudge-at", type="time", default_value="09:00",
                                                    required=True), html_for="nudge-at"), flex="1", min_width="8rem"),
                rx.box(timezone_field(), flex="2", min_width="12rem"),
                spacing="2",
                wrap="wrap",
                width="100%",
            ),
            labelled(t("In my words"), text_input("message", id_="nudge-message", required=True,
                                                  default_value=NudgesState.default_message), html_for="nudge-message"),
            submit_button(t("Set the nudge")),
            spacing="3",
            width="100%",
        ),
        pending="plans",
        words="message",
        saved=t("Your nudge is set."),
        style=styles.card,
    )  # fmt: skip


def quiet_form() -> rx.Component:
    return op_form(
        "nudge.quiet",
        rx.hstack(
            rx.box(labelled(t("Quiet from"), text_input("start", id_="quiet-start", type="time",
                                                        default_value=NudgesState.quiet_start),
                            html_for="quiet-start"),
                   flex="1", min_width="8rem"),
            rx.box(labelled(t("Until"), text_input("end", id_="quiet-end", type="time",
                                                   default_value=NudgesState.quiet_end), html_for="quiet-end"),
                   flex="1", min_width="8rem"),
            submit_button(t("Save")),
            align="end",
            spacing="2",
            wrap="wrap",
            width="100%",
        ),
        pending("quiet"),
        pending="quiet",
        saved=t("Quiet hours saved."),
    )  # fmt: skip


def nudges_view() -> rx.Component:
    return rx.vstack(
        rx.heading(t("My nudges"), as_="h1", size="7"),
        this_device(),
        section(
            t("What I want a nudge about"),
            rx.foreach(NudgesState.plans, plan_row),
            rx.cond(NudgesState.plans.length() == 0, empty(t("No nudges yet. Skipping one never costs anything."))),
            rx.cond(NudgesState.choices.length() > 0, add_plan_form()),
            pending("plans"),
            section_id="plans",
        ),
        section(t("Quiet hours"), rx.text(t("No nudges in these hours; one that falls in them waits until they end."),
                                          size="2", color="var(--gray-11)"), quiet_form(), section_id="quiet"),
        # The lists come back from the server once a change is saved (assets/outbox-ui.js).
        rx.el.button(type="button", on_click=NudgesState.load, hidden=True, tab_index=-1, aria_hidden="true",
                     custom_attrs={"data-refresh-on-save": "1"}),
        spacing="5",
        width="100%",
        custom_attrs={"data-board": NudgesState.board},
    )  # fmt: skip


def nudges_page() -> rx.Component:
    return page_frame(rx.cond(NudgesState.loaded, nudges_view(), loading()))
