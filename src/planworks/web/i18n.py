"""Every string of the pages, in English and Chinese, and numbers and dates as each writes
them.

`t(key, lang, **values)` looks a message up and fills in its `{placeholders}`; a key
without a Chinese text falls back to the English one, and an unknown key is an error (a
test renders every page in both languages). Names of places and products are data, not
messages: `pick(lang, name, name_zh)` takes the Chinese one where there is one.
"""

from __future__ import annotations

import math
from datetime import date

from planworks.domain.periods import Period, PeriodKind

__all__ = ["DEFAULT_LANG", "LANGS", "MESSAGES", "Formatter", "pick", "t"]

LANGS = ("en", "zh")
DEFAULT_LANG = "en"

MESSAGES: dict[str, dict[str, str]] = {
    # -- the frame of every page ----------------------------------------------------
    "app.name": {"en": "planworks", "zh": "计划工作"},
    "app.tagline": {
        "en": "Plans and daily reports of small production units",
        "zh": "小型生产单位的计划与日报",
    },
    "nav.home": {"en": "Home", "zh": "首页"},
    "nav.report": {"en": "Send a report", "zh": "填报日报"},
    "nav.search": {"en": "Search", "zh": "搜索"},
    "nav.audit": {"en": "Audit", "zh": "核查"},
    "nav.sign_out": {"en": "Sign out", "zh": "退出"},
    "nav.sign_in": {"en": "Sign in", "zh": "登录"},
    "nav.signed_in_as": {"en": "Signed in as {name} ({role})", "zh": "当前用户：{name}（{role}）"},
    "nav.switch": {"en": "中文", "zh": "English"},
    "nav.breadcrumbs": {"en": "Where you are", "zh": "当前位置"},
    "nav.skip": {"en": "Skip to the content", "zh": "跳到正文"},
    "role.admin": {"en": "administrator", "zh": "管理员"},
    "role.planner": {"en": "planner", "zh": "计划员"},
    "role.statistician": {"en": "statistician", "zh": "统计员"},
    "role.viewer": {"en": "viewer", "zh": "查阅"},
    "role.reporter": {"en": "reporter", "zh": "报告员"},
    "charts.none": {
        "en": "Charts need JavaScript and the chart library; the tables show every figure.",
        "zh": "图表需要JavaScript和图表库；表格列出了全部数字。",
    },
    # -- signing in ---------------------------------------------------------------
    "login.title": {"en": "Sign in", "zh": "登录"},
    "login.name": {"en": "Name", "zh": "用户名"},
    "login.password": {"en": "Password", "zh": "密码"},
    "login.submit": {"en": "Sign in", "zh": "登录"},
    "login.wrong": {"en": "Wrong name or password.", "zh": "用户名或密码错误。"},
    "login.too_many": {
        "en": "Too many failed attempts: try again in {seconds} seconds.",
        "zh": "失败次数过多，请{seconds}秒后再试。",
    },
    "login.expired": {
        "en": "The form had expired: please sign in again.",
        "zh": "表单已过期，请重新登录。",
    },
    "login.missing": {"en": "Give your name and your password.", "zh": "请填写用户名和密码。"},
    "login.signed_out": {"en": "You have signed out.", "zh": "您已退出。"},
    # -- errors -------------------------------------------------------------------
    "error.not_found.title": {"en": "Not found", "zh": "未找到"},
    "error.not_found": {
        "en": "There is nothing here that you may see.",
        "zh": "这里没有您可以查看的内容。",
    },
    "error.forbidden.title": {"en": "Not allowed", "zh": "不允许"},
    "error.forbidden": {
        "en": "Your role may not do this.",
        "zh": "您的角色不能进行此操作。",
    },
    "error.csrf": {
        "en": "The form had expired or did not come from this site: reload the page and "
        "send it again.",
        "zh": "表单已过期或不是来自本站：请刷新页面后重新提交。",
    },
    "error.input.title": {"en": "Something is wrong with the request", "zh": "请求有误"},
    "error.input": {"en": "Please check:", "zh": "请检查："},
    "error.back_home": {"en": "Back to your home page", "zh": "返回首页"},
    # -- regions ------------------------------------------------------------------
    "regions.title": {"en": "Regions", "zh": "地区"},
    "regions.none": {"en": "No regions within your reach.", "zh": "没有您可以查看的地区。"},
    "region.below": {"en": "Regions below", "zh": "下级地区"},
    "region.no_children": {"en": "No regions below this one.", "zh": "没有下级地区。"},
    "region.subregions": {"en": "{n} below", "zh": "下辖{n}个"},
    "region.units": {"en": "Units here", "zh": "本地区的单位"},
    "region.more_units": {
        "en": "… and more: search to find the others.",
        "zh": "……还有更多，请用搜索查找。",
    },
    "region.plans": {"en": "Plans", "zh": "计划"},
    "region.no_plans": {
        "en": "No plans match: change the filters, or include the regions and units below.",
        "zh": "没有符合条件的计划：请修改筛选条件，或包括下级地区和单位。",
    },
    "region.more_plans": {
        "en": "Only the first {n} plans are shown: narrow the filters.",
        "zh": "只显示前{n}项计划，请缩小筛选范围。",
    },
    "region.balance": {"en": "Material balance", "zh": "物资平衡"},
    "region.bulletin": {"en": "Bulletin", "zh": "简报"},
    "region.audit": {"en": "Audit of the reports", "zh": "报表核查"},
    "filter.product": {"en": "Product", "zh": "产品"},
    "filter.any_product": {"en": "Every product", "zh": "全部产品"},
    "filter.period": {"en": "Period", "zh": "时期"},
    "filter.period_hint": {
        "en": "1960, 1960-Q1, 1960-03 or 1960-03-D2",
        "zh": "如 1960、1960-Q1、1960-03 或 1960-03-D2",
    },
    "filter.below": {"en": "Include the regions and units below", "zh": "包括下级地区和单位"},
    "filter.apply": {"en": "Show", "zh": "显示"},
    "search.label": {"en": "Find a region or unit", "zh": "查找地区或单位"},
    "search.submit": {"en": "Find", "zh": "查找"},
    "search.title": {"en": "Search", "zh": "搜索"},
    "search.regions": {"en": "Regions", "zh": "地区"},
    "search.units": {"en": "Units", "zh": "单位"},
    "search.nothing": {"en": "Nothing found for “{q}”.", "zh": "没有找到“{q}”。"},
    "search.short": {"en": "Type at least two letters.", "zh": "请至少输入两个字符。"},
    # -- a plan's progress ----------------------------------------------------------
    "plan.scope": {"en": "Where", "zh": "地区/单位"},
    "plan.product": {"en": "Product", "zh": "产品"},
    "plan.period": {"en": "Period", "zh": "时期"},
    "plan.progress": {"en": "Progress", "zh": "进度"},
    "plan.target": {"en": "Target", "zh": "计划"},
    "plan.cumulative": {"en": "Output to date", "zh": "累计产量"},
    "plan.expected": {"en": "Expected by now", "zh": "按进度应完成"},
    "plan.fulfilment": {"en": "Fulfilment", "zh": "完成计划"},
    "plan.no_target": {"en": "no plan: output only", "zh": "无计划，仅列产量"},
    "plan.as_of": {"en": "as of {day}", "zh": "截至{day}"},
    "plan.done": {
        "en": "completed on {day}, {n} days ahead of schedule",
        "zh": "{day}提前{n}天完成",
    },
    "plan.done_one": {
        "en": "completed on {day}, 1 day ahead of schedule",
        "zh": "{day}提前1天完成",
    },
    "plan.done_on_time": {"en": "completed on {day}, on time", "zh": "{day}按期完成"},
    "plan.ahead": {"en": "{n} days ahead of schedule", "zh": "超过进度{n}天"},
    "plan.ahead_one": {"en": "1 day ahead of schedule", "zh": "超过进度1天"},
    "plan.behind": {"en": "{n} days behind schedule", "zh": "落后进度{n}天"},
    "plan.behind_one": {"en": "1 day behind schedule", "zh": "落后进度1天"},
    "plan.on_schedule": {"en": "on schedule", "zh": "符合进度"},
    "plan.short": {"en": "not completed: {pct} of the plan", "zh": "未完成：完成计划的{pct}"},
    "plan.running": {"en": "in progress", "zh": "进行中"},
    "plan.open": {"en": "Details", "zh": "详情"},
    "plan.bar": {
        "en": "{actual} of the target; {expected} expected by now",
        "zh": "已完成计划的{actual}；按进度应完成{expected}",
    },
    # -- a plan's page ---------------------------------------------------------------
    "status.title": {"en": "{product} in {scope}, {period}", "zh": "{scope}{period}{product}"},
    "status.choose": {
        "en": "Choose a product and a period (or one of the plans below).",
        "zh": "请选择产品和时期（或下列计划之一）。",
    },
    "status.headline": {"en": "The figures", "zh": "主要数字"},
    "status.completion": {"en": "Completed", "zh": "完成日期"},
    "status.not_yet": {"en": "not yet", "zh": "尚未完成"},
    "status.days_ahead": {"en": "Days ahead", "zh": "提前天数"},
    "status.overfulfilment": {"en": "Overfulfilment", "zh": "超额"},
    "status.growth_yoy": {"en": "On a year before", "zh": "比去年同期"},
    "status.growth_prev": {"en": "On the period before", "zh": "比上期"},
    "status.usable": {"en": "Usable output", "zh": "合格产量"},
    "status.forecast": {"en": "Likely completion", "zh": "预计完成"},
    "status.forecast_text": {
        "en": "{day} (chance of meeting the plan: {pct})",
        "zh": "{day}（按期完成的可能性：{pct}）",
    },
    "status.plan_name": {"en": "Plan", "zh": "计划名称"},
    "status.chart_cumulative": {
        "en": "Cumulative output against the plan",
        "zh": "累计产量与计划进度",
    },
    "status.chart_daily": {"en": "Output day by day", "zh": "每日产量"},
    "status.records": {
        "en": "★ a record day: more than on any day before in the period",
        "zh": "★ 创纪录的一天：高于本期以前任何一天",
    },
    "status.daily_table": {"en": "Every day", "zh": "逐日数字"},
    "status.day": {"en": "Day", "zh": "日期"},
    "status.daily": {"en": "Output", "zh": "产量"},
    "status.grades": {"en": "Output by grade", "zh": "按标号（等级）分"},
    "status.grade": {"en": "Grade", "zh": "标号（等级）"},
    "status.quantity": {"en": "Quantity", "zh": "数量"},
    "status.share": {"en": "Share", "zh": "比重"},
    "status.ungraded": {"en": "without a grade", "zh": "未评等级"},
    "status.ranking": {"en": "Ranking", "zh": "评比"},
    "status.ranking_regions": {"en": "regions below", "zh": "下级地区"},
    "status.ranking_units": {"en": "units", "zh": "单位"},
    "status.rank": {"en": "Rank", "zh": "名次"},
    "status.rank_by": {"en": "Rank by", "zh": "评比依据"},
    "status.rank_level": {"en": "Rank among", "zh": "评比对象"},
    "status.rank_value": {"en": "Figure", "zh": "数字"},
    "status.rank_output": {"en": "Output", "zh": "产量"},
    "status.rank_none": {"en": "Nothing to rank.", "zh": "没有可评比的对象。"},
    "status.rank_more": {"en": "The first {n} are shown.", "zh": "只显示前{n}名。"},
    "status.bulletin": {"en": "Read the bulletin", "zh": "阅读简报"},
    "status.other_plans": {"en": "Plans of this place", "zh": "本地区（单位）的计划"},
    "by.output": {"en": "output", "zh": "产量"},
    "by.fulfilment": {"en": "fulfilment of the plan", "zh": "完成计划"},
    "by.growth-yoy": {"en": "growth on a year before", "zh": "比去年同期增长"},
    "by.growth-prev": {"en": "growth on the period before", "zh": "比上期增长"},
    "by.quality": {"en": "mean grade", "zh": "平均标号（等级）"},
    "by.usable": {"en": "usable output", "zh": "合格产量"},
    "by.usable-share": {"en": "usable share", "zh": "合格率"},
    "chart.actual": {"en": "Actual", "zh": "实际"},
    "chart.expected": {"en": "Plan", "zh": "计划进度"},
    "chart.target": {"en": "Target", "zh": "计划"},
    "chart.daily": {"en": "Output", "zh": "产量"},
    "chart.record": {"en": "Record", "zh": "纪录"},
    # -- the bulletin ----------------------------------------------------------------
    "bulletin.title": {"en": "Bulletin", "zh": "简报"},
    "bulletin.figures": {
        "en": "Where each figure comes from",
        "zh": "各项数字的来源",
    },
    "bulletin.figure": {"en": "Figure", "zh": "数字"},
    "bulletin.value": {"en": "Value", "zh": "数值"},
    "bulletin.query": {"en": "Query", "zh": "查询"},
    "bulletin.empty": {"en": "Nothing to report.", "zh": "没有可报道的内容。"},
    # -- the balance -----------------------------------------------------------------
    "balance.title": {
        "en": "Material balance of {scope}, {period}",
        "zh": "{scope}{period}物资平衡",
    },
    "balance.table": {"en": "Resources and uses", "zh": "资源与分配"},
    "balance.product": {"en": "Product", "zh": "产品"},
    "balance.basis": {"en": "Production taken at", "zh": "生产按"},
    "balance.basis.plan": {"en": "the plan", "zh": "计划"},
    "balance.basis.capacity": {"en": "capacity", "zh": "生产能力"},
    "balance.opening_stock": {"en": "Opening stock", "zh": "期初库存"},
    "balance.production": {"en": "Production", "zh": "生产"},
    "balance.uses": {"en": "Uses", "zh": "消耗"},
    "balance.surplus": {"en": "Surplus (deficit −)", "zh": "余缺（缺为−）"},
    "balance.deficit": {"en": "deficit", "zh": "缺口"},
    "balance.sankey": {"en": "The optimal plan's flows", "zh": "最优计划的物资流向"},
    "balance.flows": {"en": "Shipments", "zh": "调运"},
    "balance.from": {"en": "From", "zh": "由"},
    "balance.to": {"en": "To", "zh": "至"},
    "balance.mode": {"en": "By", "zh": "运输方式"},
    "balance.quantity": {"en": "Quantity", "zh": "数量"},
    "balance.no_flows": {"en": "Nothing is shipped.", "zh": "没有调运。"},
    "balance.targets": {"en": "Targets in the optimal plan", "zh": "最优计划的完成情况"},
    "balance.target": {"en": "Target", "zh": "计划"},
    "balance.planned": {"en": "Can be made", "zh": "可完成"},
    "balance.shortfall": {"en": "Short", "zh": "缺口"},
    "balance.chain": {"en": "The links of the chain", "zh": "生产链的各个环节"},
    "balance.link": {"en": "Link", "zh": "环节"},
    "balance.capacity": {"en": "Capacity", "zh": "能力"},
    "balance.used": {"en": "Used", "zh": "利用"},
    "balance.utilisation": {"en": "Use", "zh": "利用率"},
    "balance.value": {"en": "Worth of +1 t/day", "zh": "每日增加1吨的效益"},
    "balance.binds": {"en": "binding: the weak link", "zh": "薄弱环节"},
    "balance.weak": {
        "en": "What holds the plan back, most first",
        "zh": "制约计划的因素（按重要性排列）",
    },
    "balance.no_weak": {
        "en": "Nothing holds the plan back: every target can be met.",
        "zh": "没有制约因素：各项计划都能完成。",
    },
    "balance.produced": {"en": "made", "zh": "生产"},
    "balance.units_of": {"en": "{kind} units, {region}", "zh": "{region}{kind}单位"},
    "kind.indigenous": {"en": "indigenous", "zh": "土法"},
    "kind.modern": {"en": "modern", "zh": "洋法"},
    "kind.large": {"en": "large", "zh": "大型"},
    "mode.rail": {"en": "rail", "zh": "铁路"},
    "mode.road": {"en": "road", "zh": "公路"},
    "mode.water": {"en": "water", "zh": "水运"},
    # -- the report form ---------------------------------------------------------------
    "report.title": {"en": "Send a daily report", "zh": "填报日报"},
    "report.unit": {"en": "Unit", "zh": "单位"},
    "report.unit_hint": {"en": "The unit's code", "zh": "单位代码"},
    "report.date": {"en": "Day", "zh": "日期"},
    "report.product": {"en": "Product", "zh": "产品"},
    "report.quantity": {"en": "Quantity", "zh": "数量"},
    "report.grade": {"en": "Grade (if graded)", "zh": "标号（等级，如有）"},
    "report.value": {"en": "Value in yuan (optional)", "zh": "产值（元，可不填）"},
    "report.submit": {"en": "Send", "zh": "提交"},
    "report.no_units": {
        "en": "You have no units to report for.",
        "zh": "您没有可以填报的单位。",
    },
    "report.problems": {
        "en": "The report was not stored: please correct what is marked.",
        "zh": "日报未保存，请改正标出的地方。",
    },
    "report.stored": {"en": "Stored: receipt no. {receipt}", "zh": "已保存：回执第{receipt}号"},
    "report.already": {
        "en": "This report had been stored already (receipt no. {receipt}): nothing was "
        "stored twice.",
        "zh": "这份日报已经保存过（回执第{receipt}号），没有重复保存。",
    },
    "report.what": {"en": "What was stored", "zh": "保存的内容"},
    "report.report_id": {"en": "Report id", "zh": "日报编号"},
    "report.recorded_at": {"en": "Recorded at", "zh": "记录时间"},
    "report.receipt": {"en": "Receipt", "zh": "回执"},
    "report.unit_status": {"en": "The unit's plans", "zh": "本单位的计划完成情况"},
    "report.another": {"en": "Send another report", "zh": "再填一份"},
    "report.required": {"en": "Required.", "zh": "必填。"},
    "report.not_number": {"en": "Give a number.", "zh": "请填写数字。"},
    "report.negative": {"en": "Cannot be negative.", "zh": "不能为负数。"},
    "report.bad_date": {"en": "Give a day as YYYY-MM-DD.", "zh": "请按“年-月-日”填写日期。"},
    "report.not_yours": {
        "en": "Not a unit you may report for.",
        "zh": "不是您可以填报的单位。",
    },
    "report.expired": {
        "en": "The form is incomplete: reload the page.",
        "zh": "表单不完整，请刷新页面。",
    },
    "report.none": {"en": "—", "zh": "—"},
    # -- the audit ---------------------------------------------------------------------
    "audit.title": {"en": "Audit of {scope}, {days}", "zh": "{scope}报表核查（{days}）"},
    "audit.as_of": {"en": "As of", "zh": "截至"},
    "audit.days": {"en": "Days audited", "zh": "核查天数"},
    "audit.days_one": {"en": "the as-of day", "zh": "当天"},
    "audit.days_n": {"en": "{n} days to the as-of day", "zh": "截至当天的{n}天"},
    "audit.severity": {"en": "Level", "zh": "级别"},
    "audit.any_severity": {"en": "Every level", "zh": "全部级别"},
    "audit.mine": {"en": "Only those on my desk", "zh": "只看由本处处理的"},
    "audit.intro": {
        "en": "Which reports cannot be true, which are unlikely, which output does not "
        "count, and whose desk each finding is on: left alone, a finding climbs one region "
        "up every 3 days (a crisis) or 14 days (an alert).",
        "zh": "哪些报表不可能属实，哪些不大可能，哪些产量不能算数，每项问题由谁处理："
        "无人处理的问题，危急的每3天、警示的每14天上报一级。",
    },
    "audit.no_reports": {
        "en": "No reports here yet: there is nothing to audit.",
        "zh": "这里还没有报表，无从核查。",
    },
    "audit.summary": {"en": "Reported and usable output", "zh": "上报产量与合格产量"},
    "audit.product": {"en": "Product", "zh": "产品"},
    "audit.units": {"en": "Units", "zh": "单位数"},
    "audit.unit_days": {"en": "Unit-days reported", "zh": "上报单位日数"},
    "audit.reported": {"en": "As reported", "zh": "上报产量"},
    "audit.usable": {"en": "Usable", "zh": "合格产量"},
    "audit.usable_share": {"en": "Usable share", "zh": "合格率"},
    "audit.flagged": {"en": "Units flagged", "zh": "有问题的单位"},
    "audit.crises": {
        "en": "Crises: cannot be true as reported ({n})",
        "zh": "危急：不可能属实（{n}）",
    },
    "audit.alerts": {"en": "Alerts: worth a look ({n})", "zh": "警示：值得查看（{n}）"},
    "audit.nothing": {
        "en": "Nothing found: every report checked looks plausible.",
        "zh": "未发现问题：所查报表都合乎情理。",
    },
    "audit.more": {
        "en": "Only the first {n} of {total} findings are shown: narrow the filters.",
        "zh": "共{total}项问题，只显示前{n}项，请缩小筛选范围。",
    },
    "audit.day": {"en": "Day", "zh": "日期"},
    "audit.where": {"en": "Unit or region", "zh": "单位或地区"},
    "audit.check": {"en": "What is wrong", "zh": "问题"},
    "audit.figure": {"en": "Reported", "zh": "上报数"},
    "audit.score": {"en": "Score", "zh": "统计量"},
    "audit.held_by": {"en": "On whose desk", "zh": "由谁处理"},
    "audit.verdict": {"en": "Verdict", "zh": "结论"},
    "audit.above": {"en": "a region above yours", "zh": "上级地区"},
    "audit.your_desk": {"en": "your desk", "zh": "本处"},
    "audit.region_total": {"en": "the region's own total", "zh": "地区上报的总数"},
    "audit.resolved": {"en": "{verdict}, {day}, by {by}", "zh": "{verdict}（{day}，{by}）"},
    "audit.open": {"en": "open", "zh": "未处理"},
    "audit.note": {"en": "Why", "zh": "理由"},
    "audit.note_hint": {"en": "What was found", "zh": "查明的情况"},
    "audit.record": {"en": "Record", "zh": "记录"},
    "audit.saved": {
        "en": "Verdict recorded: {verdict}. {place}, {product}, {day}: {check}.",
        "zh": "结论已记录：{verdict}。{place}，{product}，{day}：{check}。",
    },
    "audit.saved_by": {"en": "By {by}, dated {day}: “{note}”", "zh": "{by}，{day}：“{note}”"},
    "audit.problems": {"en": "The verdict was not recorded:", "zh": "结论未记录："},
    "audit.revisions": {"en": "Units that revise their reports", "zh": "修改报表的单位"},
    "audit.rev_unit": {"en": "Unit", "zh": "单位"},
    "audit.rev_reports": {"en": "Reports", "zh": "报表数"},
    "audit.rev_revised": {"en": "Revised", "zh": "修改数"},
    "audit.rev_share": {"en": "Share revised", "zh": "修改比例"},
    "audit.rev_change": {"en": "Mean change", "zh": "平均变动"},
    "severity.crisis": {"en": "crisis", "zh": "危急"},
    "severity.alert": {"en": "alert", "zh": "警示"},
    "verdict.confirmed": {"en": "confirmed: the report was false", "zh": "确认：报表不实"},
    "verdict.explained": {"en": "explained: the report was true", "zh": "已说明：报表属实"},
    # one label for each check of planworks.audit.panel.Check (a test holds them to it)
    "check.capacity": {"en": "above the unit's capacity", "zh": "超过本单位的生产能力"},
    "check.impossible": {
        "en": "above what any unit of its kind can make in a day",
        "zh": "超过同类单位一天所能生产的最大数量",
    },
    "check.unusable": {"en": "output below the usable grade counted", "zh": "不合格产品计入产量"},
    "check.outlier": {
        "en": "a figure the unit's series does not explain",
        "zh": "与本单位历来数字不符的异常数",
    },
    "check.step": {"en": "a sudden rise of level", "zh": "产量水平突然上升"},
    "check.slope": {"en": "a change of growth", "zh": "增长速度突变"},
    "check.drift": {
        "en": "a run of figures each a little above forecast (creeping inflation)",
        "zh": "连续略高于预测（逐步虚报）",
    },
    "check.peer": {"en": "growth unlike the unit's peers'", "zh": "增长与同类单位不符"},
    "check.smooth": {"en": "figures too even for a unit of its kind", "zh": "数字过于平稳"},
    "check.repeated": {
        "en": "the same figure day after day, or another unit's figures",
        "zh": "逐日重复同一数字，或照抄其他单位的数字",
    },
    "check.round": {"en": "too many round figures", "zh": "整数过多"},
    "check.bunching": {
        "en": "fulfilment heaped just above the plan",
        "zh": "完成率扎堆于刚超计划处",
    },
    "check.benford": {"en": "first digits unlike Benford's law", "zh": "首位数字不符合本福特定律"},
    "check.inputs": {
        "en": "inputs per unit of output outside the recipe's range",
        "zh": "单位产品的原料消耗超出定额范围",
    },
    "check.balance": {"en": "a stock account that does not balance", "zh": "库存账目不平衡"},
    "check.shipped": {
        "en": "shipped to a unit that did not receive it",
        "zh": "调出的货物对方未收到",
    },
    "check.region_total": {
        "en": "the region's reported total unlike the sum of its units' reports",
        "zh": "地区上报的总数与所属单位报表合计不符",
    },
    # -- periods and dates -------------------------------------------------------------
    "period.quarter": {"en": "Q{q} {year}", "zh": "{year}年第{q_zh}季度"},
    "period.month": {"en": "{month} {year}", "zh": "{year}年{m}月"},
    "period.dekad": {"en": "{first}–{last} {month} {year}", "zh": "{year}年{m}月{dekad}"},
    "period.year": {"en": "{year}", "zh": "{year}年"},
    "period.range": {"en": "{start} to {end}", "zh": "{start}至{end}"},
    "date.day": {"en": "{d} {month} {year}", "zh": "{year}年{m}月{d}日"},
}

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_QUARTERS_ZH = "一二三四"
_DEKADS_ZH = ("上旬", "中旬", "下旬")
NONE = "—"


