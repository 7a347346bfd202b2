"""State of the client's Today page: display records only, loaded through services.

The client whose board is shown is never taken from the browser. Until accounts exist
(issue #4) the page shows the demo client, and only when DEMO_MODE is on.
"""

import reflex as rx

from strengthsapp.db.engine import session_scope
from strengthsapp.services.demo import demo_client
from strengthsapp.services.today import GoalSummaryPublic, NextStepPublic, WinPublic, get_today
from strengthsapp.settings import get_settings


class TodayState(rx.State):
    loaded: bool = False
    available: bool = False
    demo: bool = False
    greeting: str = ""
    week_summary: str = ""
    next_steps: list[NextStepPublic] = []
    goals: list[GoalSummaryPublic] = []
    wins: list[WinPublic] = []

    @rx.event
    def load(self) -> None:
        self.loaded = True
        if not get_settings().demo_enabled:
            self.available = False
            return
        with session_scope() as session:
            client = demo_client(session)
            if client is None or client.id is None:
                self.available = False
                return
            today = get_today(session, client_id=client.id)
        self.available = True
        self.demo = True
        self.greeting = today.greeting
        self.week_summary = today.week_summary
        self.next_steps = today.next_steps
        self.goals = today.goals
        self.wins = today.wins
