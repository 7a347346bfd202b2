"""The "share my board" form: checkboxes scope_<x> and section_<x>, a relationship and a
number of days. Anything unknown is ignored; `Terms.problem` judges the rest. Used by the
client's sharing page and by the case manager on the client's board."""

from __future__ import annotations

from typing import Any

from strengthsapp.domain.access import Actor
from strengthsapp.domain.grants import DEFAULT_DAYS, Terms
from strengthsapp.domain.vocabulary import Relationship, Scope, Section
from strengthsapp.i18n import _
from strengthsapp.services.errors import InvalidInput
from strengthsapp.services.invites import create_grant_invite
from strengthsapp.services.links import InviteLink, invite_link


def terms_from_form(form: dict[str, Any]) -> Terms:
    """Checkbox names are scope_<x> and section_<x>; anything unknown is ignored."""
    try:
        relationship = Relationship(str(form.get("relationship", "")))
        days = int(str(form.get("days", DEFAULT_DAYS)))
    except ValueError:
        raise InvalidInput(_("Please choose who they are to you and for how long."), field="terms") from None
    scopes = {Scope.VIEW} | {
        s for s in (Scope.CHEER, Scope.SUGGEST) if form.get(f"scope_{s.value}") in (True, "on", "true")
    }
    sections = {s for s in Section if form.get(f"section_{s.value}") in (True, "on", "true")}
    return Terms(relationship=relationship, scopes=frozenset(scopes), sections=frozenset(sections), days=days)


def grant_invite_from_form(
    db: Any, form: dict[str, Any], *, actor: Actor, client_id: int, waits_for: str = ""
) -> InviteLink:
    """Make the invitation the form describes; raises InvalidInput or NotAllowed. Made by
    the case manager with the client, it `waits_for` her yes on her own screen."""
    name = str(form.get("name", ""))[:80]
    terms = terms_from_form(form)
    code = create_grant_invite(db, actor=actor, client_id=client_id, terms=terms, name_hint=name)
    title = _("Send this link to {name}", name=name) if name.strip() else _("Send this link")
    if waits_for:
        return invite_link(
            code, title, lasts=_("It works once {name} says yes on their own phone, in “Who can see my "
                                 "board”. Then it works once, for 7 days.", name=waits_for),
        )  # fmt: skip
    return invite_link(code, title)
