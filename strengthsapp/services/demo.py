"""Demo data for `make run`: one agency and a client, Alex, with a real-looking board.

Loaded once, into an empty database, never in production unless DEMO_MODE is set.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from strengthsapp.db.models import (
    Agency,
    AuditEvent,
    CaseAssignment,
    CheckIn,
    Cheer,
    Contact,
    Goal,
    GoalResourceLink,
    GoalStrengthLink,
    Grant,
    NudgePlan,
    Priority,
    Resource,
    Step,
    StrengthEntry,
    Suggestion,
    User,
    Win,
)
from strengthsapp.db.types import id_of, utcnow
from strengthsapp.domain.vocabulary import (
    ContactPlace,
    GoalStatus,
    Relationship,
    ResourceKind,
    ResourceSupport,
    Role,
    Scope,
    Section,
    StepWho,
    StrengthColumn,
    SuggestionKind,
)
from strengthsapp.services.agency import create_agency
from strengthsapp.services.passwords import hash_password

DEMO_AGENCY_SLUG = "demo"
DEMO_TIMEZONE = "Europe/London"


@dataclass(frozen=True)
class DemoPerson:
    role: Role
    display_name: str
    email: str


DEMO_PEOPLE = (
    DemoPerson(Role.CLIENT, "Alex", "alex"),
    DemoPerson(Role.CASE_MANAGER, "Sam Rivera", "sam"),
    DemoPerson(Role.PEER, "Jordan", "jordan"),
    DemoPerson(Role.ADMIN, "Priya Shah", "priya"),
)


def demo_client(session: Session) -> User | None:
    """The demo agency's client, if demo data was loaded."""
    return session.exec(
        select(User)
        .join(Agency, col(Agency.id) == User.agency_id)
        .where(Agency.slug == DEMO_AGENCY_SLUG, User.role == Role.CLIENT.value)
        .order_by(col(User.id))
    ).first()


