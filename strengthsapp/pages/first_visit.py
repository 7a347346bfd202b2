"""A first goal in four small steps, in the 4-E order: what I want (and have), my goal,
a first step, and what has worked before."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.forms import submit_button
from strengthsapp.components.ops import native_select, op_form, pending
from strengthsapp.components.widgets import labelled, loading, problem_page, text_input
from strengthsapp.components.words import t
from strengthsapp.pages.parts.frame import page_frame
from strengthsapp.services.first_visit import QUESTIONS
from strengthsapp.services.plan import WHO
from strengthsapp.states.first_visit import TOP, FirstVisitState


def stage(number: str, title: rx.Var[str], hint: rx.Var[str], *fields: rx.Component) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(rx.heading(f"{number} · ", title, as_="h2", size="5")),
        rx.text(hint, size="2", color="var(--gray-11)"),
        rx.vstack(*fields, spacing="3", width="100%", padding_top="0.5rem"),
        style={**styles.card, "margin": "0"},
    )


def walk_through() -> rx.Component:
    return op_form(
        "first_visit.save",
        rx.vstack(
            stage("1", t("What I want"), t("Start with something wanted, in any part of life, in these words."),
                  labelled(t(QUESTIONS["want"]), text_input("want", id_="fv-want", required=True), html_for="fv-want"),
                  labelled(t("Part of my life"), native_select(
                      "domain_key", id_="fv-domain", placeholder=t("Choose (if you like)"),
                      dynamic=rx.foreach(FirstVisitState.domains, lambda d: rx.el.option(d.label, value=d.key))),
                      html_for="fv-domain"),
                  labelled(t(QUESTIONS["have_now"]), text_input("have_now", id_="fv-have"),
                           html_for="fv-have")),
            stage("2", t("My first goal"), t("What would getting there look like? Keep the words as they were said."),
                  labelled(t(QUESTIONS["goal"]), text_input("goal", id_="fv-goal", required=True), html_for="fv-goal"),
                  labelled(t(QUESTIONS["why"]), text_input("why", id_="fv-why"),
                           html_for="fv-why")),
            stage("3", t("A first small step"), t("Something small enough to try this week."),
                  labelled(t(QUESTIONS["step"]), text_input("step", id_="fv-step", required=True), html_for="fv-step"),
                  labelled(t("Who does it"), native_select("who", [(who, t(words)) for who, words in WHO], id_="fv-who",
                                                           default="me"), html_for="fv-who"),
                  labelled(t(QUESTIONS["who_name"]), text_input("who_name", id_="fv-who-name"),
                           html_for="fv-who-name")),
            stage("4", t("What has worked before"), t("A time something like this went well: who or what helped?"),
                  labelled(t(QUESTIONS["worked_before"]), text_input("worked_before", id_="fv-worked"),
                           html_for="fv-worked")),
            submit_button(rx.cond(FirstVisitState.own, t("Save my first goal"),
                                  t("Save for {name} to keep", name=FirstVisitState.client_name))),
            pending("first-visit"),
            spacing="4",
            width="100%",
        ),
        pending="first-visit",
        words="goal",
        saved=rx.cond(FirstVisitState.own, t("Your first goal and step are in My goals."),
                      t("Saved as one idea for {name}: it joins the plan when they keep it, on their Today.",
                        name=FirstVisitState.client_name)),
    )  # fmt: skip


def first_visit_view() -> rx.Component:
    return rx.vstack(
        rx.heading(rx.cond(FirstVisitState.own, t("Let's start"),
                           t("First visit with {name}", name=FirstVisitState.client_name)),
                   as_="h1", size="7"),
        rx.text(rx.cond(FirstVisitState.own, t("Four small steps. Everything stays in your words."),
                        t("Four small steps, together. {name} keeps it (or changes it) with one tap on their phone.",
                          name=FirstVisitState.client_name)),
                size="3", color="var(--gray-11)"),
        walk_through(),
        rx.link(t("Go to the board"), href=FirstVisitState.board_href, size="4", high_contrast=True,
                _hover=styles.LINK_HOVER, min_height=styles.TOUCH_TARGET, display="inline-flex",
                align_items="center"),
        spacing="4",
        width="100%",
        id=TOP,
        custom_attrs={"data-board": FirstVisitState.board, "data-board-name": FirstVisitState.client_name},
    )  # fmt: skip


def first_visit_page() -> rx.Component:
    return page_frame(
        rx.cond(
            FirstVisitState.loaded,
            rx.cond(FirstVisitState.problem != "", problem_page(FirstVisitState.problem), first_visit_view()),
            loading(),
        )
    )
