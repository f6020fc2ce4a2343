"""The integrity audit through the API, on both backends: a report far above a furnace's
capacity is a crisis on its county's desk; a statistician's verdict resolves it; and who
may read and judge what.

The tiny county: F1 (T-A) makes 2 t of iron a day (capacity 2 t); on 1 February 1959 it
reports 50 t, more than any furnace of its kind can make (twice the largest capacity of
an indigenous furnace, 3 t). F2 (T-B-1) counts grade-1 iron, below the usable grade.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from planworks.domain.periods import day_number
from planworks.services.audit_access import MAX_SPAN_DAYS
from planworks.services.importing import import_folder
from planworks.store.engine import writing
from planworks.store.tables import products, region_reports, regions
from tests.api.conftest import Api
from tests.conftest import DATA

DAY = "1959-02-01"


@pytest.fixture
def inflated(api: Api) -> Api:
    """The tiny county with F1's impossible report of 1 February."""
    sent = api.client.post(
        "/api/reports",
        json={
            "report_id": "f1-inflated",
            "unit": "F1",
            "date": DAY,
            "product": "iron",
            "quantity": 50,
            "grade": 2,
        },
        headers=api.auth("stat_a"),
    )
    assert sent.status_code == 201, sent.text
    return api


def _get(api: Api, user: str, query: str = "") -> httpx.Response:
    return api.client.get(f"/api/audit{query}", headers=api.auth(user))


def _verdict(**kw: Any) -> dict[str, Any]:
    body = {
        "unit": "F1",
        "product": "iron",
        "day": DAY,
        "check": "capacity",
        "verdict": "confirmed",
        "note": "the furnace was cold that day: 2 t, not 50",
        "on": DAY,
    }
    return body | kw


def _problem_fields(r: httpx.Response) -> list[str]:
    assert r.headers["content-type"] == "application/problem+json", r.text
    return [e["field"] for e in r.json().get("errors", [])]


def test_an_impossible_report_is_a_crisis_on_its_county_s_desk(inflated: Api) -> None:
    r = _get(inflated, "stat_a", "?scope=T-A")
    assert r.status_code == 200, r.text
    body = r.json()
    # without days: the last day with reports in the scope, alone
    assert (body["start"], body["end"], body["as_of"], body["days"]) == (DAY, DAY, DAY, 1)
    by_check = {f["check"]: f for f in body["findings"] if f["unit"] == "F1"}
    assert {"capacity", "impossible"} <= set(by_check)
    capacity = by_check["capacity"]
    assert capacity["severity"] == "crisis"
    assert capacity["reported"] == 50
    assert capacity["score"] == pytest.approx(25)  # 50 t against a capacity of 2 t
    assert capacity["region"] == "T-A"
    assert capacity["held_by"] == "T-A"
    assert capacity["held_by_me"] is True
    assert capacity["judges_region"] is False
    assert capacity["what"] == "above the unit's capacity"
    assert capacity["resolution"] is None
    assert by_check["impossible"]["what"] == "above what any unit of its kind can make in a day"
    severities = [f["severity"] for f in body["findings"]]
    assert severities == sorted(severities, key=lambda s: s != "crisis")  # crises first
    assert body["total"] == len(body["findings"]) == body["crises"] + body["alerts"]
    (iron,) = [p for p in body["products"] if p["product"] == "iron"]
    assert (iron["units"], iron["unit_days"], iron["reported"]) == (1, 1, 50)
    assert iron["usable"] == 50  # graded 2: usable, however implausible
    assert iron["flagged_units"] == 1


def test_a_reader_without_a_scope_audits_its_own_region(inflated: Api) -> None:
    assert _get(inflated, "viewer_a").json()["scope"] == "T-A"
    assert _get(inflated, "planner_b").json()["scope"] == "T-B"
    assert _get(inflated, "admin").json()["scope"] == "T"


def test_a_finding_left_alone_climbs_above_the_county(inflated: Api) -> None:
    later = f"?scope=T-A&start={DAY}&end={DAY}&as_of=1959-02-10"
    mine = {f["check"]: f for f in _get(inflated, "stat_a", later).json()["findings"]}
    # a crisis climbs a region every 3 days: by the 10th it is the province's; the
    # province is above the statistician's reach, so it is not named
    assert mine["capacity"]["held_by"] is None
    assert mine["capacity"]["held_by_me"] is False
    assert mine["capacity"]["region"] == "T-A"
    assert "Testland" not in _get(inflated, "stat_a", later).text
    seen = {f["check"]: f for f in _get(inflated, "admin", later).json()["findings"]}
    assert seen["capacity"]["held_by"] == "T"
    assert seen["capacity"]["held_by_me"] is True  # the administrator's desk is the top
    on_desk = _get(inflated, "stat_a", later + "&held_by_me=true").json()
    assert on_desk["findings"] == []
    assert on_desk["total"] == 0


