"""The report form: a reporter stores a report, sees what was stored, and a second
submit of the same form stores nothing more."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from planworks.store.tables import reports
from tests.web.conftest import PLANT, Site, csrf_of
from tests.web.test_pages import text_of


def _form(client: TestClient) -> dict[str, str]:
    """The fields of a freshly rendered report form, filled in."""
    page = client.get("/report")
    assert page.status_code == 200
    report_id = re.search(r'name="report_id" value="([^"]+)"', page.text)
    assert report_id is not None
    return {
        "csrf": csrf_of(page.text),
        "report_id": report_id.group(1),
        "unit": PLANT,
        "date": "1960-03-23",
        "product": "cement",
        "quantity": "12.5",
        "grade": "400",
        "value": "",
    }


def _stored(site: Site, report_id: str) -> int:
    with site.engine.connect() as conn:
        return int(
            conn.execute(
                select(func.count()).select_from(reports).where(reports.c.report_id == report_id)
            ).scalar_one()
        )


def test_the_form_fits_a_phone_and_offers_the_reporter_s_units(site: Site) -> None:
    client = site.as_user("reporter")
    page = client.get("/report")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page.text
    assert f'<option value="{PLANT}" selected>Ba County Cement Plant ({PLANT})</option>' in (
        page.text
    )
    assert re.search(r'name="report_id" value="[0-9a-f-]{36}"', page.text)
    assert 'inputmode="decimal"' in page.text
    css = client.get("/static/style.css").text
    assert "@media (max-width:" in css
    assert client.get("/report").text != page.text  # a new report_id each time


def test_a_report_is_stored_and_confirmed(site: Site) -> None:
    client = site.as_user("reporter")
    form = _form(client)
    done = client.post("/report", data=form)
    assert done.status_code == 200, text_of(done.text)
    words = text_of(done.text)
    receipt = re.search(r"Stored: receipt no\. (\d+)", words)
    assert receipt is not None
    assert f"Unit Ba County Cement Plant ({PLANT})" in words
    assert "Day 23 March 1960" in words
    assert "Quantity 12.5 t" in words
    assert "Grade (if graded) 400" in words
    assert f"Report id {form['report_id']}" in words
    assert _stored(site, form["report_id"]) == 1
    # and the unit's status: its output in March 1960, the report's day included
    assert "The unit's plans" in words
    assert "as of 23 March 1960" in words
    assert f'href="/report?unit={PLANT}&amp;product=cement"' in done.text


def test_a_double_submit_stores_once(site: Site) -> None:
    client = site.as_user("reporter")
    form = _form(client)
    first = text_of(client.post("/report", data=form).text)
    second = text_of(client.post("/report", data=form).text)
    receipt = re.search(r"receipt no\. (\d+)", first)
    assert receipt is not None
    assert f"had been stored already (receipt no. {receipt.group(1)})" in second
    assert _stored(site, form["report_id"]) == 1


def test_a_report_without_the_session_s_token_is_refused(site: Site) -> None:
    client = site.as_user("reporter")
    form = _form(client)
    for token in (None, "forged"):
        data = {k: v for k, v in form.items() if k != "csrf"}
        if token is not None:
            data["csrf"] = token
        answer = client.post("/report", data=data)
        assert answer.status_code == 403
        assert "did not come from this site" in answer.text
    assert _stored(site, form["report_id"]) == 0


def test_errors_are_shown_next_to_their_fields(site: Site) -> None:
    client = site.as_user("reporter")
    form = _form(client)
    page = client.post("/report", data={**form, "quantity": "a lot", "date": "23/3/1960"})
    assert page.status_code == 422
    assert re.search(r'id="quantity"[^>]*aria-describedby="err-quantity"', page.text)
    assert '<p class="error field-error" id="err-quantity">Give a number.</p>' in page.text
    assert "Give a day as YYYY-MM-DD." in page.text
    assert 'value="a lot"' in page.text  # what was typed is kept
    assert f'name="report_id" value="{form["report_id"]}"' in page.text
    negative = client.post("/report", data={**form, "quantity": "-3"})
    assert "Cannot be negative." in negative.text
    zh = client.post("/report?lang=zh", data={**form, "quantity": ""})
    assert "必填。" in zh.text
    assert _stored(site, form["report_id"]) == 0


def test_a_unit_not_the_reporter_s_is_refused_at_its_field(site: Site) -> None:
    client = site.as_user("reporter")
    form = _form(client)
    page = client.post("/report", data={**form, "unit": "CN-HE-TS-TS-M1"})
    assert page.status_code == 422
    assert '<p class="error field-error" id="err-unit">Not a unit you may report for.</p>' in (
        page.text
    )
    assert _stored(site, form["report_id"]) == 0


def test_a_reporter_sees_its_unit_only(site: Site) -> None:
    client = site.as_user("reporter")
    own = client.get(f"/status?scope={PLANT}")
    assert own.status_code == 200
    assert "Ba County Cement Plant" in own.text
    assert "Tianjin" not in text_of(own.text)  # its region is out of its reach
    assert client.get("/regions/CN-HE-TJ").status_code == 404
    assert client.get("/status?scope=CN-HE-TJ-CX-M1").status_code == 404
