"""The batch route reads its body itself (the report writer parses it): it must answer
bad bodies, and describe the body in the OpenAPI document, exactly as FastAPI does for
a route that takes a `BatchCreate`."""

from __future__ import annotations

import json
import pickle
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from planworks.api import problems
from planworks.api.batch import BATCH_JSON, BodyError, UnreadableBodyError
from planworks.api.schemas import BatchCreate
from planworks.services.reporting import ReportIn
from tests.api.conftest import Api


def _reference() -> TestClient:
    """A route that lets FastAPI read the batch, answering errors as the API does."""
    app = FastAPI()
    problems.install(app)

    @app.post("/batch", status_code=201)
    def batch(body: BatchCreate) -> dict[str, int]:
        return {"reports": len(body.reports)}

    return TestClient(app)


REFERENCE = _reference()

GOOD = {
    "report_id": "b-1",
    "unit": "F1",
    "date": "1959-01-20",
    "product": "iron",
    "quantity": 2.5,
}
JUNK = st.sampled_from(
    [
        None,
        True,
        0,
        -1,
        1.5,
        -0.5,
        1e308,
        "",
        "x",
        "1959-02-30",
        "1959-01-20",
        "<b>",
        [],
        {},
        "a" * 300,
    ]
)
FIELDS = [*GOOD, "grade", "value", "supersedes", "reason", "extra"]


@st.composite
def _reports(draw: st.DrawFn) -> dict[str, Any]:
    """A report near a good one: some fields missing, some junk, some extra."""
    out: dict[str, Any] = dict(GOOD)
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=4)):
        if draw(st.booleans()):
            out.pop(name, None)
        else:
            out[name] = draw(JUNK)
    return out


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)

BODIES = st.one_of(
    st.builds(lambda rs: json.dumps({"reports": rs}).encode(), st.lists(_reports(), max_size=4)),
    st.builds(
        lambda rs, more: json.dumps({"reports": rs, **more}).encode(),
        st.lists(_reports(), max_size=2),
        st.dictionaries(st.sampled_from(["extra", "reports2"]), JSON, max_size=1),
    ),
    st.builds(lambda v: json.dumps(v).encode(), JSON),  # NaN and Infinity too
    st.binary(max_size=20),
    st.sampled_from(
        [b"", b"{", b'{"reports": [', b'{"reports": NaN}', b"\xff\xfe", b' {"reports": []} ']
    ),
)
TYPES = st.sampled_from(
    [None, "application/json", "application/problem+json", "text/plain", "application/xml"]
)


def _post(client: TestClient, url: str, body: bytes, kind: str | None, **headers: str) -> Any:
    if kind is not None:
        headers["content-type"] = kind
    return client.post(url, content=body, headers=headers)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=BODIES, kind=TYPES)
def test_a_bad_batch_is_refused_as_fastapi_refuses_it(
    api: Api, body: bytes, kind: str | None
) -> None:
    note(f"body={body!r} kind={kind!r}")
    expected = _post(REFERENCE, "/batch", body, kind)
    ours = _post(api.client, "/api/reports/batch", body, kind, **api.auth("reporter_f1"))
    if expected.status_code != 201:
        assert ours.status_code == expected.status_code
        assert ours.json() == expected.json()
    else:  # read as a batch: what follows is the writer's (stored, or refused by its checks)
        assert "problem(s) in the request" not in ours.text


@settings(max_examples=300, deadline=None)
@given(body=BODIES)
def test_the_codec_reads_what_fastapi_reads(body: bytes) -> None:
    try:  # as FastAPI reads a JSON body
        expected = BatchCreate.model_validate(json.loads(body), from_attributes=True)
    except (ValueError, RecursionError):  # ValidationError is a ValueError
        with pytest.raises((BodyError, UnreadableBodyError)):
            BATCH_JSON.decode(body)
        return
    assert BATCH_JSON.decode(body) == [ReportIn(**r.model_dump()) for r in expected.reports]


def test_the_codec_names_every_field_at_fault() -> None:
    with pytest.raises(BodyError) as refused:
        BATCH_JSON.decode(b'{"reports": [{"report_id": "b-1"}]}')
    assert {e["loc"] for e in refused.value.errors} == {
        ("reports", 0, "unit"),
        ("reports", 0, "date"),
        ("reports", 0, "product"),
        ("reports", 0, "quantity"),
    }


def test_the_batch_body_is_described_as_fastapi_would(api: Api) -> None:
    ours = api.client.get("/api/openapi.json").json()
    expected = REFERENCE.get("/openapi.json").json()
    assert (
        ours["paths"]["/api/reports/batch"]["post"]["requestBody"]
        == expected["paths"]["/batch"]["post"]["requestBody"]
    )
    for name in ("BatchCreate", "ReportCreate"):
        assert ours["components"]["schemas"][name] == expected["components"]["schemas"][name]


def test_body_errors_cross_to_the_server_whole() -> None:
    """The writing process decodes bodies: its errors come back pickled."""
    errors = [{"type": "missing", "loc": ("reports", 0, "unit"), "msg": "Field required"}]
    refused = pickle.loads(pickle.dumps(BodyError(errors)))
    assert isinstance(refused, BodyError)
    assert refused.errors == errors
    unreadable = pickle.loads(pickle.dumps(UnreadableBodyError()))
    assert str(unreadable) == "There was an error parsing the body"
