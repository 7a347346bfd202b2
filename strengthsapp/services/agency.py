"""Agencies and their settings."""

from __future__ import annotations

from sqlmodel import Session, col, select

from strengthsapp.db.models import Agency, LifeDomain
from strengthsapp.db.types import id_of
from strengthsapp.domain.life_domains import DEFAULT_LIFE_DOMAINS


def create_agency(session: Session, *, name: str, slug: str, timezone: str = "UTC") -> Agency:
    """Create an agency with the seven default life domains. Called by set-up, not by users."""
    agency = Agency(name=name, slug=slug, timezone=timezone)
    session.add(agency)
    session.flush()
    for position, spec in enumerate(DEFAULT_LIFE_DOMAINS):
        session.add(
            LifeDomain(
                agency_id=id_of(agency), key=spec.key, label=spec.label, icon=spec.icon, position=position
            )
        )
    session.flush()
    return agency


def life_domains(session: Session, *, agency_id: int) -> list[LifeDomain]:
    return list(
        session.exec(
            select(LifeDomain).where(LifeDomain.agency_id == agency_id).order_by(col(LifeDomain.position))
        )
    )
