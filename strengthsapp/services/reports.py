"""Spreadsheets for the agency (issue 19): a case manager's caseload, and the agency's
figures for an admin.

Each export is a `Sheet`, asked for in a unit of work that decides (`can_in_agency`),
audits the export and puts the headers in the asker's language. Its rows are read later,
while the file is written (`open_sheet`), from a reading unit of work of their own that
lives as long as the download. That one takes no SQLite turns: a file sent at a phone's
pace must not hold up every other unit of work of the process (db.engine).

Neither file holds words from anyone's board. The caseload holds what the caseload screen
shows a case manager about each of their clients. The agency figures are counts, made by
GROUP BY in the database and read in batches, so an agency of 10,000 clients and
1,000,000 check-ins is never in memory (bench/export_csv.py).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import Any, NoReturn, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import ColumnElement, Connection, Engine, text
from sqlmodel import Session, and_, case, col, func, literal, or_, select, union_all

from strengthsapp import i18n
from strengthsapp.db.engine import session_scope
from strengthsapp.db.models import (
    Agency,
    CaseAssignment,
    CheckIn,
    Contact,
    Goal,
    LifeDomain,
    Step,
    Suggestion,
    User,
    Win,
)
from strengthsapp.db.types import utcnow
from strengthsapp.domain.access import Actor, AgencyAction, can_in_agency
from strengthsapp.domain.life_domains import DEFAULT_LIFE_DOMAINS, label_words
from strengthsapp.domain.vocabulary import ContactPlace, GoalStatus, Role, SuggestionStatus
from strengthsapp.i18n import N_, _
from strengthsapp.services import audit
from strengthsapp.services.agency import life_domains
from strengthsapp.services.boards import refuse
from strengthsapp.services.contacts import PLACE_WORDS
from strengthsapp.services.errors import NotAllowed
from strengthsapp.services.language import language_of
from strengthsapp.services.people import QUIET_DAYS
from strengthsapp.services.sessions import NoSession, resolve_session
from strengthsapp.services.spreadsheet import Cell, csv_chunks

RECENT_DAYS = 30
YIELD_PER = 500  # rows fetched from the database at a time


@dataclass(frozen=True, slots=True)
class Sheet:
    """An export that was allowed: its file's name, its headers in the asker's language,
    and how its rows are read (from a unit of work given when the file is written)."""

    name: str  # "caseload", "agency-figures"
    made_on: date  # in the agency's timezone
    header: tuple[str, ...]
    read: Callable[[Session], Iterator[tuple[Cell, ...]]]

    @property
    def file_name(self) -> str:
        return f"{self.name}-{self.made_on.isoformat()}.csv"


class SheetRequest(Protocol):
    def __call__(self, db: Session, *, actor: Actor, now: datetime | None = None) -> Sheet: ...


def _refuse(db: Session, actor: Actor, action: str, message: str) -> NoReturn:
    """Refused and audited (boards.refuse), with a message that says who may."""
    try:
        refuse(db, actor=actor, action=action, board=None)
    except NotAllowed:
        raise NotAllowed(message) from None


def _agency_zone(db: Session, agency_id: int) -> str:
    """The agency's timezone, as an IANA name both databases know (else UTC)."""
    agency = db.get(Agency, agency_id)
    name = agency.timezone if agency is not None else "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return name


# --- a case manager's caseload --------------------------------------------------------------

CASELOAD_COLUMNS = (  # message ids; the figures are the caseload screen's (pages/caseload.py)
    N_("Name"),
    N_("With me since"),
    N_("Last contact"),
    N_("Where we met"),
    N_("Goals in motion"),
    N_("Goals resting"),
    N_("Goals reached"),
    N_("Steps done (30 days)"),
    N_("Wins (30 days)"),
    N_("Ideas waiting"),
    N_("No contact in 14 days"),
)


