"""*Today* on the client's phone: my next steps, my goals, my wins."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.domain_icon import domain_icon
from strengthsapp.components.fold_out import fold_out
from strengthsapp.components.forms import submit_button
from strengthsapp.components.grant_form import invite_form
from strengthsapp.components.invite_link import invite_link_card
from strengthsapp.components.ops import native_select, op_button, op_form, pending
from strengthsapp.components.widgets import empty, hidden, section
from strengthsapp.components.words import t, tn
from strengthsapp.pages.parts.board import board_frame
from strengthsapp.pages.parts.wins import win_card, win_form
from strengthsapp.services.contacts import PLACE_WORDS, ContactPublic
from strengthsapp.services.progress import FEELINGS
from strengthsapp.services.suggestions import IdeaWaitingPublic, SuggestionPublic
from strengthsapp.services.today import AchievedGoalPublic, GoalSummaryPublic, NextStepPublic
from strengthsapp.states.board import BoardState
from strengthsapp.states.today import TodayState


def next_step_card(step: rx.Var[NextStepPublic]) -> rx.Component:
    """A next step, and "Done" for whoever records progress. Done, it stays where it was,
    shown done, with "Undo" somewhere else than the tap was: a second tap does nothing."""
    step_id = step.id.to_string()
    return rx.hstack(
        rx.box(domain_icon(step.domain_icon), color="var(--accent-11)", padding_top="2px"),
        rx.vstack(
            rx.text(step.text, weight="medium", size="4",
                    text_decoration=rx.cond(step.done, "line-through", "none")),
            rx.text(step.goal_text, size="2", color="var(--gray-11)"),
            rx.hstack(
                rx.cond(step.when != "", rx.badge(step.when, color_scheme="jade", high_contrast=True, size="2")),
                rx.cond(step.who != "", rx.badge(step.who, color_scheme="gray", high_contrast=True, size="2")),
                spacing="2",
                wrap="wrap",
            ),
            rx.cond(
                step.done & step.undoable,
                op_button(t("Undo"), kind="step.undone", fields={"step": step.id}, pending="step-" + step_id,
                          label=t("Not done after all: {step}", step=step.text), variant="ghost", color_scheme="gray",
                          high_contrast=True, size="2", min_height=styles.TOUCH_TARGET,
                          aria_label=t("Undo done: {step}", step=step.text)),
            ),
            pending("step-" + step_id),
            spacing="1",
            align="start",
            flex="1",
        ),
        rx.cond(
            BoardState.records_progress,
            rx.cond(
                step.done,
                rx.badge(rx.icon("check", size=18, aria_hidden="true"), t("Done"), color_scheme="jade",
                         high_contrast=True, size="3", min_height=styles.TOUCH_TARGET, min_width="5.5rem"),
                op_button(rx.icon("check", size=20, aria_hidden="true"), t("Done"), kind="step.done",
                          fields={"step": step.id}, pending="step-" + step_id, label=t("Done: {step}", step=step.text),
                          hides="[data-step-card='" + step_id + "'] .done-button", size="3", variant="soft",
                          high_contrast=True, min_height=styles.TOUCH_TARGET, min_width="5.5rem",
                          aria_label=t("Done: {step}", step=step.text), class_name="done-button"),
            ),
        ),
        style=styles.card,
        align="start",
        spacing="3",
        class_name="next-step",
        custom_attrs={"data-step-card": step_id},
        key=step_id,
    )  # fmt: skip


def goal_card(goal: rx.Var[GoalSummaryPublic]) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.box(domain_icon(goal.domain_icon), color="var(--accent-11)", padding_top="2px"),
            rx.vstack(
                rx.text(goal.text, weight="medium", size="4"),
                rx.text(goal.domain_label, size="2", color="var(--gray-11)"),
                rx.cond(
                    goal.steps_total > 0,
                    rx.text(
                        tn("{done} of {count} step done", "{done} of {count} steps done", goal.steps_total,
                           done=goal.steps_done),
                        size="2",
                    ),
                ),
                spacing="1",
                align="start",
            ),
            align="start",
            spacing="3",
        ),
        rx.cond(
            goal.last_check_in != "",
            rx.text(
                "“", goal.last_check_in, "” · ",
                rx.cond(
                    goal.last_check_in_feeling != "",
                    rx.fragment(t("feeling {feeling}", feeling=feeling_words(goal.last_check_in_feeling)), " · "),
                ),
                goal.last_check_in_when,
                size="2",
                color="var(--gray-11)",
            ),
        ),
        rx.cond(
            BoardState.records_progress,
            # Opened on the device itself (no round trip: with no signal too), and built only
            # when opened: a lighter board on a phone.
            fold_out(
                rx.el.summary(t("How is it going?"), aria_label=t("How is it going with {goal}", goal=goal.text),
                              style=styles.SUMMARY),
                check_in_form(goal),
            ),
        ),
        rx.cond(
            BoardState.own,
            rx.hstack(
                goal_status_button(goal, "achieved", t("I did it!"), t("I did it: {goal}", goal=goal.text),
                                   color="jade", saved=t("You did it! 🎉 This goal is now in “Goals I reached”.")),
                goal_status_button(goal, "paused", t("Rest for now"), t("Rest for now: {goal}", goal=goal.text)),
                spacing="2",
                wrap="wrap",
            ),
        ),
        pending("goal-" + goal.id.to_string()),
        style=styles.card,
        spacing="2",
        class_name="goal",
        key=goal.id.to_string(),
    )  # fmt: skip


def check_in_form(goal: rx.Var[GoalSummaryPublic]) -> rx.Component:
    return op_form(
        "check_in.add",
        hidden("goal", goal.id),
        rx.hstack(
            rx.input(name="how", placeholder=t("How is it going?"),
                     aria_label=t("How is it going with {goal}", goal=goal.text), required=True, size="2", flex="1",
                     min_width="10rem", min_height=styles.TOUCH_TARGET),
            # The empty first choice is an option of its own: native_select's placeholder is a str.
            native_select("feeling", id_="feeling-" + goal.id.to_string(), aria_label=t("Feeling"),
                          style={"width": "auto", "min_width": "8rem"},
                          dynamic=rx.fragment(rx.el.option(t("Feeling"), value=""),
                                              *[rx.el.option(t(f).to(str).capitalize(), value=f) for f in FEELINGS])),
            rx.button(t("Save"), type="submit", variant="soft", high_contrast=True, size="2",
                      min_height=styles.TOUCH_TARGET, aria_label=t("Save check-in for {goal}", goal=goal.text)),
            spacing="2",
            wrap="wrap",
            width="100%",
        ),
        pending="goal-" + goal.id.to_string(),
        words="how",
    )  # fmt: skip


def feeling_words(feeling: rx.Var[str]) -> rx.Var[str]:
    """A check-in's feeling (one of FEELINGS) in the reader's language."""
    return rx.match(feeling, *[(f, t(f)) for f in FEELINGS], feeling)


def goal_status_button(
    goal: rx.Var[GoalSummaryPublic],
    status: str,
    text: rx.Var[str],
    label: rx.Var[str],
    *,
    color: str = "gray",
    saved: rx.Var[str] | None = None,
) -> rx.Component:
    """I did it, rest for now, pick it up again: only the client moves her goal. Said at the
    board's top: the goal moves to another list. `label` names the goal ("Rest for now: …")."""
    return op_button(
        text, kind="goal.status", fields={"goal": goal.id, "status": status}, pending="board",
        label=label, saved=saved, variant="soft", color_scheme=color, high_contrast=True,
        size="2", min_height=styles.TOUCH_TARGET, aria_label=label,
    )  # fmt: skip


