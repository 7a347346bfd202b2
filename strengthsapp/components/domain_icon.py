"""An icon beside each life domain, so the board reads at a glance."""

import reflex as rx

from strengthsapp.domain.life_domains import DEFAULT_LIFE_DOMAINS, FALLBACK_ICON

ICON_NAMES = sorted({spec.icon for spec in DEFAULT_LIFE_DOMAINS})


def domain_icon(name: rx.Var[str], size: int = 22) -> rx.Component:
    # Icons are compiled in; a name is matched against the ones we ship.
    return rx.match(
        name,
        *[(icon, rx.icon(icon, size=size, aria_hidden="true")) for icon in ICON_NAMES],
        rx.icon(FALLBACK_ICON, size=size, aria_hidden="true"),
    )
