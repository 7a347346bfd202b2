"""*People & places*: the people, places and services in my life, natural or formal, how to
reach them, and what they help with."""

import reflex as rx

from strengthsapp import styles
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
    text_input,
)
from strengthsapp.components.words import t, tn
from strengthsapp.pages.parts.board import board_frame, opened_on
from strengthsapp.services.resources import KIND_WORDS, SUPPORT_WORDS, ResourcePublic
from strengthsapp.states.board import BoardState
from strengthsapp.states.resources import ResourcesState

KINDS = [(kind.value, t(words)) for kind, words in KIND_WORDS.items()]
SUPPORTS = [(support.value, t(words)) for support, words in SUPPORT_WORDS.items()]
KIND_ICONS = {"person": "user", "place": "map-pin", "service": "building"}


def resource_fields(
    prefix: str | rx.Var[str], resource: rx.Var[ResourcePublic] | None = None, *, text_name: str = "name"
) -> rx.Component:
    def value(name: str) -> rx.Var | str:
        return getattr(resource, name) if resource is not None else ""

    return rx.vstack(
        labelled(t("Name"), text_input(text_name, id_=prefix + "-name", required=True,
                                    default_value=value("name")), html_for=prefix + "-name"),
        rx.hstack(
            rx.box(labelled(t("It is"), native_select("kind", KINDS, id_=prefix + "-kind",
                                            default=value("kind") if resource is not None else "person"),
                            html_for=prefix + "-kind"), flex="1", min_width="10rem"),
            rx.box(labelled(t("Where it comes from"), native_select("support", SUPPORTS, id_=prefix + "-support",
                                                          default=value("support") if resource is not None
                                                          else "natural"),
                            html_for=prefix + "-support"), flex="1", min_width="12rem"),
            spacing="2",
            wrap="wrap",
            width="100%",
        ),
        labelled(t("How to reach them"), text_input("how_to_reach", id_=prefix + "-reach",
                                                 default_value=value("how_to_reach")), html_for=prefix + "-reach"),
        spacing="2",
        width="100%",
    )  # fmt: skip


def resource_card(resource: rx.Var[ResourcePublic]) -> rx.Component:
    key = "resource-" + resource.id.to_string()
    form_id = "edit-" + key
    return rx.vstack(
        rx.hstack(
            rx.match(resource.kind, *[(k, rx.icon(i, size=22, aria_hidden="true")) for k, i in KIND_ICONS.items()],
                     rx.icon("circle", size=22, aria_hidden="true")),
            rx.vstack(
                rx.heading(resource.name, as_="h2", size="4"),
                rx.hstack(
                    rx.badge(resource.kind_words, variant="surface", high_contrast=True, size="2"),
                    rx.badge(resource.support_words, color_scheme=rx.cond(resource.support == "natural", "jade",
                                                                          "blue"),
                             variant="surface", high_contrast=True, size="2"),
                    spacing="2",
                    wrap="wrap",
                ),
                rx.cond(resource.how_to_reach != "", rx.text(resource.how_to_reach, size="3", white_space="pre-line")),
                rx.cond(resource.notes != "", rx.text(resource.notes, size="2", color="var(--gray-11)", white_space="pre-line")),
                rx.cond(resource.helps_with.length() > 0,
                        rx.text(t("Helps with: {things}", things=resource.helps_with.join(" · ")), size="2")),
                spacing="1",
                flex="1",
            ),
            rx.cond(ResourcesState.edits & (BoardState.editing != key),
                    icon_button("pencil", BoardState.start_editing(key, resource.version), aria_label=t("Change: {words}", words=resource.name))),
            align="start",
            spacing="3",
            width="100%",
        ),
        rx.cond(
            BoardState.editing == key,
            op_form(
                "resource.edit",
                hidden("resource", resource.id),
                opened_on(),
                hidden("notes", resource.notes),
                resource_fields(form_id, resource),
                rx.hstack(
                    submit_button(t("Save")),
                    action_button(t("Cancel"), BoardState.stop_editing()),
                    after_keep(BoardState.stop_editing()),
                    ask_first(action_button(t("Take it off"), color="tomato",
                                            aria_label=t("Take it off: {words}", words=resource.name)),
                              op_button(t("Take it off"), kind="resource.remove", fields={"resource": resource.id},
                                        pending="resources", label=t("Take off: {words}", words=resource.name),
                                        hides="[data-resource='" + resource.id.to_string() + "']", **REMOVE_BUTTON),
                              question=t("Take this off my people & places?"), words=resource.name),
                    spacing="2",
                    wrap="wrap",
                    padding_top="0.5rem",
                ),
                pending=key,
                words="name",
            ),
        ),
        pending(key),
        spacing="2",
        style=styles.card,
        class_name="resource",
        custom_attrs={"data-resource": resource.id.to_string()},
        key=resource.id.to_string(),
    )  # fmt: skip


def add_form() -> rx.Component:
    return op_form(
        "resource.add",
        rx.vstack(
            rx.heading(t("Add someone or somewhere"), as_="h2", size="5"),
            resource_fields("new-resource"),
            labelled(t("Notes (if you like)"), text_input("notes", id_="new-resource-notes"),
                     html_for="new-resource-notes"),
            submit_button(t("Add")),
            spacing="2",
            width="100%",
        ),
        pending="resources",
        words="name",
        style=styles.card,
    )  # fmt: skip


def suggest_form() -> rx.Component:
    return op_form(
        "idea.add",
        hidden("about", "resource"),
        rx.vstack(
            rx.heading(t("Suggest someone or somewhere to {name}", name=BoardState.client_name), as_="h2", size="5"),
            rx.text(t("{name} decides whether to add it.", name=BoardState.client_name), size="2",
                    color="var(--gray-11)"),
            resource_fields("suggest-resource", text_name="text"),
            submit_button(t("Suggest")),
            spacing="2",
            width="100%",
        ),
        pending="resources",
        words="text",
        saved=t("Your idea is waiting for {name} to decide.", name=BoardState.client_name),
        style=styles.card,
    )  # fmt: skip


def resources_view() -> rx.Component:
    return rx.vstack(
        rx.heading(rx.cond(BoardState.own, t("People & places"),
                           t("{name}'s people & places", name=BoardState.client_name)),
                   as_="h1", size="7"),
        rx.text(tn("{count} in everyday life", "{count} in everyday life", ResourcesState.natural), " · ",
                tn("{count} agency or health service", "{count} agency or health services", ResourcesState.formal),
                size="3", color="var(--gray-11)"),
        rx.foreach(ResourcesState.resources, resource_card),
        rx.cond(ResourcesState.resources.length() == 0,
                empty(t("Friends, family, a library, a café, a club, a service: who and what is around you?"))),
        pending("resources"),
        rx.cond(ResourcesState.edits, add_form()),
        rx.cond(BoardState.suggests, suggest_form()),
        spacing="4",
        width="100%",
    )  # fmt: skip


def resources_page() -> rx.Component:
    return board_frame(resources_view())
