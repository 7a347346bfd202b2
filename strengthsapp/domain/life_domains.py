"""Life domains of the Strengths Assessment.

An agency may rename or replace them; a new agency starts with these seven.
Every domain carries an icon so the board can be read without reading every word.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LifeDomainSpec:
    key: str
    label: str
    icon: str  # a lucide icon name


DEFAULT_LIFE_DOMAINS: tuple[LifeDomainSpec, ...] = (
    LifeDomainSpec("daily_living", "Home and daily life", "house"),
    LifeDomainSpec("financial", "Money", "wallet"),
    LifeDomainSpec("vocational", "Work and learning", "briefcase"),
    LifeDomainSpec("social", "People in my life", "users"),
    LifeDomainSpec("health", "Health", "heart-pulse"),
    LifeDomainSpec("leisure", "Fun and free time", "bike"),
    LifeDomainSpec("spirituality", "Spirituality and culture", "sparkles"),
)

FALLBACK_ICON = "compass"  # not a circle: that is the shape of a step not yet done