def caseload_sheet(db: Session, *, actor: Actor, now: datetime | None = None) -> Sheet:
    """A case manager's own caseload as a spreadsheet: one row per client assigned to them
    now, with the figures their caseload screen shows (and goals resting and reached, steps
    and wins over 30 days). Only a case manager may ask (refused and audited otherwise);
    the export is audited."""
    if not can_in_agency(actor, AgencyAction.CASELOAD):
        _refuse(db, actor, "export:caseload_csv", _("Only case managers can get this file."))
    now = now or utcnow()
    zone = ZoneInfo(_agency_zone(db, actor.agency_id))
    places = {place.value: _(words) for place, words in PLACE_WORDS.items()}
    quiet = _("Yes")
    statement = caseload_statement(actor, now=now)
    today = now.date()

    def read(reading: Session) -> Iterator[tuple[Cell, ...]]:
        for name, since, last_on, last_place, *figures in reading.exec(statement):
            days = (today - last_on).days if last_on is not None else None
            yield (
                name,
                since.astimezone(zone).date(),
                last_on,
                places.get(last_place, last_place),
                *figures,
                quiet if days is None or days >= QUIET_DAYS else "",
            )

    audit.record(db, actor=actor, action="export:caseload_csv", at=now)
    return Sheet("caseload", now.astimezone(zone).date(), tuple(_(c) for c in CASELOAD_COLUMNS), read)


def caseload_statement(actor: Actor, *, now: datetime) -> Any:
    """One statement, each figure a subquery per client (as services.people.caseload)."""
    client = col(User.id)
    recent = now - timedelta(days=RECENT_DAYS)
    last_contact = select(func.max(Contact.on)).where(Contact.client_id == client)
    last_place = (
        select(Contact.place)
        .where(Contact.client_id == client)
        .order_by(col(Contact.on).desc(), col(Contact.id).desc())
        .limit(1)
    )

    def goals(status: GoalStatus) -> Any:
        return (
            select(func.count())
            .select_from(Goal)
            .where(Goal.client_id == client, Goal.status == status.value)
        )

    steps_done = (
        select(func.count())
        .select_from(Step)
        .join(Goal, col(Goal.id) == Step.goal_id)
        .where(Goal.client_id == client, col(Step.done_at) >= recent, col(Step.done_at) <= now)
    )
    wins = select(func.count()).select_from(Win).where(Win.client_id == client, Win.on >= recent.date())
    ideas = (
        select(func.count())
        .select_from(Suggestion)
        .where(Suggestion.client_id == client, Suggestion.status == SuggestionStatus.PENDING.value)
    )
    figures = (last_contact, last_place, goals(GoalStatus.ACTIVE), goals(GoalStatus.PAUSED),
               goals(GoalStatus.ACHIEVED), steps_done, wins, ideas)  # fmt: skip
    return (
        select(col(User.display_name), col(CaseAssignment.since), *(f.scalar_subquery() for f in figures))
        .join(CaseAssignment, col(CaseAssignment.client_id) == User.id)
        .where(
            CaseAssignment.case_manager_id == actor.user_id,
            CaseAssignment.since <= now,
            or_(col(CaseAssignment.until).is_(None), col(CaseAssignment.until) > now),
            User.agency_id == actor.agency_id,
            User.role == Role.CLIENT.value,
            col(User.is_active).is_(True),
        )
        .order_by(col(User.display_name), col(User.id))
        .execution_options(yield_per=YIELD_PER)
    )


# --- the agency's figures ---------------------------------------------------------------------

AGENCY_COLUMNS = (N_("Month"), N_("What we counted"), N_("Life domain"), N_("Place"), N_("How many"))
GOALS_SET, GOALS_REACHED, STEPS_DONE, CHECK_INS, VISITS = range(1, 6)
FIGURE_WORDS = {  # message ids, in the order of the file
    GOALS_SET: N_("Goals set"),
    GOALS_REACHED: N_("Goals reached"),
    STEPS_DONE: N_("Steps done"),
    CHECK_INS: N_("Check-ins"),
    VISITS: N_("Visits"),
}
DEFAULT_LABELS = {spec.key: spec.label for spec in DEFAULT_LIFE_DOMAINS}


