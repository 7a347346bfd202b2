"""Every change made on a screen is an operation: an id the device made (a UUID), who made
it, which board, what (a kind and its fields), and the version of the words it was made
against. The device keeps it until the server has answered (assets/outbox.js); the server
applies each at most once, through the same services and `can()` as everything else.

`apply_operation` writes an `AppliedOperation` row first, in the change's own transaction:
the same id again — a retry after an answer was lost, a second tab sending the same outbox —
gets the stored result back and changes nothing; the same id with other contents is refused.
A refusal (access ended, bad input, a thing gone, words changed meanwhile) is stored as the
result too, so a retry gets the same answer and the device shows it with the words kept.

Who may call: the sign-in session's person, for operations they made (`author`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session, col

from strengthsapp.db.engine import session_scope
from strengthsapp.db.models import (
    AppliedOperation,
    CheckIn,
    Goal,
    NudgePlan,
    Priority,
    PushSubscription,
    Resource,
    Step,
    StrengthEntry,
    Suggestion,
    Win,
)
from strengthsapp.db.types import utcnow
from strengthsapp.domain.access import Actor
from strengthsapp.domain.vocabulary import GoalStatus, SuggestionKind
from strengthsapp.i18n import N_, _
from strengthsapp.services import (
    audit,
    contacts,
    first_visit,
    nudges,
    plan,
    progress,
    resources,
    strengths,
    suggestions,
)
from strengthsapp.services.boards import is_id, step_and_goal
from strengthsapp.services.errors import Conflict, InvalidInput, NotAllowed, NotFound, ServiceError
from strengthsapp.services.sessions import resolve_session

MAX_TEXT = 20_000  # characters in one field: far above any limit a service applies (which says so)
MAX_FIELDS = 40
OP_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# The answers to a refused operation (message ids, translated where they are given).
GONE = N_("This isn't on the board any more, so it wasn't saved.")
ENDED = N_("You can no longer change this board, so this wasn't sent.")
SAME_ID = N_("This change was sent before with other words, so it wasn't saved again.")


# --- what a device sends -------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    id: str
    author: int
    board: int
    kind: str
    fields: dict[str, Any]
    base_version: int | None = None

    def body_hash(self) -> str:
        """What the operation says, for telling a replay from a different change under the same id."""
        body = {
            "board": self.board,
            "kind": self.kind,
            "fields": self.fields,
            "base_version": self.base_version,
        }
        return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass
class Outcome:
    """What became of an operation, as the device is told (and a replay gets back)."""

    id: str
    status: str  # applied | refused | conflict | later (not applied: send again)
    message: str = ""
    about: str = ""  # the form field the message is about
    reason: str = ""  # access | input | gone | conflict | changed | author | session
    theirs: dict[str, str] = field(default_factory=dict)  # a conflict: the words now on the board
    version: int = 0  # a conflict: the version to save "mine instead" against
    board: int = 0

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in ("", 0, {}) or k in ("id", "status")}


def parse_operation(raw: object) -> Operation:
    """An operation as sent, checked for shape (not for meaning); InvalidInput if malformed."""
    if not isinstance(raw, dict):
        raise InvalidInput(_("That change didn't come through right."), field="op")
    op_id, author, board, kind = raw.get("id"), raw.get("author"), raw.get("board"), raw.get("kind")
    fields, version = raw.get("fields", {}), raw.get("base_version")
    if not (isinstance(op_id, str) and OP_ID.match(op_id)):
        raise InvalidInput(_("That change has no proper id."), field="id")
    if not (is_id(author) and is_id(board)):
        raise InvalidInput(_("That change doesn't say whose board it is for."), field="board")
    if not (isinstance(kind, str) and kind in KINDS):
        raise InvalidInput(_("We don't know that kind of change."), field="kind")
    if not (
        isinstance(fields, dict)
        and len(fields) <= MAX_FIELDS
        and all(isinstance(k, str) and len(k) <= 40 for k in fields)
        and all(v is None or isinstance(v, bool | int | str) for v in fields.values())
    ):
        raise InvalidInput(_("That change's fields didn't come through right."), field="fields")
    if version is not None and not (
        isinstance(version, int) and not isinstance(version, bool) and 0 <= version < 2**31
    ):
        raise InvalidInput(_("That change names no proper version."), field="base_version")
    assert isinstance(author, int) and isinstance(board, int)
    return Operation(
        id=op_id, author=author, board=board, kind=kind, fields=dict(fields), base_version=version
    )


def parse_sent(sent: list[object]) -> list[Operation | Outcome]:
    """Each operation as sent, parsed; a malformed one is its refusal already."""
    parsed: list[Operation | Outcome] = []
    for raw in sent:
        try:
            parsed.append(parse_operation(raw))
        except InvalidInput as error:
            op_id = raw.get("id") if isinstance(raw, dict) else None
            parsed.append(Outcome(id=op_id[:36] if isinstance(op_id, str) else "", status="refused",
                                  reason="input", message=error.message))  # fmt: skip
    return parsed


# --- applying ------------------------------------------------------------------------------


def apply_sent(token: str | None, sent: list[object]) -> list[Outcome] | None:
    """A device's batch, as the session `token`'s person: each operation in a unit of work
    of its own (one refused or failing leaves the others); on a board where one could not
    be applied now, the later ones wait too, so order is kept. The session is resolved in
    the first one's unit of work (one transaction for one operation, as a device sends most
    of them). None: no session."""
    actor: Actor | None = None
    outcomes: list[Outcome] = []
    waiting: set[int] = set()
    for op in parse_sent(sent):
        if isinstance(op, Outcome):
            outcomes.append(op)
            continue
        if op.board in waiting:
            outcomes.append(Outcome(id=op.id, status="later", board=op.board))
            continue
        try:
            with session_scope() as db:
                if actor is None:
                    actor = resolve_session(db, token=token)
                    if actor is None:
                        return None
                outcomes.append(apply_operation(db, actor=actor, op=op))
        except SQLAlchemyError:
            waiting.add(op.board)
            outcomes.append(Outcome(id=op.id, status="later", board=op.board))
    if actor is None:  # none of them could be read, or the database was away for all
        with session_scope() as db:
            if resolve_session(db, token=token) is None:
                return None
    return outcomes


def changed_boards(outcomes: list[Outcome]) -> list[int]:
    """The boards an applied operation changed, in first-seen order."""
    return list(dict.fromkeys(o.board for o in outcomes if o.status == "applied" and o.board))


def apply_operation(db: Session, *, actor: Actor, op: Operation, now: datetime | None = None) -> Outcome:
    """Apply one operation at most once and store what became of it (in this unit of work,
    which the caller commits). A transient failure (the database away) raises: nothing is
    stored, and the device sends it again."""
    now = now or utcnow()
    if op.author != actor.user_id:  # made on this device under someone else's account
        return Outcome(id=op.id, status="refused", reason="author", board=op.board,
                       message=_("This was written by someone else signed in on this device."))  # fmt: skip
    # The id is claimed first, in one statement: a second sender of the same id waits on it
    # until the first one's unit of work ends, then finds it taken (as a replay does).
    if not _claim(db, actor=actor, op=op, now=now):
        taken = db.get(AppliedOperation, (actor.user_id, op.id))
        if taken is None:  # claimed by a unit of work that was then rolled back: send again
            raise OperationalError("claim", {}, Exception("the operation's claim went away"))
        return replayed(taken, op)
    # Its writes are undone if it is refused; the refusal's audit is kept, with its answer.
    savepoint = db.begin_nested()
    with audit.refusals_kept(db) as audited:
        try:
            refs = KINDS[op.kind](Call(db=db, actor=actor, op=op, now=now))
            savepoint.commit()
        except ServiceError as error:
            savepoint.rollback()
            db.add_all(audited)
            outcome = refusal(op, error)
            _store(db, actor=actor, outcome=outcome)
            return outcome
    outcome = applied(op)
    if refs:  # what it added (the claim holds the rest of the answer already)
        _store(db, actor=actor, outcome=outcome, refs=refs)
    return outcome


def applied(op: Operation) -> Outcome:
    return Outcome(id=op.id, status="applied", board=op.board)


def _store(db: Session, *, actor: Actor, outcome: Outcome, refs: dict[str, Any] | None = None) -> None:
    """The claim's answer, rewritten: a refusal, or an applied one with what it added."""
    result = {**outcome.as_json(), **({"refs": refs} if refs else {})}
    db.execute(
        update(AppliedOperation)
        .where(col(AppliedOperation.user_id) == actor.user_id, col(AppliedOperation.op_id) == outcome.id)
        .values(status=outcome.status, result=result)
    )


