"""Reading the "share my board" form: checkboxes scope_<x> and section_<x>, a relationship
and a number of days. Anything unknown is ignored; `Terms.problem` judges the rest."""

from __future__ import annotations

from typing import Any

from strengthsapp.domain.grants import DEFAULT_DAYS, Terms
from strengthsapp.domain.vocabulary import Relationship, Scope, Section
from strengthsapp.services.errors import InvalidInput


def terms_from_form(form: dict[str, Any]) -> Terms:
    """Checkbox names are scope_<x> and section_<x>; anything unknown is ignored."""
    try:
        relationship = Relationship(str(form.get("relationship", "")))
        days = int(str(form.get("days", DEFAULT_DAYS)))
    except ValueError:
        raise InvalidInput("Please choose who they are to you and for how long.", field="terms") from None
    scopes = {Scope.VIEW} | {s for s in Scope if form.get(f"scope_{s.value}") in (True, "on", "true")}
    sections = {s for s in Section if form.get(f"section_{s.value}") in (True, "on", "true")}
    return Terms(relationship=relationship, scopes=frozenset(scopes), sections=frozenset(sections), days=days)
