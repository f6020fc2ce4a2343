"""The audit page over the Hebei replay: the Ba County cement plant (capacity 19 t a day)
reports 400 t on 23 March 1960; a statistician of Tianjin, the prefecture above Ba
County, sees the crisis, whose desk it is on as the days pass, and records a verdict."""

from __future__ import annotations

import html
import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from planworks.audit.panel import Check
from planworks.domain.access import Role
from planworks.domain.periods import day_number
from planworks.services.accounts import add_user
from planworks.store.engine import writing
from planworks.store.tables import products, region_reports, regions
from planworks.web.i18n import LANGS, MESSAGES
from tests.web.conftest import PASSWORD, PLANT, TIANJIN, Site, csrf_of
from tests.web.test_pages import in_lang, text_of

DAY = "1960-03-23"
PAGE = f"/audit?scope={TIANJIN}"


@pytest.fixture
def inflated(site: Site) -> Site:
    """The replay, a statistician of Tianjin, and the plant's impossible report."""
    add_user(site.engine, "stat_tj", PASSWORD, Role.STATISTICIAN, region=TIANJIN)
    client = site.as_user("reporter")
    form = client.get("/report")
    report_id = re.search(r'name="report_id" value="([^"]+)"', form.text)
    assert report_id is not None
    sent = client.post(
        "/report",
        data={
            "csrf": csrf_of(form.text),
            "report_id": report_id.group(1),
            "unit": PLANT,
            "date": DAY,
            "product": "cement",
            "quantity": "400",
            "grade": "400",
            "value": "",
        },
    )
    assert sent.status_code == 200, text_of(sent.text)
    return site


def _verdict_forms(page: str) -> list[dict[str, str]]:
    """The fields of each verdict form of a page."""
    forms = re.findall(r'<form class="verdict-form".*?</form>', page, re.S)
    return [
        {k: html.unescape(v) for k, v in re.findall(r'name="([^"]+)" value="([^"]*)"', f)}
        for f in forms
    ]


def test_every_check_has_a_label_in_both_languages() -> None:
    for check in Check:
        label = MESSAGES[f"check.{check.value}"]
        assert set(label) == set(LANGS), check
        assert all(text.strip() for text in label.values()), check


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_shows_the_crisis_in_both_languages(inflated: Site, lang: str) -> None:
    client = inflated.as_user("stat_tj")
    page = client.get(in_lang(PAGE, lang))
    assert page.status_code == 200, text_of(page.text)
    words = text_of(page.text)
    if lang == "en":
        assert "Audit of Tianjin, 23 March 1960" in words
        assert "Crises: cannot be true as reported" in words
        assert "Ba County Cement Plant" in words
        assert "above the unit's capacity" in words
        assert "400 t" in words
        assert "On whose desk" in words
        assert "Reported and usable output" in words
    else:
        assert "天津市报表核查（1960年3月23日）" in words
        assert "危急：不可能属实" in words
        assert "霸县水泥厂" in words
        assert "超过本单位的生产能力" in words
        assert "水泥" in words
        assert "由谁处理" in words
        assert "上报产量与合格产量" in words
    # crises come before alerts, and every finding on the page is of Tianjin
    if "Alerts" in words:
        assert words.index("Crises") < words.index("Alerts")
    assert "Tangshan" not in words


def test_the_desk_moves_up_as_the_days_pass(inflated: Site) -> None:
    client = inflated.as_user("stat_tj")
    # on the day: the county's statisticians hold it, not Tianjin's
    first = client.get(PAGE).text
    row = _row_of(first, "above the unit's capacity")
    assert "Ba County" in row
    assert "your desk" not in row
    assert "above the unit's capacity" not in text_of(client.get(PAGE + "&mine=1").text)
    # three days on, a crisis left alone has climbed to Tianjin: the reader's own desk
    later = f"{PAGE}&as_of=1960-03-26&days=7"
    row = _row_of(client.get(later).text, "above the unit's capacity")
    assert "Tianjin" in row
    assert "your desk" in row
    assert "above the unit's capacity" in text_of(client.get(later + "&mine=1").text)
    # six days on, it has climbed above Tianjin, to a region the reader may not see
    above = client.get(f"{PAGE}&as_of=1960-03-29&days=7").text
    assert "a region above yours" in _row_of(above, "above the unit's capacity")
    assert "Hebei" not in text_of(above)
    assert "河北" not in above