def _claim(db: Session, *, actor: Actor, op: Operation, now: datetime) -> bool:
    """Whether this unit of work now holds the operation's id (False: someone already did).
    The claim is written with the answer of an operation applied, as most are: no one sees
    it before this unit of work ends (a second sender of the id waits on it), and a refusal
    or a failure rewrites or rolls it back."""
    dialect = db.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    answer = applied(op)
    row = {"user_id": actor.user_id, "op_id": op.id, "board_client_id": op.board, "kind": op.kind,
           "body_hash": op.body_hash(), "status": answer.status, "result": answer.as_json(), "applied_at": now}  # fmt: skip
    statement = insert(AppliedOperation).values(**row).on_conflict_do_nothing()
    claimed = db.execute(statement.returning(col(AppliedOperation.op_id))).first()
    return claimed is not None


def replayed(stored: AppliedOperation, op: Operation) -> Outcome:
    if stored.body_hash != op.body_hash():
        return Outcome(id=op.id, status="refused", reason="changed", message=_(SAME_ID), board=op.board)
    result = {k: v for k, v in stored.result.items() if k != "refs"}
    return Outcome(**{**result, "id": op.id})


def refusal(op: Operation, error: ServiceError) -> Outcome:
    if isinstance(error, Conflict):
        return Outcome(id=op.id, status="conflict", reason="conflict", message=error.message,
                       theirs={k: str(v) for k, v in error.current.items()}, version=error.version, board=op.board)  # fmt: skip
    if isinstance(error, NotAllowed):
        return Outcome(id=op.id, status="refused", reason="access", message=_(ENDED), board=op.board)
    if isinstance(error, NotFound):
        return Outcome(id=op.id, status="refused", reason="gone", message=_(GONE), board=op.board)
    assert isinstance(error, InvalidInput)
    return Outcome(
        id=op.id, status="refused", reason="input", message=error.message, about=error.field, board=op.board
    )


