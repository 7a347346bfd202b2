"""The terms a client can offer when they let someone see part of their board."""

from __future__ import annotations

from dataclasses import dataclass

from strengthsapp.domain.vocabulary import Relationship, Scope, Section

# How long access lasts, from one visit to a year. Three months unless the client says.
DURATIONS: dict[int, str] = {
    1: "For one day (one visit)",
    7: "For a week",
    30: "For a month",
    90: "For three months",
    182: "For six months",
    365: "For a year",
}
DEFAULT_DAYS = 90

SCOPE_WORDS = {
    Scope.VIEW: "see",
    Scope.CHEER: "cheer my wins",
    Scope.SUGGEST: "suggest ideas",
}
SECTION_WORDS = {
    Section.GOALS: "my goals and steps",
    Section.WINS: "my wins",
    Section.STRENGTHS: "my strengths",
    Section.RESOURCES: "my people and places",
}
RELATIONSHIP_WORDS = {
    Relationship.PEER: "Peer supporter",
    Relationship.FAMILY: "Family",
    Relationship.FRIEND: "Friend",
    Relationship.OTHER: "Someone else",
}


@dataclass(frozen=True, slots=True)
class Terms:
    relationship: Relationship
    scopes: frozenset[Scope]
    sections: frozenset[Section]
    days: int

    def problem(self) -> str | None:
        if Scope.VIEW not in self.scopes:
            return "Seeing is needed for everything else."
        if not self.sections:
            return "Choose at least one part of your board to share."
        if self.days not in DURATIONS:
            return "Choose how long from the list."
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


def describe(scopes: frozenset[Scope], sections: frozenset[Section]) -> str:
    """ "Can see my goals and steps and my wins, and cheer my wins" — in the client's words."""
    seen = [SECTION_WORDS[s] for s in Section if s in sections]
    extras = [SCOPE_WORDS[s] for s in (Scope.CHEER, Scope.SUGGEST) if s in scopes]
    text = "Can see " + _join(seen)
    if extras:
        text += ", and " + _join(extras)
    return text


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
