"""The REST API: catalog, plans, figures and reports, through HTTP on both backends."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import PASSWORD, Api


def report(report_id: str, **kw: Any) -> dict[str, Any]:
    body = {
        "report_id": report_id,
        "unit": "F1",
        "date": "1959-01-25",
        "product": "iron",
        "quantity": 1.5,
        "grade": 1,
    }
    body.update(kw)
    return body


def test_openapi_document_is_served(api: Api) -> None:
    doc = api.client.get("/api/openapi.json").json()
    assert doc["info"]["title"] == "planworks"
    assert "/api/reports/batch" in doc["paths"]


def test_anonymous_is_refused_with_a_problem(api: Api) -> None:
    r = api.client.get("/api/regions")
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["www-authenticate"] == "Bearer"
    assert r.json()["status"] == 401


def test_catalog_for_admin(api: Api) -> None:
    tops = api.client.get("/api/regions", headers=api.auth("admin")).json()
    assert [r["code"] for r in tops] == ["T"]
    below = api.client.get("/api/regions?parent=T", headers=api.auth("admin")).json()
    assert [r["code"] for r in below] == ["T-A", "T-B"]
    units = api.client.get("/api/units?region=T-B", headers=api.auth("admin")).json()
    assert [u["code"] for u in units] == ["F2", "F3"]
    products = api.client.get("/api/products", headers=api.auth("admin")).json()
    assert {p["code"]: p["grades"] for p in products}["iron"] == [1.0, 2.0, 3.0]


def test_status_of_the_county_plan(api: Api) -> None:
    rows = api.client.get(
        "/api/status?scope=T&product=iron&period=1959-01", headers=api.auth("admin")
    ).json()
    assert len(rows) == 1
    assert rows[0]["target"] == 300
    assert rows[0]["plan"] == "January plan"


def test_series_rankings_and_bulletin(api: Api) -> None:
    auth = api.auth("admin")
    s = api.client.get("/api/series?scope=T&product=iron&period=1959-01", headers=auth).json()
    assert len(s["dates"]) == len(s["daily"]) == 31
    assert s["target"] == 300
    assert s["expected"][-1] == 300
    assert [g["quantity"] for g in s["grades"]] == [62.0, 64.0, 31.0]
    assert sum(g["share_pct"] for g in s["grades"]) == pytest.approx(100)
    ranked = api.client.get(
        "/api/rankings?scope=T&product=iron&period=1959-01&by=output", headers=auth
    ).json()
    assert {r["code"] for r in ranked} == {"T-A", "T-B"}
    by_code = {r["code"]: r for r in ranked}  # usable beside reported: graded 2 or better
    assert by_code["T-A"]["usable"] == by_code["T-A"]["output"]  # all graded 2
    assert 0 < by_code["T-B"]["usable"] < by_code["T-B"]["output"]  # some graded 1
    b = api.client.get("/api/bulletin?scope=T&period=1959-01", headers=auth).json()
    assert b["title"]["en"]
    assert b["title"]["zh"]


def test_a_report_retry_returns_the_original_result(api: Api) -> None:
    auth = api.auth("reporter_f1")
    first = api.client.post("/api/reports", json=report("r-1"), headers=auth)
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    again = api.client.post("/api/reports", json=report("r-1"), headers=auth)
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    got = api.client.get("/api/reports/r-1", headers=auth).json()
    assert got == first.json()


def test_a_report_changes_the_status(api: Api) -> None:
    def cumulative() -> float:
        rows = api.client.get(
            "/api/status?scope=T-A&product=iron&period=1959-01", headers=api.auth("viewer_a")
        ).json()
        return float(rows[0]["cumulative"])

    before = cumulative()
    sent = api.client.post(
        "/api/reports", json=report("r-2", quantity=2.0), headers=api.auth("reporter_f1")
    )
    assert sent.status_code == 201, sent.text
    assert cumulative() == before + 2.0


def test_batch_is_all_or_nothing_and_names_the_field(api: Api) -> None:
    auth = api.auth("stat_a")
    bad = api.client.post(
        "/api/reports/batch",
        json={"reports": [report("b-1"), report("b-2", grade=7)]},
        headers=auth,
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in bad.json()["errors"]] == ["reports[1].grade"]
    assert api.client.get("/api/reports/b-1", headers=auth).status_code == 404
    good = api.client.post(
        "/api/reports/batch",
        json={"reports": [report("b-1"), report("b-2", date="1959-01-26")]},
        headers=auth,
    )
    assert good.status_code == 201, good.text
    assert good.json()["new"] == 2
    again = api.client.post(
        "/api/reports/batch",
        json={"reports": [report("b-1"), report("b-2", date="1959-01-26")]},
        headers=auth,
    )
    assert again.json() == good.json() | {"new": 0}


def test_a_correction_supersedes_with_a_reason(api: Api) -> None:
    auth = api.auth("reporter_f1")
    api.client.post("/api/reports", json=report("c-1"), headers=auth)
    no_reason = api.client.post(
        "/api/reports", json=report("c-2", quantity=1.0, supersedes="c-1"), headers=auth
    )
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"][0]["field"] == "reason"
    fixed = api.client.post(
        "/api/reports",
        json=report("c-2", quantity=1.0, supersedes="c-1", reason="miscounted"),
        headers=auth,
    )
    assert fixed.status_code == 201, fixed.text
    assert fixed.json()["supersedes"] == "c-1"


def test_a_reused_report_id_with_other_content_is_refused(api: Api) -> None:
    auth = api.auth("reporter_f1")
    api.client.post("/api/reports", json=report("d-1"), headers=auth)
    clash = api.client.post("/api/reports", json=report("d-1", quantity=9.0), headers=auth)
    assert clash.status_code == 422
    assert clash.json()["errors"][0]["field"] == "report_id"


def test_validation_errors_name_the_field(api: Api) -> None:
    r = api.client.post(
        "/api/reports", json=report("e-1", quantity=-1), headers=api.auth("reporter_f1")
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "quantity"
    r = api.client.get("/api/status?scope=T&period=1959-13", headers=api.auth("admin"))
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"].startswith("query.")


def test_planner_writes_a_new_plan_version(api: Api) -> None:
    body = {
        "scope": "T-B",
        "product": "iron",
        "start": "1959-02-01",
        "end": "1959-02-28",
        "target": 80,
    }
    first = api.client.post("/api/plans", json=body, headers=api.auth("planner_b"))
    assert first.status_code == 201, first.text
    assert first.json()["version"] == 1
    second = api.client.post(
        "/api/plans", json=body | {"target": 90}, headers=api.auth("planner_b")
    )
    assert second.json()["version"] == 2
    assert second.json()["target"] == 90


def test_session_cookie_needs_the_csrf_token_to_change_anything(api: Api) -> None:
    signed = api.client.post("/api/session", json={"name": "reporter_f1", "password": PASSWORD})
    assert signed.status_code == 200
    csrf = signed.json()["csrf_token"]
    assert api.client.get("/api/me").json()["name"] == "reporter_f1"
    refused = api.client.post("/api/reports", json=report("s-1"))
    assert refused.status_code == 403
    sent = api.client.post("/api/reports", json=report("s-1"), headers={"X-CSRF-Token": csrf})
    assert sent.status_code == 201, sent.text
    assert api.client.delete("/api/session", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert api.client.get("/api/me").status_code == 401


def test_log_in_is_rate_limited(api: Api) -> None:
    for _ in range(5):
        r = api.client.post("/api/session", json={"name": "admin", "password": "wrong-one!"})
        assert r.status_code == 401
    r = api.client.post("/api/session", json={"name": "admin", "password": PASSWORD})
    assert r.status_code == 429
    assert int(r.headers["retry-after"]) > 0
