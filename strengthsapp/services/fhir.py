"""The client's plan as HL7 FHIR R4 (its R4B models match R4 for these resources), for
other systems she chooses to share it with: a `Bundle` (collection) with the client as
`Patient`, each goal a `Goal` in her words, the plan a `CarePlan` (she is its subject and
author, her case manager a contributor, steps its activities) and her strengths
`Observation`s. Codes are FHIR's own where FHIR has them; her words are never coded.

Who may take it: the client, and her case manager only with her say (a grant with the
`share` scope: domain.access SHARE_PLAN). Tested against `fhir.resources` R4B.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from strengthsapp.db.models import Agency, Goal, LifeDomain, Step, StrengthEntry, User
from strengthsapp.db.types import id_of, utcnow
from strengthsapp.domain.access import Action, Actor
from strengthsapp.domain.life_domains import label_words
from strengthsapp.domain.vocabulary import GoalStatus, StepWho, StrengthColumn
from strengthsapp.i18n import _
from strengthsapp.services import audit
from strengthsapp.services.boards import authorize
from strengthsapp.services.grants import case_managers_of
from strengthsapp.services.strengths import ANYWHERE_LABEL, COLUMN_WORDS

LIFECYCLE = {  # Goal.lifecycleStatus (http://hl7.org/fhir/goal-status)
    GoalStatus.ACTIVE: "active",
    GoalStatus.PAUSED: "on-hold",
    GoalStatus.ACHIEVED: "completed",
    GoalStatus.SET_ASIDE: "cancelled",
}
ACHIEVEMENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/goal-achievement"
ACHIEVEMENT = {  # Goal.achievementStatus; a goal set aside has none (she chose to stop)
    GoalStatus.ACTIVE: ("in-progress", "In Progress"),
    GoalStatus.PAUSED: ("in-progress", "In Progress"),
    GoalStatus.ACHIEVED: ("achieved", "Achieved"),
}
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
OUR_CODES = "https://strengthsapp.org/fhir/CodeSystem"  # life domains and assessment columns


def _urn(agency: Agency, kind: str, row_id: int) -> str:
    """A stable id for a row of this agency: the same file made twice names the same things."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'strengthsapp:{agency.slug}:{kind}:{row_id}')}"


def _ref(url: str, display: str = "") -> dict[str, str]:
    return {"reference": url, **({"display": display} if display else {})}