def _row_of(page: str, words: str) -> str:
    """The text of the first table row holding `words`."""
    for row in re.findall(r"<tr.*?</tr>", page, re.S):
        if words in text_of(row):
            return text_of(row)
    raise AssertionError(f"no row holds {words!r}")


def test_a_verdict_is_recorded_and_shown(inflated: Site) -> None:
    client = inflated.as_user("stat_tj")
    page = client.get(PAGE)
    forms = [f for f in _verdict_forms(page.text) if f["check"] == "capacity"]
    assert len(forms) == 1
    form = forms[0] | {"verdict": "confirmed", "note": "the kiln makes 19 t a day at most"}
    assert form["csrf"] == csrf_of(page.text)
    assert (form["unit"], form["day"], form["on"]) == (PLANT, DAY, DAY)
    done = client.post("/audit/verdicts", data=form, follow_redirects=False)
    assert done.status_code == 303
    target = done.headers["location"]
    assert urlsplit(target).path == "/audit"
    assert parse_qs(urlsplit(target).query)["saved"] == [f"{PLANT}|cement|{DAY}|capacity"]
    shown = client.get(target)
    words = text_of(shown.text)
    assert "Verdict recorded: confirmed: the report was false." in words
    assert "By stat_tj, dated 23 March 1960: “the kiln makes 19 t a day at most”" in words
    row = _row_of(shown.text, "above the unit's capacity")
    assert "confirmed: the report was false, 23 March 1960, by stat_tj" in row
    assert "the kiln makes 19 t a day at most" in row
    # resolved on the day, it stays with Ba County: it no longer climbs
    later = client.get(f"{PAGE}&as_of=1960-03-29&days=7").text
    assert "Ba County" in _row_of(later, "above the unit's capacity")
    assert not [f for f in _verdict_forms(later) if (f["check"], f["day"]) == ("capacity", DAY)]
    zh = text_of(client.get(in_lang(target, "zh")).text)
    assert "结论已记录：确认：报表不实。" in zh


def test_a_verdict_without_a_note_is_refused_and_the_page_kept(inflated: Site) -> None:
    client = inflated.as_user("stat_tj")
    (form,) = [f for f in _verdict_forms(client.get(PAGE).text) if f["check"] == "capacity"]
    answer = client.post("/audit/verdicts", data=form | {"verdict": "explained", "note": " "})
    assert answer.status_code == 422
    words = text_of(answer.text)
    assert "The verdict was not recorded: say why: the note is empty" in words
    assert "above the unit's capacity" in words  # the same page, its findings
    assert re.search(r'<option value="explained" selected>', answer.text)


def test_a_verdict_without_the_session_s_token_is_refused(inflated: Site) -> None:
    client = inflated.as_user("stat_tj")
    (form,) = [f for f in _verdict_forms(client.get(PAGE).text) if f["check"] == "capacity"]
    form |= {"verdict": "confirmed", "note": "forged"}
    for token in (None, "forged"):
        data = {k: v for k, v in form.items() if k != "csrf"}
        if token is not None:
            data["csrf"] = token
        answer = client.post("/audit/verdicts", data=data)
        assert answer.status_code == 403
        assert "did not come from this site" in answer.text
    assert _verdict_forms(client.get(PAGE).text)  # still open


def _forms_for(client: TestClient) -> list[dict[str, str]]:
    return _verdict_forms(client.get(PAGE).text)


def test_a_viewer_reads_the_audit_but_may_not_judge(inflated: Site) -> None:
    client = inflated.as_user("tianjin")
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "above the unit's capacity" in text_of(page.text)
    assert _verdict_forms(page.text) == []
    assert 'href="/audit"' in page.text  # in the navigation
    region = client.get(f"/regions/{TIANJIN}").text
    assert f'href="/audit?scope={TIANJIN}"' in region
    data = {
        "csrf": csrf_of(page.text),
        "unit": PLANT,
        "product": "cement",
        "day": DAY,
        "check": "capacity",
        "verdict": "explained",
        "note": "a viewer's opinion",
        "on": DAY,
        "back": PAGE,
    }
    answer = client.post("/audit/verdicts", data=data)
    assert answer.status_code == 403
    assert "Your role may not do this." in answer.text


