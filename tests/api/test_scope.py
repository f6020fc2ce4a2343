"""No one reads or writes outside their scope, and a refusal leaks nothing.

The tiny county: T (Testland) above T-A (Aville: F1, W1) and T-B (Bton: F2, F3, and
T-B-1 below it). Each user below sees only their part; every route is tried.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.api.conftest import Api

#: Names of places outside T-A, in English and Chinese: none may reach a T-A viewer.
NOT_A = ("Testland", "测试省", "Bton", "乙县", "F2", "F3", "Furnace 2", "二号炉")

READS = [
    "/api/regions",
    "/api/regions?q=t",
    "/api/regions?q=B",
    "/api/units",
    "/api/units?q=F",
    "/api/plans",
    "/api/status",
    "/api/status?product=iron&period=1959-01",
    "/api/rankings?product=iron&period=1959-01&level=units",
    "/api/series?product=iron&period=1959-01",
    "/api/bulletin?period=1959-01",
    "/api/reports?scope=T-A&start=1958-12-01&end=1959-01-31&limit=10000",
    "/api/me",
    "/api/audit",
    "/api/audit?scope=F1",
    # by March every finding of January has climbed to the province, out of reach
    "/api/audit?scope=T-A&start=1959-01-01&end=1959-01-31&as_of=1959-03-31",
]

OUTSIDE_A = [
    "/api/regions/T",
    "/api/regions/T-B",
    "/api/regions?parent=T",
    "/api/regions?parent=T-B",
    "/api/units/F2",
    "/api/units?region=T-B",
    "/api/plans?scope=T",
    "/api/status?scope=T&product=iron&period=1959-01",
    "/api/status?scope=F2&product=iron&period=1959-01",
    "/api/series?scope=T&product=iron&period=1959-01",
    "/api/series?scope=T-B-1&product=iron&period=1959-01",
    "/api/rankings?scope=T&product=iron&period=1959-01",
    "/api/bulletin?scope=T&period=1959-01",
    "/api/balance?scope=T&period=1959-01",
    "/api/reports?scope=T&start=1959-01-01&end=1959-01-31",
    "/api/reports?scope=F2&start=1959-01-01&end=1959-01-31",
    "/api/audit?scope=T",
    "/api/audit?scope=T-B",
    "/api/audit?scope=T-B-1&start=1959-01-01&end=1959-01-31",
    "/api/audit?scope=F2&product=iron&severity=crisis&held_by_me=true",
    "/api/reports/F2|1959-01-02|iron|0",
]

#: Routes that name no place: signing in and out, who am I, the catalog of products.
PLACELESS = ("/api/session", "/api/me", "/api/products")
#: Routes that change something, each tried by a test of who may do it where below.
WRITES = ("/api/reports", "/api/reports/batch", "/api/plans", "/api/audit/verdicts")


def test_every_route_is_tried(api: Api) -> None:
    """A route added without a test of its reach fails here."""
    paths = api.client.get("/api/openapi.json").json()["paths"]
    tried = [u.partition("?")[0] for u in READS + OUTSIDE_A] + [*PLACELESS, *WRITES]
    for path, operations in paths.items():
        shape = re.compile(re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(path)) + "$")
        assert any(shape.match(u) for u in tried), f"{path} is not tried"
        if set(operations) - {"get"}:
            assert path in WRITES or path == "/api/session", f"{path} writes, untried"


@pytest.mark.parametrize("url", READS)
def test_a_viewer_reads_its_subtree_and_nothing_else(api: Api, url: str) -> None:
    r = api.client.get(url, headers=api.auth("viewer_a"))
    assert r.status_code == 200, r.text
    for name in NOT_A:
        assert name not in r.text, f"{url} shows {name}"


@pytest.mark.parametrize("url", OUTSIDE_A)
def test_outside_the_subtree_looks_like_nothing_there(api: Api, url: str) -> None:
    def nope(text: str) -> str:
        return re.sub(r"(?<![\w-])(T-B-1|T-B|F2|T)(?![\w-])", "NOPE", text)

    out = api.client.get(url, headers=api.auth("viewer_a"))
    missing = api.client.get(nope(url), headers=api.auth("viewer_a"))
    assert out.status_code == 404, out.text
    assert missing.status_code == 404, missing.text
    for name in NOT_A[:4] + NOT_A[6:]:
        assert name not in out.text
    # word for word the answer for a place that is not there
    assert nope(out.text) == missing.text


def test_the_admin_sees_what_the_viewer_may_not(api: Api) -> None:
    for url in OUTSIDE_A[:-1]:
        r = api.client.get(url, headers=api.auth("admin"))
        assert r.status_code == 200, (url, r.text)


def test_rankings_hold_only_places_within_reach(api: Api) -> None:
    ranked = api.client.get(
        "/api/rankings?scope=T-A&product=iron&period=1959-01&level=units",
        headers=api.auth("viewer_a"),
    ).json()
    assert [r["code"] for r in ranked] == ["F1"]


def test_a_reporter_sees_its_units_only(api: Api) -> None:
    auth = api.auth("reporter_f1")
    assert api.client.get("/api/regions", headers=auth).json() == []
    assert [u["code"] for u in api.client.get("/api/units", headers=auth).json()] == ["F1"]
    assert api.client.get("/api/units/W1", headers=auth).status_code == 404
    assert api.client.get("/api/regions/T-A", headers=auth).status_code == 404
    ok = api.client.get("/api/status?scope=F1&product=iron&period=1959-01", headers=auth)
    assert ok.status_code == 200
    assert api.client.get("/api/status?scope=T-A", headers=auth).status_code == 404
    # the audit is for those who judge reports, never for the unit that sent them
    for query in ("", "?scope=F1", "?scope=T-A", "?scope=NOPE"):
        refused = api.client.get(f"/api/audit{query}", headers=auth)
        assert refused.status_code == 403, query
        assert refused.json()["title"] == "Forbidden"


def test_the_audit_names_no_region_outside(api: Api) -> None:
    query = "/api/audit?scope=T-A&start=1959-01-01&end=1959-01-31&as_of=1959-03-31"
    seen = api.client.get(query, headers=api.auth("viewer_a")).json()
    assert seen["total"] > 0
    assert {f["region"] for f in seen["findings"]} == {"T-A"}
    assert {f["held_by"] for f in seen["findings"]} == {None}  # climbed above T-A
    everything = api.client.get(query, headers=api.auth("admin")).json()
    assert {f["held_by"] for f in everything["findings"]} == {"T"}


def _report(unit: str, report_id: str) -> dict[str, Any]:
    return {
        "report_id": report_id,
        "unit": unit,
        "date": "1959-01-25",
        "product": "iron",
        "quantity": 1.0,
    }


@pytest.mark.parametrize(
    ("user", "unit", "status"),
    [
        ("reporter_f1", "F2", 404),  # not its unit
        ("reporter_f1", "NOPE", 404),  # the same answer as for a unit that is not there
        ("stat_a", "F2", 404),  # outside its subtree
        ("viewer_a", "F1", 403),  # a viewer sends nothing
        ("planner_b", "F2", 403),  # a planner plans, it does not report
        ("reporter_f1", "F1", 201),
        ("stat_a", "F1", 201),
        ("admin", "F2", 201),
    ],
)
def test_who_may_send_reports_where(api: Api, user: str, unit: str, status: int) -> None:
    r = api.client.post(
        "/api/reports", json=_report(unit, f"{user}-{unit}"), headers=api.auth(user)
    )
    assert r.status_code == status, r.text
    batch = api.client.post(
        "/api/reports/batch",
        json={"reports": [_report("F1", f"{user}-ok"), _report(unit, f"{user}-{unit}-b")]},
        headers=api.auth(user),
    )
    if status != 201:
        assert batch.status_code == status
        assert "Bton" not in batch.text


def test_a_report_outside_reach_cannot_be_read_back(api: Api) -> None:
    api.client.post("/api/reports", json=_report("F2", "secret-1"), headers=api.auth("admin"))
    for user in ("viewer_a", "reporter_f1", "stat_a"):
        r = api.client.get("/api/reports/secret-1", headers=api.auth(user))
        assert r.status_code == 404
    assert api.client.get("/api/reports/secret-1", headers=api.auth("viewer_b")).status_code == 200


def test_a_reporter_cannot_correct_another_units_report(api: Api) -> None:
    api.client.post("/api/reports", json=_report("F2", "theirs"), headers=api.auth("admin"))
    r = api.client.post(
        "/api/reports",
        json=_report("F1", "mine") | {"supersedes": "theirs", "reason": "x"},
        headers=api.auth("reporter_f1"),
    )
    assert r.status_code == 422  # a correction must be of its own unit
    assert "Bton" not in r.text


@pytest.mark.parametrize(
    ("user", "scope", "status"),
    [
        ("planner_b", "T-B-1", 201),
        ("planner_b", "F2", 201),
        ("planner_b", "T", 404),  # the parent: out of reach
        ("planner_b", "T-A", 404),
        ("viewer_b", "T-B", 403),
        ("stat_a", "T-A", 403),
        ("reporter_f1", "F1", 403),
        ("admin", "T", 201),
    ],
)
def test_who_may_write_plans_where(api: Api, user: str, scope: str, status: int) -> None:
    body = {"scope": scope, "product": "iron", "start": "1959-03-01", "end": "1959-03-31"}
    r = api.client.post("/api/plans", json=body | {"target": 5}, headers=api.auth(user))
    assert r.status_code == status, r.text


def _verdict(change: dict[str, str]) -> dict[str, Any]:
    body = {
        "unit": "F1",
        "product": "iron",
        "day": "1959-01-15",
        "check": "capacity",
        "verdict": "explained",
        "note": "a correction: the scale was misread",
        "on": "1959-01-20",
    }
    return body | change


@pytest.mark.parametrize(
    ("user", "change", "status"),
    [
        ("reporter_f1", {}, 403),  # its own unit: a reporter does not judge its reports
        ("viewer_a", {}, 403),
        ("planner_b", {"unit": "F2"}, 403),
        ("stat_a", {"unit": "F2"}, 404),  # outside its subtree
        ("stat_a", {"unit": "T-B", "check": "region_total"}, 404),
        ("stat_a", {"unit": "T-A"}, 404),  # a region is judged only on its own total
        ("stat_a", {}, 201),
        ("admin", {"unit": "F2", "check": "unusable"}, 201),
    ],
)
def test_who_may_judge_what(api: Api, user: str, change: dict[str, str], status: int) -> None:
    r = api.client.post("/api/audit/verdicts", json=_verdict(change), headers=api.auth(user))
    assert r.status_code == status, r.text
    if status == 404:  # word for word the answer for a place that is not there
        missing = api.client.post(
            "/api/audit/verdicts",
            json=_verdict(change | {"unit": "NOPE"}),
            headers=api.auth(user),
        )
        assert missing.status_code == 404
        assert r.text.replace(change["unit"], "NOPE") == missing.text
        assert [e["field"] for e in r.json()["errors"]] == ["unit"]
        assert "Bton" not in r.text