def load_demo_data(session: Session, *, password: str | None = None, now: datetime | None = None) -> bool:
    """Load the demo agency unless it exists; every demo person gets `password`, if given.
    Returns whether anything was loaded."""
    if session.exec(select(Agency).where(Agency.slug == DEMO_AGENCY_SLUG)).first():
        return False
    now = now or utcnow()
    today = now.astimezone(ZoneInfo(DEMO_TIMEZONE)).date()

    def days_ago(n: int, hour: int = 10) -> datetime:
        local = datetime.combine(today - timedelta(days=n), time(hour), ZoneInfo(DEMO_TIMEZONE))
        return local.astimezone(now.tzinfo)

    agency = create_agency(
        session, name="Riverside Community Services", slug=DEMO_AGENCY_SLUG, timezone=DEMO_TIMEZONE
    )
    password_hash = hash_password(password) if password else None
    people = {}
    for person in DEMO_PEOPLE:
        user = User(
            agency_id=id_of(agency),
            role=person.role.value,
            display_name=person.display_name,
            email=person.email,
            password_hash=password_hash,
            timezone=DEMO_TIMEZONE,
            created_at=days_ago(60),
        )
        session.add(user)
        people[person.role] = user
    session.flush()
    alex, sam, jordan = people[Role.CLIENT], people[Role.CASE_MANAGER], people[Role.PEER]

    session.add(CaseAssignment(client_id=id_of(alex), case_manager_id=id_of(sam), since=days_ago(60)))
    session.add(
        Grant(
            client_id=id_of(alex),
            grantee_id=id_of(jordan),
            relationship=Relationship.PEER.value,
            scopes=[Scope.VIEW.value, Scope.CHEER.value, Scope.SUGGEST.value],
            sections=[Section.GOALS.value, Section.WINS.value],
            created_by_id=id_of(alex),
            created_at=days_ago(30),
            accepted_at=days_ago(29),
            expires_at=days_ago(30) + timedelta(days=90),
        )
    )

    strengths = {}
    for key, domain, column, text in (
        ("animals", "vocational", StrengthColumn.WANT, "I want to work with animals again"),
        ("home", "daily_living", StrengthColumn.WANT, "A place of my own with a small garden"),
        ("mia", "social", StrengthColumn.WANT, "Get back in touch with my sister Mia"),
        ("dog", "leisure", StrengthColumn.HAVE_NOW, "I walk my neighbour's dog every morning"),
        ("dee", "social", StrengthColumn.HAVE_NOW, "My friend Dee from the community garden"),
        ("cook", "daily_living", StrengthColumn.HAVE_NOW, "I am a good cook"),
        (
            "shelter",
            "vocational",
            StrengthColumn.WORKED_BEFORE,
            "Two summers at the Greenfield animal shelter",
        ),
        ("swim", "health", StrengthColumn.WORKED_BEFORE, "Swimming at Eastside pool helped me sleep"),
    ):
        entry = StrengthEntry(
            client_id=id_of(alex),
            domain_key=domain,
            column=column.value,
            text=text,
            author_id=id_of(alex),
            created_at=days_ago(45),
            updated_at=days_ago(45),
        )
        session.add(entry)
        strengths[key] = entry

    def goal(position: int, text: str, why: str, domain: str, status: GoalStatus, **extra) -> Goal:
        row = Goal(
            client_id=id_of(alex),
            text=text,
            why=why,
            domain_key=domain,
            status=status.value,
            position=position,
            created_by_id=id_of(alex),
            created_at=days_ago(40),
            updated_at=days_ago(40),
            **extra,
        )
        session.add(row)
        return row

    work = goal(
        0,
        "Get a job working with animals",
        "Animals calm me, and I am good with them",
        "vocational",
        GoalStatus.ACTIVE,
    )
    sister = goal(
        1, "Reconnect with my sister Mia", "She is my family and I miss her", "social", GoalStatus.ACTIVE
    )
    savings = goal(
        2, "Put money aside for my own place", "I want a home with a garden", "financial", GoalStatus.PAUSED
    )
    walking = goal(
        3,
        "Walk to the park every day",
        "I feel better outside",
        "health",
        GoalStatus.ACHIEVED,
        achieved_at=days_ago(20),
    )
    session.flush()

    def step(
        goal_row: Goal,
        position: int,
        text: str,
        who: StepWho,
        *,
        done: int | None = None,
        target: int | None = None,
        who_name: str = "",
    ) -> Step:
        row = Step(
            goal_id=id_of(goal_row),
            text=text,
            who=who.value,
            who_name=who_name,
            position=position,
            target_date=today + timedelta(days=target) if target is not None else None,
            done_at=days_ago(done) if done is not None else None,
            done_by_id=id_of(alex) if done is not None else None,
            created_at=days_ago(40),
            updated_at=days_ago(40),
        )
        session.add(row)
        return row

    called = step(work, 0, "Call the shelter about volunteering", StepWho.ME, done=3)
    step(work, 1, "Update my CV with Sam", StepWho.CASE_MANAGER, target=2)
    step(work, 2, "Visit the shelter on Saturday", StepWho.ME, target=(5 - today.weekday()) % 7 or 7)
    step(sister, 0, "Find Mia's new address", StepWho.PEER, done=1)
    step(sister, 1, "Write Mia a birthday card", StepWho.ME, target=6)
    step(sister, 2, "Ask Aunt Rose how Mia is doing", StepWho.SOMEONE_ELSE, who_name="Aunt Rose")
    step(savings, 0, "Open a savings pot at the credit union", StepWho.ME)
    step(walking, 0, "Find a route I like", StepWho.ME, done=35)
    session.flush()

    for priority_rank, (text, linked) in enumerate(
        (("Work with animals", work), ("Talk to Mia", sister), ("Save for a deposit", savings)), start=1
    ):
        session.add(Priority(client_id=id_of(alex), rank=priority_rank, text=text, goal_id=id_of(linked)))
    session.add(GoalStrengthLink(goal_id=id_of(work), strength_id=id_of(strengths["shelter"])))
    session.add(GoalStrengthLink(goal_id=id_of(work), strength_id=id_of(strengths["dog"])))
    session.add(GoalStrengthLink(goal_id=id_of(walking), strength_id=id_of(strengths["swim"])))

    session.add(
        CheckIn(
            client_id=id_of(alex),
            step_id=id_of(called),
            goal_id=id_of(work),
            text="They said yes! I can start on Saturday.",
            feeling="proud",
            at=days_ago(3, 15),
            recorded_by_id=id_of(alex),
        )
    )
    session.add(
        CheckIn(
            client_id=id_of(alex),
            goal_id=id_of(sister),
            text="Nervous, but Jordan helped.",
            feeling="hopeful",
            at=days_ago(1, 18),
            recorded_by_id=id_of(alex),
        )
    )

    called_win = Win(
        client_id=id_of(alex),
        text="I called the shelter myself",
        on=today - timedelta(days=3),
        goal_id=id_of(work),
        recorded_by_id=id_of(alex),
        created_at=days_ago(3, 15),
    )
    dinner = Win(
        client_id=id_of(alex),
        text="Cooked dinner for Dee",
        on=today - timedelta(days=6),
        recorded_by_id=id_of(alex),
        created_at=days_ago(6, 20),
    )
    park = Win(
        client_id=id_of(alex),
        text="Walked to the park 30 days in a row",
        on=today - timedelta(days=20),
        goal_id=id_of(walking),
        recorded_by_id=id_of(alex),
        created_at=days_ago(20),
    )
    session.add_all([called_win, dinner, park])
    session.flush()
    session.add(Cheer(win_id=id_of(called_win), by_id=id_of(sam), text="🎉", at=days_ago(3, 16)))
    session.add(
        Cheer(win_id=id_of(called_win), by_id=id_of(jordan), text="So proud of you!", at=days_ago(3, 17))
    )
    session.add(Cheer(win_id=id_of(dinner), by_id=id_of(jordan), text="😋", at=days_ago(5)))

    shelter = Resource(
        agency_id=id_of(agency),
        client_id=id_of(alex),
        name="Greenfield Animal Shelter",
        kind=ResourceKind.PLACE.value,
        support=ResourceSupport.NATURAL.value,
        how_to_reach="Open 9 to 5, ask for Marta. Bus 12.",
    )
    dee = Resource(
        agency_id=id_of(agency),
        client_id=id_of(alex),
        name="Dee",
        kind=ResourceKind.PERSON.value,
        support=ResourceSupport.NATURAL.value,
        how_to_reach="At the community garden on Tuesdays",
    )
    credit_union = Resource(
        agency_id=id_of(agency),
        client_id=id_of(alex),
        name="Eastside Credit Union",
        kind=ResourceKind.SERVICE.value,
        support=ResourceSupport.NATURAL.value,
        how_to_reach="High Street, next to the library",
    )
    peer_group = Resource(
        agency_id=id_of(agency),
        name="Riverside peer support group",
        kind=ResourceKind.SERVICE.value,
        support=ResourceSupport.FORMAL.value,
        how_to_reach="Thursdays 6pm at the Riverside centre",
        organization="Riverside Community Services",
        service="Peer support",
    )
    session.add_all([shelter, dee, credit_union, peer_group])
    session.flush()
    session.add(GoalResourceLink(goal_id=id_of(work), resource_id=id_of(shelter)))
    session.add(GoalResourceLink(goal_id=id_of(savings), resource_id=id_of(credit_union)))

    session.add(
        Contact(
            client_id=id_of(alex),
            case_manager_id=id_of(sam),
            on=today - timedelta(days=5),
            place=ContactPlace.COMMUNITY.value,
            summary="Coffee at the park cafe. We talked about Alex's summers at the "
            "shelter and what work with animals could look like.",
        )
    )
    session.add(
        Suggestion(
            client_id=id_of(alex),
            by_id=id_of(sam),
            kind=SuggestionKind.NEW_STEP.value,
            payload={"goal_id": work.id, "text": "Ask Dee about her cousin's dog-walking business"},
            created_at=days_ago(1),
        )
    )
    session.add(
        NudgePlan(
            client_id=id_of(alex),
            goal_id=id_of(work),
            days=[5],
            at_time=time(9),
            timezone=DEMO_TIMEZONE,
            message="You've got this. The dogs are waiting!",
        )
    )
    session.add(AuditEvent(agency_id=id_of(agency), action="demo.loaded", target="agency"))
    session.flush()
    return True
