"""People & places: the client's community as an oasis of resources.

A resource is a person, a place or a service, *natural* (people, places, ordinary
community services) or *formal* (agency and mental-health services), with how to reach
it, and linked to the goals and steps it helps with (services.plan.set_link).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from strengthsapp.db.models import Goal, GoalResourceLink, Resource, Step, StepResourceLink, User
from strengthsapp.db.types import id_of, utcnow
from strengthsapp.domain.access import Action, Actor, can
from strengthsapp.domain.vocabulary import ResourceKind, ResourceSupport
from strengthsapp.i18n import N_, _
from strengthsapp.services import audit
from strengthsapp.services.boards import authorize, row_by_id
from strengthsapp.services.errors import Conflict, InvalidInput, NotFound
from strengthsapp.services.words import LONG, clean

KIND_WORDS = {  # message ids, translated where they are shown
    ResourceKind.PERSON: N_("A person"),
    ResourceKind.PLACE: N_("A place"),
    ResourceKind.SERVICE: N_("A service"),
}
SUPPORT_WORDS = {  # message ids, translated where they are shown
    ResourceSupport.NATURAL: N_("In my everyday life"),
    ResourceSupport.FORMAL: N_("An agency or health service"),
}


@dataclass
class ResourcePublic:
    id: int
    name: str
    kind: str
    kind_words: str
    support: str
    support_words: str
    how_to_reach: str
    notes: str
    version: int
    helps_with: list[str] = field(default_factory=list)  # goals and steps it is linked to


@dataclass
class ResourcesPublic:
    resources: list[ResourcePublic]
    natural: int
    formal: int
    edits: bool


def get_resources(
    db: Session, *, actor: Actor | None, client_id: int, now: datetime | None = None
) -> ResourcesPublic:
    board = authorize(db, actor=actor, action=Action.VIEW_RESOURCES, client_id=client_id, now=now)
    rows = list(db.exec(select(Resource).where(Resource.client_id == client_id).order_by(col(Resource.name))))
    helps: dict[int, list[str]] = defaultdict(list)
    if rows and can(actor, Action.VIEW_GOALS, board):  # goal names only for who may see goals
        ids = [id_of(r) for r in rows]
        for resource_id, text in db.exec(
            select(GoalResourceLink.resource_id, Goal.text)
            .join(Goal, col(Goal.id) == GoalResourceLink.goal_id)
            .where(col(GoalResourceLink.resource_id).in_(ids))
        ):
            helps[resource_id].append(text)
        for resource_id, text in db.exec(
            select(StepResourceLink.resource_id, Step.text)
            .join(Step, col(Step.id) == StepResourceLink.step_id)
            .where(col(StepResourceLink.resource_id).in_(ids))
        ):
            helps[resource_id].append(text)
    public = [
        ResourcePublic(
            id=id_of(r), name=r.name, kind=r.kind, kind_words=_(KIND_WORDS[ResourceKind(r.kind)]),
            support=r.support, support_words=_(SUPPORT_WORDS[ResourceSupport(r.support)]),
            how_to_reach=r.how_to_reach, notes=r.notes, version=r.version, helps_with=helps.get(id_of(r), []),
        )
        for r in rows
    ]  # fmt: skip
    return ResourcesPublic(
        resources=public,
        natural=sum(1 for r in rows if r.support == ResourceSupport.NATURAL.value),
        formal=sum(1 for r in rows if r.support == ResourceSupport.FORMAL.value),
        edits=can(actor, Action.EDIT_PLAN, board),
    )


def checked_fields(*, name: str, kind: str, support: str, how_to_reach: str, notes: str) -> dict[str, str]:
    """The fields of a resource, cleaned, or InvalidInput naming the field."""
    try:
        kind_value = ResourceKind(kind).value
    except ValueError:
        raise InvalidInput(_("Choose: a person, a place or a service."), field="kind") from None
    try:
        support_value = ResourceSupport(support).value
    except ValueError:
        raise InvalidInput(
            _("Choose: in my everyday life, or an agency or health service."), field="support"
        ) from None
    return {
        "name": clean(name, field="name", limit=200),
        "kind": kind_value,
        "support": support_value,
        "how_to_reach": clean(how_to_reach, field="how_to_reach", limit=LONG, required=False),
        "notes": clean(notes, field="notes", limit=LONG, required=False),
    }


def add_resource(
    db: Session,
    *,
    actor: Actor,
    client_id: int,
    name: str,
    kind: str,
    support: str,
    how_to_reach: str = "",
    notes: str = "",
    now: datetime | None = None,
) -> Resource:
    now = now or utcnow()
    authorize(db, actor=actor, action=Action.EDIT_PLAN, client_id=client_id, now=now)
    values = checked_fields(name=name, kind=kind, support=support, how_to_reach=how_to_reach, notes=notes)
    client = db.get(User, client_id)
    assert client is not None
    resource = Resource(agency_id=client.agency_id, client_id=client_id, created_at=now)
    for key, value in values.items():
        setattr(resource, key, value)
    db.add(resource)
    db.flush()
    audit.record(
        db, actor=actor, action="resource.added", board_client_id=client_id, target=f"resource {resource.id}",
        at=now,
    )  # fmt: skip
    return resource


def _resource_for_edit(db: Session, actor: Actor, resource_id: object, now: datetime) -> Resource:
    resource = row_by_id(db, Resource, resource_id)
    if resource is None or resource.client_id is None:  # the agency's directory is not the client's to edit
        raise NotFound()
    authorize(db, actor=actor, action=Action.EDIT_PLAN, client_id=resource.client_id, now=now)
    return resource


def edit_resource(
    db: Session,
    *,
    actor: Actor,
    resource_id: int,
    version: int,
    name: str,
    kind: str,
    support: str,
    how_to_reach: str = "",
    notes: str = "",
    now: datetime | None = None,
) -> Resource:
    now = now or utcnow()
    resource = _resource_for_edit(db, actor, resource_id, now)
    values = checked_fields(name=name, kind=kind, support=support, how_to_reach=how_to_reach, notes=notes)
    if resource.version != version:
        raise Conflict(
            current={"name": resource.name, "how_to_reach": resource.how_to_reach, "notes": resource.notes},
            version=resource.version,
        )
    if all(getattr(resource, key) == value for key, value in values.items()):
        return resource
    for key, value in values.items():
        setattr(resource, key, value)
    resource.version += 1
    db.add(resource)
    audit.record(
        db, actor=actor, action="resource.edited", board_client_id=resource.client_id,
        target=f"resource {resource.id}", at=now,
    )  # fmt: skip
    return resource


def remove_resource(db: Session, *, actor: Actor, resource_id: int, now: datetime | None = None) -> None:
    now = now or utcnow()
    resource = _resource_for_edit(db, actor, resource_id, now)
    db.exec(delete(GoalResourceLink).where(col(GoalResourceLink.resource_id) == resource.id))  # type: ignore[call-overload]
    db.exec(delete(StepResourceLink).where(col(StepResourceLink.resource_id) == resource.id))  # type: ignore[call-overload]
    db.delete(resource)
    audit.record(db, actor=actor, action="resource.removed", board_client_id=resource.client_id, at=now)