def resting_card(goal: rx.Var[GoalSummaryPublic]) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(goal.text, size="3"),
            rx.cond(
                BoardState.own,
                goal_status_button(
                    goal, "active", t("Pick it up again"), t("Pick it up again: {goal}", goal=goal.text)
                ),
            ),
            justify="between",
            align="center",
            wrap="wrap",
            width="100%",
        ),
        pending("goal-" + goal.id.to_string()),
        style=styles.card,
        class_name="resting",
        key=goal.id.to_string(),
    )


def achieved_card(goal: rx.Var[AchievedGoalPublic]) -> rx.Component:
    return rx.hstack(
        rx.icon("trophy", size=20, color="var(--amber-11)", aria_hidden="true"),
        rx.text(goal.text, weight="medium", size="3"),
        rx.text(goal.when, size="2", color="var(--gray-11)"),
        spacing="2",
        align="center",
        wrap="wrap",
        style=styles.win_card,
        class_name="achieved",
        key=goal.id.to_string(),
    )


def idea_card(idea: rx.Var[SuggestionPublic]) -> rx.Component:
    """An idea someone had for the client's plan. The client decides, and may reword it."""
    return rx.vstack(
        rx.text(
            rx.text.strong(idea.by),
            " ",
            rx.match(
                idea.kind,
                ("new_goal", t("suggests a new goal:")),
                ("edit", t("suggests new words for “{words}”:", words=idea.was)),
                ("resource", t("suggests someone or somewhere for People & places:")),
                ("nudge", t("suggests a nudge for “{goal}”:", goal=idea.goal_text)),
                t("suggests a step for “{goal}”:", goal=idea.goal_text),
            ),
            size="3",
        ),
        rx.cond(idea.detail != "", rx.text(idea.detail, size="2", color="var(--gray-11)")),
        rx.cond(
            idea.changed,
            rx.text(t("The words changed since this idea was made. They now say: “{words}”.", words=idea.was),
                    size="2", weight="medium"),
        ),
        op_form(
            "idea.accept",
            hidden("idea", idea.id),
            rx.vstack(
                # All of the idea shows before she decides (it grows with its words).
                rx.text_area(name="text", aria_label=t("The idea, in my words"), default_value=idea.text,
                             size="3", width="100%", rows="2", min_height=styles.TOUCH_TARGET,
                             style={"field_sizing": "content"}),
                submit_button(rx.cond(idea.kind == "edit", t("Use these words"), t("Add to my plan")),
                              aria_label=rx.cond(idea.kind == "edit", t("Use these words: {idea}", idea=idea.text),
                                                 t("Add to my plan: {idea}", idea=idea.text))),
                spacing="2",
                width="100%",
            ),
            pending="idea-" + idea.id.to_string(),
            words="text",
        ),
        op_form(
            "idea.decline",
            hidden("idea", idea.id),
            rx.hstack(
                rx.input(name="reason", placeholder=t("Why not? (if you like)"), aria_label=t("Why not (if you like)"), size="2", flex="1", min_width="10rem", min_height=styles.TOUCH_TARGET),
                rx.button(t("No thanks"), type="submit", variant="soft", color_scheme="gray", high_contrast=True,
                          size="3", min_height=styles.TOUCH_TARGET, aria_label=t("No thanks: {idea}", idea=idea.text)),
                spacing="2",
                width="100%",
                wrap="wrap",
            ),
            pending="idea-" + idea.id.to_string(),
            words="reason",
        ),
        pending("idea-" + idea.id.to_string()),
        spacing="2",
        style=styles.card,
        class_name="idea",
        key=idea.id.to_string(),
    )  # fmt: skip


