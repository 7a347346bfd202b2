"""How long a session lasts and when sign-in slows down: rules without a database."""

from __future__ import annotations

from datetime import timedelta

from strengthsapp.domain.vocabulary import Role

# Clients and peers use their own phones: a month idle is fine. Staff tablets are shared.
IDLE_LIMIT = {
    Role.CLIENT: timedelta(days=30),
    Role.PEER: timedelta(days=30),
    Role.CASE_MANAGER: timedelta(hours=12),
    Role.ADMIN: timedelta(hours=12),
}
ABSOLUTE_LIMIT = {
    Role.CLIENT: timedelta(days=90),
    Role.PEER: timedelta(days=90),
    Role.CASE_MANAGER: timedelta(days=7),
    Role.ADMIN: timedelta(days=7),
}
# Writing last_seen_at on every websocket event would be a write per click.
TOUCH_EVERY = timedelta(minutes=1)
CLAIM_LIFETIME = timedelta(seconds=90)

FAILURE_WINDOW = timedelta(minutes=15)
LOCK_FOR = timedelta(minutes=15)
ACCOUNT_LOCK_AFTER = 8
ADDRESS_LOCK_AFTER = 40


def delay_after(failures: int) -> float:
    """Seconds to wait before answering a failed sign-in: nothing for the first slips."""
    if failures < 3:
        return 0.0
    return min(0.5 * 2 ** (failures - 3), 4.0)
