"""Settings → Nudges, on the client's phone."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.forms import error_message, notice, submit_button
from strengthsapp.components.ops import native_select, op_button, op_form, pending
from strengthsapp.components.widgets import empty, labelled, loading, section, text_input
from strengthsapp.domain.nudges import DAY_NAMES
from strengthsapp.pages.parts.frame import page_frame
from strengthsapp.services.nudges import DevicePublic, NudgePlanPublic
from strengthsapp.states.nudges import SUBSCRIBE_JS, NudgesState

DAY_BOX = {"display": "inline-flex", "align_items": "center", "gap": "0.4rem", "min_height": styles.TOUCH_TARGET,
           "font_size": "var(--font-size-3)"}  # fmt: skip
COMMON_TIMEZONES = ("Europe/London", "Europe/Dublin", "Europe/Berlin", "America/New_York", "America/Chicago",
                    "America/Denver", "America/Los_Angeles", "Australia/Sydney", "Pacific/Auckland", "Asia/Kolkata",
                    "UTC")  # fmt: skip


def this_device() -> rx.Component:
    return section(
        "Nudges on this device",
        rx.text("A nudge is a short note from you to you, at a time you choose. They come to this phone even "
                "when the app is closed. Your browser will ask you to allow notifications.", size="3"),
        rx.el.span(id="vapid-key", custom_attrs={"data-key": NudgesState.vapid_public_key}, hidden=True),
        rx.button(rx.icon("bell", size=20, aria_hidden="true"), "Turn on nudges on this device",
                  on_click=rx.call_script(SUBSCRIBE_JS, callback=NudgesState.device_answer), size="3",
                  high_contrast=True, min_height=styles.TOUCH_TARGET, class_name="turn-on"),
        rx.foreach(NudgesState.devices, device_row),
        pending("devices"),
        section_id="this-device",
    )  # fmt: skip


def device_row(device: rx.Var[DevicePublic]) -> rx.Component:
    return rx.hstack(
        rx.icon("smartphone", size=20, aria_hidden="true"),
        rx.text(device.label, rx.cond(device.this_device, " (this one)", ""), " · since ", device.since, size="3",
                flex="1"),
        op_button("Remove", kind="device.remove", fields={"device": device.id}, pending="devices",
                  label="Remove " + device.label, hides="[data-device='" + device.id.to_string() + "']",
                  variant="soft", color_scheme="gray", high_contrast=True, size="2",
                  min_height=styles.TOUCH_TARGET, aria_label="Remove " + device.label),
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
        rx.text(plan.days, " at ", plan.at, " (", plan.timezone, ")",
                rx.cond(plan.snoozed_until != "", " · quiet until " + plan.snoozed_until, ""), size="2"),
        rx.hstack(
            plan_button("Quiet for a day", "nudge.snooze", plan, {"days": 1}, saved="Quiet for a day."),
            plan_button("Quiet for a week", "nudge.snooze", plan, {"days": 7}, saved="Quiet for a week."),
            plan_button("Stop", "nudge.stop", plan, {}, saved="That nudge is stopped."),
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
    text: str, kind: str, plan: rx.Var[NudgePlanPublic], fields: dict, *, saved: str
) -> rx.Component:
    return op_button(
        text, kind=kind, fields={"plan": plan.id, **fields}, pending="nudge-" + plan.id.to_string(),
        label=text + ": " + plan.message, saved=saved, variant="soft", color_scheme="gray", high_contrast=True,
        size="2", min_height=styles.TOUCH_TARGET, aria_label=text + ": " + plan.message,
    )  # fmt: skip


def add_plan_form() -> rx.Component:
    return op_form(
        "nudge.set",
        rx.vstack(
            rx.heading("A new nudge", as_="h3", size="4"),
            labelled("About", native_select(
                "about", id_="nudge-about", placeholder="Choose a step or a goal", required=True,
                dynamic=rx.foreach(NudgesState.choices, lambda c: rx.el.option(c.label, value=c.value))),
                html_for="nudge-about"),
            rx.el.fieldset(
                rx.el.legend("Which days", style={"font_weight": "500"}),
                rx.hstack(*[rx.el.label(rx.el.input(type="checkbox", name=f"day{i}", default_checked=i < 5,
                                                    style={"width": "22px", "height": "22px"}),
                                        name[:3], aria_label=name, style=DAY_BOX)
                            for i, name in enumerate(DAY_NAMES)], spacing="3", wrap="wrap"),
                style={"border": "none", "padding": "0", "margin": "0"},
            ),
            rx.hstack(
                rx.box(labelled("At", text_input("at", id_="nudge-at", type="time", default_value="09:00",
                                                 required=True), html_for="nudge-at"), flex="1", min_width="8rem"),
                rx.box(labelled("Timezone", text_input("timezone", id_="nudge-timezone", max_length=64,
                                                       default_value=NudgesState.timezone, list="timezones",
                                                       required=True), html_for="nudge-timezone"),
                       flex="2", min_width="12rem"),
                spacing="2",
                wrap="wrap",
                width="100%",
            ),
            rx.el.datalist(*[rx.el.option(value=zone) for zone in COMMON_TIMEZONES], id="timezones"),
            labelled("In my words", text_input("message", id_="nudge-message", required=True,
                                               default_value=NudgesState.default_message), html_for="nudge-message"),
            submit_button("Set the nudge"),
            spacing="3",
            width="100%",
        ),
        pending="plans",
        words="message",
        saved="Your nudge is set.",
        style=styles.card,
    )  # fmt: skip


def quiet_form() -> rx.Component:
    return op_form(
        "nudge.quiet",
        rx.hstack(
            rx.box(labelled("Quiet from", text_input("start", id_="quiet-start", type="time",
                                                     default_value=NudgesState.quiet_start), html_for="quiet-start"),
                   flex="1", min_width="8rem"),
            rx.box(labelled("Until", text_input("end", id_="quiet-end", type="time",
                                                default_value=NudgesState.quiet_end), html_for="quiet-end"),
                   flex="1", min_width="8rem"),
            submit_button("Save"),
            align="end",
            spacing="2",
            wrap="wrap",
            width="100%",
        ),
        pending("quiet"),
        pending="quiet",
        saved="Quiet hours saved.",
    )  # fmt: skip


def nudges_view() -> rx.Component:
    return rx.vstack(
        rx.heading("My nudges", as_="h1", size="7"),
        error_message(NudgesState.error),
        notice(NudgesState.message),
        this_device(),
        section(
            "What I want a nudge about",
            rx.foreach(NudgesState.plans, plan_row),
            rx.cond(NudgesState.plans.length() == 0, empty("No nudges yet. Skipping one never costs anything.")),
            rx.cond(NudgesState.choices.length() > 0, add_plan_form()),
            pending("plans"),
            section_id="plans",
        ),
        section("Quiet hours", rx.text("No nudges in these hours; one that falls in them waits until they end.",
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