def agency_figures_sheet(db: Session, *, actor: Actor, now: datetime | None = None) -> Sheet:
    """The agency's work per month, for an admin: goals set and reached, steps done and
    check-ins per life domain, and visits per place. Counts only: no names and no words
    from any board. Only an admin may ask (refused and audited otherwise); the export is
    audited. Months are the agency's (its timezone)."""
    if not can_in_agency(actor, AgencyAction.RUN_AGENCY):
        _refuse(db, actor, "export:agency_csv", _("Only the agency's admins can get this file."))
    now = now or utcnow()
    zone = _agency_zone(db, actor.agency_id)
    # The agency's own names for its life domains; a key it no longer has keeps its old name.
    domains = {key: label_words(label) for key, label in DEFAULT_LABELS.items()}
    domains |= {d.key: label_words(d.label) for d in life_domains(db, agency_id=actor.agency_id)}
    domains[""] = _("No life domain")
    places = {place.value: _(words) for place, words in PLACE_WORDS.items()}
    figures = {code: _(words) for code, words in FIGURE_WORDS.items()}
    dialect = db.get_bind().dialect.name
    statement = agency_figures_statement(actor.agency_id, zone=zone, dialect=dialect, now=now)

    def read(reading: Session) -> Iterator[tuple[Cell, ...]]:
        for month, figure, key, count in reading.exec(statement):
            if figure == VISITS:
                yield month, figures[figure], "", places.get(key, key), count
            else:
                yield month, figures[figure], domains.get(key, key), "", count

    audit.record(db, actor=actor, action="export:agency_csv", at=now)
    made_on = now.astimezone(ZoneInfo(zone)).date()
    return Sheet("agency-figures", made_on, tuple(_(c) for c in AGENCY_COLUMNS), read)


def agency_figures_statement(agency_id: int, *, zone: str, dialect: str, now: datetime) -> Any:
    """The figures as rows (month "YYYY-MM", figure, life domain key or place, count),
    ordered as the file is: one statement, so that it reads one moment of the database.
    (bench/export_csv.py copies its result with COPY ... TO STDOUT, to compare.)"""

    def month(column: Any, *, moment: bool = True) -> ColumnElement[str]:
        return _month(column, dialect=dialect, zone=zone if moment else None, now=now)

    def counted(figure: int, when: ColumnElement[str], key: Any) -> Any:
        return select(when.label("month"), literal(figure).label("figure"), key.label("key"))

    clients = and_(User.agency_id == agency_id, User.role == Role.CLIENT.value)
    domain_of_goal = func.coalesce(col(Goal.domain_key), "")
    parts = [
        counted(GOALS_SET, month(Goal.created_at), domain_of_goal)
        .join(User, col(User.id) == Goal.client_id).where(clients),
        counted(GOALS_REACHED, month(Goal.achieved_at), domain_of_goal)
        .join(User, col(User.id) == Goal.client_id)
        .where(clients, Goal.status == GoalStatus.ACHIEVED.value, col(Goal.achieved_at).is_not(None)),
        counted(STEPS_DONE, month(Step.done_at), domain_of_goal)
        .join(Goal, col(Goal.id) == Step.goal_id).join(User, col(User.id) == Goal.client_id)
        .where(clients, col(Step.done_at).is_not(None)),
        counted(CHECK_INS, month(CheckIn.at), domain_of_goal)
        .join(User, col(User.id) == CheckIn.client_id).outerjoin(Goal, col(Goal.id) == CheckIn.goal_id)
        .where(clients),
        counted(VISITS, month(Contact.on, moment=False), col(Contact.place))
        .join(User, col(User.id) == Contact.client_id).where(clients),
    ]  # fmt: skip
    # Each part grouped by its labels, not by its expressions again: the timezone bound in
    # both would be two parameters, which PostgreSQL can't tell are the same.
    grouped = []
    for part in parts:
        rows = part.subquery()
        grouped.append(
            select(rows.c.month, rows.c.figure, rows.c.key, func.count().label("count"))
            .group_by(rows.c.month, rows.c.figure, rows.c.key)
        )  # fmt: skip
    figures = union_all(*grouped).subquery("figures")
    domain = select(LifeDomain).where(LifeDomain.agency_id == agency_id).subquery("domain")
    place_order = case({p.value: i for i, p in enumerate(ContactPlace)}, value=figures.c.key, else_=99)
    return (
        select(figures.c.month, figures.c.figure, figures.c.key, figures.c["count"])
        .outerjoin(domain, and_(domain.c.key == figures.c.key, figures.c.figure != VISITS))
        .order_by(figures.c.month, figures.c.figure, func.coalesce(domain.c.position, place_order),
                  figures.c.key)
        .execution_options(yield_per=YIELD_PER)
    )  # fmt: skip


