"""Words people write on a board: kept as they were written (spaces tidied), with a kind
limit. Markup stays text; the UI never renders it."""

from __future__ import annotations

from datetime import date

from strengthsapp.i18n import _
from strengthsapp.services.errors import InvalidInput

SHORT = 500  # a goal, a step, a strength, a win
LONG = 2000  # why it matters, notes


def clean(text: object, *, field: str, limit: int = SHORT, required: bool = True) -> str:
    """Spaces tidied; longer texts (why it matters, notes) keep their line breaks."""
    raw = str(text if text is not None else "")
    if limit > SHORT:
        lines = [" ".join(line.split()) for line in raw.splitlines()]
        words = "\n".join(lines).strip("\n")
        while "\n\n\n" in words:
            words = words.replace("\n\n\n", "\n\n")
    else:
        words = " ".join(raw.split())
    if required and not words:
        raise InvalidInput(_("Please write a few words."), field=field)
    if len(words) > limit:
        raise InvalidInput(
            _("Please keep it under {limit} characters (this is {length}). Your words are still there to shorten.",
              limit=limit, length=len(words)),
            field=field,
        )  # fmt: skip
    return words


def future_date(value: date | None, *, today: date, field: str = "target_date") -> date | None:
    """A target date from now on; a day that has passed gets a plain message."""
    if value is not None and value < today:
        raise InvalidInput(
            _("That day has passed. Choose today or a day to come, or leave it empty."), field=field
        )
    return value