def test_the_findings_are_filtered_and_capped(inflated: Api) -> None:
    everything = _get(inflated, "admin", "?scope=T").json()
    total = everything["total"]
    assert total >= 3
    capped = _get(inflated, "admin", "?scope=T&limit=1").json()
    assert capped["total"] == total
    assert capped["limit"] == 1
    assert capped["findings"] == everything["findings"][:1]
    rest = _get(inflated, "admin", "?scope=T&limit=2&offset=1").json()
    assert rest["findings"] == everything["findings"][1:3]
    alerts = _get(inflated, "admin", "?scope=T&severity=alert").json()
    assert {f["severity"] for f in alerts["findings"]} <= {"alert"}
    assert alerts["total"] == everything["alerts"]
    bolts = _get(inflated, "admin", "?scope=T&product=bolts").json()
    assert all(f["product"] == "bolts" for f in bolts["findings"])
    assert [p["product"] for p in bolts["products"]] in ([], ["bolts"])
    missing = _get(inflated, "admin", "?scope=T&product=gold")
    assert missing.status_code == 404
    assert _problem_fields(missing) == ["product"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        (f"?start=1959-01-01&end={date(1959, 1, 1) + timedelta(days=MAX_SPAN_DAYS)}", "end"),
        ("?start=1959-01-01", "end"),
        ("?end=1959-01-01", "start"),
        ("?start=1959-01-31&end=1959-01-01", "start"),
        ("?start=1959-01-01&end=1959-01-31&as_of=1958-12-31", "as_of"),
        ("?start=1959-02-30&end=1959-03-01", "start"),
        ("?limit=0", "limit"),
        ("?limit=5001", "limit"),
        ("?severity=panic", "severity"),
    ],
)
def test_work_it_will_not_do_is_refused_naming_the_field(
    inflated: Api, query: str, field: str
) -> None:
    r = _get(inflated, "admin", query)
    assert r.status_code == 422, r.text
    assert _problem_fields(r) == [f"query.{field}"]


def test_a_quarter_is_audited_at_once(inflated: Api) -> None:
    last = date(1959, 2, 1)
    first = last - timedelta(days=MAX_SPAN_DAYS - 1)
    r = _get(inflated, "admin", f"?scope=T&start={first}&end={last}")
    assert r.status_code == 200, r.text
    assert r.json()["days"] == MAX_SPAN_DAYS
    assert r.json()["total"] > 0  # January's unusable iron, repeated bolts, ...


def test_a_verdict_resolves_the_finding(inflated: Api) -> None:
    r = inflated.client.post(
        "/api/audit/verdicts", json=_verdict(), headers=inflated.auth("stat_a")
    )
    assert r.status_code == 201, r.text
    assert r.json() == {
        "unit": "F1",
        "product": "iron",
        "day": DAY,
        "check": "capacity",
        "verdict": "confirmed",
        "resolved_on": DAY,
        "by": "stat_a",
        "note": "the furnace was cold that day: 2 t, not 50",
    }
    later = f"?scope=T-A&start={DAY}&end={DAY}&as_of=1959-02-10"
    found = {f["check"]: f for f in _get(inflated, "viewer_a", later).json()["findings"]}
    assert found["capacity"]["resolution"] == {
        "verdict": "confirmed",
        "resolved_on": DAY,
        "by": "stat_a",
        "note": "the furnace was cold that day: 2 t, not 50",
    }
    # resolved, it stays where it was: it does not climb to the province
    assert found["capacity"]["held_by"] == "T-A"
    assert found["impossible"]["resolution"] is None
    assert found["impossible"]["held_by"] is None  # that one climbed
    again = inflated.client.post(
        "/api/audit/verdicts",
        json=_verdict(verdict="explained", note="a second opinion"),
        headers=inflated.auth("admin"),
    )
    assert again.status_code == 422
    assert _problem_fields(again) == ["check"]
    assert "resolved already" in again.text


def test_a_verdict_dated_today_by_default(inflated: Api) -> None:
    body = _verdict(check="impossible")
    del body["on"]
    r = inflated.client.post("/api/audit/verdicts", json=body, headers=inflated.auth("admin"))
    assert r.status_code == 201, r.text
    assert r.json()["resolved_on"] == date.today().isoformat()
    assert r.json()["by"] == "admin"
    # on the as-of day of the report it was not resolved yet; today it is
    then = {f["check"]: f for f in _get(inflated, "admin", "?scope=F1").json()["findings"]}
    assert then["impossible"]["resolution"] is None
    now = f"?scope=F1&start={DAY}&end={DAY}&as_of={date.today()}"
    resolved = {f["check"]: f for f in _get(inflated, "admin", now).json()["findings"]}
    assert resolved["impossible"]["resolution"]["verdict"] == "confirmed"