def ideas_for_me() -> rx.Component:
    return rx.cond(
        TodayState.suggestions.length() > 0,
        section(
            t("Ideas for me"),
            rx.text(
                t("You decide. You can change the words before adding."), size="2", color="var(--gray-11)"
            ),
            rx.foreach(TodayState.suggestions, idea_card),
            section_id="ideas",
        ),
    )


def waiting_idea(idea: rx.Var[IdeaWaitingPublic]) -> rx.Component:
    return rx.text(
        rx.match(
            idea.kind,
            ("new_goal", t("A new goal:")),
            ("edit", t("New words for “{words}”:", words=idea.was)),
            ("resource", t("For People & places:")),
            ("nudge", t("A nudge for “{goal}”:", goal=idea.goal_text)),
            t("A step for “{goal}”:", goal=idea.goal_text),
        ),
        " ",
        rx.text.strong(idea.text),
        size="3",
        style={**styles.card, "overflow_wrap": "anywhere"},
        class_name="waiting-idea",
        key=idea.id.to_string(),
    )


def my_ideas_waiting() -> rx.Component:
    """Someone else's view: their own ideas that still wait for the client, so none is
    suggested twice."""
    return rx.cond(
        TodayState.my_ideas.length() > 0,
        section(
            t("My ideas waiting for {name}", name=BoardState.client_name),
            rx.text(
                t("{name} decides on each of them.", name=BoardState.client_name),
                size="2",
                color="var(--gray-11)",
            ),
            rx.foreach(TodayState.my_ideas, waiting_idea),
            section_id="ideas-waiting",
        ),
    )


