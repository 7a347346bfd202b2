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

# Failed sign-ins are counted per name and address together, per address, and per name.
# Guessing is stopped where it comes from; the person whose name it is can still sign in
# elsewhere, and on a device they signed in on before (its device cookie) at once.
FAILURE_WINDOW = timedelta(minutes=15)
LOCK_FOR = timedelta(minutes=15)
PAIR_LOCK_AFTER = 8  # guesses at one name from one address: that address waits LOCK_FOR
ADDRESS_LOCK_AFTER = 40  # guesses at any names from one address: that address waits LOCK_FOR
ACCOUNT_SLOW_AFTER = 8  # guesses at one name from anywhere: new devices wait, longer each time
ACCOUNT_WAIT_CAP = timedelta(minutes=10)


def delay_after(failures: int) -> float:
    """Seconds to wait before answering a failed sign-in: nothing for the first slips."""
    if failures < 3:
        return 0.0
    return min(0.5 * 2 ** (failures - 3), 4.0)


def account_wait(failures: int) -> timedelta:
    """After this many failures at one name (from anywhere, in the window), how long a
    device never signed in on with that name waits before its next try: 2 s, 4 s, 8 s,
    ... up to ten minutes. Never a lock: known devices don't wait at all."""
    if failures < ACCOUNT_SLOW_AFTER:
        return timedelta(0)
    return min(timedelta(seconds=2 ** (failures - ACCOUNT_SLOW_AFTER + 1)), ACCOUNT_WAIT_CAP)
