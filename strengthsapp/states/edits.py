"""Edits of the words on a board, from a form, that may meet someone else's newer words.

Each editor takes the form as the browser sent it and the version to edit from: the
form's own `version` on the first try, or the newer one the person was shown when they
chose "save mine instead". A stale first try raises Conflict (services never overwrite).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlmodel import Session

from strengthsapp.domain.access import Actor
from strengthsapp.services.errors import InvalidInput
from strengthsapp.services.plan import edit_goal, edit_step
from strengthsapp.services.resources import edit_resource
from strengthsapp.services.strengths import edit_entry
from strengthsapp.services.suggestions import decide
from strengthsapp.states.base import as_id

Editor = Callable[[Session, Actor, dict[str, Any], "int | None"], object]


def text(form: dict[str, Any], name: str, limit: int = 20_000) -> str:
    """A form field as text, cut far above any limit a service applies (which then says so)."""
    return str(form.get(name, ""))[:limit]


def day(form: dict[str, Any], name: str = "target_date") -> date | None:
    value = text(form, name, 20).strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput("Choose a day from the calendar, or leave it empty.", field=name) from None


def _version(form: dict[str, Any], version: int | None) -> int:
    return version if version is not None else (as_id(form.get("version", "")) or 0)


def _goal(db: Session, actor: Actor, form: dict[str, Any], version: int | None) -> object:
    return edit_goal(
        db, actor=actor, goal_id=as_id(form.get("id", "")) or 0, version=_version(form, version),
        text=text(form, "text"), why=text(form, "why"), domain_key=text(form, "domain", 40),
        target_date=day(form),
    )  # fmt: skip


def _step(db: Session, actor: Actor, form: dict[str, Any], version: int | None) -> object:
    return edit_step(
        db, actor=actor, step_id=as_id(form.get("id", "")) or 0, version=_version(form, version),
        text=text(form, "text"), who=text(form, "who", 20), who_name=text(form, "who_name", 200),
        target_date=day(form),
    )  # fmt: skip


def _strength(db: Session, actor: Actor, form: dict[str, Any], version: int | None) -> object:
    return edit_entry(
        db, actor=actor, entry_id=as_id(form.get("id", "")) or 0, version=_version(form, version),
        text=text(form, "text"),
    )  # fmt: skip


def _resource(db: Session, actor: Actor, form: dict[str, Any], version: int | None) -> object:
    return edit_resource(
        db, actor=actor, resource_id=as_id(form.get("id", "")) or 0, version=_version(form, version),
        name=text(form, "name"), kind=text(form, "kind", 20), support=text(form, "support", 20),
        how_to_reach=text(form, "how_to_reach"), notes=text(form, "notes"),
    )  # fmt: skip


def _idea(db: Session, actor: Actor, form: dict[str, Any], version: int | None) -> object:
    """Accepting an idea; new words for something that changed since need a second yes."""
    return decide(
        db, actor=actor, suggestion_id=as_id(form.get("id", "")) or 0, accept=True, text=text(form, "text"),
        seen_version=version,
    )  # fmt: skip


EDITORS: dict[str, Editor] = {
    "goal": _goal,
    "step": _step,
    "strength": _strength,
    "resource": _resource,
    "idea": _idea,
}
