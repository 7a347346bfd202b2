""" "Who has seen and changed my board", told as a story in the reader's language: grouped
by day, one sentence per event that names the thing ("Sam marked “Update my CV” done"),
repeated looks folded into one line; and metadata for admins."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from strengthsapp import i18n
from strengthsapp.db.models import (
    AuditEvent,
    Goal,
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
from strengthsapp.db.types import utcnow
from strengthsapp.domain.access import Action, Actor, AgencyAction, can, can_in_agency
from strengthsapp.i18n import N_, _, ngettext
from strengthsapp.services.boards import load_board, refuse
from strengthsapp.services.deletion import shown_name

LIMIT = 200  # events other than looks, newest first
LOOKS_LIMIT = 5000  # looks at the board, folded per person and day
WEEK = timedelta(days=7)
LONGEST_THING = 80  # characters of a goal's or step's words quoted in a sentence
VIEWED = "board.viewed"

# Each event as a sentence: (when the reader did it, when someone else did). `{name}` is who
# did it; `{thing}` the goal, step, win... in the client's own words, quoted (or, when it is
# no longer on the board, words saying so).
SENTENCES: dict[str, tuple[str, str]] = {
    "goal.added": (N_("You added {thing}."), N_("{name} added {thing}.")),
    "goal.edited": (N_("You changed the words of {thing}."), N_("{name} changed the words of {thing}.")),
    "goal.moved": (N_("You moved {thing}."), N_("{name} moved {thing}.")),
    "goal.achieved": (N_("You reached {thing}!"), N_("{name} marked {thing} as reached.")),
    "goal.paused": (N_("You paused {thing}."), N_("{name} paused {thing}.")),
    "goal.resumed": (N_("You took up {thing} again."), N_("{name} took up {thing} again.")),
    "goal.set_aside": (N_("You set {thing} aside."), N_("{name} set {thing} aside.")),
    "goal.checked_in": (N_("You said how {thing} is going."), N_("{name} said how {thing} is going.")),
    "step.added": (N_("You added {thing}."), N_("{name} added {thing}.")),
    "step.edited": (N_("You changed the words of {thing}."), N_("{name} changed the words of {thing}.")),
    "step.moved": (N_("You moved {thing}."), N_("{name} moved {thing}.")),
    "step.removed": (N_("You took a step off your plan."), N_("{name} took a step off your plan.")),
    "step.done": (N_("You marked {thing} done."), N_("{name} marked {thing} done.")),
    "step.undone": (N_("You marked {thing} as not done yet."), N_("{name} marked {thing} as not done yet.")),
    "win.recorded": (N_("You wrote down {thing}."), N_("{name} wrote down {thing}.")),
    "win.removed": (N_("You took a win off your board."), N_("{name} took a win off your board.")),
    "win.cheered": (N_("You cheered {thing}."), N_("{name} cheered {thing}.")),
    "check_in.removed": (N_("You took back a check-in."), N_("{name} took back a check-in.")),
    "strength.added": (N_("You added {thing}."), N_("{name} added {thing}.")),
    "strength.edited": (N_("You changed {thing}."), N_("{name} changed {thing}.")),
    "strength.removed": (
        N_("You took a strength off your list."),
        N_("{name} took a strength off your list."),
    ),
    "strength.from_win": (N_("You made a win into {thing}."), N_("{name} made a win into {thing}.")),
    "priority.added": (
        N_("You chose {thing} as something that matters most."),
        N_("{name} chose {thing} as something that matters most to you."),
    ),
    "priority.removed": (
        N_("You took something off what matters most."),
        N_("{name} took something off what matters most to you."),
    ),
    "resource.added": (
        N_("You added {thing} to your people and places."),
        N_("{name} added {thing} to your people and places."),
    ),
    "resource.edited": (
        N_("You changed {thing} in your people and places."),
        N_("{name} changed {thing} in your people and places."),
    ),
    "resource.removed": (
        N_("You took someone or somewhere off your people and places."),
        N_("{name} took someone or somewhere off your people and places."),
    ),
    "goal.linked": (N_("You linked {thing} to a goal."), N_("{name} linked {thing} to a goal.")),
    "goal.unlinked": (N_("You unlinked {thing} from a goal."), N_("{name} unlinked {thing} from a goal.")),
    "step.linked": (N_("You linked {thing} to a step."), N_("{name} linked {thing} to a step.")),
    "step.unlinked": (N_("You unlinked {thing} from a step."), N_("{name} unlinked {thing} from a step.")),
    "contact.recorded": (N_("You wrote down a visit."), N_("{name} wrote down a visit with you.")),
    "first_visit.written": (
        N_("You wrote down your first talk."),
        N_("{name} wrote down your first talk with you."),
    ),
    "suggestion.made": (N_("You shared {thing}."), N_("{name} shared {thing} with you.")),
    "suggestion.accepted": (N_("You said yes to {thing}."), N_("{name} said yes to {thing}.")),
    "suggestion.edited": (
        N_("You said yes to {thing}, in your own words."),
        N_("{name} said yes to {thing}, in new words."),
    ),
    "suggestion.declined": (N_("You said no to {thing}."), N_("{name} said no to {thing}.")),
    "nudge.set": (N_("You set a nudge: {thing}."), N_("{name} set a nudge for you: {thing}.")),
    "nudge.snoozed": (N_("You paused a nudge for a while."), N_("{name} paused a nudge for a while.")),
    "nudge.stopped": (N_("You stopped a nudge."), N_("{name} stopped a nudge.")),
    "grant.invited": (
        N_("You invited {thing} to see your board."),
        N_("{name} invited {thing} to see your board."),
    ),
    "grant.invited_with_client": (
        N_("You and your case manager invited {thing} to see your board."),
        N_("{name} invited {thing} to see your board, together with you."),
    ),
    "grant.accepted": (
        N_("You said yes to seeing this board."),
        N_("{name} said yes and can now see your board."),
    ),
    "grant.revoked": (
        N_("You stopped {thing} seeing your board."),
        N_("{name} stopped {thing} seeing your board."),
    ),
    "grant.invite_cancelled": (
        N_("You took back the invitation for {thing}."),
        N_("{name} took back the invitation for {thing}."),
    ),
    "grant.invite_confirmed": (
        N_("You said yes to inviting {thing}."),
        N_("{name} said yes to inviting {thing}."),
    ),
    "assignment.started": (
        N_("You started working with this client."),
        N_("{name} started working with you."),
    ),
    "assignment.ended": (
        N_("You ended a case manager's work on this board."),
        N_("{name} ended a case manager's work on your board."),
    ),
    "invite.accepted:grant": (
        N_("You joined to see this board."),
        N_("{name} joined and can now see your board."),
    ),
    "invite.accepted:reset": (
        N_("You chose a new password with a sign-in link."),
        N_("{name} chose a new password with a sign-in link."),
    ),
    "reset.created": (N_("You made a new sign-in link."), N_("{name} made a new sign-in link for you.")),
    "reset.seen": (
        N_("You saw the note about a new sign-in link."),
        N_("{name} saw the note about a new sign-in link."),
    ),
    "account.delete_asked": (
        N_("You asked for your account to be deleted."),
        N_("{name} asked for your account to be deleted."),
    ),
    "account.delete_cancelled": (
        N_("You chose to keep your account."),
        N_("{name} chose to keep your account."),
    ),
    "denied:reset_password": (
        N_("You tried to make a sign-in link without being allowed, and were stopped."),
        N_("{name} tried to make a sign-in link for you without being allowed, and was stopped."),
    ),
}
DENIED = (
    N_("You tried to open or change something without access, and were stopped."),
    N_("{name} tried to open or change something on your board without access, and was stopped."),
)
OTHER = (N_("You changed something on your board."), N_("{name} changed something on your board."))

# How a target is named, by its kind: `{words}` are the client's, quoted. Kinds not here
# are named by their words alone (a person or place, a nudge's message).
THINGS = {
    "goal": N_("the goal {words}"),
    "step": N_("the step {words}"),
    "win": N_("the win {words}"),
    "strength": N_("the strength {words}"),
    "suggestion": N_("the idea {words}"),
}
# What a target names when it is no longer on the board, by its kind.
GONE = {
    "goal": N_("a goal that is no longer on your board"),
    "step": N_("a step that is no longer on your board"),
    "win": N_("a win that is no longer on your board"),
    "strength": N_("a strength that is no longer on your list"),
    "priority": N_("something that is no longer on your list"),
    "resource": N_("someone or somewhere no longer on your list"),
    "suggestion": N_("an idea"),
    "nudge": N_("a nudge that is no longer set"),
    "grant": N_("someone"),
}
# What kind of thing an event was about, as an admin reads it (by the first word of its
# action): message ids, translated where they are shown. Kinds not here show as they are.
KIND_WORDS = {
    "goal": N_("goal"),
    "step": N_("step"),
    "win": N_("win"),
    "check_in": N_("check-in"),
    "strength": N_("strength"),
    "priority": N_("priority"),
    "resource": N_("person or place"),
    "contact": N_("visit"),
    "first_visit": N_("first visit"),
    "suggestion": N_("idea"),
    "nudge": N_("nudge"),
    "grant": N_("sharing"),
    "assignment": N_("case assignment"),
    "invite": N_("invitation"),
    "reset": N_("sign-in link"),
    "denied": N_("access"),
    "signin": N_("sign-in"),
    "signout": N_("sign-out"),
    "password": N_("password"),
    "board": N_("board"),
    "demo": N_("demo"),
    "account": N_("account"),
}


@dataclass
class StoryLine:
    sentence: str
    time: str  # "14:05", as the reader's language writes times; "" for folded looks
    refused: bool = False
    key: str = ""


@dataclass
class StoryDay:
    day: str  # "Today", "Yesterday", "Thursday, December 3"
    key: str
    lines: list[StoryLine] = field(default_factory=list)


@dataclass
class Story:
    week: list[str]  # "Sam looked at your board 21 times this week."
    days: list[StoryDay]


def _quoted(words: str) -> str:
    words = " ".join(words.split())
    if len(words) > LONGEST_THING:
        words = words[: LONGEST_THING - 1].rstrip() + "…"
    return f"“{words}”"


def _parse_target(target: str) -> tuple[str, int] | None:
    kind, _, number = target.rpartition(" ")
    return (kind.split(" ")[0], int(number)) if kind and number.isdigit() else None


def _things(db: Session, client_id: int, targets: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """The words of each target, as they are now, only if it is on this client's board."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for kind, number in targets:
        wanted[kind].add(number)
    found: dict[tuple[str, int], str] = {}

    def rows(query, kind: str) -> None:  # type: ignore[no-untyped-def]
        for number, words in db.exec(query):
            if words:
                found[(kind, number)] = _quoted(str(words))

    by_client: dict[str, tuple[Any, Any]] = {"goal": (Goal, Goal.text), "win": (Win, Win.text), "strength": (StrengthEntry, StrengthEntry.text),
                 "priority": (Priority, Priority.text), "resource": (Resource, Resource.name),
                 "nudge": (NudgePlan, NudgePlan.message)}  # fmt: skip
    for kind, (table, words) in by_client.items():
        if wanted[kind]:
            rows(
                select(table.id, words).where(col(table.id).in_(wanted[kind]), table.client_id == client_id),
                kind,
            )
    if wanted["step"]:
        rows(select(Step.id, Step.text).join(Goal, col(Goal.id) == Step.goal_id)
             .where(col(Step.id).in_(wanted["step"]), Goal.client_id == client_id), "step")  # fmt: skip
    if wanted["suggestion"]:
        for idea_id, payload in db.exec(
            select(Suggestion.id, Suggestion.payload).where(
                col(Suggestion.id).in_(wanted["suggestion"]), Suggestion.client_id == client_id
            )
        ):
            words = (payload or {}).get("text") or (payload or {}).get("name") or ""
            if isinstance(words, str) and words and idea_id is not None:
                found[("suggestion", idea_id)] = _quoted(words)
    if wanted["grant"]:
        for grant_id, name in db.exec(
            select(Grant.id, User.display_name)
            .join(User, col(User.id) == Grant.grantee_id)
            .where(col(Grant.id).in_(wanted["grant"]), Grant.client_id == client_id)
        ):
            if grant_id is not None:
                found[("grant", grant_id)] = name
    return found