# --- the kinds ------------------------------------------------------------------------------


@dataclass
class Call:
    """One operation being applied: its fields read as the types a kind needs."""

    db: Session
    actor: Actor
    op: Operation
    now: datetime
    # Rows read to check the operation, kept referenced so that the service finds them in
    # the session (its identity map holds a row only while someone does).
    held: list[object] = field(default_factory=list)

    def text(self, name: str) -> str:
        value = self.op.fields.get(name)
        if value is None:
            return ""
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            raise InvalidInput(_("That didn't come through as words."), field=name)
        if len(value) > MAX_TEXT:
            raise InvalidInput(
                _(
                    "Please keep it under {limit} characters (this is {length}).",
                    limit=MAX_TEXT,
                    length=len(value),
                ),
                field=name,
            )
        return value

    def number(self, name: str, *, required: bool = True) -> int | None:
        value = self.op.fields.get(name)
        if value in (None, "") and not required:
            return None
        if isinstance(value, str) and value.lstrip("-").isdigit() and len(value) < 12:
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and -(2**31) < value < 2**31:
            return value
        raise NotFound()

    def day(self, name: str) -> date | None:
        value = self.text(name).strip()
        if not value:
            return None
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            raise InvalidInput(_("Choose a day from the calendar, or leave it empty."), field=name) from None

    def flag(self, name: str) -> bool:
        return self.op.fields.get(name) in (True, "on", "true", "1")

    def version(self, current: int) -> int:
        """The version the words were written against: none newer than the board's."""
        version = (
            self.op.base_version
            if self.op.base_version is not None
            else self.number("version", required=False)
        )
        if version is None:
            raise InvalidInput(
                _("This change doesn't say which words it was written against."), field="version"
            )
        if version > current:
            raise InvalidInput(_("This was written against words the board never had, so it wasn't saved."),
                               field="version")  # fmt: skip
        return version

    def on_board(self, model: type, name: str, *, value: object = None) -> Any:
        """The row this field (or `value`) names, if it is on the operation's board (NotFound
        otherwise)."""
        row_id = self.number(name) if value is None else value
        if model is Step:  # with its goal, in one query; both held for the service that follows
            step, goal = step_and_goal(self.db, row_id)
            self.held.extend((step, goal))
            row: Any = step
            owner = goal.client_id
        else:
            row = self.db.get(model, row_id) if is_id(row_id) else None
            if row is None:
                raise NotFound()
            owner = row.user_id if model is PushSubscription else row.client_id
        if owner != self.op.board:
            raise NotFound()
        return row


