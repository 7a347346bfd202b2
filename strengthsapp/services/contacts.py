"""Outreach contacts: the case manager writes down each meeting, in strengths language.
The client sees them all; nothing here is hidden from the person it is about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from strengthsapp.db.models import Contact, User
from strengthsapp.db.types import utcnow
from strengthsapp.domain.access import Action, Actor
from strengthsapp.domain.today import describe_day
from strengthsapp.domain.vocabulary import ContactPlace
from strengthsapp.i18n import N_, _
from strengthsapp.services import audit
from strengthsapp.services.boards import authorize
from strengthsapp.services.errors import InvalidInput

PLACE_WORDS = {  # message ids, translated where they are shown
    ContactPlace.HOME: N_("at home"),
    ContactPlace.COMMUNITY: N_("out in the community"),
    ContactPlace.OFFICE: N_("at the office"),
    ContactPlace.PHONE_VIDEO: N_("by phone or video"),
}
MAX_SUMMARY = 2000
RECENT = 3


@dataclass
class ContactPublic:
    when: str
    where: str
    who: str
    summary: str


def record_contact(
    db: Session,
    *,
    actor: Actor,
    client_id: int,
    on: date,
    place: str,
    summary: str,
    now: datetime | None = None,
) -> Contact:
    """The assigned case manager records a meeting: when, where, what we worked on."""
    now = now or utcnow()
    board = authorize(db, actor=actor, action=Action.RECORD_CONTACT, client_id=client_id, now=now)
    try:
        where = ContactPlace(place)
    except ValueError:
        raise InvalidInput(_("Choose where you met."), field="place") from None
    client = db.get(User, board.client_id)
    today = now.astimezone(ZoneInfo(client.timezone if client else "UTC")).date()
    if on > today + timedelta(days=1):
        raise InvalidInput(
            _("A meeting is recorded once it has happened: choose today or an earlier day."), field="on"
        )
    if on < today - timedelta(days=366):
        raise InvalidInput(_("That is more than a year ago; please check the date."), field="on")
    words = " ".join(summary.split())
    if not words:
        raise InvalidInput(_("Write a line about what you worked on together."), field="summary")
    if len(words) > MAX_SUMMARY:
        raise InvalidInput(
            _(
                "Please keep it under {limit} characters (this is {length}).",
                limit=MAX_SUMMARY,
                length=len(words),
            ),
            field="summary",
        )
    contact = Contact(client_id=client_id, case_manager_id=actor.user_id, on=on, place=where.value, summary=words,
                      created_at=now)  # fmt: skip
    db.add(contact)
    db.flush()
    audit.record(db, actor=actor, action="contact.recorded", board_client_id=client_id,
                 target=f"contact {contact.id}", at=now)  # fmt: skip
    return contact


def recent_contacts(db: Session, *, actor: Actor, client_id: int, today: date) -> list[ContactPublic]:
    """The last few meetings, for the client and their case manager."""
    authorize(db, actor=actor, action=Action.VIEW_CONTACTS, client_id=client_id)
    return contacts_of(db, client_id=client_id, today=today)


def contacts_of(db: Session, *, client_id: int, today: date) -> list[ContactPublic]:
    """For callers that have already checked VIEW_CONTACTS on this board."""
    rows = db.exec(
        select(Contact, User.display_name)
        .join(User, col(User.id) == Contact.case_manager_id)
        .where(Contact.client_id == client_id)
        .order_by(col(Contact.on).desc(), col(Contact.id).desc())
        .limit(RECENT)
    )
    return [
        ContactPublic(
            when=describe_day(contact.on, today=today),
            where=_(PLACE_WORDS[ContactPlace(contact.place)]),
            who=name,
            summary=contact.summary,
        )
        for contact, name in rows
    ]
