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
