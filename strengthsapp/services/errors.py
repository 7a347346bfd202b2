"""Errors a service raises; each carries a kind, plain message for the person."""

from __future__ import annotations


class ServiceError(Exception):
    message = "Something went wrong."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)
        self.message = message or self.message


class NotAllowed(ServiceError):
    message = "You don't have access to do that. If you think you should, ask the person whose board it is."


class NotFound(ServiceError):
    message = "We couldn't find that."


class InvalidInput(ServiceError):
    """Bad input: `field` names the form field it belongs to."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class Conflict(ServiceError):
    """Someone else changed it since the person started editing: nothing was overwritten.
    `current` holds the new words (field -> text) and `version` the version to edit from."""

    def __init__(self, *, current: dict[str, str], version: int) -> None:
        super().__init__("This changed while you were writing. Here is the new text; choose what to keep.")
        self.current, self.version = current, version


class Unavailable(ServiceError):
    """The database is away: nothing was kept, and the same request may be sent again."""

    message = "We can't save right now. What you wrote stays on this device and is sent again."