def t(key: str, lang: str, /, **values: object) -> str:
    """The message `key` in `lang` (English where it has no text in `lang`), filled in."""
    texts = MESSAGES[key]
    text = texts.get(lang) or texts[DEFAULT_LANG]
    return text.format(**values) if values else text


def pick(lang: str, name: str, name_zh: str | None) -> str:
    """A name as `lang` writes it: the Chinese one in Chinese, where there is one."""
    return name_zh if lang == "zh" and name_zh else name


class Formatter:
    """Numbers, quantities, percentages, dates and periods as one language writes them."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def num(self, x: float | None, digits: int | None = None) -> str:
        """Thousands separated; whole numbers without decimals, small ones with a few."""
        if x is None or math.isnan(x):
            return NONE
        if digits is None:
            whole = float(x).is_integer() or abs(x) >= 100
            digits = 0 if whole else 1 if abs(x) >= 10 else 2
        return f"{x:,.{digits}f}"

    def qty(self, x: float | None, uom: str, uom_zh: str | None = None) -> str:
        """A quantity with its unit of measure: 74,083 t, 74,083吨."""
        if x is None or math.isnan(x):
            return NONE
        if self.lang == "zh" and uom_zh:
            return f"{self.num(x)}{uom_zh}"
        return f"{self.num(x)} {uom}"

    def pct(self, x: float | None, *, signed: bool = False, digits: int = 1) -> str:
        if x is None or math.isnan(x):
            return NONE
        return f"{x:+.{digits}f}%" if signed else f"{x:.{digits}f}%"

    def day(self, d: date | None) -> str:
        if d is None:
            return NONE
        return t("date.day", self.lang, d=d.day, m=d.month, month=_MONTHS[d.month - 1], year=d.year)

    def period(self, p: Period) -> str:
        """1960, Q1 1960, March 1960, 11–20 March 1960 (and so on in Chinese)."""
        s, lang = p.start, self.lang
        match p.kind:
            case PeriodKind.YEAR:
                return t("period.year", lang, year=s.year)
            case PeriodKind.QUARTER:
                q = (s.month - 1) // 3 + 1
                return t("period.quarter", lang, q=q, q_zh=_QUARTERS_ZH[q - 1], year=s.year)
            case PeriodKind.MONTH:
                return t("period.month", lang, month=_MONTHS[s.month - 1], m=s.month, year=s.year)
            case PeriodKind.DEKAD:
                return t(
                    "period.dekad",
                    lang,
                    first=s.day,
                    last=p.end.day,
                    month=_MONTHS[s.month - 1],
                    m=s.month,
                    dekad=_DEKADS_ZH[(s.day - 1) // 10],
                    year=s.year,
                )
            case _:
                return t("period.range", lang, start=self.day(p.start), end=self.day(p.end))