def suggest_form() -> rx.Component:
    return rx.vstack(
        op_form(
            "idea.add",
            rx.vstack(
                rx.heading(t("Suggest an idea to {name}", name=BoardState.client_name), as_="h2", size="5"),
                rx.text(t("{name} decides whether to add it.", name=BoardState.client_name), size="2",
                        color="var(--gray-11)"),
                rx.el.label(t("The idea"), html_for="field-idea", font_weight="500"),
                rx.input(id="field-idea", name="text", required=True, size="3", width="100%",
                         min_height=styles.TOUCH_TARGET),
                rx.el.label(t("It is"), html_for="suggest-target", font_weight="500"),
                native_select(
                    "goal", id_="suggest-target",
                    dynamic=rx.fragment(
                        rx.el.option(t("A new goal"), value=""),
                        rx.foreach(TodayState.goals, lambda goal: rx.el.option(
                            t("A step for: {goal}", goal=goal.text), value=goal.id.to_string())),
                    ),
                ),
                submit_button(t("Suggest")),
                spacing="2",
                width="100%",
            ),
            pending="ideas",
            words="text",
            saved=t("Your idea is waiting for {name} to decide.", name=BoardState.client_name),
        ),
        pending("ideas"),
        style=styles.card,
    )  # fmt: skip


def contact_card(contact: rx.Var[ContactPublic]) -> rx.Component:
    return rx.vstack(
        rx.text(rx.text.strong(contact.when), " · ", contact.who, " · ", contact.where, size="2"),
        rx.text(contact.summary, size="3"),
        spacing="1",
        style=styles.card,
        class_name="contact",
    )


# A visit is mostly recorded on its day: the tablet's own date (YYYY-MM-DD in its time zone),
# worked out in the browser when the form is drawn, also after "reset on submit".
# (Built from its parts: a locale's date format is for people and has changed between ICU versions.)
TODAY_ON_THIS_DEVICE = rx.Var(
    "((d) => [d.getFullYear(), String(d.getMonth() + 1).padStart(2, '0'), String(d.getDate()).padStart(2, '0')]"
    ".join('-'))(new Date())",
    _var_type=str,
)


def visit_form() -> rx.Component:
    return rx.vstack(
        op_form(
            "visit.add",
            rx.vstack(
                rx.heading(t("Record a visit"), as_="h3", size="4"),
                rx.el.label(t("When"), html_for="visit-on", font_weight="500"),
                rx.input(id="visit-on", name="on", type="date", required=True, size="3", min_height=styles.TOUCH_TARGET,
                         default_value=TODAY_ON_THIS_DEVICE),
                rx.el.label(t("Where"), html_for="visit-place", font_weight="500"),
                native_select("place", [(place.value, t(words).to(str).capitalize())
                                        for place, words in PLACE_WORDS.items()],
                              id_="visit-place", default="community"),
                rx.el.label(t("What we worked on"), html_for="visit-summary", font_weight="500"),
                rx.text_area(id="visit-summary", name="summary", required=True, size="3",
                             width="100%", rows="3"),
                submit_button(t("Save the visit")),
                spacing="2",
                width="100%",
            ),
            pending="visits",
            words="summary",
        ),
        pending("visits"),
        style=styles.card,
    )  # fmt: skip


def contacts_section() -> rx.Component:
    return rx.cond(
        TodayState.records_contacts | (TodayState.contacts.length() > 0),
        section(
            rx.cond(BoardState.own, t("When we met"), t("Visits")),
            rx.foreach(TodayState.contacts, contact_card),
            rx.cond(TodayState.records_contacts, visit_form()),
            section_id="contacts",
        ),
    )


def board_heading() -> rx.Component:
    return rx.cond(
        BoardState.own,
        rx.vstack(
            rx.heading(TodayState.greeting, as_="h1", size="7"),
            rx.text(TodayState.week_summary, size="4", color="var(--gray-11)"),
            spacing="1",
        ),
        rx.vstack(
            rx.heading(t("{name}'s board", name=BoardState.client_name), as_="h1", size="7"),
            rx.cond(
                TodayState.shows_goals,
                rx.text(TodayState.week_summary, size="4", color="var(--gray-11)"),
            ),
            spacing="1",
        ),
    )


