"""Errors a service raises; each carries a kind, plain message for the person."""

from __future__ import annotations

from strengthsapp.i18n import N_, _


class ServiceError(Exception):
    # Each kind's own message is marked here and said when it is raised, in the language of
    # the work in hand; a message given is already in it.
    message = N_("Something went wrong.")

    def __init__(self, message: str | None = None) -> None:
        said = message or _(type(self).message)
        super().__init__(said)
        self.message = said


class NotAllowed(ServiceError):
    message = N_(
        "You don't have access to do that. If you think you should, ask the person whose board it is."
    )


class NotFound(ServiceError):
    message = N_("We couldn't find that.")


class InvalidInput(ServiceError):
    """Bad input: `field` names the form field it belongs to."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class Conflict(ServiceError):
    """Someone else changed it since the person started editing: nothing was overwritten.
    `current` holds the new words (field -> text) and `version` the version to edit from."""

    def __init__(self, *, current: dict[str, str], version: int) -> None:
        super().__init__(_("This changed while you were writing. Here is the new text; choose what to keep."))
        self.current, self.version = current, version


class Unavailable(ServiceError):
    """The database is away: nothing was kept, and the same request may be sent again."""

    message = N_("We can't save right now. What you wrote stays on this device and is sent again.")