def _month(column: Any, *, dialect: str, zone: str | None, now: datetime) -> ColumnElement[str]:
    """ "YYYY-MM" of a date, or of a moment as the clocks of `zone` showed it."""
    if dialect == "postgresql":
        return func.to_char(column if zone is None else func.timezone(zone, column), "YYYY-MM")
    if dialect != "sqlite":
        raise NotImplementedError(f"months on {dialect}")
    if zone is None:
        return func.strftime("%Y-%m", column)
    # SQLite knows no timezones: the zone's offset at each moment, from its changes.
    periods = _offset_changes(zone, now.year + 1)
    shift: Any = f"{periods[-1][1]:+d} minutes"
    if len(periods) > 1:
        shift = case(
            *[
                (column < starts, f"{offset:+d} minutes")
                for (_since, offset), (starts, _after) in pairwise(periods)
            ],
            else_=shift,
        )
    return func.strftime("%Y-%m", column, shift)


@lru_cache(maxsize=16)
def _offset_changes(zone_name: str, until_year: int) -> tuple[tuple[datetime, int], ...]:
    """When `zone`'s offset from UTC changed (daylight saving), from 2000 to the end of
    `until_year`: (from this moment on, the offset in minutes), the first from 2000."""
    zone = ZoneInfo(zone_name)

    def offset(at: datetime) -> int:
        shift = at.astimezone(zone).utcoffset()
        return int(shift.total_seconds() // 60) if shift is not None else 0

    at, end, day = (
        datetime(2000, 1, 1, tzinfo=UTC),
        datetime(until_year + 1, 1, 1, tzinfo=UTC),
        timedelta(days=1),
    )
    changes = [(at, offset(at))]
    while at < end:
        if offset(at + day) != changes[-1][1]:
            low, high = at, at + day  # the change is in this day: to the second
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if offset(middle) == changes[-1][1] else (low, middle)
            changes.append((high, offset(high)))
        at += day
    return tuple(changes)


# --- the file, for the route ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OpenSheet:
    """An allowed export, its file begun: `first` holds the byte-order mark, the header
    and the first rows; `rest` writes the others as it is read, and closes its reading unit
    of work when it is finished or closed."""

    sheet: Sheet
    first: bytes
    rest: Generator[bytes, None, None]


def open_sheet(token: str | None, ask: SheetRequest, *, engine: Engine | None = None,
               now: datetime | None = None) -> OpenSheet:  # fmt: skip
    """The sheet `ask` makes for the person holding this session cookie, begun. Everything
    that can refuse or fail happens here, before an answer starts: the person is resolved
    afresh (NoSession), the export decided (NotAllowed) and audited in a unit of work that
    is committed (so the audit stays if the download is cut off), and the rows' query run
    for the first piece (a database that fails fails here, not halfway through a file)."""
    with session_scope(engine) as db:
        actor = resolve_session(db, token=token)
        if actor is None:
            raise NoSession()
        with i18n.using(language_of(db, actor=actor)):
            sheet = ask(db, actor=actor, now=now)
        bind = db.get_bind()
    pieces = _written(sheet, bind)
    return OpenSheet(sheet, next(pieces), pieces)


def _written(sheet: Sheet, bind: Engine | Connection) -> Generator[bytes, None, None]:
    with Session(bind) as reading:  # reads only; rolled back when closed
        if reading.get_bind().dialect.name == "postgresql":
            # PostgreSQL plans a cursor (stream_results) for its first tenth of rows by
            # default, a slower plan for the GROUP BY; every row is read here.
            reading.execute(text("SET LOCAL cursor_tuple_fraction = 1.0"))
        yield from csv_chunks(sheet.header, sheet.read(reading))