#: Stands for the day after the test runs (a parameter is made when tests are collected,
#: which may be the day before).
TOMORROW = "tomorrow"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"note": ""}, "note"),
        ({"note": "   "}, "note"),
        ({"verdict": "maybe"}, "verdict"),
        ({"check": "hunch"}, "check"),
        ({"day": "1959-02-31"}, "day"),
        ({"on": TOMORROW}, "on"),
        ({"on": "1959-01-31"}, "on"),  # before the day it judges
        ({"unit": "F1,F2"}, "unit"),
        ({"by": "someone else"}, "by"),  # `by` is the signed-in user, never sent
    ],
)
def test_a_bad_verdict_is_refused_naming_the_field(
    inflated: Api, change: dict[str, str], field: str
) -> None:
    if change.get("on") == TOMORROW:  # the day the test runs, not the day it was collected
        change = {"on": (date.today() + timedelta(days=1)).isoformat()}
    r = inflated.client.post(
        "/api/audit/verdicts", json=_verdict(**change), headers=inflated.auth("stat_a")
    )
    assert r.status_code == 422, r.text
    assert _problem_fields(r) == [field]


def test_a_reporter_may_not_read_the_audit_even_of_its_own_unit(inflated: Api) -> None:
    for query in ("", "?scope=F1", "?scope=T-A", "?scope=F2", "?scope=NOPE"):
        r = _get(inflated, "reporter_f1", query)
        assert r.status_code == 403, (query, r.text)
        assert r.json()["title"] == "Forbidden"
        assert "capacity" not in r.text


def test_a_verdict_on_an_unknown_product_is_refused(inflated: Api) -> None:
    r = inflated.client.post(
        "/api/audit/verdicts", json=_verdict(product="gold"), headers=inflated.auth("stat_a")
    )
    assert r.status_code == 404
    assert _problem_fields(r) == ["product"]


def test_a_scope_without_reports_has_nothing_to_audit(api: Api, tmp_path: Path) -> None:
    for name in ("regions", "products", "units"):
        shutil.copy(DATA / "tiny-county" / f"{name}.csv", tmp_path)
    with (tmp_path / "regions.csv").open("a", encoding="utf-8") as f:
        f.write("T-C,T,county,Cville,丙县\n")
    with (tmp_path / "units.csv").open("a", encoding="utf-8") as f:
        f.write("F9,Furnace 9,九号炉,T-C,indigenous,iron,iron,2,1959-01-01,,Sun\n")
    import_folder(api.engine, tmp_path)
    r = _get(api, "admin", "?scope=T-C")
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["start"], body["days"], body["total"], body["findings"]) == (None, 0, 0, [])


def test_a_county_s_own_total_is_judged_as_a_region(api: Api) -> None:
    # T-B's units make 13 t a day; on 8 January the county itself reported 40 t
    with writing(api.engine) as conn:
        region = conn.execute(select(regions.c.id).where(regions.c.code == "T-B")).scalar_one()
        iron = conn.execute(select(products.c.id).where(products.c.code == "iron")).scalar_one()
        conn.execute(
            region_reports.insert().values(
                region_id=region, product_id=iron, day=day_number(date(1959, 1, 8)), quantity=40
            )
        )
    query = "?scope=T-B&start=1959-01-08&end=1959-01-08"
    (claim,) = [
        f for f in _get(api, "planner_b", query).json()["findings"] if f["check"] == "region_total"
    ]
    assert (claim["unit"], claim["judges_region"], claim["reported"]) == ("T-B", True, 40)
    assert claim["what"] == "the region's reported total unlike the sum of its units' reports"
    # it is for the province's statisticians, above the county's planner: not named
    assert (claim["region"], claim["held_by"], claim["held_by_me"]) == (None, None, False)
    (seen,) = [
        f for f in _get(api, "admin", query).json()["findings"] if f["check"] == "region_total"
    ]
    assert (seen["region"], seen["held_by"], seen["held_by_me"]) == ("T", "T", True)
    verdict = _verdict(unit="T-B", day="1959-01-08", check="region_total", on="1959-01-08")
    r = api.client.post("/api/audit/verdicts", json=verdict, headers=api.auth("admin"))
    assert r.status_code == 201, r.text
    (judged,) = [
        f for f in _get(api, "admin", query).json()["findings"] if f["check"] == "region_total"
    ]
    assert judged["resolution"]["verdict"] == "confirmed"


def test_a_region_s_own_total_is_never_judged_by_its_own_statisticians(api: Api) -> None:
    # T-A's own total is judged by the province's statisticians, not by T-A's (stat_a),
    # though T-A is within stat_a's reach
    with writing(api.engine) as conn:
        region = conn.execute(select(regions.c.id).where(regions.c.code == "T-A")).scalar_one()
        iron = conn.execute(select(products.c.id).where(products.c.code == "iron")).scalar_one()
        conn.execute(
            region_reports.insert().values(
                region_id=region, product_id=iron, day=day_number(date(1959, 1, 8)), quantity=40
            )
        )
    verdict = _verdict(unit="T-A", day="1959-01-08", check="region_total", on="1959-01-08")
    r = api.client.post("/api/audit/verdicts", json=verdict, headers=api.auth("stat_a"))
    assert r.status_code == 403, r.text
    assert "region above" in r.json()["detail"]
    r = api.client.post("/api/audit/verdicts", json=verdict, headers=api.auth("admin"))
    assert r.status_code == 201, r.text