Kind = Callable[[Call], "dict[str, Any] | None"]
KINDS: dict[str, Kind] = {}


def kind(name: str) -> Callable[[Kind], Kind]:
    def register(run: Kind) -> Kind:
        KINDS[name] = run
        return run

    return register


# Progress: steps done, check-ins, wins, cheers, visits ------------------------------------


@kind("step.done")
def _step_done(c: Call) -> None:
    progress.mark_step_done(c.db, actor=c.actor, step_id=c.on_board(Step, "step").id, now=c.now)


@kind("step.undone")
def _step_undone(c: Call) -> None:
    progress.undo_step_done(c.db, actor=c.actor, step_id=c.on_board(Step, "step").id, now=c.now)


@kind("check_in.add")
def _check_in(c: Call) -> None:
    step = c.on_board(Step, "step") if c.op.fields.get("step") not in (None, "") else None
    goal = c.on_board(Goal, "goal") if step is None else None
    progress.check_in(c.db, actor=c.actor, goal_id=goal.id if goal else None, step_id=step.id if step else None,
                      text=c.text("how"), feeling=c.text("feeling"), now=c.now)  # fmt: skip


@kind("check_in.remove")
def _check_in_remove(c: Call) -> None:
    progress.remove_check_in(c.db, actor=c.actor, check_in_id=c.on_board(CheckIn, "check_in").id, now=c.now)


@kind("win.add")
def _win(c: Call) -> dict[str, Any]:
    goal = c.on_board(Goal, "goal").id if c.op.fields.get("goal") not in (None, "") else None
    win = progress.record_win(
        c.db, actor=c.actor, client_id=c.op.board, text=c.text("win"), goal_id=goal, now=c.now
    )
    return {"win": win.id}


@kind("win.remove")
def _win_remove(c: Call) -> None:
    progress.remove_win(c.db, actor=c.actor, win_id=c.on_board(Win, "win").id, now=c.now)


@kind("win.cheer")
def _cheer(c: Call) -> None:
    progress.cheer(c.db, actor=c.actor, win_id=c.on_board(Win, "win").id, text=c.text("cheer"), now=c.now)


@kind("win.keep")
def _keep_as_strength(c: Call) -> None:
    strengths.win_to_worked_before(c.db, actor=c.actor, win_id=c.on_board(Win, "win").id, now=c.now)


