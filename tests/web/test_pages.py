"""Every page, as an administrator sees it: the Hebei replay's figures in both languages."""

from __future__ import annotations

import html
import json
import re

import pytest

from planworks.scenarios.chain import SCENARIO as CHAIN
from planworks.services.scenarios import load_scenario
from planworks.web.i18n import LANGS, MESSAGES
from planworks.web.pages import LANG_COOKIE
from tests.web.conftest import PLANT, Site

Q1 = "/status?scope=CN-HE&product=cement&period=1960-Q1"


def text_of(page: str) -> str:
    """What a reader reads: no tags, no embedded data, entities decoded, spaces folded."""
    page = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def in_lang(url: str, lang: str) -> str:
    """The address with ?lang= added (httpx's `params` would replace its query)."""
    return f"{url}{'&' if '?' in url else '?'}lang={lang}"


def embedded(page: str, element: str) -> dict[str, object]:
    found = re.search(rf'<script type="application/json" id="{element}">(.*?)</script>', page, re.S)
    assert found is not None
    data: dict[str, object] = json.loads(found.group(1))
    return data


PAGES = [
    "/regions",
    "/regions/CN",
    "/regions/CN-HE",
    "/regions/CN-HE?below=1&product=cement&period=1960-Q1",
    "/search?q=Tianjin",
    Q1,
    "/status",
    "/status?scope=CN-HE&by=growth-yoy&level=units",
    f"/status?scope={PLANT}",
    "/bulletin?scope=CN-HE&period=1960-Q1",
    "/bulletin",
    "/balance?scope=CN-HE&period=1960-Q1",
    "/report",
    "/audit",
    "/audit?scope=CN-HE&as_of=1960-03-22&days=28&severity=alert",
]


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_renders_for_an_administrator(site: Site, lang: str) -> None:
    client = site.as_user("admin")
    for url in PAGES:
        page = client.get(in_lang(url, lang))
        assert page.status_code == 200, (url, text_of(page.text))
        assert page.headers["content-type"].startswith("text/html"), url
        assert '<meta name="viewport"' in page.text, url
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"], url
        assert ("退出" if lang == "zh" else "Sign out") in page.text, url


def test_the_region_page_shows_its_plans_as_progress(site: Site) -> None:
    page = site.as_user("admin").get("/regions/CN-HE")
    words = text_of(page.text)
    assert "China" in words  # the breadcrumbs
    for prefecture in ("Tianjin", "Tangshan Prefecture", "Handan Prefecture"):
        assert prefecture in words
    assert "74,083 t / 65,000 t 114.0% completed on 13 March 1960, 18 days ahead" in words
    assert "21,212 t / 22,500 t 94.3% 7 days ahead of schedule" in words
    assert 'href="/status?scope=CN-HE&amp;product=cement&amp;period=1960-Q1"' in page.text
    assert 'class="bar-expected"' in page.text
    tianjin = text_of(site.client.get("/regions/CN-HE-TJ").text)
    assert "No plans match" in tianjin  # the plans are Hebei's, not Tianjin's
    below = text_of(site.client.get("/regions/CN?below=1&period=1960-Q1").text)
    assert "Hebei · Cement · Q1 1960" in below


def test_the_first_quarter_was_completed_18_days_ahead(site: Site) -> None:
    client = site.as_user("admin")
    words = text_of(client.get(Q1).text)
    assert "Cement in Hebei, Q1 1960" in words
    assert "completed on 13 March 1960, 18 days ahead of schedule" in words
    assert "Target 65,000 t" in words
    assert "Output to date 74,083 t" in words
    assert "Fulfilment 114.0%" in words
    assert "Days ahead 18" in words
    assert "On a year before +183.7%" in words
    assert "Usable output 74,083 t" in words
    zh = text_of(client.get(in_lang(Q1, "zh")).text)
    assert "河北省1960年第一季度水泥" in zh
    assert "1960年3月13日提前18天完成" in zh
    assert "比去年同期 +183.7%" in zh


def test_the_plan_page_has_its_series_grades_and_ranking(site: Site) -> None:
    page = site.as_user("admin").get(Q1)
    series = embedded(page.text, "series-data")
    data = series["data"]
    assert isinstance(data, dict)
    assert len(data["dates"]) == 91
    assert data["cumulative"][81] == 74_083  # 22 March, the last day reported
    assert data["cumulative"][82] is None
    assert data["expected"][-1] == pytest.approx(65_000)
    assert "1960-03-18" in data["records"]
    assert [g["grade"] for g in data["grades"]] == [200, 300, 400, 500]
    words = text_of(page.text)
    assert "18 March 1960 ★" in words  # the record day, in the table
    assert "400 17,261 t 23.3%" in words  # the grades
    # the prefectures ranked by output, the best first
    ranking = words[words.index("Ranking") :]
    assert "1 Shijiazhuang Prefecture 15,306 t" in ranking
    # reported and usable output side by side
    assert "Rank Where output Usable output Target" in ranking
    usable = re.search(r"1 Shijiazhuang Prefecture 15,306 t ([\d,.]+) t", ranking)
    assert usable is not None
    assert 0 < float(usable.group(1).replace(",", "")) <= 15_306
    assert ranking.index("Tangshan Prefecture") < ranking.index("7 Tianjin")
    assert 'href="/bulletin?scope=CN-HE&amp;period=1960-Q1"' in page.text
    assert "/static/vendor/echarts.min.js" in page.text
    assert 'data-chart="cumulative"' in page.text
    # the figures are in tables too: without the chart library nothing is lost
    assert page.text.count('<table class="numbers') == 3


