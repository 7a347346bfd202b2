"""The language a person reads the app in: kept on their account (and, by the api, in the
device's cookie, which the screens read)."""

from __future__ import annotations

from sqlmodel import Session

from strengthsapp import i18n
from strengthsapp.db.models import User
from strengthsapp.domain.access import Actor
from strengthsapp.services.errors import InvalidInput
from strengthsapp.settings import get_settings


def language_of_user(db: Session, user_id: int) -> str:
    user = db.get(User, user_id)
    return (i18n.known(user.locale) if user else None) or get_settings().default_locale


def language_of(db: Session, *, actor: Actor) -> str:
    return language_of_user(db, actor.user_id)


def set_language(db: Session, *, actor: Actor, locale: object) -> str:
    """The person reads the app in `locale` from now on, on every device."""
    code = i18n.known(locale)
    if code is None:
        raise InvalidInput(i18n._("Choose one of the languages in the list."), field="locale")
    user = db.get(User, actor.user_id)
    if user is not None and user.locale != code:
        user.locale = code
        db.add(user)
        db.flush()
    return code