def test_a_reporter_may_not_read_the_audit(inflated: Site) -> None:
    client = inflated.as_user("reporter")
    for url in ("/audit", f"/audit?scope={PLANT}", PAGE, "/audit?scope=NOWHERE"):
        page = client.get(url)
        assert page.status_code == 403, url
        assert "Your role may not do this." in page.text
        assert "above the unit's capacity" not in page.text
    assert 'href="/audit"' not in client.get("/report").text


def test_a_place_outside_is_the_404_of_no_place(inflated: Site) -> None:
    client = inflated.as_user("stat_tj")
    nowhere = client.get("/audit?scope=NOWHERE")
    assert nowhere.status_code == 404
    for scope in ("CN-HE", "CN-HE-TS", "CN-HE-TS-TS-M1"):
        page = client.get(f"/audit?scope={scope}")
        assert page.status_code == 404, scope
        assert page.text.replace(scope, "X") == nowhere.text.replace("NOWHERE", "X")
    # and a verdict on a unit outside is refused the same way
    (form,) = [f for f in _forms_for(client) if f["check"] == "capacity"]
    outside = form | {"unit": "CN-HE-TS-TS-M1", "verdict": "explained", "note": "x"}
    assert client.post("/audit/verdicts", data=outside).status_code == 404


def test_the_back_address_never_leaves_the_audit_page(inflated: Site) -> None:
    client = inflated.as_user("stat_tj")
    (form,) = [f for f in _forms_for(client) if f["check"] == "capacity"]
    form |= {"verdict": "explained", "note": "a new kiln", "back": "https://evil.example/audit"}
    done = client.post("/audit/verdicts", data=form, follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"].startswith("/audit?saved=")


def test_an_administrator_sees_every_region_s_audit(inflated: Site) -> None:
    client = inflated.as_user("admin")
    for url in ("/audit", "/audit?scope=CN-HE&days=28", f"/audit?scope={PLANT}&as_of={DAY}"):
        page = client.get(url)
        assert page.status_code == 200, (url, text_of(page.text))
    assert _verdict_forms(client.get(f"/audit?scope={PLANT}").text)
    bad = client.get("/audit?scope=CN-HE&days=93")
    assert bad.status_code == 400
    assert client.get("/audit?as_of=23/3/1960").status_code == 400


def test_a_county_s_own_total_is_shown_and_judged_as_a_region(inflated: Site) -> None:
    # Ba County itself reported 5,000 t of cement on 22 March: far above its units' sum
    with writing(inflated.engine) as conn:
        county = conn.execute(
            select(regions.c.id).where(regions.c.code == "CN-HE-TJ-BX")
        ).scalar_one()
        cement = conn.execute(select(products.c.id).where(products.c.code == "cement")).scalar_one()
        conn.execute(
            region_reports.insert().values(
                region_id=county,
                product_id=cement,
                day=day_number(date(1960, 3, 22)),
                quantity=5000,
            )
        )
    client = inflated.as_user("stat_tj")
    page = client.get(f"{PAGE}&as_of=1960-03-22")
    row = _row_of(page.text, "the region's reported total unlike the sum of its units' reports")
    assert "Ba County the region's own total" in row
    assert "5,000 t" in row
    assert "Tianjin · your desk" in row  # a county's total goes to the region above it
    (form,) = [f for f in _verdict_forms(page.text) if f["check"] == "region_total"]
    assert form["unit"] == "CN-HE-TJ-BX"
    form |= {"verdict": "explained", "note": "the county counted the plant's stock"}
    done = client.post("/audit/verdicts", data=form, follow_redirects=False)
    shown = client.get(done.headers["location"])
    assert "Verdict recorded: explained: the report was true. Ba County, Cement" in text_of(
        shown.text
    )
