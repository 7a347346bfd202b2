"""A first goal in four small steps, in the 4-E order: what I want (and have), my goal,
a first step, and what has worked before."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.forms import submit_button
from strengthsapp.components.ops import native_select, op_form, pending
from strengthsapp.components.widgets import labelled, loading, problem_page, text_input
from strengthsapp.pages.parts.frame import page_frame
from strengthsapp.services.first_visit import QUESTIONS
from strengthsapp.services.plan import WHO
from strengthsapp.states.first_visit import TOP, FirstVisitState


def stage(number: str, title: str, hint: str, *fields: rx.Component) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(rx.heading(f"{number} · {title}", as_="h2", size="5")),
        rx.text(hint, size="2", color="var(--gray-11)"),
        rx.vstack(*fields, spacing="3", width="100%", padding_top="0.5rem"),
        style={**styles.card, "margin": "0"},
    )


def walk_through() -> rx.Component:
    you = rx.cond(FirstVisitState.own, "you", FirstVisitState.client_name)
    return op_form(
        "first_visit.save",
        rx.vstack(
            stage("1", "What I want", "Start with something wanted, in any part of life, in these words.",
                  labelled(QUESTIONS["want"], text_input("want", id_="fv-want", required=True), html_for="fv-want"),
                  labelled("Part of my life", native_select(
                      "domain_key", id_="fv-domain", placeholder="Choose (if you like)",
                      dynamic=rx.foreach(FirstVisitState.domains, lambda d: rx.el.option(d.label, value=d.key))),
                      html_for="fv-domain"),
                  labelled(QUESTIONS["have_now"], text_input("have_now", id_="fv-have"),
                           html_for="fv-have")),
            stage("2", "My first goal", "What would getting there look like? Keep the words as they were said.",
                  labelled(QUESTIONS["goal"], text_input("goal", id_="fv-goal", required=True), html_for="fv-goal"),
                  labelled(QUESTIONS["why"], text_input("why", id_="fv-why"),
                           html_for="fv-why")),
            stage("3", "A first small step", "Something small enough to try this week.",
                  labelled(QUESTIONS["step"], text_input("step", id_="fv-step", required=True), html_for="fv-step"),
                  labelled("Who does it", native_select("who", WHO, id_="fv-who", default="me"), html_for="fv-who"),
                  labelled(QUESTIONS["who_name"], text_input("who_name", id_="fv-who-name"),
                           html_for="fv-who-name")),
            stage("4", "What has worked before", "A time something like this went well: who or what helped?",
                  labelled(QUESTIONS["worked_before"], text_input("worked_before", id_="fv-worked"),
                           html_for="fv-worked")),
            submit_button(rx.cond(FirstVisitState.own, "Save my first goal", "Save for " + you + " to keep")),
            pending("first-visit"),
            spacing="4",
            width="100%",
        ),
        pending="first-visit",
        words="goal",
        saved=rx.cond(FirstVisitState.own, "Your first goal and step are in My goals.",
                      "Saved as one idea for " + FirstVisitState.client_name
                      + ": it joins the plan when they keep it, on their Today."),
    )  # fmt: skip


def first_visit_view() -> rx.Component:
    return rx.vstack(
        rx.heading(rx.cond(FirstVisitState.own, "Let's start", "First visit with " + FirstVisitState.client_name),
                   as_="h1", size="7"),
        rx.text(rx.cond(FirstVisitState.own, "Four small steps. Everything stays in your words.",
                        "Four small steps, together. " + FirstVisitState.client_name
                        + " keeps it (or changes it) with one tap on their phone."),
                size="3", color="var(--gray-11)"),
        walk_through(),
        rx.link("Go to the board", href=FirstVisitState.board_href, size="4", high_contrast=True,
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
