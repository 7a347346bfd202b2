"""*Today* on the client's phone: my next steps, my goals, my wins."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.board import action_button, ask_first, board_frame, empty, section
from strengthsapp.components.domain_icon import domain_icon
from strengthsapp.components.forms import submit_button
from strengthsapp.components.invite_link import invite_link_card
from strengthsapp.pages.sharing import invite_form
from strengthsapp.services.contacts import PLACE_WORDS, ContactPublic
from strengthsapp.services.progress import CHEERS, FEELINGS
from strengthsapp.services.suggestions import IdeaWaitingPublic, SuggestionPublic
from strengthsapp.services.today import AchievedGoalPublic, GoalSummaryPublic, NextStepPublic, WinPublic
from strengthsapp.states.today import TodayState


def next_step_card(step: rx.Var[NextStepPublic]) -> rx.Component:
    return rx.hstack(
        rx.box(domain_icon(step.domain_icon), color="var(--accent-11)", padding_top="2px"),
        rx.vstack(
            rx.text(step.text, weight="medium", size="4"),
            rx.text(step.goal_text, size="2", color="var(--gray-11)"),
            rx.hstack(
                rx.cond(
                    step.when != "", rx.badge(step.when, color_scheme="jade", high_contrast=True, size="2")
                ),
                rx.cond(
                    step.who != "", rx.badge(step.who, color_scheme="gray", high_contrast=True, size="2")
                ),
                spacing="2",
                wrap="wrap",
            ),
            spacing="1",
            align="start",
            flex="1",
        ),
        rx.cond(
            TodayState.records_progress,
            rx.button(
                rx.icon("check", size=20, aria_hidden="true"),
                "Done",
                on_click=TodayState.mark_done(step.id),
                size="3",
                variant="soft",
                high_contrast=True,
                min_height=styles.TOUCH_TARGET,
                min_width="5.5rem",
                aria_label="Done: " + step.text,
            ),
        ),
        style=styles.card,
        align="start",
        spacing="3",
        class_name="next-step",
        key=step.id.to_string(),
    )


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
                        goal.steps_done.to_string() + " of " + goal.steps_total.to_string() + " steps done",
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
                "“" + goal.last_check_in + "” · ",
                rx.cond(
                    goal.last_check_in_feeling != "", "feeling " + goal.last_check_in_feeling + " · ", ""
                ),
                goal.last_check_in_when,
                size="2",
                color="var(--gray-11)",
            ),
        ),
        rx.cond(
            TodayState.records_progress,
            # The form (and its select) is built only when opened: a lighter board on a phone.
            rx.cond(
                TodayState.editing == "checkin-" + goal.id.to_string(),
                check_in_form(goal),
                small_button(
                    "How is it going?",
                    TodayState.start_editing("checkin-" + goal.id.to_string(), 0),
                    "How is it going with " + goal.text,
                ),
            ),
        ),
        rx.cond(
            TodayState.own,
            rx.hstack(
                small_button(
                    "I did it!", TodayState.achieve(goal.id), "I did it: " + goal.text, color="jade"
                ),
                small_button("Rest for now", TodayState.pause(goal.id), "Rest for now: " + goal.text),
                spacing="2",
                wrap="wrap",
            ),
        ),
        style=styles.card,
        spacing="2",
        class_name="goal",
        key=goal.id.to_string(),
    )


def check_in_form(goal: rx.Var[GoalSummaryPublic]) -> rx.Component:
    return rx.form(
        rx.el.input(type="hidden", name="goal", value=goal.id.to_string()),
        rx.hstack(
            rx.input(name="how", placeholder="How is it going?", aria_label="How is it going with " + goal.text,
                     required=True, size="2", flex="1", min_width="10rem",
                     min_height=styles.TOUCH_TARGET),
            rx.select.root(
                rx.select.trigger(placeholder="Feeling", aria_label="Feeling", min_height=styles.TOUCH_TARGET,
                                  style=styles.SELECT_PLACEHOLDER),
                rx.select.content(*[rx.select.item(f.capitalize(), value=f) for f in FEELINGS]),
                name="feeling",
                size="2",
            ),
            rx.button("Save", type="submit", variant="soft", high_contrast=True, size="2",
                      min_height=styles.TOUCH_TARGET, aria_label="Save check-in for " + goal.text),
            spacing="2",
            wrap="wrap",
            width="100%",
        ),
        on_submit=TodayState.check_in,
        reset_on_submit=True,
        width="100%",
    )  # fmt: skip


def small_button(
    text: str, on_click: rx.event.EventSpec, label: rx.Var[str], color: str = "gray"
) -> rx.Component:
    return rx.button(
        text,
        on_click=on_click,
        variant="soft",
        color_scheme=color,
        high_contrast=True,
        size="2",
        min_height=styles.TOUCH_TARGET,
        aria_label=label,
    )


def resting_card(goal: rx.Var[GoalSummaryPublic]) -> rx.Component:
    return rx.hstack(
        rx.text(goal.text, size="3"),
        rx.cond(
            TodayState.own,
            small_button("Pick it up again", TodayState.resume(goal.id), "Pick it up again: " + goal.text),
        ),
        justify="between",
        align="center",
        wrap="wrap",
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


def win_card(win: rx.Var[WinPublic], *, journal: bool = False) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.icon("star", size=20, color="var(--amber-11)", aria_hidden="true"),
            rx.text(win.text, weight="medium", size="4"),
            align="start",
            spacing="2",
        ),
        rx.text(
            win.when,
            rx.cond(win.recorded_by != "", " · recorded with " + win.recorded_by, ""),
            rx.cond(win.goal_text != "", " · " + win.goal_text, ""),
            size="2",
            color="var(--gray-11)",
        ),
        rx.cond(
            win.cheers.length() > 0,
            rx.hstack(
                rx.foreach(
                    win.cheers,
                    lambda cheer: rx.badge(
                        cheer.by + ": " + cheer.text,
                        color_scheme="amber",
                        variant="surface",
                        high_contrast=True,
                        size="2",
                    ),
                ),
                spacing="2",
                wrap="wrap",
                aria_label="Cheers",
            ),
        ),
        rx.cond(
            TodayState.cheers,
            rx.hstack(
                *[
                    rx.button(
                        emoji,
                        on_click=TodayState.cheer_win(win.id, emoji),
                        variant="surface",
                        color_scheme="amber",
                        size="3",
                        min_height=styles.TOUCH_TARGET,
                        min_width=styles.TOUCH_TARGET,
                        aria_label="Cheer " + win.text + " with " + emoji,
                    )
                    for emoji in CHEERS
                ],
                spacing="2",
                wrap="wrap",
            ),
        ),
        rx.cond(
            win.removable & TodayState.records_progress,
            ask_first(
                action_button("Remove", variant="ghost", aria_label="Remove win: " + win.text),
                TodayState.remove_win(win.id),
                question="Remove this win?",
                words=win.text,
                yes="Remove it",
            ),
        ),
        keep_as_strength(win) if journal else rx.fragment(),
        style=styles.win_card,
        spacing="2",
        class_name="win",
        key=win.id.to_string(),
    )


def keep_as_strength(win: rx.Var[WinPublic]) -> rx.Component:
    """A win is evidence of a strength: one tap adds it to what has worked before."""
    from strengthsapp.states.board_views import WinsState

    return rx.cond(
        win.kept,
        rx.text("✓ In “What has worked before”", size="2", color="var(--jade-12)"),
        rx.cond(
            TodayState.own,
            rx.button(
                rx.icon("sprout", size=18, aria_hidden="true"),
                "This has worked: keep it as a strength",
                on_click=WinsState.keep_as_strength(win.id),
                size="2",
                variant="soft",
                color_scheme="jade",
                high_contrast=True,
                min_height=styles.TOUCH_TARGET,
                aria_label="Keep as a strength: " + win.text,
            ),
        ),
    )


def win_form(*, with_goal: bool = False) -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.el.label(
                rx.cond(TodayState.own, "A win, big or small", "A win " + TodayState.client_name + " wants to keep"),
                html_for="field-win",
                font_weight="500",
            ),
            rx.hstack(
                rx.input(
                    id="field-win", name="win", required=True, size="3", flex="1",
                    min_height=styles.TOUCH_TARGET,
                ),
                # With a goal to choose, "Add" comes after the choice, not before it.
                submit_button("Add") if not with_goal else rx.fragment(),
                width="100%",
            ),
            *([goal_choice(), submit_button("Add")] if with_goal else []),
            spacing="2" if with_goal else "1",
            width="100%",
        ),
        on_submit=TodayState.add_win,
        width="100%",
    )  # fmt: skip


def goal_choice() -> rx.Component:
    return rx.cond(
        TodayState.goals.length() > 0,
        rx.select.root(
            rx.select.trigger(placeholder="For one of my goals? (if you like)", aria_label="For a goal",
                              min_height=styles.TOUCH_TARGET, width="100%", style=styles.SELECT_PLACEHOLDER),
            rx.select.content(rx.foreach(TodayState.goals, lambda g: rx.select.item(g.text, value=g.id.to_string()))),
            name="goal",
            size="3",
        ),
    )  # fmt: skip


def idea_card(idea: rx.Var[SuggestionPublic]) -> rx.Component:
    """An idea someone had for the client's plan. The client decides, and may reword it."""
    return rx.vstack(
        rx.text(
            rx.text.strong(idea.by),
            rx.match(
                idea.kind,
                ("new_goal", " suggests a new goal:"),
                ("edit", " suggests new words for “" + idea.was + "”:"),
                ("resource", " suggests someone or somewhere for People & places:"),
                ("nudge", " suggests a nudge for “" + idea.goal_text + "”:"),
                " suggests a step for “" + idea.goal_text + "”:",
            ),
            size="3",
        ),
        rx.cond(idea.detail != "", rx.text(idea.detail, size="2", color="var(--gray-11)")),
        rx.cond(
            idea.changed,
            rx.text("The words changed since this idea was made. They now say: “" + idea.was + "”.", size="2",
                    weight="medium"),
        ),
        rx.form(
            rx.el.input(type="hidden", name="id", value=idea.id.to_string()),
            rx.vstack(
                # All of the idea shows before she decides (it grows with its words).
                rx.text_area(name="text", aria_label="The idea, in my words", default_value=idea.text,
                             size="3", width="100%", rows="2", min_height=styles.TOUCH_TARGET,
                             style={"field_sizing": "content"}),
                submit_button(rx.cond(idea.kind == "edit", "Use these words", "Add to my plan"),
                              aria_label=rx.cond(idea.kind == "edit", "Use these words", "Add to my plan") + ": "
                              + idea.text),
                spacing="2",
                width="100%",
            ),
            on_submit=TodayState.accept,
            width="100%",
        ),
        rx.form(
            rx.el.input(type="hidden", name="id", value=idea.id.to_string()),
            rx.hstack(
                rx.input(name="reason", placeholder="Why not? (if you like)", aria_label="Why not (if you like)", size="2", flex="1", min_width="10rem", min_height=styles.TOUCH_TARGET),
                rx.button("No thanks", type="submit", variant="soft", color_scheme="gray", high_contrast=True,
                          size="3", min_height=styles.TOUCH_TARGET, aria_label="No thanks: " + idea.text),
                spacing="2",
                width="100%",
                wrap="wrap",
            ),
            on_submit=TodayState.decline,
            width="100%",
        ),
        spacing="2",
        style=styles.card,
        class_name="idea",
        key=idea.id.to_string(),
    )  # fmt: skip


