"""The app: routes, head, API, the session guard and the socket door. Nothing else lives here."""

import reflex as rx
from reflex_base.utils.format import format_event_handler

from strengthsapp import i18n, logs, pwa, styles
from strengthsapp.api import api
from strengthsapp.components.ops_bridge import ops_bridge
from strengthsapp.components.widgets import FOCUS_AFTER_REMOVAL, no_signal_notice
from strengthsapp.i18n import N_
from strengthsapp.pages.account import account_page
from strengthsapp.pages.activity import activity_page
from strengthsapp.pages.admin import admin_page
from strengthsapp.pages.caseload import caseload_page
from strengthsapp.pages.first_visit import first_visit_page
from strengthsapp.pages.invite import invite_page
from strengthsapp.pages.my_people import my_people_page
from strengthsapp.pages.nudges import nudges_page
from strengthsapp.pages.plan import plan_page
from strengthsapp.pages.resources import resources_page
from strengthsapp.pages.sharing import sharing_page
from strengthsapp.pages.signin import signin_page
from strengthsapp.pages.strengths import strengths_page
from strengthsapp.pages.today import board_page
from strengthsapp.pages.wins import wins_page
from strengthsapp.sockets import guard_sockets
from strengthsapp.states import live
from strengthsapp.states.account import AccountState
from strengthsapp.states.activity import ActivityState
from strengthsapp.states.admin import AdminState
from strengthsapp.states.base import SessionGuard
from strengthsapp.states.board import BoardState
from strengthsapp.states.first_visit import FirstVisitState
from strengthsapp.states.invite import InviteState
from strengthsapp.states.nudges import NudgesState
from strengthsapp.states.people import CaseloadState, MyPeopleState
from strengthsapp.states.session import SessionState
from strengthsapp.states.sharing import SharingState
from strengthsapp.states.signin import SignInState

logs.install()  # before anything logs: no cookie, token or code in this process's log

# Reflex's wraps of every page, but for its connection toast: plain words instead.
APP_WRAPS = {
    **{key: wrap for key, wrap in rx.App.__dataclass_fields__["app_wraps"].default_factory().items() if key[1] != "Overlay"},
    (5, "Overlay"): lambda stateful: (
        rx.fragment(no_signal_notice(), ops_bridge(format_event_handler(BoardState.send_ops))) if stateful else None
    ),
}  # fmt: skip

app = rx.App(
    api_transformer=api,
    app_wraps=APP_WRAPS,
    backend_exception_handler=logs.backend_exception_handler,
    html_lang="en",
    head_components=[
        rx.el.meta(name="theme-color", content=styles.THEME_COLOR),
        rx.el.link(rel="icon", href="/icon.svg", type="image/svg+xml"),
        rx.el.link(rel="manifest", href="/manifest.webmanifest"),
        rx.el.link(rel="apple-touch-icon", href="/icons/apple-touch-icon.png"),
        rx.el.meta(name="apple-mobile-web-app-capable", content="yes"),
        rx.el.meta(name="apple-mobile-web-app-title", content=pwa.SHORT_NAME),
        rx.el.script(pwa.REGISTER),
        rx.el.script(FOCUS_AFTER_REMOVAL),
        # The language switch offers the languages the page is not in (words.js sets <html lang>).
        rx.el.style(
            ", ".join(f'html[lang="{code}"] .language-{code}' for code in i18n.LOCALES)
            + " { display: none; }"
            # On a narrow phone the switch is the language's name without its icon, and the app's
            # name is only read out (the sprout stays), so the header is one row.
            + " @media (max-width: 520px) { .language-icon { display: none; } }"
            + " @media (max-width: 430px) { .brand-name { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; } }"
        ),
        # Changes made on a screen are kept on the device until the server has them.
        rx.el.link(rel="stylesheet", href="/outbox.css"),
        rx.el.script(src="/outbox.js", defer=True),
        rx.el.script(src="/outbox-ui.js", defer=True),
    ],
)
app.add_middleware(SessionGuard(), index=0)
guard_sockets(app)
live.attach(recheck=BoardState.recheck)

app.add_page(signin_page, route="/signin", title=f"{N_('Sign in')} | strengthsapp", on_load=SignInState.load)
app.add_page(
    invite_page, route="/invite", title=f"{N_('Invitation')} | strengthsapp", on_load=InviteState.load
)
for render, route, title, load in [
    (board_page, "/", N_("Today"), BoardState.load_own),
    (board_page, "/board", N_("Board"), BoardState.load_client),
    (plan_page, "/goals", N_("My goals"), BoardState.load_view),
    (strengths_page, "/strengths", N_("My strengths"), BoardState.load_view),
    (wins_page, "/wins", N_("My wins"), BoardState.load_view),
    (resources_page, "/people-places", N_("People & places"), BoardState.load_view),
    (first_visit_page, "/start", N_("Let's start"), FirstVisitState.load),
    (nudges_page, "/nudges", N_("My nudges"), NudgesState.load),
    (sharing_page, "/sharing", N_("Who can see my board"), SharingState.load),
    (activity_page, "/activity", N_("Activity"), ActivityState.load),
    (caseload_page, "/caseload", N_("My caseload"), CaseloadState.load),
    (my_people_page, "/my-people", N_("My people"), MyPeopleState.load),
    (account_page, "/account", N_("My account"), AccountState.load),
    (admin_page, "/admin", N_("Agency"), AdminState.load),
]:
    app.add_page(render, route=route, title=f"{title} | strengthsapp", on_load=[SessionState.refresh, load])
