"""The terms a client can offer when they let someone see part of their board."""

from __future__ import annotations

from dataclasses import dataclass

from strengthsapp.domain.vocabulary import Relationship, Scope, Section
from strengthsapp.i18n import N_, _, listing

# The words below are message ids (English), marked for the catalogs: translated where
# they are shown (`_(RELATIONSHIP_WORDS[r])`, or `t()` on a screen).

# How long access lasts, from one visit to a year. Three months unless the client says.
DURATIONS: dict[int, str] = {
    1: N_("For one day (one visit)"),
    7: N_("For a week"),
    30: N_("For a month"),
    90: N_("For three months"),
    182: N_("For six months"),
    365: N_("For a year"),
}
DEFAULT_DAYS = 90

SCOPE_WORDS = {
    Scope.VIEW: N_("see"),
    Scope.CHEER: N_("cheer my wins"),
    Scope.SUGGEST: N_("suggest ideas"),
}
SECTION_WORDS = {
    Section.GOALS: N_("my goals and steps"),
    Section.WINS: N_("my wins"),
    Section.STRENGTHS: N_("my strengths"),
    Section.RESOURCES: N_("my people and places"),
}
# The same, as someone the client shares with reads them ("their", not "my").
THEIR_SCOPE_WORDS = {
    Scope.VIEW: N_("see"),
    Scope.CHEER: N_("cheer their wins"),
    Scope.SUGGEST: N_("suggest ideas"),
}
THEIR_SECTION_WORDS = {
    Section.GOALS: N_("their goals and steps"),
    Section.WINS: N_("their wins"),
    Section.STRENGTHS: N_("their strengths"),
    Section.RESOURCES: N_("their people and places"),
}
RELATIONSHIP_WORDS = {
    Relationship.PEER: N_("Peer supporter"),
    Relationship.FAMILY: N_("Family"),
    Relationship.FRIEND: N_("Friend"),
    Relationship.OTHER: N_("Someone else"),
}


@dataclass(frozen=True, slots=True)
class Terms:
    relationship: Relationship
    scopes: frozenset[Scope]
    sections: frozenset[Section]
    days: int

    def problem(self) -> str | None:
        if Scope.VIEW not in self.scopes:
            return _("Seeing is needed for everything else.")
        if not self.sections:
            return _("Choose at least one part of your board to share.")
        if self.days not in DURATIONS:
            return _("Choose how long from the list.")
        return None

    def as_json(self) -> dict[str, object]:
        return {
            "relationship": self.relationship.value,
            "scopes": sorted(s.value for s in self.scopes),
            "sections": sorted(s.value for s in self.sections),
            "days": self.days,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Terms:
        return cls(
            relationship=Relationship(str(data["relationship"])),
            scopes=frozenset(Scope(str(s)) for s in data["scopes"]),  # type: ignore[attr-defined]
            sections=frozenset(Section(str(s)) for s in data["sections"]),  # type: ignore[attr-defined]
            days=int(data["days"]),  # type: ignore[call-overload]
        )


def describe(scopes: frozenset[Scope], sections: frozenset[Section], *, theirs: bool = False) -> str:
    """ "Can see my goals and steps and my wins, and cheer my wins" — in the client's words,
    or (`theirs`) as the person they share with reads it: "their wins"."""
    if Scope.SHARE in scopes:  # her say for her case manager: nothing to see, only to send
        return (
            _("Can send their plan to other services") if theirs else _("Can send my plan to other services")
        )
    section_words = THEIR_SECTION_WORDS if theirs else SECTION_WORDS
    scope_words = THEIR_SCOPE_WORDS if theirs else SCOPE_WORDS
    seen = listing(_(section_words[s]) for s in Section if s in sections)
    extras = [_(scope_words[s]) for s in (Scope.CHEER, Scope.SUGGEST) if s in scopes]
    if extras:
        return _("Can see {sections}, and {abilities}", sections=seen, abilities=listing(extras))
    return _("Can see {sections}", sections=seen)
