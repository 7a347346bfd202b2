"""Factories: each call makes fresh rows; tests say only what matters to them."""

from __future__ import annotations

import itertools
from datetime import date, datetime

from sqlmodel import Session

from strengthsapp.db.models import Agency, Cheer, Goal, Step, User, Win
from strengthsapp.db.types import utcnow
from strengthsapp.domain.vocabulary import GoalStatus, Role, StepWho
from strengthsapp.services.agency import create_agency

_serial = itertools.count(1)


def make_agency(session: Session, *, name: str = "Test Agency") -> Agency:
    return create_agency(session, name=name, slug=f"agency-{next(_serial)}", timezone="UTC")


def make_user(
    session: Session, *, agency: Agency, role: Role = Role.CLIENT, name: str = "Alice", timezone: str = "UTC"
) -> User:
    user = User(
        agency_id=agency.id,
        role=role.value,
        display_name=name,
        email=f"{name.lower().replace(' ', '.')}.{next(_serial)}@example.org",
        timezone=timezone,
    )
    session.add(user)
    session.flush()
    return user


def make_goal(
    session: Session,
    *,
    client: User,
    text: str = "Get a job working with animals",
    domain: str = "vocational",
    status: GoalStatus = GoalStatus.ACTIVE,
    position: int = 0,
) -> Goal:
    goal = Goal(
        client_id=client.id,
        text=text,
        domain_key=domain,
        status=status.value,
        position=position,
        created_by_id=client.id,
    )
    session.add(goal)
    session.flush()
    return goal


def make_step(
    session: Session,
    *,
    goal: Goal,
    text: str = "Call the shelter",
    position: int = 0,
    who: StepWho = StepWho.ME,
    who_name: str = "",
    target_date: date | None = None,
    done_at: datetime | None = None,
) -> Step:
    step = Step(
        goal_id=goal.id,
        text=text,
        who=who.value,
        who_name=who_name,
        position=position,
        target_date=target_date,
        done_at=done_at,
    )
    session.add(step)
    session.flush()
    return step


def make_win(session: Session, *, client: User, text: str = "I called them", on: date | None = None) -> Win:
    win = Win(client_id=client.id, text=text, on=on or utcnow().date(), recorded_by_id=client.id)
    session.add(win)
    session.flush()
    return win


def make_cheer(session: Session, *, win: Win, by: User, text: str = "🎉") -> Cheer:
    cheer = Cheer(win_id=win.id, by_id=by.id, text=text)
    session.add(cheer)
    session.flush()
    return cheer


def make_password_user(
    session: Session, *, agency: Agency, role: Role = Role.CLIENT, name: str = "Alice", password: str
) -> User:
    from strengthsapp.services.passwords import hash_password

    user = make_user(session, agency=agency, role=role, name=name)
    user.password_hash = hash_password(password)
    session.add(user)
    session.flush()
    return user


def make_assignment(session: Session, *, client: User, case_manager: User, days_ago: int = 400):
    """Since `days_ago` days, well before the fixed moments some tests are set at."""
    from datetime import timedelta

    from strengthsapp.db.models import CaseAssignment

    assignment = CaseAssignment(
        client_id=client.id, case_manager_id=case_manager.id, since=utcnow() - timedelta(days=days_ago)
    )
    session.add(assignment)
    session.flush()
    return assignment


def make_grant(
    session: Session, *, client: User, grantee: User, scopes=("view",), sections=("goals", "wins"), days=90
):
    from datetime import timedelta

    from strengthsapp.db.models import Grant

    now = utcnow()
    grant = Grant(
        client_id=client.id,
        grantee_id=grantee.id,
        scopes=list(scopes),
        sections=list(sections),
        created_by_id=client.id,
        accepted_at=now - timedelta(minutes=5),
        expires_at=now + timedelta(days=days),
    )
    session.add(grant)
    session.flush()
    return grant