def ideas_for_me() -> rx.Component:
    return rx.cond(
        TodayState.suggestions.length() > 0,
        section(
            "Ideas for me",
            rx.text("You decide. You can change the words before adding.", size="2", color="var(--gray-11)"),
            rx.foreach(TodayState.suggestions, idea_card),
            section_id="ideas",
        ),
    )


def waiting_idea(idea: rx.Var[IdeaWaitingPublic]) -> rx.Component:
    return rx.text(
        rx.match(
            idea.kind,
            ("new_goal", "A new goal: "),
            ("edit", "New words for “" + idea.was + "”: "),
            ("resource", "For People & places: "),
            ("nudge", "A nudge for “" + idea.goal_text + "”: "),
            "A step for “" + idea.goal_text + "”: ",
        ),
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
            "My ideas waiting for " + TodayState.client_name,
            rx.text(TodayState.client_name + " decides on each of them.", size="2", color="var(--gray-11)"),
            rx.foreach(TodayState.my_ideas, waiting_idea),
            section_id="ideas-waiting",
        ),
    )


def suggest_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading("Suggest an idea to " + TodayState.client_name, as_="h2", size="5"),
            rx.text(TodayState.client_name + " decides whether to add it.", size="2", color="var(--gray-11)"),
            rx.el.label("The idea", html_for="field-idea", font_weight="500"),
            rx.input(id="field-idea", name="idea", required=True, size="3", width="100%",
                     min_height=styles.TOUCH_TARGET),
            rx.el.label("It is", html_for="suggest-target", font_weight="500"),
            rx.select.root(
                rx.select.trigger(id="suggest-target", min_height=styles.TOUCH_TARGET, width="100%"),
                rx.select.content(
                    rx.select.item("A new goal", value="new"),
                    rx.foreach(
                        TodayState.goals,
                        lambda goal: rx.select.item("A step for: " + goal.text, value=goal.id.to_string()),
                    ),
                ),
                name="target",
                default_value="new",
                size="3",
            ),
            submit_button("Suggest"),
            spacing="2",
            width="100%",
        ),
        on_submit=TodayState.suggest,
        reset_on_submit=True,
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
    return rx.form(
        rx.vstack(
            rx.heading("Record a visit", as_="h3", size="4"),
            rx.el.label("When", html_for="visit-on", font_weight="500"),
            rx.input(id="visit-on", name="on", type="date", required=True, size="3", min_height=styles.TOUCH_TARGET,
                     default_value=TODAY_ON_THIS_DEVICE),
            rx.el.label("Where", html_for="visit-place", font_weight="500"),
            rx.select.root(
                rx.select.trigger(id="visit-place", min_height=styles.TOUCH_TARGET, width="100%"),
                rx.select.content(*[rx.select.item(words.capitalize(), value=place.value)
                                    for place, words in PLACE_WORDS.items()]),
                name="place",
                default_value="community",
                size="3",
            ),
            rx.el.label("What we worked on", html_for="visit-summary", font_weight="500"),
            rx.text_area(id="visit-summary", name="summary", required=True, size="3",
                         width="100%", rows="3"),
            submit_button("Save the visit"),
            spacing="2",
            width="100%",
        ),
        on_submit=TodayState.record_visit,
        reset_on_submit=True,
        style=styles.card,
    )  # fmt: skip


