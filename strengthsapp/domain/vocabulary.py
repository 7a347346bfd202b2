"""The words of the practice, as values stored in the database.

Columns store the `.value` strings; these enums are how code names them.
"""

from enum import StrEnum


class Role(StrEnum):
    CLIENT = "client"
    CASE_MANAGER = "case_manager"
    PEER = "peer"
    ADMIN = "admin"


class InviteKind(StrEnum):
    ACCOUNT = "account"  # join the agency with a role
    GRANT = "grant"  # see part of a client's board, on the client's terms
    RESET = "reset"  # choose a new password


class StrengthColumn(StrEnum):
    """The three columns of the Strengths Assessment, in the order a conversation takes them."""

    WANT = "want"  # What I want: desires and aspirations. The conversation starts here.
    HAVE_NOW = "have_now"  # What I have now
    WORKED_BEFORE = "worked_before"  # What has worked before


class GoalStatus(StrEnum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    PAUSED = "paused"
    SET_ASIDE = "set_aside"


class StepWho(StrEnum):
    ME = "me"
    CASE_MANAGER = "case_manager"
    PEER = "peer"
    SOMEONE_ELSE = "someone_else"


class Relationship(StrEnum):
    PEER = "peer"
    FAMILY = "family"
    FRIEND = "friend"
    OTHER = "other"


class Scope(StrEnum):
    VIEW = "view"
    CHEER = "cheer"
    SUGGEST = "suggest"
    SHARE = "share"  # send the plan to other systems (FHIR): given to a case manager by the client


class Section(StrEnum):
    GOALS = "goals"
    WINS = "wins"
    STRENGTHS = "strengths"
    RESOURCES = "resources"


class SuggestionKind(StrEnum):
    NEW_GOAL = "new_goal"
    NEW_STEP = "new_step"
    EDIT = "edit"
    NUDGE = "nudge"
    RESOURCE = "resource"


class SuggestionStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    EDITED = "edited"
    DECLINED = "declined"


class ContactPlace(StrEnum):
    HOME = "home"
    COMMUNITY = "community"
    OFFICE = "office"
    PHONE_VIDEO = "phone_video"


class ResourceKind(StrEnum):
    PERSON = "person"
    PLACE = "place"
    SERVICE = "service"


class ResourceSupport(StrEnum):
    """Natural resources (people, places, ordinary services) or formal (agency services)."""

    NATURAL = "natural"
    FORMAL = "formal"


class DeliveryStatus(StrEnum):
    DUE = "due"
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    DEAD = "dead"
    SKIPPED = "skipped"  # went quiet: the step was done, the plan stopped or snoozed