def _thing(event: AuditEvent, things: dict[tuple[str, int], str]) -> str:
    parsed = _parse_target(event.target)
    if parsed is not None and parsed in things:
        words = things[parsed]
        return _(THINGS[parsed[0]], words=words) if parsed[0] in THINGS else words
    if parsed is not None and parsed[0] in GONE:
        return _(GONE[parsed[0]])
    if parsed is None and event.target and event.action.startswith("grant."):
        return event.target  # an invitation names the invited person as the client wrote it
    return _("someone") if event.action.startswith("grant.") else _("something")


def _sentence(event: AuditEvent, *, mine: bool, name: str, thing: str) -> str:
    if event.action in SENTENCES:
        pair = SENTENCES[event.action]
    elif event.action.startswith("denied:"):
        pair = DENIED
    else:
        pair = OTHER
    return _(pair[0], thing=thing) if mine else _(pair[1], name=name, thing=thing)


def _day_heading(day: date, today: date) -> str:
    if day == today:
        return _("Today")
    if day == today - timedelta(days=1):
        return _("Yesterday")
    return i18n.day_name(day) if day.year == today.year else i18n.day(day, style="long")


def board_story(db: Session, *, actor: Actor, client_id: int, now: datetime | None = None) -> Story:
    """The client sees everything on their board; their case manager sees their own actions."""
    now = now or utcnow()
    board = load_board(db, client_id=client_id, now=now)
    if board is not None and can(actor, Action.VIEW_AUDIT, board):
        only_actor = None
    elif board is not None and can(actor, Action.VIEW_OWN_AUDIT, board):
        only_actor = actor.user_id
    else:
        refuse(db, actor=actor, action=Action.VIEW_AUDIT, board=board)
    base = (
        select(AuditEvent, User.display_name)
        .join(User, col(User.id) == AuditEvent.actor_id, isouter=True)
        .where(AuditEvent.board_client_id == client_id)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    )
    if only_actor is not None:
        base = base.where(AuditEvent.actor_id == only_actor)
    events = list(db.exec(base.where(AuditEvent.action != VIEWED).limit(LIMIT)))
    oldest = events[-1][0].at if len(events) == LIMIT else None
    looks_query = base.where(AuditEvent.action == VIEWED)
    if oldest is not None:
        looks_query = looks_query.where(AuditEvent.at >= oldest)
    looks = list(db.exec(looks_query.limit(LOOKS_LIMIT)))

    viewer = db.get(User, actor.user_id)
    zone = ZoneInfo(viewer.timezone if viewer and i18n.is_timezone(viewer.timezone) else "UTC")
    today = now.astimezone(zone).date()

    def who(event: AuditEvent, name: str | None) -> str:
        return name or _("Someone without an account")

    things = _things(db, client_id, [p for e, _n in events if (p := _parse_target(e.target)) is not None])
    days: dict[date, StoryDay] = {}

    def day_of(moment: datetime) -> StoryDay:
        local = moment.astimezone(zone).date()
        if local not in days:
            days[local] = StoryDay(day=_day_heading(local, today), key=local.isoformat())
        return days[local]

    # Looks: one line per person and day, where that day's first look was.
    looked: Counter[tuple[date, int | None]] = Counter()
    names: dict[int | None, str] = {}
    week: Counter[int | None] = Counter()
    for event, name in looks:
        looked[(event.at.astimezone(zone).date(), event.actor_id)] += 1
        names[event.actor_id] = who(event, name)
        if now - event.at < WEEK:
            week[event.actor_id] += 1
    lines: list[tuple[datetime, int, StoryLine]] = []
    for event, name in events:
        mine = event.actor_id == actor.user_id
        line = StoryLine(
            sentence=_sentence(event, mine=mine, name=who(event, name), thing=_thing(event, things)),
            time=i18n.clock(event.at, zone),
            refused=not event.allowed,
            key=str(event.id),
        )
        lines.append((event.at, event.id or 0, line))
    seen_fold: set[tuple[date, int | None]] = set()
    for event, _name in looks:  # newest first: the line goes where the day's latest look is
        fold = (event.at.astimezone(zone).date(), event.actor_id)
        if fold in seen_fold:
            continue
        seen_fold.add(fold)
        count, name = looked[fold], names[event.actor_id]
        sentence = (
            ngettext("You looked at the board once.", "You looked at the board {count} times.", count)
            if event.actor_id == actor.user_id
            else ngettext("{name} looked at your board once.", "{name} looked at your board {count} times.", count,
                          name=name)
        )  # fmt: skip
        lines.append(
            (event.at, event.id or 0, StoryLine(sentence=sentence, time="", key=f"looks-{event.id}"))
        )
    for at, _id, line in sorted(lines, key=lambda item: (item[0], item[1]), reverse=True):
        day_of(at).lines.append(line)
    week_lines = [
        ngettext("{name} looked at your board once this week.", "{name} looked at your board {count} times this week.",
                 count, name=names[person])
        for person, count in week.most_common()
        if person != actor.user_id
    ]  # fmt: skip
    return Story(week=week_lines, days=list(days.values()))