@kind("visit.add")
def _visit(c: Call) -> dict[str, Any]:
    on = c.day("on")
    if on is None:
        raise InvalidInput(_("Choose the day you met."), field="on")
    contact = contacts.record_contact(c.db, actor=c.actor, client_id=c.op.board, on=on, place=c.text("place"),
                                      summary=c.text("summary"), now=c.now)  # fmt: skip
    return {"visit": contact.id}


# Ideas: made by the case manager or a peer; the client decides -----------------------------

NUDGE_DAYS = {"every_day": list(range(7)), "weekdays": list(range(5)), "weekends": [5, 6]}


@kind("idea.add")
def _idea(c: Call) -> dict[str, Any]:
    text = c.text("text")
    goal_id = c.on_board(Goal, "goal").id if c.op.fields.get("goal") not in (None, "") else None
    # What the idea is: a new goal, a step for a goal (the default with a goal), new words
    # for a goal, a nudge for it, or someone or somewhere for People & places.
    about = c.text("about") or ("step" if goal_id else "new")
    if about == "new":
        made = suggestions.suggest(
            c.db, actor=c.actor, client_id=c.op.board, kind=SuggestionKind.NEW_GOAL, text=text, now=c.now
        )
    elif about == "step":
        made = suggestions.suggest(c.db, actor=c.actor, client_id=c.op.board, kind=SuggestionKind.NEW_STEP, text=text,
                                   goal_id=goal_id, now=c.now)  # fmt: skip
    elif about == "words":
        made = suggestions.suggest(c.db, actor=c.actor, client_id=c.op.board, kind=SuggestionKind.EDIT, text=text,
                                   goal_id=goal_id, now=c.now)  # fmt: skip
    elif about == "nudge":
        made = suggestions.suggest(
            c.db, actor=c.actor, client_id=c.op.board, kind=SuggestionKind.NUDGE, text=text, goal_id=goal_id,
            nudge={"days": NUDGE_DAYS.get(c.text("days"), []), "at": c.text("at")}, now=c.now,
        )  # fmt: skip
    elif about == "resource":
        made = suggestions.suggest(
            c.db, actor=c.actor, client_id=c.op.board, kind=SuggestionKind.RESOURCE, text=text,
            resource={"kind": c.text("kind"), "support": c.text("support"), "how_to_reach": c.text("how_to_reach")},
            now=c.now,
        )  # fmt: skip
    else:
        raise InvalidInput(_("Choose what the idea is for."), field="about")
    return {"idea": made.id}


@kind("idea.accept")
def _accept(c: Call) -> None:
    idea = c.on_board(Suggestion, "idea")
    suggestions.decide(c.db, actor=c.actor, suggestion_id=idea.id, accept=True, text=c.text("text"),
                       seen_version=c.op.base_version, now=c.now)  # fmt: skip


@kind("idea.decline")
def _decline(c: Call) -> None:
    idea = c.on_board(Suggestion, "idea")
    suggestions.decide(
        c.db, actor=c.actor, suggestion_id=idea.id, accept=False, reason=c.text("reason"), now=c.now
    )


# The plan, in the client's words ----------------------------------------------------------


@kind("goal.add")
def _goal_add(c: Call) -> dict[str, Any]:
    goal = plan.add_goal(c.db, actor=c.actor, client_id=c.op.board, text=c.text("text"), why=c.text("why"),
                         domain_key=c.text("domain"), target_date=c.day("target_date"), now=c.now)  # fmt: skip
    return {"goal": goal.id}


@kind("goal.edit")
def _goal_edit(c: Call) -> None:
    goal = c.on_board(Goal, "goal")
    plan.edit_goal(c.db, actor=c.actor, goal_id=goal.id, version=c.version(goal.version), text=c.text("text"),
                   why=c.text("why"), domain_key=c.text("domain"), target_date=c.day("target_date"), now=c.now)  # fmt: skip


