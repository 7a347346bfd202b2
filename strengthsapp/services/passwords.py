"""Passwords: argon2id hashes, and a kind check of a new password (NIST 800-63B style).

No composition rules and no maximum below 256: long passphrases and password managers are
welcome. We refuse passwords that are short, on a list of common ones, or made of the
person's own name or sign-in name.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from strengthsapp.i18n import N_, _

MIN_LENGTH = 10
# Under a new-password field: _(PASSWORD_HINT, number=MIN_LENGTH)
PASSWORD_HINT = N_("At least {number} characters. A few words you will remember work well.")
MAX_LENGTH = 256
COMMON = frozenset(FREQUENCY_LISTS["passwords"])
_hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory profile
_dummy_hash = _hasher.hash("a password nobody has, to spend the same time on unknown names")


def password_problem(password: str, *, personal: tuple[str, ...] = ()) -> str | None:
    """Why this new password won't do, in plain words; None if it is fine."""
    if len(password) < MIN_LENGTH:
        return _("Please use at least {number} characters. A few words you will remember work well.",
                 number=MIN_LENGTH)  # fmt: skip
    if len(password) > MAX_LENGTH:
        return _("Please use at most {number} characters.", number=MAX_LENGTH)
    lowered = password.lower()
    if lowered in COMMON or lowered.strip("0123456789!") in COMMON or len(set(lowered)) < 4:
        return _("Many people use that password, so it is easy to guess. Try a few words you will remember.")
    for word in personal:
        word = word.strip().lower()
        if len(word) >= 3 and (lowered == word or lowered.replace(word, "") in {"", "123", "1234", "12345"}):
            return _("Please don't use your name or sign-in name as the password.")
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant effort whether or not there is a hash, so unknown names don't answer faster."""
    try:
        return _hasher.verify(password_hash or _dummy_hash, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


P = ParamSpec("P")
R = TypeVar("R")
# Hashing costs tens of milliseconds of CPU on four threads of argon2's own (it leaves
# Python's lock while it works): never on the event loop, where every tab of the worker
# would wait for it, and on threads of its own, at most one per two cores, so that a burst
# of sign-ins leaves the boards their threads and a share of the machine
# (bench/sign_in_load.py).
_pool = ThreadPoolExecutor(max_workers=max(1, (os.cpu_count() or 2) // 2), thread_name_prefix="passwords")


async def with_passwords(work: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run `work` (which checks or hashes a password) off the event loop, on the password threads,
    in a copy of the caller's context: what it says (a password problem, a refused sign-in) is
    in the language of the event that asked (i18n.using), as `asyncio.to_thread` would have it."""
    context = contextvars.copy_context()
    return await asyncio.get_running_loop().run_in_executor(
        _pool, functools.partial(context.run, work, *args, **kwargs)
    )
