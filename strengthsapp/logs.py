"""No secrets in the server's log: session cookies, tab and room tokens, one-time codes.

Reflex logs what it is sent: an event it cannot handle is logged with its router data
(the headers, cookie included) and its payload. The socket door (strengthsapp.sockets)
drops such events before Reflex sees them; this is the second line. Every log record,
whichever logger and handler it goes to, has its message (and traceback) redacted when it
is made (`install()` wraps the log record factory).
"""

from __future__ import annotations

import logging
import re
import time
import traceback

from reflex_base.event import EventSpec

REDACTED = "[redacted]"

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # Cookies by name (sa_session, sa_device), wherever they appear: headers, reprs, URLs.
    (re.compile(r"(sa_[a-z]+=)[^;\s'\",}]+"), rf"\g<1>{REDACTED}"),
    # A whole Cookie, Set-Cookie or Authorization header in a repr or a dump.
    (
        re.compile(r"""(?i)(['"]?(?:set-)?cookie['"]?\s*[:=]\s*)(['"])(?:(?!\2).)*\2"""),
        rf"\g<1>\g<2>{REDACTED}\g<2>",
    ),
    (
        re.compile(r"""(?i)(['"]?authorization['"]?\s*[:=]\s*)(['"])(?:(?!\2).)*\2"""),
        rf"\g<1>\g<2>{REDACTED}\g<2>",
    ),
    (re.compile(r"(?i)(vapid t=)[^,\s'\"]+"), rf"\g<1>{REDACTED}"),
    # Tab tokens (UUIDs), room tokens, and one-time codes in links and forms.
    (re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"), "[tab]"),
    (re.compile(r"\b(board-\d+-)[0-9a-f]{32}\b"), rf"\g<1>{REDACTED}"),
    (re.compile(r"(?i)\b((?:token|code|claim)=)[^&\s'\"]+"), rf"\g<1>{REDACTED}"),
    (re.compile(r"""(?i)(['"](?:token|code|claim|client_token)['"]\s*:\s*)(['"])(?:(?!\2).)*\2"""),
     rf"\g<1>\g<2>{REDACTED}\g<2>"),
]  # fmt: skip


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


_installed = False


def install() -> None:
    """Redact every log record of this process as it is made (idempotent)."""
    global _installed
    if _installed:
        return
    make_record = logging.getLogRecordFactory()

    def redacted_record(*args: object, **kwargs: object) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a record whose arguments don't fit its message: keep what it is
            message = str(record.msg)
        if record.exc_info and record.exc_info[0] is not None:
            # Handlers format tracebacks themselves (rich's does): hand them text instead.
            message += "\n" + "".join(traceback.format_exception(*record.exc_info))
            record.exc_info, record.exc_text = None, None
        record.msg, record.args = redact(message), None
        return record

    logging.setLogRecordFactory(redacted_record)
    _installed = True


# --- a handler that raised ------------------------------------------------------------------

CRASH_TRACEBACK_EVERY = 600.0  # seconds: the same crash's traceback is logged once in ten minutes
_crashes: dict[tuple[str, str], tuple[float, int]] = {}  # (kind, where) -> (logged at, count since)
_log = logging.getLogger("strengthsapp")


def backend_exception_handler(exception: Exception) -> EventSpec:
    """A handler raised: one line (its traceback once in ten minutes), never its
    arguments; and a plain word to the person."""
    from reflex_components_sonner.toast import toast

    frames = traceback.extract_tb(exception.__traceback__)
    ours = [f for f in frames if "/strengthsapp/" in f.filename] or frames
    where = f"{ours[-1].filename.rsplit('/', 1)[-1]}:{ours[-1].lineno}" if ours else "?"
    key, now = (type(exception).__name__, where), time.monotonic()
    logged_at, count = _crashes.get(key, (float("-inf"), 0))
    if now - logged_at >= CRASH_TRACEBACK_EVERY:
        more = f" ({count} more since the last traceback)" if count else ""
        _log.error(
            "an event handler raised %s at %s%s\n%s", key[0], where, more,
            "".join(traceback.format_exception(type(exception), exception, exception.__traceback__)),
        )  # fmt: skip
        _crashes[key] = (now, 0)
    else:
        _crashes[key] = (logged_at, count + 1)
    return toast(
        "Something went wrong on our side.",
        level="error",
        description="Please try again in a moment. If it keeps happening, tell your agency.",
        position="top-center",
        id="backend_error",
    )