def plan_sections() -> rx.Component:
    return rx.vstack(
        section(
            rx.cond(BoardState.own, t("My next steps"), t("Next steps")),
            rx.foreach(TodayState.next_steps, next_step_card),
            rx.cond(
                TodayState.next_steps.length() == 0,
                rx.vstack(
                    empty(t("No steps waiting. What is one small thing to try?")),
                    # A way forward from an empty list: the client's own plan, where steps are added.
                    rx.cond(
                        BoardState.own & (TodayState.goals.length() > 0),
                        rx.link(
                            t("Add a step to one of my goals"),
                            href="/goals",
                            size="3",
                            style={"_hover": styles.LINK_HOVER},
                        ),
                    ),
                    spacing="2",
                ),
            ),
            section_id="next-steps",
        ),
        section(
            rx.cond(BoardState.own, t("My goals"), t("Goals")),
            rx.foreach(TodayState.goals, goal_card),
            rx.cond(TodayState.goals.length() == 0, empty(t("No goals in motion right now."))),
            section_id="goals",
        ),
        rx.cond(
            TodayState.resting.length() > 0,
            section(t("Resting for now"), rx.foreach(TodayState.resting, resting_card), section_id="resting"),
        ),
        rx.cond(
            TodayState.achieved.length() > 0,
            section(
                rx.cond(BoardState.own, t("Goals I reached"), t("Goals reached")),
                rx.foreach(TodayState.achieved, achieved_card),
                section_id="achieved",
            ),
        ),
        spacing="5",
        width="100%",
    )


def wins_section() -> rx.Component:
    return section(
        rx.cond(BoardState.own, t("My wins"), t("Wins")),
        rx.cond(BoardState.records_progress, win_form()),
        pending("wins"),
        rx.foreach(TodayState.wins, win_card),
        rx.cond(TodayState.wins.length() == 0, empty(t("Wins will show here."))),
        section_id="wins",
    )


def invite_with_client() -> rx.Component:
    return rx.vstack(
        rx.cond(TodayState.new_invite, invite_link_card(TodayState.new_invite)),
        invite_form(
            on_submit=TodayState.invite_with_client,
            error=TodayState.invite_error,
            heading=t("Invite someone, together with {name}", name=BoardState.client_name),
            relationship_question=t("Who are they to {name}?", name=BoardState.client_name),
        ),
        spacing="3",
        width="100%",
    )


def start_card() -> rx.Component:
    """A way in when there is no goal yet, and for the case manager's first visit."""
    return rx.cond(
        (BoardState.own & (TodayState.goals.length() == 0)) | TodayState.records_contacts,
        rx.link(
            rx.hstack(
                rx.icon("footprints", size=22, aria_hidden="true"),
                rx.text(rx.cond(BoardState.own, t("Let's start: a first goal in four small steps"),
                                t("First visit: a first goal together, in four small steps")), size="3",
                        weight="medium"),
                align="center",
                spacing="2",
            ),
            href=rx.cond(BoardState.own, "/start", "/start?client=" + BoardState.board_client.to_string()),
            high_contrast=True,
            _hover=styles.LINK_HOVER,
            style=styles.card,
            display="flex",
            min_height=styles.TOUCH_TARGET,
            class_name="start-link",
        ),
    )  # fmt: skip


def board_view() -> rx.Component:
    return rx.vstack(
        board_heading(),
        pending("board"),
        start_card(),
        rx.cond(BoardState.own, ideas_for_me()),
        rx.grid(
            rx.cond(TodayState.shows_goals, plan_sections()),
            rx.cond(TodayState.shows_wins, wins_section()),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="5",
            width="100%",
            align_items="start",
        ),
        contacts_section(),
        rx.cond(BoardState.suggests, my_ideas_waiting()),
        rx.cond(BoardState.suggests, suggest_form()),
        rx.cond(TodayState.invites_with_client, invite_with_client()),
        spacing="5",
        width="100%",
    )


def board_page() -> rx.Component:
    return board_frame(board_view())
