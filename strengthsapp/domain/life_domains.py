"""Life domains of the Strengths Assessment.

An agency may rename or replace them; a new agency starts with these seven.
Every domain carries an icon so the board can be read without reading every word.
"""

from dataclasses import dataclass

from strengthsapp.i18n import N_, _


@dataclass(frozen=True, slots=True)
class LifeDomainSpec:
    key: str
    label: str
    icon: str  # a lucide icon name


DEFAULT_LIFE_DOMAINS: tuple[LifeDomainSpec, ...] = (
    LifeDomainSpec("daily_living", N_("Home and daily life"), "house"),
    LifeDomainSpec("financial", N_("Money"), "wallet"),
    LifeDomainSpec("vocational", N_("Work and learning"), "briefcase"),
    LifeDomainSpec("social", N_("People in my life"), "users"),
    LifeDomainSpec("health", N_("Health"), "heart-pulse"),
    LifeDomainSpec("leisure", N_("Fun and free time"), "bike"),
    LifeDomainSpec("spirituality", N_("Spirituality and culture"), "sparkles"),
)

FALLBACK_ICON = "compass"  # not a circle: that is the shape of a step not yet done
DEFAULT_LABELS = frozenset(spec.label for spec in DEFAULT_LIFE_DOMAINS)


def label_words(label: str) -> str:
    """A life domain's name as the reader reads it: the seven an agency starts with, in the
    reader's language; one the agency named itself, as it wrote it."""
    return _(label) if label in DEFAULT_LABELS else label
