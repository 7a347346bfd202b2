"""Settings → Nudges, on the client's phone."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.board import action_button, empty, labelled, loading, section, text_input
from strengthsapp.components.forms import error_message, notice, submit_button
from strengthsapp.components.layout import page_frame
from strengthsapp.domain.nudges import DAY_NAMES
from strengthsapp.services.nudges import DevicePublic, NudgePlanPublic
from strengthsapp.states.nudges import SUBSCRIBE_JS, NudgesState

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
        section_id="this-device",
    )  # fmt: skip


def device_row(device: rx.Var[DevicePublic]) -> rx.Component:
    return rx.hstack(
        rx.icon("smartphone", size=20, aria_hidden="true"),
        rx.text(device.label, rx.cond(device.this_device, " (this one)", ""), " · since ", device.since, size="3",
                flex="1"),
        action_button("Remove", NudgesState.remove_device(device.id), aria_label="Remove " + device.label),
        align="center",
        spacing="2",
        style=styles.card,
        class_name="device",
        key=device.id.to_string(),
    )  # fmt: skip


def plan_row(plan: rx.Var[NudgePlanPublic]) -> rx.Component:
    return rx.vstack(
        rx.text(plan.message, weight="medium", size="4"),
        rx.text(plan.about, size="2", color="var(--gray-11)"),
        rx.text(plan.days, " at ", plan.at, " (", plan.timezone, ")",
                rx.cond(plan.snoozed_until != "", " · quiet until " + plan.snoozed_until, ""), size="2"),
        rx.hstack(
            action_button("Quiet for a day", NudgesState.snooze(plan.id, 1), aria_label="Quiet for a day: " + plan.message),
            action_button("Quiet for a week", NudgesState.snooze(plan.id, 7),
                          aria_label="Quiet for a week: " + plan.message),
            action_button("Stop", NudgesState.stop(plan.id), aria_label="Stop: " + plan.message),
            spacing="2",
            wrap="wrap",
        ),
        spacing="1",
        style=styles.card,
        class_name="nudge",
        key=plan.id.to_string(),
    )  # fmt: skip


def add_plan_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading("A new nudge", as_="h3", size="4"),
            labelled("About", rx.select.root(
                rx.select.trigger(id="nudge-about", placeholder="Choose a step or a goal", min_height=styles.TOUCH_TARGET,
                                  width="100%", style=styles.SELECT_PLACEHOLDER),
                rx.select.content(rx.foreach(NudgesState.choices, lambda c: rx.select.item(c.label, value=c.value))),
                name="about", size="3"), html_for="nudge-about"),
            rx.el.fieldset(
                rx.el.legend("Which days", style={"font_weight": "500"}),
                rx.hstack(*[rx.checkbox(name[:3], name=f"day{i}", size="3", aria_label=name,
                                        default_checked=i < 5, min_height=styles.TOUCH_TARGET)
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
        on_submit=NudgesState.add_plan,
        style=styles.card,
    )  # fmt: skip


def quiet_form() -> rx.Component:
    return rx.form(
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
        on_submit=NudgesState.save_quiet,
        width="100%",
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
            section_id="plans",
        ),
        section("Quiet hours", rx.text("No nudges in these hours; one that falls in them waits until they end.",
                                       size="2", color="var(--gray-11)"), quiet_form(), section_id="quiet"),
        spacing="5",
        width="100%",
    )  # fmt: skip


def nudges_page() -> rx.Component:
    return page_frame(rx.cond(NudgesState.loaded, nudges_view(), loading()))
