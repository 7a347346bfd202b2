"""*My goals*: the Personal Recovery Plan — goals in my words, why they matter, the steps,
who does them, and the story of each goal. Reordered with buttons; nothing needs dragging."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.domain_icon import domain_icon
from strengthsapp.components.download_link import download_link
from strengthsapp.components.fold_out import fold_out
from strengthsapp.components.forms import submit_button
from strengthsapp.components.ops import after_keep, native_select, op_button, op_form, pending
from strengthsapp.components.widgets import (
    REMOVE_BUTTON,
    action_button,
    ask_first,
    empty,
    hidden,
    icon_button,
    labelled,
    section,
    text_input,
)
from strengthsapp.components.words import t, tn
from strengthsapp.pages.parts.board import board_frame, opened_on
from strengthsapp.services.plan import (
    WHO,
    LinkPublic,
    PlanGoalPublic,
    StepPublic,
    TimelineItemPublic,
)
from strengthsapp.states.board import BoardState
from strengthsapp.states.plan import PlanState

TIMELINE_ICONS = {"step_done": "check", "check_in": "message-circle", "win": "star"}


def chips(
    items: rx.Var[list[LinkPublic]], *, what: str, to: str, to_id: rx.Var[int], label: rx.Var[str]
) -> rx.Component:
    """Linked strengths or people & places; the client can take a link off."""
    return rx.cond(
        items.length() > 0,
        rx.hstack(
            rx.text(label, size="2", color="var(--gray-11)"),
            rx.foreach(
                items,
                lambda item: rx.badge(
                    item.text,
                    rx.cond(
                        PlanState.edits,
                        op_button(
                            rx.icon("x", size=14, aria_hidden="true"), kind="link.set",
                            fields={"what": what, "what_id": item.id, "to": to, "to_id": to_id, "unlink": "1"},
                            pending=to + "-" + to_id.to_string(), label=t("Unlink {thing}", thing=item.text),
                            size="1", variant="ghost", color_scheme="gray", high_contrast=True,
                            aria_label=t("Unlink {thing}", thing=item.text), min_width=styles.TOUCH_TARGET,
                            min_height=styles.TOUCH_TARGET,
                        ),
                    ),
                    color_scheme="amber" if what == "strength" else "blue", variant="surface", high_contrast=True,
                    size="2", white_space="normal", max_width="100%",
                ),
            ),
            spacing="2",
            wrap="wrap",
            align="center",
        ),
    )  # fmt: skip


def link_form(to: str, to_id: rx.Var[int], label: rx.Var[str]) -> rx.Component:
    """Link one of my strengths, or a person or place, to this goal or step."""
    return rx.cond(
        (PlanState.strengths.length() + PlanState.resources.length()) > 0,
        op_form(
            "link.set",
            hidden("to_id", to_id),
            hidden("to", to),
            rx.hstack(
                native_select(
                    "thing", id_="link-" + to + "-" + to_id.to_string(),
                    aria_label=t("Link to {thing}", thing=label), required=True, style={"flex": "1", "width": "auto"},
                    dynamic=rx.fragment(
                        # The empty first choice is an option of its own: native_select's placeholder is a str.
                        rx.el.option(t("Link a strength or a person…"), value=""),
                        rx.el.optgroup(rx.foreach(PlanState.strengths, lambda s: rx.el.option(
                            s.text, value="strength-" + s.id.to_string())), label=t("My strengths")),
                        rx.el.optgroup(rx.foreach(PlanState.resources, lambda r: rx.el.option(
                            r.text, value="resource-" + r.id.to_string())), label=t("People & places")),
                    ),
                ),
                rx.button(t("Link"), type="submit", variant="soft", high_contrast=True, size="2",
                          min_height=styles.TOUCH_TARGET, aria_label=t("Link to {thing}", thing=label)),
                spacing="2",
                width="100%",
            ),
            pending=to + "-" + to_id.to_string(),
        ),
    )  # fmt: skip


def step_row(step: rx.Var[StepPublic], goal: rx.Var[PlanGoalPublic]) -> rx.Component:
    key = "step-" + step.id.to_string()
    return rx.vstack(
        rx.hstack(
            rx.cond(
                step.done,
                rx.icon("circle-check", size=24, color="var(--jade-11)", aria_label=t("Done")),
                rx.cond(
                    BoardState.records_progress & (goal.status == "active"),
                    op_button(
                        rx.icon("circle", size=24, aria_hidden="true"), kind="step.done", fields={"step": step.id},
                        pending=key, label=t("Done: {step}", step=step.text),
                        hides="[data-plan-step='" + step.id.to_string() + "'] .done-button", variant="ghost",
                        color_scheme="jade", high_contrast=True, size="3", min_width=styles.TOUCH_TARGET,
                        min_height=styles.TOUCH_TARGET, aria_label=t("Mark done: {step}", step=step.text),
                        class_name="done-button",
                    ),
                    rx.icon("circle", size=24, color="var(--gray-9)", aria_hidden="true"),
                ),
            ),
            rx.vstack(
                rx.text(step.text, size="3", weight="medium",
                        text_decoration=rx.cond(step.done, "line-through", "none")),
                rx.hstack(
                    rx.text(step.who_words, size="2", color="var(--gray-11)"),
                    rx.cond(step.when != "", rx.badge(step.when, color_scheme="jade", high_contrast=True, size="1")),
                    spacing="2",
                    wrap="wrap",
                ),
                spacing="1",
                flex="1",
            ),
            rx.cond(
                step.undoable & BoardState.records_progress,
                op_button(t("Undo"), kind="step.undone", fields={"step": step.id}, pending=key,
                          label=t("Not done after all: {step}", step=step.text), variant="ghost", color_scheme="gray",
                          high_contrast=True, size="2", min_height=styles.TOUCH_TARGET,
                          aria_label=t("Undo done: {step}", step=step.text)),
            ),
            rx.cond(
                PlanState.edits & (BoardState.editing != key),
                icon_button("pencil", BoardState.start_editing(key, step.version),
                            aria_label=t("Change step: {step}", step=step.text)),
            ),
            align="center",
            spacing="2",
            width="100%",
        ),
        chips(step.strengths, what="strength", to="step", to_id=step.id, label=t("Strengths:")),
        chips(step.resources, what="resource", to="step", to_id=step.id, label=t("With:")),
        rx.cond(BoardState.editing == key, step_edit_form(step)),
        rx.cond(BoardState.records_progress & (goal.status == "active"), step_check_in(step)),
        pending(key),
        spacing="1",
        width="100%",
        padding_y="0.25rem",
        border_top="1px solid var(--gray-a4)",
        class_name="step",
        custom_attrs={"data-plan-step": step.id.to_string()},
        key=step.id.to_string(),
    )  # fmt: skip


def step_check_in(step: rx.Var[StepPublic]) -> rx.Component:
    field_id = "how-step-" + step.id.to_string()
    return fold_out(
        rx.el.summary(t("How did it go?"), aria_label=t("How did it go: {step}", step=step.text),
                      style={**styles.SUMMARY, "font_size": "var(--font-size-2)"}),
        op_form(
            "check_in.add",
            hidden("step", step.id),
            rx.hstack(
                text_input("how", id_=field_id, required=True, aria_label=t("How it went: {step}", step=step.text)),
                rx.button(t("Save"), type="submit", variant="soft", high_contrast=True, size="2",
                          min_height=styles.TOUCH_TARGET, aria_label=t("Save how it went: {step}", step=step.text)),
                spacing="2",
                width="100%",
            ),
            pending="step-" + step.id.to_string(),
            words="how",
        ),
    )  # fmt: skip


def step_edit_form(step: rx.Var[StepPublic]) -> rx.Component:
    form_id = "edit-step-" + step.id.to_string()
    return rx.vstack(
        op_form(
            "step.edit",
            hidden("step", step.id),
            opened_on(),
            rx.vstack(
                labelled(t("The step"), text_input("text", id_=form_id, default_value=step.text, required=True),
                         html_for=form_id),
                who_fields(form_id, default_who=step.who, default_name=step.who_name),
                labelled(t("By when (if you like)"),
                         text_input("target_date", id_=form_id + "-date", type="date", default_value=step.target_date),
                         html_for=form_id + "-date"),
                rx.hstack(
                    submit_button(t("Save")),
                    action_button(t("Cancel"), BoardState.stop_editing()),
                    after_keep(BoardState.stop_editing()),
                    spacing="2",
                ),
                spacing="2",
                width="100%",
            ),
            pending="step-" + step.id.to_string(),
            words="text",
        ),
        rx.hstack(
            move_button("arrow-up", "step.move", {"step": step.id}, -1, "step-" + step.id.to_string(),
                        t("Move up: {step}", step=step.text)),
            move_button("arrow-down", "step.move", {"step": step.id}, 1, "step-" + step.id.to_string(),
                        t("Move down: {step}", step=step.text)),
            ask_first(action_button(t("Take this step off"), color="tomato",
                                    aria_label=t("Take this step off: {step}", step=step.text)),
                      op_button(t("Take it off"), kind="step.remove", fields={"step": step.id}, pending="goal-steps",
                                label=t("Take off the plan: {step}", step=step.text),
                                hides="[data-plan-step='" + step.id.to_string() + "']", **REMOVE_BUTTON),
                      question=t("Take this step off the plan?"), words=step.text),
            spacing="2",
            wrap="wrap",
        ),
        link_form("step", step.id, step.text),
        spacing="2",
        width="100%",
        style={**styles.card, "background": "var(--gray-a3)"},
    )  # fmt: skip


def move_button(icon: str, kind: str, fields: dict, offset: int, pending_key: rx.Var[str],
                label: rx.Var[str]) -> rx.Component:  # fmt: skip
    """Up or down one place: buttons, no dragging."""
    return op_button(
        rx.icon(icon, size=20, aria_hidden="true"), kind=kind, fields={**fields, "offset": offset},
        pending=pending_key, label=label, variant="soft", color_scheme="gray", high_contrast=True, size="3",
        min_width=styles.TOUCH_TARGET, min_height=styles.TOUCH_TARGET, aria_label=label,
    )  # fmt: skip


def who_fields(form_id: rx.Var[str] | str, *, default_who: rx.Var[str] | str = "me",
               default_name: rx.Var[str] | str = "") -> rx.Component:  # fmt: skip
    return rx.hstack(
        rx.box(labelled(t("Who does it"), native_select("who", [(who, t(words)) for who, words in WHO],
                                                        id_=form_id + "-who", default=default_who),
                        html_for=form_id + "-who"), flex="1", min_width="10rem"),
        rx.box(labelled(t("Name (for someone else)"), text_input("who_name", id_=form_id + "-who-name",
                                                               default_value=default_name),
                        html_for=form_id + "-who-name"), flex="1", min_width="10rem"),
        spacing="2",
        wrap="wrap",
        width="100%",
    )  # fmt: skip


def add_step_form(goal: rx.Var[PlanGoalPublic]) -> rx.Component:
    """Folded under the steps (opened while the goal has none, and left open after the
    first step is added), so a board of goals is not a wall of forms; built on first open."""
    field_id = "new-step-" + goal.id.to_string()
    return fold_out(
        rx.el.summary(t("Add a step"), aria_label=t("Add a step to: {goal}", goal=goal.text), style=styles.SUMMARY),
        op_form(
            "step.add",
            hidden("goal", goal.id),
            rx.vstack(
                labelled(t("A next step"), text_input("text", id_=field_id, required=True), html_for=field_id),
                fold_out(
                    rx.el.summary(t("Who, and by when"), style=styles.SUMMARY),
                    who_fields(field_id),
                    labelled(t("By when (if you like)"),
                             text_input("target_date", id_=field_id + "-date", type="date"),
                             html_for=field_id + "-date"),
                ),
                submit_button(t("Add the step")),
                spacing="2",
                width="100%",
            ),
            pending="goal-" + goal.id.to_string(),
            words="text",
        ),
        start_open=goal.steps.length() == 0,  # stays open after the first step, for the next
        class_name="add-step",
    )  # fmt: skip


def goal_edit_form(goal: rx.Var[PlanGoalPublic]) -> rx.Component:
    form_id = "edit-goal-" + goal.id.to_string()
    return op_form(
        "goal.edit",
        hidden("goal", goal.id),
        opened_on(),
        rx.vstack(
            labelled(t("My goal, in my words"),
                     text_input("text", id_=form_id, default_value=goal.text, required=True), html_for=form_id),
            labelled(t("Why this matters to me"),
                     rx.text_area(id=form_id + "-why", name="why", default_value=goal.why, size="3",
                                  width="100%", rows="2"),
                     html_for=form_id + "-why"),
            domain_select(form_id + "-domain", default=goal.domain_key),
            labelled(t("By when (if you like)"),
                     text_input("target_date", id_=form_id + "-date", type="date", default_value=goal.target_date),
                     html_for=form_id + "-date"),
            rx.hstack(submit_button(t("Save")), action_button(t("Cancel"), BoardState.stop_editing()),
                      after_keep(BoardState.stop_editing()), spacing="2"),
            spacing="2",
            width="100%",
        ),
        pending="goal-" + goal.id.to_string(),
        words="text",
        style={**styles.card, "background": "var(--gray-a3)"},
    )  # fmt: skip


def domain_select(field_id: str | rx.Var[str], default: rx.Var[str] | str = "") -> rx.Component:
    return labelled(
        t("Part of my life"),
        # The empty first choice is an option of its own: native_select's placeholder is a str.
        native_select("domain", id_=field_id, default=default,
                      dynamic=rx.fragment(
                          rx.el.option(t("Choose (if you like)"), value=""),
                          rx.foreach(PlanState.domains, lambda d: rx.el.option(d.label, value=d.key)),
                      )),
        html_for=field_id,
    )  # fmt: skip


def timeline_item(item: rx.Var[TimelineItemPublic]) -> rx.Component:
    what = rx.match(
        item.kind,
        ("step_done", t("Done: {step}", step=item.text)),
        ("win", t("Win: {win}", win=item.text)),
        item.text,
    )
    return rx.hstack(
        rx.match(
            item.kind,
            *[(kind, rx.icon(icon, size=18, aria_hidden="true")) for kind, icon in TIMELINE_ICONS.items()],
            rx.icon("dot", size=18, aria_hidden="true"),
        ),
        rx.text(
            rx.text.strong(item.when), " · ",
            rx.cond(item.by != "", t("{what} (with {name})", what=what, name=item.by), what),
            size="2",
            flex="1",
        ),
        rx.cond(
            item.removable,
            ask_first(
                rx.button(t("Take back"), type="button", size="1", variant="ghost", color_scheme="gray",
                          high_contrast=True, min_height=styles.TOUCH_TARGET,
                          aria_label=t("Take back: {words}", words=item.text)),
                rx.cond(
                    item.kind == "win",
                    op_button(t("Take it back"), kind="win.remove", fields={"win": item.id}, pending="story",
                              label=t("Take back: {words}", words=item.text), **REMOVE_BUTTON),
                    op_button(t("Take it back"), kind="check_in.remove", fields={"check_in": item.id},
                              pending="story", label=t("Take back: {words}", words=item.text), **REMOVE_BUTTON),
                ),
                question=rx.cond(item.kind == "win", t("Take this win back?"), t("Take this check-in back?")),
                words=item.text,
            ),
        ),
        spacing="2",
        align="center",
        width="100%",
    )  # fmt: skip


def story(goal: rx.Var[PlanGoalPublic]) -> rx.Component:
    return rx.vstack(
        action_button(
            rx.cond(PlanState.open_goal == goal.id, t("Hide the story"), t("The story so far")),
            PlanState.toggle_story(goal.id),
            aria_label=rx.cond(
                PlanState.open_goal == goal.id,
                t("Hide the story of {goal}", goal=goal.text),
                t("The story so far of {goal}", goal=goal.text),
            ),
            icon="history",
        ),
        rx.cond(
            PlanState.open_goal == goal.id,
            rx.vstack(
                pending("story"),
                rx.foreach(goal.timeline, timeline_item),
                rx.cond(goal.timeline.length() == 0, empty(t("Nothing yet. The first step will show here."))),
                spacing="2",
                class_name="timeline",
            ),
        ),
        spacing="2",
        width="100%",
    )


def goal_card(goal: rx.Var[PlanGoalPublic]) -> rx.Component:
    key = "goal-" + goal.id.to_string()
    return rx.vstack(
        rx.hstack(
            rx.box(domain_icon(goal.domain_icon), color="var(--accent-11)", padding_top="2px"),
            rx.vstack(
                rx.heading(goal.text, as_="h3", size="4"),
                rx.cond(goal.why != "", rx.text(t("Why it matters:"), " ", goal.why, size="2",
                                                white_space="pre-line")),
                rx.hstack(
                    rx.cond(goal.domain_label != "", rx.text(goal.domain_label, size="2", color="var(--gray-11)")),
                    rx.cond(goal.when != "", rx.badge(goal.when, color_scheme="jade", high_contrast=True, size="1")),
                    rx.cond(goal.steps.length() > 0,
                            rx.text(tn("{done} of {count} step done", "{done} of {count} steps done",
                                       goal.steps.length(), done=goal.steps_done), size="2")),
                    spacing="2",
                    wrap="wrap",
                ),
                spacing="1",
                flex="1",
            ),
            rx.cond(
                PlanState.edits & (BoardState.editing != key),
                icon_button("pencil", BoardState.start_editing(key, goal.version),
                            aria_label=t("Change goal: {goal}", goal=goal.text)),
            ),
            align="start",
            spacing="3",
            width="100%",
        ),
        rx.cond(BoardState.editing == key, goal_edit_form(goal)),
        chips(goal.strengths, what="strength", to="goal", to_id=goal.id, label=t("Strengths I use:")),
        chips(goal.resources, what="resource", to="goal", to_id=goal.id, label=t("Who and what helps:")),
        rx.vstack(rx.foreach(goal.steps, lambda step: step_row(step, goal)), spacing="0", width="100%"),
        rx.cond(PlanState.edits, add_step_form(goal)),
        rx.cond(PlanState.edits & (BoardState.editing == key), link_form("goal", goal.id, goal.text)),
        rx.cond(
            PlanState.edits,
            rx.hstack(
                move_button("arrow-up", "goal.move", {"goal": goal.id}, -1, key, t("Move up: {goal}", goal=goal.text)),
                move_button("arrow-down", "goal.move", {"goal": goal.id}, 1, key,
                            t("Move down: {goal}", goal=goal.text)),
                status_button(goal, "achieved", t("I did it!"), t("I did it: {goal}", goal=goal.text), color="jade",
                              saved=t("You did it! 🎉 This goal is now in “I did it”.")),
                status_button(goal, "paused", t("Rest for now"), t("Rest for now: {goal}", goal=goal.text)),
                status_button(goal, "set_aside", t("Set aside"), t("Set aside: {goal}", goal=goal.text)),
                spacing="2",
                wrap="wrap",
            ),
        ),
        rx.cond(BoardState.suggests, suggest_words_form(goal)),
        rx.cond(BoardState.suggests, suggest_nudge_form(goal)),
        pending(key),
        story(goal),
        spacing="3",
        style=styles.card,
        class_name="plan-goal",
        key=goal.id.to_string(),
    )  # fmt: skip


def status_button(goal: rx.Var[PlanGoalPublic], status: str, text: rx.Var[str], label: rx.Var[str], *,
                  color: str = "gray", saved: rx.Var[str] | None = None) -> rx.Component:  # fmt: skip
    """Reached, resting, set aside, or back to active: only the client moves her goal. Said
    at the top: the goal moves to another list. `label` names the goal ("Set aside: …")."""
    return op_button(
        text, kind="goal.status", fields={"goal": goal.id, "status": status}, pending="board",
        label=label, saved=saved, variant="soft", color_scheme=color, high_contrast=True,
        size="2", min_height=styles.TOUCH_TARGET, aria_label=label,
    )  # fmt: skip


def suggest_words_form(goal: rx.Var[PlanGoalPublic]) -> rx.Component:
    field_id = "suggest-words-" + goal.id.to_string()
    return fold_out(
        rx.el.summary(t("Suggest new words for this goal"), style=styles.SUMMARY),
        op_form(
            "idea.add",
            hidden("goal", goal.id),
            hidden("about", "words"),
            rx.hstack(
                text_input("text", id_=field_id, default_value=goal.text, required=True,
                           aria_label=t("New words for {goal}", goal=goal.text)),
                submit_button(t("Suggest")),
                spacing="2",
                width="100%",
            ),
            pending="goal-" + goal.id.to_string(),
            words="text",
            saved=t("Your idea is waiting for {name} to decide.", name=BoardState.client_name),
            form="words-" + goal.id.to_string(),
        ),
    )  # fmt: skip


def suggest_nudge_form(goal: rx.Var[PlanGoalPublic]) -> rx.Component:
    field_id = "suggest-nudge-" + goal.id.to_string()
    return fold_out(
        rx.el.summary(t("Suggest a nudge for this goal"), style=styles.SUMMARY),
        op_form(
            "idea.add",
            hidden("goal", goal.id),
            hidden("about", "nudge"),
            rx.vstack(
                labelled(t("The nudge, in words they might use"), text_input("text", id_=field_id, required=True),
                         html_for=field_id),
                rx.hstack(
                    rx.box(labelled(t("When"), native_select("days", [("every_day", t("Every day")),
                                                                      ("weekdays", t("Weekdays")),
                                                                      ("weekends", t("Weekends"))],
                                                             id_=field_id + "-days", default="weekdays"),
                                    html_for=field_id + "-days"),
                           flex="1", min_width="9rem"),
                    rx.box(labelled(t("At"), text_input("at", id_=field_id + "-at", type="time", default_value="10:00"),
                                    html_for=field_id + "-at"), flex="1", min_width="8rem"),
                    spacing="2",
                    wrap="wrap",
                    width="100%",
                ),
                submit_button(t("Suggest the nudge")),
                spacing="2",
                width="100%",
            ),
            pending="goal-" + goal.id.to_string(),
            words="text",
            saved=t("Your idea is waiting for {name} to decide.", name=BoardState.client_name),
            form="nudge-" + goal.id.to_string(),
        ),
    )  # fmt: skip


def other_goal(goal: rx.Var[PlanGoalPublic]) -> rx.Component:
    """A resting or set-aside goal: waiting, unchanged, no marks."""
    return rx.hstack(
        rx.text(goal.text, size="3", flex="1"),
        rx.cond(PlanState.edits, status_button(goal, "active", t("Pick it up again"),
                                               t("Pick it up again: {goal}", goal=goal.text))),
        pending("goal-" + goal.id.to_string()),
        align="center",
        wrap="wrap",
        style=styles.card,
        class_name="other-goal",
        key=goal.id.to_string(),
    )  # fmt: skip


def achieved_goal(goal: rx.Var[PlanGoalPublic]) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.icon("trophy", size=20, color="var(--amber-11)", aria_hidden="true"),
            rx.text(goal.text, weight="medium", size="3"),
            rx.text(goal.achieved_when, size="2", color="var(--gray-11)"),
            spacing="2",
            align="center",
            wrap="wrap",
        ),
        rx.cond(
            goal.strengths.length() > 0,
            rx.hstack(
                rx.text(t("Strengths I used:"), size="2"),
                rx.foreach(goal.strengths, lambda s: rx.badge(s.text, color_scheme="amber", variant="surface",
                                                              high_contrast=True, size="2", white_space="normal",
                                                              max_width="100%")),
                spacing="2",
                wrap="wrap",
                align="center",
            ),
        ),
        spacing="1",
        style=styles.win_card,
        class_name="achieved",
        key=goal.id.to_string(),
    )  # fmt: skip


def add_goal_form() -> rx.Component:
    """Folded below the goals (open while there are none): built only when opened."""
    return fold_out(
        rx.el.summary(
            rx.hstack(
                rx.icon("plus", size=22, aria_hidden="true"),
                rx.heading(t("A new goal"), as_="h2", size="5"),
                spacing="2",
                align="center",
            ),
            style={**styles.SUMMARY, "&::before": {"display": "none"}},  # the plus says it
        ),
        add_goal_fields(),
        open=BoardState.loaded & (PlanState.goals.length() == 0),
        style=styles.card,
        class_name="new-goal",
    )


def add_goal_fields() -> rx.Component:
    return op_form(
        "goal.add",
        rx.vstack(
            labelled(t("What I want, in my words"), text_input("text", id_="new-goal-text", required=True),
                     html_for="new-goal-text"),
            labelled(t("Why this matters to me (if you like)"),
                     rx.text_area(id="new-goal-why", name="why", size="3", width="100%", rows="2"),
                     html_for="new-goal-why"),
            domain_select("new-goal-domain"),
            labelled(t("By when (if you like)"), text_input("target_date", id_="new-goal-date", type="date"),
                     html_for="new-goal-date"),
            submit_button(t("Add my goal")),
            spacing="2",
            width="100%",
        ),
        pending="goals",
        words="text",
        style={"padding_top": "0.5rem"},
    )  # fmt: skip


def print_link() -> rx.Component:
    """The plan to take home: a page that prints (and saves as PDF). For the client, and for
    her case manager to print it with her; a full page load (it is served by the server)."""
    return download_link(
        rx.cond(BoardState.own, t("Print or save my plan"), t("Print or save the plan")),
        rx.cond(BoardState.own, "/print-plan", "/print-plan?client=" + BoardState.board_client.to_string()),
        icon="printer",
        class_name="print-plan-link",
    )


def plan_view() -> rx.Component:
    return rx.vstack(
        rx.heading(rx.cond(BoardState.own, t("My goals"), t("{name}'s goals", name=BoardState.client_name)), as_="h1",
                   size="7"),
        rx.cond(BoardState.records_progress, print_link()),
        pending("board"),
        rx.foreach(PlanState.goals, goal_card),
        rx.cond(PlanState.goals.length() == 0, empty(t("No goals in motion right now."))),
        pending("goals"),
        pending("goal-steps"),
        rx.cond(PlanState.edits, add_goal_form()),
        rx.cond(PlanState.resting.length() > 0,
                section(t("Resting for now"), rx.foreach(PlanState.resting, other_goal), section_id="resting")),
        rx.cond(PlanState.set_aside.length() > 0,
                section(t("Set aside"), rx.foreach(PlanState.set_aside, other_goal), section_id="set-aside")),
        rx.cond(PlanState.achieved.length() > 0,
                section(rx.cond(BoardState.own, t("I did it"), t("Achieved")),
                        rx.foreach(PlanState.achieved, achieved_goal),
                        section_id="achieved")),
        spacing="4",
        width="100%",
    )  # fmt: skip


def plan_page() -> rx.Component:
    return board_frame(plan_view())