def contacts_section() -> rx.Component:
    return rx.cond(
        TodayState.records_contacts | (TodayState.contacts.length() > 0),
        section(
            rx.cond(TodayState.own, "When we met", "Visits"),
            rx.foreach(TodayState.contacts, contact_card),
            rx.cond(TodayState.records_contacts, visit_form()),
            section_id="contacts",
        ),
    )


def board_heading() -> rx.Component:
    return rx.cond(
        TodayState.own,
        rx.vstack(
            rx.heading(TodayState.greeting, as_="h1", size="7"),
            rx.text(TodayState.week_summary, size="4", color="var(--gray-11)"),
            spacing="1",
        ),
        rx.vstack(
            rx.heading(TodayState.client_name + "'s board", as_="h1", size="7"),
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
            rx.cond(TodayState.own, "My next steps", "Next steps"),
            rx.foreach(TodayState.next_steps, next_step_card),
            rx.cond(
                TodayState.next_steps.length() == 0,
                rx.vstack(
                    empty("No steps waiting. What is one small thing to try?"),
                    # A way forward from an empty list: the client's own plan, where steps are added.
                    rx.cond(
                        TodayState.own & (TodayState.goals.length() > 0),
                        rx.link(
                            "Add a step to one of my goals",
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
            rx.cond(TodayState.own, "My goals", "Goals"),
            rx.foreach(TodayState.goals, goal_card),
            rx.cond(TodayState.goals.length() == 0, empty("No goals in motion right now.")),
            section_id="goals",
        ),
        rx.cond(
            TodayState.resting.length() > 0,
            section("Resting for now", rx.foreach(TodayState.resting, resting_card), section_id="resting"),
        ),
        rx.cond(
            TodayState.achieved.length() > 0,
            section(
                rx.cond(TodayState.own, "Goals I reached", "Goals reached"),
                rx.foreach(TodayState.achieved, achieved_card),
                section_id="achieved",
            ),
        ),
        spacing="5",
        width="100%",
    )


def wins_section() -> rx.Component:
    return section(
        rx.cond(TodayState.own, "My wins", "Wins"),
        rx.cond(TodayState.records_progress, win_form()),
        rx.foreach(TodayState.wins, win_card),
        rx.cond(TodayState.wins.length() == 0, empty("Wins will show here.")),
        section_id="wins",
    )


def invite_with_client() -> rx.Component:
    return rx.vstack(
        rx.cond(TodayState.new_invite, invite_link_card(TodayState.new_invite)),
        invite_form(
            on_submit=TodayState.invite_with_client,
            error=TodayState.invite_error,
            heading="Invite someone, together with " + TodayState.client_name,
            relationship_question="Who are they to " + TodayState.client_name + "?",
        ),
        spacing="3",
        width="100%",
    )


def start_card() -> rx.Component:
    """A way in when there is no goal yet, and for the case manager's first visit."""
    return rx.cond(
        (TodayState.own & (TodayState.goals.length() == 0)) | TodayState.records_contacts,
        rx.link(
            rx.hstack(
                rx.icon("footprints", size=22, aria_hidden="true"),
                rx.text(rx.cond(TodayState.own, "Let's start: a first goal in four small steps",
                                "First visit: a first goal together, in four small steps"), size="3", weight="medium"),
                align="center",
                spacing="2",
            ),
            href=rx.cond(TodayState.own, "/start", "/start?client=" + TodayState.board_client.to_string()),
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
        start_card(),
        rx.cond(TodayState.own, ideas_for_me()),
        rx.grid(
            rx.cond(TodayState.shows_goals, plan_sections()),
            rx.cond(TodayState.shows_wins, wins_section()),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="5",
            width="100%",
            align_items="start",
        ),
        contacts_section(),
        rx.cond(TodayState.suggests, my_ideas_waiting()),
        rx.cond(TodayState.suggests, suggest_form()),
        rx.cond(TodayState.invites_with_client, invite_with_client()),
        spacing="5",
        width="100%",
    )


def board_page() -> rx.Component:
    return board_frame(board_view())


def wins_view() -> rx.Component:
    from strengthsapp.states.board_views import WinsState

    return rx.vstack(
        rx.heading(
            rx.cond(TodayState.own, "My wins", TodayState.client_name + "'s wins"), as_="h1", size="7"
        ),
        rx.cond(TodayState.records_progress, win_form(with_goal=True)),
        rx.foreach(WinsState.wins, lambda win: win_card(win, journal=True)),
        rx.cond(WinsState.wins.length() == 0, empty("Wins will show here. Big or small, they all count.")),
        spacing="4",
        width="100%",
    )


def wins_page() -> rx.Component:
    return board_frame(wins_view())
