"""A viewer of Tianjin sees Tianjin and what lies below it, and nothing else: every page
of a place outside is the same 404 as a page of a place that does not exist, and no
page names a place outside (in breadcrumbs, lists, searches or rankings)."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import select

from planworks.scenarios.hebei import SCENARIO as HEBEI
from planworks.store.tables import regions, units
from tests.web.conftest import TANGSHAN, TIANJIN, Site
from tests.web.test_pages import in_lang, text_of

OUTSIDE = [
    f"/regions/{TANGSHAN}",
    f"/regions/{TANGSHAN}?below=1",
    "/regions/CN-HE",
    "/regions/CN",
    f"/status?scope={TANGSHAN}&product=cement&period=1960-Q1",
    "/status?scope=CN-HE&product=cement&period=1960-Q1",
    "/status?scope=CN-HE-TS-TS-M1",
    f"/bulletin?scope={TANGSHAN}&period=1960-Q1",
    "/bulletin?scope=CN-HE&period=1960-Q1",
    f"/balance?scope={TANGSHAN}&period=1960-Q1",
    "/balance?scope=CN-HE&period=1960-Q1",
    f"/audit?scope={TANGSHAN}",
    "/audit?scope=CN-HE&days=28",
    "/audit?scope=CN-HE-TS-TS-M1",
]

INSIDE = [
    "/",
    "/regions",
    f"/regions/{TIANJIN}",
    f"/regions/{TIANJIN}?below=1",
    "/regions/CN-HE-TJ-BX",
    f"/status?scope={TIANJIN}&product=cement&period=1960-Q1",
    f"/status?scope={TIANJIN}&product=cement&period=1960-Q1&level=units",
    f"/status?scope={TIANJIN}&product=cement&period=1960-Q1&by=growth-yoy",
    "/status",
    f"/bulletin?scope={TIANJIN}&period=1960-Q1",
    f"/balance?scope={TIANJIN}&period=1960-Q1",
    "/search?q=County",
    "/search?q=Tangshan",
    "/search?q=唐山",
    "/search?q=cement",
    "/search?q=CN-HE",
    "/audit",
    f"/audit?scope={TIANJIN}&days=28",
]


def _names_outside(site: Site) -> set[str]:
    """The names and codes of every region outside Tianjin's subtree, and of the units
    in them, less those that are also part of a name or code inside (Ba County is in
    Tianjin; no name outside may be found within it)."""
    with site.engine.connect() as conn:
        rows = conn.execute(select(regions.c.code, regions.c.name, regions.c.name_zh)).all()
        unit_rows = conn.execute(select(units.c.code, units.c.name, units.c.name_zh)).all()
    inside_codes = {r.code for r in rows if r.code.startswith(TIANJIN)}
    inside = [w for r in rows + unit_rows if r.code.startswith(TIANJIN) for w in r if w]
    outside = {
        w for r in rows if r.code not in inside_codes for w in (r.code, r.name, r.name_zh) if w
    }
    outside |= {w for r in unit_rows if not r.code.startswith(TIANJIN) for w in (r.name,)}
    return {w for w in outside if not any(w in i for i in inside)}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_page_names_a_place_outside(site: Site, lang: str) -> None:
    forbidden = _names_outside(site)
    assert {"Tangshan Prefecture", "唐山专区", "Hebei", "河北省", "CN-HE-TS"} <= forbidden
    client = site.as_user("tianjin")
    for url in INSIDE + OUTSIDE:
        page = client.get(in_lang(url, lang))
        assert page.status_code == (200 if url in INSIDE else 404), (url, text_of(page.text))
        seen = [w for w in forbidden if w in page.text]
        # the code asked for is echoed in the page's own links (the language switch)
        seen = [w for w in seen if w not in url]
        assert seen == [], url


def test_every_page_of_a_place_outside_is_the_404_of_no_place(site: Site) -> None:
    client = site.as_user("tianjin")
    nowhere = client.get("/regions/NOWHERE")
    assert nowhere.status_code == 404
    for url in OUTSIDE:
        page = client.get(url)
        assert page.status_code == 404, url
        assert "There is nothing here that you may see." in page.text
    # out of reach and missing look the same, but for the address asked for
    outside = client.get(f"/regions/{TANGSHAN}").text
    assert outside.replace(TANGSHAN, "X") == nowhere.text.replace("NOWHERE", "X")


def test_the_viewer_s_own_pages_show_what_lies_below(site: Site) -> None:
    client = site.as_user("tianjin")
    region = text_of(client.get(f"/regions/{TIANJIN}").text)
    assert "Tianjin" in region
    assert "Ba County" in region
    status = text_of(client.get(f"/status?scope={TIANJIN}&product=cement&period=1960-Q1").text)
    ranking = status[status.index("Ranking") :]
    assert "Cang County" in ranking
    assert "no plan: output only" in status
    found = text_of(client.get("/search?q=County").text)
    assert "Ba County" in found
    assert "Nothing found" in text_of(client.get("/search?q=Tangshan").text)


def test_a_viewer_may_not_send_reports(site: Site) -> None:
    client = site.as_user("tianjin")
    page = client.get("/report")
    assert page.status_code == 403
    assert "Your role may not do this." in page.text
    assert "Send a report" not in client.get(f"/regions/{TIANJIN}").text


def test_the_tangshan_names_checked_are_in_the_replay() -> None:
    with (HEBEI.committed_folder() / "regions.csv").open(encoding="utf-8") as f:
        names = {row["code"]: row["name"] for row in csv.DictReader(f)}
    assert names[TANGSHAN] == "Tangshan Prefecture"
    assert names[TIANJIN] == "Tianjin"
