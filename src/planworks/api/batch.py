"""A batch of reports as the API receives and answers it: JSON in, JSON out.

The batch route hands the body to the report writer as bytes, with this codec; the
writer decodes it, writes the reports and encodes the answer. Where the writer is a
process of its own, the parsing and the encoding (milliseconds for a batch of 500)
then run there, not on the event loop that serves every request and page.

Decoding answers as FastAPI would have, had the route taken a `BatchCreate`: the same
errors, at the same places (a test holds the two equal).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import TypeAdapter, ValidationError

from planworks.api.schemas import BatchCreate, ReportCreate
from planworks.domain.errors import PlanworksError
from planworks.services.reporting import ReportIn, StoredReport, Submission

__all__ = ["BATCH_JSON", "BatchJson", "BodyError", "UnreadableBodyError", "in_body", "report_in"]

_BATCH = TypeAdapter(BatchCreate)
#: Stored reports as JSON, in the shape of `ReportRead` (a test holds the two equal).
_STORED = TypeAdapter(list[StoredReport])


def report_in(r: ReportCreate) -> ReportIn:
    """A report as the API received it, as the writer takes it."""
    return ReportIn(
        r.report_id,
        r.unit,
        r.date,
        r.product,
        r.quantity,
        r.grade,
        r.value,
        r.supersedes,
        r.reason,
    )


def in_body(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Validation errors of the body, placed in the request (`loc` from "body")."""
    return [{**err, "loc": ("body", *err["loc"])} for err in errors]


class BodyError(PlanworksError):
    """The body is not a valid batch: `errors` as a request's validation errors (each
    with `loc` from the body's root, `msg` and `type`)."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} problem(s) in the body")

    def __reduce__(self) -> tuple[object, ...]:
        # pickled whole: a report writer in another process sends it back
        return (BodyError, (self.errors,))


class UnreadableBodyError(PlanworksError):
    """The body could not be read as text (it is not UTF-8, -16 or -32), or nests too
    deep to read."""

    def __init__(self) -> None:
        super().__init__("There was an error parsing the body")

    def __reduce__(self) -> tuple[object, ...]:
        return (UnreadableBodyError, ())


class BatchJson:
    """`BatchCreate` as JSON in, `BatchRead` as JSON out."""

    def decode(self, body: bytes) -> list[ReportIn]:
        try:
            batch = _BATCH.validate_json(body)
        except ValidationError:  # read again as FastAPI reads it, for its words
            batch = self._as_fastapi(body)
        return [report_in(r) for r in batch.reports]

    def encode(self, done: Submission) -> bytes:
        # straight from the stored reports: a model per report, made and then
        # serialised, costs four times as much
        return b'{"new":%d,"reports":%s}' % (done.new, _STORED.dump_json(done.reports))

    @staticmethod
    def _as_fastapi(body: bytes) -> BatchCreate:
        """The body read as FastAPI reads it: Python's parser (which also takes `NaN`),
        then validated from the Python objects (a top-level `null` or list is worded
        differently than from JSON)."""
        try:
            parsed = json.loads(body)
        except json.JSONDecodeError as e:  # (before ValueError: it is one)
            raise BodyError(
                [
                    {
                        "type": "json_invalid",
                        "loc": (e.pos,),
                        "msg": "JSON decode error",
                        "input": {},
                        "ctx": {"error": e.msg},
                    }
                ]
            ) from None
        except (ValueError, RecursionError):
            raise UnreadableBodyError from None
        try:
            return _BATCH.validate_python(parsed, from_attributes=True)  # as FastAPI
        except ValidationError as e:
            raise BodyError(_errors(e)) from None


def _errors(e: ValidationError) -> list[dict[str, Any]]:
    """The errors, in a form that crosses to another process (no exceptions inside)."""
    return [
        {"type": err["type"], "loc": tuple(err["loc"]), "msg": err["msg"], "input": None}
        for err in e.errors(include_url=False, include_context=False, include_input=False)
    ]


#: The codec the batch route uses.
BATCH_JSON = BatchJson()