def _instant(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def plan_bundle(
    db: Session, *, actor: Actor | None, client_id: int, now: datetime | None = None
) -> dict[str, Any]:
    """The Bundle as JSON-ready data; audited as an export of the board."""
    now = now or utcnow()
    authorize(db, actor=actor, action=Action.SHARE_PLAN, client_id=client_id, now=now)
    client = db.get(User, client_id)
    assert client is not None  # authorized: a client's board
    agency = db.get(Agency, client.agency_id)
    assert agency is not None
    patient_url = _urn(agency, "user", client_id)
    domains = {
        d.key: label_words(d.label)
        for d in db.exec(select(LifeDomain).where(LifeDomain.agency_id == client.agency_id))
    }
    managers = case_managers_of(db, client_id, now)
    goals = list(
        db.exec(select(Goal).where(Goal.client_id == client_id).order_by(col(Goal.position), col(Goal.id)))
    )
    steps = (
        list(
            db.exec(
                select(Step)
                .where(col(Step.goal_id).in_([id_of(g) for g in goals]))
                .order_by(col(Step.position), col(Step.id))
            )
        )
        if goals
        else []
    )
    strengths = list(
        db.exec(
            select(StrengthEntry).where(StrengthEntry.client_id == client_id).order_by(col(StrengthEntry.id))
        )
    )

    patient = {
        "resourceType": "Patient",
        "identifier": [{"system": f"{OUR_CODES}/{agency.slug}/person", "value": str(client_id)}],
        "active": client.is_active,
        "name": [{"text": client.display_name}],
        "communication": [{"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": client.locale}]},
                           "preferred": True}],
    }  # fmt: skip
    practitioners: dict[int, tuple[str, dict[str, Any]]] = {
        id_of(m): (
            _urn(agency, "user", id_of(m)),
            {"resourceType": "Practitioner", "active": m.is_active, "name": [{"text": m.display_name}]},
        )
        for m in managers
    }
    goal_urls = {id_of(g): _urn(agency, "goal", id_of(g)) for g in goals}
    goal_resources = []
    for goal in goals:
        status = GoalStatus(goal.status)
        resource: dict[str, Any] = {
            "resourceType": "Goal",
            "lifecycleStatus": LIFECYCLE[status],
            "category": [{"coding": [{"system": f"{OUR_CODES}/life-domain", "code": goal.domain_key}],
                          "text": domains.get(goal.domain_key, goal.domain_key)}],
            "description": {"text": goal.text},  # her words, exactly
            "subject": _ref(patient_url, client.display_name),
            "expressedBy": _ref(patient_url, client.display_name),
            "startDate": goal.created_at.date().isoformat(),
        }  # fmt: skip
        if status in ACHIEVEMENT:
            code, display = ACHIEVEMENT[status]
            resource["achievementStatus"] = {"coding": [{"system": ACHIEVEMENT_SYSTEM, "code": code,
                                                          "display": display}]}  # fmt: skip
        if goal.target_date:
            resource["target"] = [{"dueDate": _date(goal.target_date)}]
        if goal.achieved_at:
            resource["statusDate"] = goal.achieved_at.date().isoformat()
        if goal.why:
            resource["note"] = [{"text": goal.why}]  # why it matters, in her words
        goal_resources.append((goal_urls[id_of(goal)], resource))

    def performer(step: Step) -> list[dict[str, str]]:
        if step.who == StepWho.ME:
            return [_ref(patient_url, client.display_name)]
        if step.who == StepWho.CASE_MANAGER and practitioners:
            manager = managers[0]
            return [_ref(practitioners[id_of(manager)][0], manager.display_name)]
        if step.who == StepWho.SOMEONE_ELSE and step.who_name:
            return [{"display": step.who_name}]
        words = {StepWho.CASE_MANAGER: _("My case manager"), StepWho.PEER: _("My peer supporter")}
        return [{"display": words.get(StepWho(step.who), _("Someone else"))}]

    activities = []
    for step in steps:
        detail: dict[str, Any] = {
            "status": "completed" if step.done_at else "not-started",
            "description": step.text,  # her words
            "goal": [_ref(goal_urls[step.goal_id])],
            "performer": performer(step),
        }
        if step.target_date:
            detail["scheduledPeriod"] = {"end": _date(step.target_date)}
        activities.append({"detail": detail})

    care_plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "status": "active" if any(g.status == GoalStatus.ACTIVE for g in goals) else "on-hold",
        "intent": "plan",
        "title": _("{name}'s Personal Recovery Plan", name=client.display_name),
        "subject": _ref(patient_url, client.display_name),
        "author": _ref(patient_url, client.display_name),
        "contributor": [_ref(patient_url, client.display_name)]
        + [_ref(practitioners[id_of(m)][0], m.display_name) for m in managers],
        "created": client.created_at.date().isoformat(),
        "goal": [_ref(url) for url, _r in goal_resources],
    }
    if activities:
        care_plan["activity"] = activities

    observations = []
    for entry in strengths:
        heading, _hint = COLUMN_WORDS[StrengthColumn(entry.column)]
        observations.append(
            (
                _urn(agency, "strength", id_of(entry)),
                {
                    "resourceType": "Observation",
                    "status": "final",
                    "category": [
                        {"coding": [{"system": OBSERVATION_CATEGORY, "code": "social-history",
                                     "display": "Social History"}]},
                        {"coding": [{"system": f"{OUR_CODES}/life-domain", "code": entry.domain_key or "anywhere"}],
                         "text": domains.get(entry.domain_key, entry.domain_key) or _(ANYWHERE_LABEL)},
                    ],
                    "code": {"coding": [{"system": f"{OUR_CODES}/strengths-assessment", "code": entry.column}],
                             "text": _(heading)},
                    "subject": _ref(patient_url, client.display_name),
                    "effectiveDateTime": _instant(entry.updated_at),
                    "valueString": entry.text,  # her words
                },
            )
        )  # fmt: skip

    entries = [(patient_url, patient), *practitioners.values(), *goal_resources,
               (_urn(agency, "careplan", client_id), care_plan), *observations]  # fmt: skip
    audit.record(db, actor=actor, action="export:plan_fhir", board_client_id=client_id, at=now)
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _instant(now),
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
    }