@kind("goal.status")
def _goal_status(c: Call) -> None:
    try:
        status = GoalStatus(c.text("status"))
    except ValueError:
        raise InvalidInput(_("Choose what happens with the goal."), field="status") from None
    progress.set_goal_status(
        c.db, actor=c.actor, goal_id=c.on_board(Goal, "goal").id, status=status, now=c.now
    )


@kind("goal.move")
def _goal_move(c: Call) -> None:
    plan.move_goal(
        c.db, actor=c.actor, goal_id=c.on_board(Goal, "goal").id, offset=c.number("offset") or 0, now=c.now
    )


@kind("step.add")
def _step_add(c: Call) -> dict[str, Any]:
    goal = c.on_board(Goal, "goal")
    step = plan.add_step(c.db, actor=c.actor, goal_id=goal.id, text=c.text("text"), who=c.text("who") or "me",
                         who_name=c.text("who_name"), target_date=c.day("target_date"), now=c.now)  # fmt: skip
    return {"step": step.id}


@kind("step.edit")
def _step_edit(c: Call) -> None:
    step = c.on_board(Step, "step")
    plan.edit_step(c.db, actor=c.actor, step_id=step.id, version=c.version(step.version), text=c.text("text"),
                   who=c.text("who") or "me", who_name=c.text("who_name"), target_date=c.day("target_date"),
                   now=c.now)  # fmt: skip


@kind("step.move")
def _step_move(c: Call) -> None:
    plan.move_step(
        c.db, actor=c.actor, step_id=c.on_board(Step, "step").id, offset=c.number("offset") or 0, now=c.now
    )


@kind("step.remove")
def _step_remove(c: Call) -> None:
    plan.remove_step(c.db, actor=c.actor, step_id=c.on_board(Step, "step").id, now=c.now)


LINKABLE = {"strength": StrengthEntry, "resource": Resource}
LINKED_TO = {"goal": Goal, "step": Step}


@kind("link.set")
def _link(c: Call) -> None:
    """A strength or a person/place linked to (or, with `unlink`, from) a goal or a step;
    from a form, `thing` names both ("strength-3")."""
    what, what_id = (
        (c.text("thing").partition("-")[::2]) if c.text("thing") else (c.text("what"), c.text("what_id"))
    )
    to = c.text("to")
    if what not in LINKABLE or to not in LINKED_TO:
        raise InvalidInput(_("Choose a strength or a person or place to link."), field="thing")
    number = int(what_id) if what_id.isdigit() and len(what_id) < 12 else 0
    thing, target = c.on_board(LINKABLE[what], "", value=number), c.on_board(LINKED_TO[to], "to_id")
    plan.set_link(c.db, actor=c.actor, what=what, what_id=thing.id, to=to, to_id=target.id,
                  linked=not c.flag("unlink"), now=c.now)  # fmt: skip


# Strengths and priorities ---------------------------------------------------------------------


@kind("strength.add")
def _strength_add(c: Call) -> dict[str, Any]:
    entry = strengths.add_entry(c.db, actor=c.actor, client_id=c.op.board, domain_key=c.text("domain"),
                                column=c.text("column"), text=c.text("text"), now=c.now)  # fmt: skip
    return {"strength": entry.id}


@kind("strength.edit")
def _strength_edit(c: Call) -> None:
    entry = c.on_board(StrengthEntry, "strength")
    strengths.edit_entry(c.db, actor=c.actor, entry_id=entry.id, version=c.version(entry.version),
                         text=c.text("text"), now=c.now)  # fmt: skip


@kind("strength.remove")
def _strength_remove(c: Call) -> None:
    strengths.remove_entry(c.db, actor=c.actor, entry_id=c.on_board(StrengthEntry, "strength").id, now=c.now)


@kind("priority.add")
def _priority_add(c: Call) -> None:
    strengths.add_priority(c.db, actor=c.actor, client_id=c.op.board, text=c.text("text"), now=c.now)


