"""End to end in real headless Chromium (Debian's, driven by Playwright): a reporter
signs in, sends a report from a phone-sized screen, and the dashboard changes; a viewer
of another region sees none of it; a statistician records a verdict on the audit's
finding. Screenshots of the main pages are kept in
`tests/artifacts/screenshots/` (PLANWORKS_ARTIFACTS to put them elsewhere)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy import Engine

from planworks.domain.access import Role
from planworks.scenarios.chain import SCENARIO as CHAIN
from planworks.services.accounts import add_user, issue_token, principal_for_token
from planworks.services.reporting import ReportIn, record_reports
from planworks.services.scenarios import load_scenario
from planworks.web.check import serving
from tests.web.conftest import PASSWORD, PLANT, TANGSHAN, TIANJIN

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SHOTS = Path(os.environ.get("PLANWORKS_ARTIFACTS", Path(__file__).parents[1] / "artifacts"))
PHONE = {"width": 390, "height": 844}
PLAN = "/status?scope=CN-HE&product=cement&period=1960-Q1"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is needed: apt-get install -y chromium")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def site(hebei: Engine) -> Iterator[str]:
    with serving(hebei) as base:
        yield base


def shot(page: Page, name: str, backend: str) -> None:
    folder = SHOTS / "screenshots" / backend
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def sign_in(page: Page, base: str, name: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def cumulative_of(page: Page) -> str:
    """The plan page's headline cumulative output, as printed."""
    return page.locator("[data-figure=cumulative]").first.inner_text()


def test_a_reporter_s_report_moves_the_dashboard(browser: Browser, site: str, backend: str) -> None:
    admin = browser.new_page()
    sign_in(admin, site, "admin")
    unit_page = f"/status?scope={PLANT}&product=cement&period=1960-03"
    admin.goto(site + unit_page)
    before = cumulative_of(admin)

    phone = browser.new_page(viewport=PHONE)
    sign_in(phone, site, "reporter")
    expect(phone).to_have_url(re.compile(r"/report$"))
    shot(phone, "report-form-phone", backend)
    phone.select_option("select[name=unit]", PLANT)
    phone.fill("input[name=date]", "1960-03-31")
    phone.select_option("select[name=product]", "cement")
    phone.fill("input[name=quantity]", "250")
    phone.fill("input[name=grade]", "400")
    phone.click("main form button[type=submit]")
    phone.wait_for_load_state()
    expect(phone.locator("body")).to_contain_text("250")
    shot(phone, "report-saved-phone", backend)
    # the form is narrower than the phone: nothing to scroll sideways
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    admin.goto(site + unit_page)
    after = cumulative_of(admin)
    assert after != before


def test_the_main_pages_in_both_languages(browser: Browser, site: str, backend: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, site, "admin")
    shot(page, "home", backend)
    page.goto(site + PLAN + "&lang=en")
    expect(page.locator("body")).to_contain_text("18 days ahead")
    page.wait_for_selector("canvas, svg", timeout=10_000)  # the charts were drawn
    shot(page, "plan-en", backend)
    page.goto(site + PLAN + "&lang=zh")
    expect(page.locator("body")).to_contain_text("提前18天")
    shot(page, "plan-zh", backend)
    page.goto(site + "/bulletin?scope=CN-HE&period=1960-03&lang=zh")
    expect(page.locator("body")).to_contain_text("河北")
    shot(page, "bulletin-zh", backend)
    page.goto(site + "/bulletin?scope=CN-HE&period=1960-03&lang=en")
    shot(page, "bulletin-en", backend)
    page.goto(site + "/regions/CN-HE?lang=en")
    shot(page, "region", backend)


def test_a_viewer_of_another_region_sees_none_of_it(
    browser: Browser, site: str, backend: str
) -> None:
    page = browser.new_page()
    sign_in(page, site, "tianjin")
    expect(page).to_have_url(re.compile(f"/regions/{TIANJIN}"))
    home = page.locator("body").inner_text()
    assert "Tangshan" not in home
    assert "唐山" not in home
    for path in (f"/regions/{TANGSHAN}", "/regions/CN-HE", PLAN, "/bulletin?scope=CN-HE"):
        answer = page.goto(site + path)
        assert answer is not None
        assert answer.status == 404, path
        assert "Tangshan" not in page.locator("body").inner_text()
    page.goto(site + "/search?q=Tangshan")
    assert TANGSHAN not in page.content()
    shot(page, "viewer-refused", backend)


def test_the_balance_page_draws_its_sankey(browser: Browser, engine: Engine, backend: str) -> None:
    load_scenario(engine, CHAIN)
    add_user(engine, "admin", PASSWORD, Role.ADMIN)
    with serving(engine) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        sign_in(page, base, "admin")
        page.goto(base + "/balance?scope=CN-JX&period=1960-05&lang=en")
        page.wait_for_selector("canvas, svg", timeout=10_000)
        shot(page, "balance", backend)


def test_a_statistician_judges_a_finding(
    browser: Browser, site: str, hebei: Engine, backend: str
) -> None:
    add_user(hebei, "stat_tj", PASSWORD, Role.STATISTICIAN, region=TIANJIN)
    reporter = principal_for_token(hebei, issue_token(hebei, "reporter", "e2e"))
    assert reporter is not None
    # the plant (19 t a day) claims 400 t
    inflated = ReportIn("e2e-inflated", PLANT, date(1960, 3, 23), "cement", 400.0, 400.0)
    record_reports(hebei, [inflated], sender=reporter)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, site, "stat_tj")
    page.click("header nav a[href='/audit']")
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text("Audit of Tianjin, 23 March 1960")
    crisis = page.locator("tr.severity-crisis", has_text="above the unit's capacity").first
    expect(crisis).to_contain_text("Ba County Cement Plant")
    shot(page, "audit", backend)
    crisis.locator("select[name=verdict]").select_option("confirmed")
    crisis.locator("input[name=note]").fill("the kiln makes 19 t a day at most")
    crisis.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("[role=status]")).to_contain_text("Verdict recorded")
    saved = page.locator("tr.just-saved")
    expect(saved).to_contain_text("confirmed: the report was false")
    shot(page, "audit-verdict", backend)
    page.goto(site + f"/audit?scope={TIANJIN}&lang=zh")
    expect(page.locator("h1")).to_contain_text("天津市报表核查")
    shot(page, "audit-zh", backend)