def test_the_ranking_follows_its_selector(site: Site) -> None:
    client = site.as_user("admin")
    by_growth = text_of(client.get(Q1 + "&by=growth-yoy").text)
    assert "growth on a year before" in by_growth
    by_units = client.get(Q1 + "&level=units&by=output")
    assert "Cement Plant" in text_of(by_units.text)
    assert client.get(Q1 + "&by=nonsense").status_code == 400


def test_the_bulletin_says_what_the_article_said(site: Site) -> None:
    client = site.as_user("admin")
    en = text_of(client.get("/bulletin?scope=CN-HE&period=1960-Q1").text)
    assert "Hebei: the first quarter (as of 22 March 1960)" in en
    assert (
        "Hebei completed the cement plan for the first quarter on 13 March, "
        "18 days ahead of schedule" in en
    )
    zh = text_of(client.get("/bulletin?scope=CN-HE&period=1960-Q1&lang=zh").text)
    assert "河北省首季生产简报" in zh
    assert "河北省3月13日提前十八天完成了首季水泥生产计划" in zh
    assert "生产水泥七万四千零八十三吨" in zh


def test_a_place_that_does_not_exist_is_a_404_page(site: Site) -> None:
    client = site.as_user("admin")
    for url in ("/regions/NOWHERE", "/status?scope=NOWHERE", "/bulletin?scope=NOWHERE"):
        page = client.get(url)
        assert page.status_code == 404
        assert page.headers["content-type"].startswith("text/html")
        assert "There is nothing here that you may see." in page.text


def test_a_bad_period_is_said_on_the_page(site: Site) -> None:
    page = site.as_user("admin").get("/status?scope=CN-HE&product=cement&period=1960-Q5")
    assert page.status_code == 400
    assert "is not a period" in html.unescape(page.text)


def test_pages_are_not_in_the_api_schema_and_static_files_are_served(site: Site) -> None:
    schema = site.client.get("/api/openapi.json").json()
    assert all(path.startswith("/api/") for path in schema["paths"])
    script = site.client.get("/static/charts.js")
    assert script.status_code == 200
    assert "echarts" in script.text
    assert site.client.get("/static/style.css").status_code == 200


def test_the_language_is_switched_and_kept(site: Site) -> None:
    client = site.as_user("admin")
    english = client.get("/regions/CN-HE")
    assert '<html lang="en">' in english.text
    assert 'href="/regions/CN-HE?lang=zh"' in english.text  # the switch in the header
    chinese = client.get("/regions/CN-HE?lang=zh")
    assert client.cookies[LANG_COOKIE] == "zh"
    assert '<html lang="zh-Hans">' in chinese.text
    kept = text_of(client.get("/regions/CN-HE").text)  # no ?lang: the cookie
    for words in ("河北省", "天津市", "唐山专区", "下级地区", "退出", "English"):
        assert words in kept
    assert "Tianjin" not in kept
    assert "1960年3月13日提前18天完成" in kept
    back = client.get("/regions/CN-HE?lang=en")
    assert client.cookies[LANG_COOKIE] == "en"
    assert "Tianjin" in text_of(back.text)


def test_every_message_is_in_both_languages() -> None:
    for key, texts in MESSAGES.items():
        assert set(texts) == set(LANGS), key
        assert all(texts.values()), key


def test_the_balance_shows_the_weak_link(engine_with_chain: Site) -> None:
    client = engine_with_chain.as_user("admin")
    page = client.get("/balance?scope=CN-JX&period=1960-05")
    assert page.status_code == 200
    words = text_of(page.text)
    assert "Material balance of Jiangxi, May 1960" in words
    # the rail link from Yichun binds, and leads the weak links
    assert "Yichun Prefecture -> Ji'an Prefecture (rail) ★ binding: the weak link" in words
    weak = words[words.index("What holds the plan back") :]
    assert weak.index("rail link Yichun Prefecture -> Ji'an Prefecture") < weak.index(
        "target of rolled steel for Jiangxi"
    )
    sankey = embedded(page.text, "sankey-data")
    links = sankey["links"]
    assert isinstance(links, list)
    assert {"source": "coal@CN-JX-YC", "target": "coal@CN-JX-JA"}.items() <= next(
        link for link in links if link["source"] == "coal@CN-JX-YC"
    ).items()
    assert any(link["source"].startswith("make:") for link in links)
    zh = text_of(client.get("/balance?scope=CN-JX&period=1960-05&lang=zh").text)
    assert "江西省1960年5月物资平衡" in zh
    assert "宜春专区至吉安专区铁路运力每日增加1吨" in zh
    assert "薄弱环节" in zh


@pytest.fixture
def engine_with_chain(site: Site) -> Site:
    load_scenario(site.engine, CHAIN)
    return site