@kind("priority.remove")
def _priority_remove(c: Call) -> None:
    strengths.remove_priority(c.db, actor=c.actor, priority_id=c.on_board(Priority, "priority").id, now=c.now)


@kind("priority.to_goal")
def _priority_to_goal(c: Call) -> None:
    strengths.priority_to_goal(
        c.db, actor=c.actor, priority_id=c.on_board(Priority, "priority").id, now=c.now
    )


# People & places ------------------------------------------------------------------------------


@kind("resource.add")
def _resource_add(c: Call) -> None:
    resources.add_resource(c.db, actor=c.actor, client_id=c.op.board, name=c.text("name"), kind=c.text("kind"),
                           support=c.text("support"), how_to_reach=c.text("how_to_reach"), notes=c.text("notes"),
                           now=c.now)  # fmt: skip


@kind("resource.edit")
def _resource_edit(c: Call) -> None:
    resource = c.on_board(Resource, "resource")
    resources.edit_resource(c.db, actor=c.actor, resource_id=resource.id, version=c.version(resource.version),
                            name=c.text("name"), kind=c.text("kind"), support=c.text("support"),
                            how_to_reach=c.text("how_to_reach"), notes=c.text("notes"), now=c.now)  # fmt: skip


@kind("resource.remove")
def _resource_remove(c: Call) -> None:
    resources.remove_resource(c.db, actor=c.actor, resource_id=c.on_board(Resource, "resource").id, now=c.now)


# Nudges, the client's own choices -------------------------------------------------------------


@kind("nudge.set")
def _nudge_set(c: Call) -> None:
    what, _, target = c.text("about").partition("-")
    target_id = int(target) if target.isdigit() and len(target) < 12 else None
    nudges.save_plan(
        c.db, actor=c.actor, client_id=c.op.board, days=[d for d in range(7) if c.flag(f"day{d}")],
        at=c.text("at")[:8], timezone=c.text("timezone")[:64], message=c.text("message"),
        step_id=target_id if what == "step" else None, goal_id=target_id if what == "goal" else None, now=c.now,
    )  # fmt: skip


@kind("nudge.stop")
def _nudge_stop(c: Call) -> None:
    nudges.stop_plan(c.db, actor=c.actor, plan_id=c.on_board(NudgePlan, "plan").id, now=c.now)


@kind("nudge.snooze")
def _nudge_snooze(c: Call) -> None:
    nudges.snooze_plan(c.db, actor=c.actor, plan_id=c.on_board(NudgePlan, "plan").id,
                       days=c.number("days") or 0, now=c.now)  # fmt: skip


@kind("nudge.quiet")
def _quiet(c: Call) -> None:
    nudges.set_quiet_hours(c.db, actor=c.actor, client_id=c.op.board, start=c.text("start")[:8],
                           end=c.text("end")[:8], now=c.now)  # fmt: skip


@kind("device.remove")
def _device_remove(c: Call) -> None:
    nudges.remove_device(c.db, actor=c.actor, subscription_id=c.on_board(PushSubscription, "device").id)


# The first visit, together ---------------------------------------------------------------------


@kind("first_visit.save")
def _first_visit(c: Call) -> dict[str, Any]:
    visit = first_visit.FirstVisit(
        **{name: c.text(name) for name in first_visit.FirstVisit.__dataclass_fields__}
    )
    try:
        written = first_visit.start_together(
            c.db, actor=c.actor, client_id=c.op.board, visit=visit, now=c.now
        )
    except InvalidInput as error:  # four stages long: say which question it is about
        question = first_visit.QUESTIONS.get(error.field)
        raise InvalidInput(
            _("“{question}”: {problem}", question=_(question), problem=error.message)
            if question
            else error.message,
            field=error.field,
        ) from None
    return {"written": written}


def boards_named(ops: list[Operation]) -> list[int]:
    """The boards these operations are about, in first-seen order."""
    return list(dict.fromkeys(op.board for op in ops))