@dataclass
class AuditMetadataRow:
    when: str
    who: str
    board: str
    kind: str
    refused: bool


def agency_activity(db: Session, *, actor: Actor) -> list[AuditMetadataRow]:
    """For an admin: who did something, when, on which board — never what it said."""
    if not can_in_agency(actor, AgencyAction.RUN_AGENCY):
        refuse(db, actor=actor, action=Action.VIEW_AUDIT_METADATA, board=None)
    who = User.__table__.alias("who")  # type: ignore[attr-defined]
    board = User.__table__.alias("board")  # type: ignore[attr-defined]
    rows = db.exec(
        select(AuditEvent, who.c.display_name, board.c.display_name)  # type: ignore[call-overload]
        .join(who, who.c.id == AuditEvent.actor_id, isouter=True)
        .join(board, board.c.id == AuditEvent.board_client_id, isouter=True)
        .where(AuditEvent.agency_id == actor.agency_id)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(LIMIT)
    )
    return [
        AuditMetadataRow(
            when=i18n.moment(event.at) + " UTC",
            who=shown_name(who_name) or "—",
            board=shown_name(board_name) or "—",
            kind=_kind_words(event.action),
            refused=not event.allowed,
        )
        for event, who_name, board_name in rows
    ]


def _kind_words(action: str) -> str:
    kind = action.split(":")[0].split(".")[0]
    return _(KIND_WORDS[kind]) if kind in KIND_WORDS else kind
