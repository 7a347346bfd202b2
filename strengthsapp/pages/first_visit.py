"""A first goal in four small steps, in the 4-E order: what I want (and have), my goal,
a first step, and what has worked before."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.components.board import labelled, loading, text_input
from strengthsapp.components.forms import error_message, notice, submit_button
from strengthsapp.components.layout import page_frame, problem_page
from strengthsapp.pages.plan import WHO
from strengthsapp.states.first_visit import QUESTIONS, TOP, FirstVisitState


def stage(number: str, title: str, hint: str, *fields: rx.Component) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(rx.heading(f"{number} · {title}", as_="h2", size="5")),
        rx.text(hint, size="2", color="var(--gray-11)"),
        rx.vstack(*fields, spacing="3", width="100%", padding_top="0.5rem"),
        style={**styles.card, "margin": "0"},
    )


def walk_through() -> rx.Component:
    you = rx.cond(FirstVisitState.own, "you", FirstVisitState.client_name)
    return rx.form(
        rx.vstack(
            stage("1", "What I want", "Start with something wanted, in any part of life, in these words.",
                  labelled(QUESTIONS["want"], text_input("want", id_="fv-want", required=True), html_for="fv-want"),
                  labelled("Part of my life", rx.select.root(
                      rx.select.trigger(id="fv-domain", placeholder="Choose (if you like)",
                                        min_height=styles.TOUCH_TARGET, width="100%",
                                        style=styles.SELECT_PLACEHOLDER),
                      rx.select.content(rx.foreach(FirstVisitState.domains,
                                                   lambda d: rx.select.item(d.label, value=d.key))),
                      name="domain_key", size="3"), html_for="fv-domain"),
                  labelled(QUESTIONS["have_now"], text_input("have_now", id_="fv-have"),
                           html_for="fv-have")),
            stage("2", "My first goal", "What would getting there look like? Keep the words as they were said.",
                  labelled(QUESTIONS["goal"], text_input("goal", id_="fv-goal", required=True), html_for="fv-goal"),
                  labelled(QUESTIONS["why"], text_input("why", id_="fv-why"),
                           html_for="fv-why")),
            stage("3", "A first small step", "Something small enough to try this week.",
                  labelled(QUESTIONS["step"], text_input("step", id_="fv-step", required=True), html_for="fv-step"),
                  labelled("Who does it", rx.select.root(
                      rx.select.trigger(id="fv-who", min_height=styles.TOUCH_TARGET, width="100%"),
                      rx.select.content(*[rx.select.item(label, value=value) for value, label in WHO]),
                      name="who", default_value="me", size="3"), html_for="fv-who"),
                  labelled(QUESTIONS["who_name"], text_input("who_name", id_="fv-who-name"),
                           html_for="fv-who-name")),
            stage("4", "What has worked before", "A time something like this went well: who or what helped?",
                  labelled(QUESTIONS["worked_before"], text_input("worked_before", id_="fv-worked"),
                           html_for="fv-worked")),
            submit_button(rx.cond(FirstVisitState.own, "Save my first goal", "Save for " + you + " to keep")),
            spacing="4",
            width="100%",
        ),
        on_submit=FirstVisitState.save,
        width="100%",
    )  # fmt: skip


def first_visit_view() -> rx.Component:
    return rx.vstack(
        rx.heading(rx.cond(FirstVisitState.own, "Let's start", "First visit with " + FirstVisitState.client_name),
                   as_="h1", size="7"),
        rx.text(rx.cond(FirstVisitState.own, "Four small steps. Everything stays in your words.",
                        "Four small steps, together. " + FirstVisitState.client_name
                        + " keeps it (or changes it) with one tap on their phone."),
                size="3", color="var(--gray-11)"),
        error_message(FirstVisitState.error),
        rx.cond(
            FirstVisitState.done != "",
            rx.vstack(notice(FirstVisitState.done),
                      rx.link("Go to the board", href=FirstVisitState.board_href, size="4", high_contrast=True,
                              _hover=styles.LINK_HOVER, min_height=styles.TOUCH_TARGET, display="inline-flex",
                              align_items="center"),
                      spacing="3", width="100%"),
            walk_through(),
        ),
        spacing="4",
        width="100%",
        id=TOP,
    )  # fmt: skip


def first_visit_page() -> rx.Component:
    return page_frame(
        rx.cond(
            FirstVisitState.loaded,
            rx.cond(FirstVisitState.problem != "", problem_page(FirstVisitState.problem), first_visit_view()),
            loading(),
        )
    )
