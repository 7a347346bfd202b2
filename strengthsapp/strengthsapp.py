"""The app: routes, head and API. Nothing else lives here."""

import reflex as rx

from strengthsapp import styles
from strengthsapp.api import api
from strengthsapp.pages.today import today_page
from strengthsapp.states.today import TodayState

app = rx.App(
    api_transformer=api,
    html_lang="en",
    head_components=[
        rx.el.meta(name="theme-color", content=styles.THEME_COLOR),
        rx.el.link(rel="icon", href="/icon.svg", type="image/svg+xml"),
    ],
)
app.add_page(today_page, route="/", title="Today | strengthsapp", on_load=TodayState.load)
