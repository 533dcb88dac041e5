"""``POST /api/triage``: the decision for one case, as the command prints it.

The body is parsed by hand (parsing.parse_case) rather than by a schema, so
that the API and the command report the same field errors: 400 with
``{"detail": ..., "errors": {field: [messages]}}``.
"""

import json

from ninja import Router, Schema, Status

from escalade.tickets.exceptions import InvalidInput
from escalade.triage.services import decision_as_dict, parse_case, triage

# Mounted by escalade.api.urls under PREFIX; with the route "" below, the
# endpoint is exactly /api/triage.
PREFIX = "triage"
router = Router(tags=["triage"])


class ReasonOut(Schema):
    rule: str
    text: str


class SecondOpinionOut(Schema):
    label: str
    confidence: float
    model_version: str


class DecisionOut(Schema):
    outcome: str
    priority: str
    category: str
    reasons: list[ReasonOut]
    missing: list[str]
    error_codes: list[str]
    signals: list[str]
    second_opinion: SecondOpinionOut | None = None


class FieldErrorsOut(Schema):
    detail: str
    errors: dict[str, list[str]]


_CASE_SCHEMA = {
    "type": "object",
    "required": ["description"],
    "properties": {
        "description": {"type": "string"},
        "category": {"type": "string"},
        "attempts": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["action", "outcome"],
                "properties": {
                    "action": {"type": "string"},
                    "outcome": {"type": "string", "enum": ["succeeded", "failed"]},
                },
            },
        },
        "minutes_spent": {"type": "integer", "minimum": 0},
        "reproduced_by_agent": {"type": "boolean"},
        "intermittent": {"type": "boolean"},
        "customer_requests_expert": {"type": "boolean"},
        "times_asked": {"type": "integer", "minimum": 1},
        "security_concern": {"type": "boolean"},
        "business_impact": {"type": "boolean"},
        "needed_today": {"type": "boolean"},
    },
}


@router.post(
    "",
    response={200: DecisionOut, 400: FieldErrorsOut},
    summary="Triage one case",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _CASE_SCHEMA}},
        }
    },
)
def triage_case(request):
    try:
        data = json.loads(request.body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError):
        return Status(
            400,
            {
                "detail": "The body is not valid JSON.",
                "errors": {"__all__": ["The body is not valid JSON."]},
            },
        )
    try:
        case = parse_case(data)
    except InvalidInput as error:
        return Status(400, {"detail": error.message, "errors": error.errors})
    return Status(200, decision_as_dict(triage(case)))
