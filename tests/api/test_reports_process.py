"""The report routes again, with the reports written by a process of its own (as
`planworks serve` runs them), and the batch answer's JSON held equal to the model's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine

from planworks.api.batch import _STORED
from planworks.api.schemas import BatchRead, ReportRead
from planworks.services.reporting import StoredReport
from tests.api.conftest import Api, serve_api
from tests.api.test_api import (
    test_a_correction_supersedes_with_a_reason,
    test_a_report_changes_the_status,
    test_a_report_retry_returns_the_original_result,
    test_a_reused_report_id_with_other_content_is_refused,
    test_batch_is_all_or_nothing_and_names_the_field,
    test_validation_errors_name_the_field,
)
from tests.api.test_batch_body import test_a_bad_batch_is_refused_as_fastapi_refuses_it

__all__ = [
    "test_a_bad_batch_is_refused_as_fastapi_refuses_it",
    "test_a_correction_supersedes_with_a_reason",
    "test_a_report_changes_the_status",
    "test_a_report_retry_returns_the_original_result",
    "test_a_reused_report_id_with_other_content_is_refused",
    "test_batch_is_all_or_nothing_and_names_the_field",
    "test_validation_errors_name_the_field",
]


@pytest.fixture
def api(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Api]:
    yield from serve_api(engine, monkeypatch, writer="process")


def test_the_batch_answer_is_the_model_s_json() -> None:
    at = datetime(1960, 3, 31, 18, 5, 7, 123456, tzinfo=UTC)
    reports = [
        StoredReport("a-1", "F1", date(1960, 3, 31), "iron", 2.5, None, None, None, None, 7, at),
        StoredReport(
            "a-2", "F2", date(1960, 3, 30), "iron", 3.0, 1.0, 12.25, "a-0", "recounted", 8, at
        ),
    ]
    model = BatchRead(
        new=1, reports=[ReportRead.model_validate(r, from_attributes=True) for r in reports]
    )
    encoded = b'{"new":1,"reports":%s}' % _STORED.dump_json(reports)
    assert encoded == model.model_dump_json().encode()
    assert json.loads(encoded) == model.model_dump(mode="json")
