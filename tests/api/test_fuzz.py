"""The API fuzzed from its own OpenAPI document (schemathesis): whatever is sent, by a
user who sees everything and by one who sees one region, no answer is a server error
and every answer matches the document."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import positive_data_acceptance

from tests.api.conftest import Api

EXAMPLES = 100  # per operation


def test_the_api_holds_to_its_document(api: Api) -> None:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", api.client.app)
    operations = [found.ok() for found in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:

        @given(case=operation.as_strategy(), user=st.sampled_from(["admin", "viewer_b"]))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def holds(case: schemathesis.Case, user: str) -> None:
            # a request the document allows may still be refused for what it means (an
            # end before its start, a period a balance needs): 422 is a fair answer
            case.call_and_validate(
                headers=api.auth(user), excluded_checks=[positive_data_acceptance]
            )

        holds()
