"""*My wins*: every win the client kept, newest first."""

import reflex as rx

from strengthsapp.components.ops import pending
from strengthsapp.components.widgets import empty
from strengthsapp.components.words import t
from strengthsapp.pages.parts.board import board_frame
from strengthsapp.pages.parts.wins import win_card, win_form
from strengthsapp.states.board import BoardState
from strengthsapp.states.wins import WinsState


def wins_view() -> rx.Component:
    return rx.vstack(
        rx.heading(
            rx.cond(BoardState.own, t("My wins"), t("{name}'s wins", name=BoardState.client_name)),
            as_="h1",
            size="7",
        ),
        rx.cond(BoardState.records_progress, win_form(WinsState.goals)),
        pending("wins"),
        rx.foreach(WinsState.wins, lambda win: win_card(win, journal=True)),
        rx.cond(WinsState.wins.length() == 0, empty(t("Wins will show here. Big or small, they all count."))),
        spacing="4",
        width="100%",
    )


def wins_page() -> rx.Component:
    return board_frame(wins_view())
