"""From a bulletin's facts to its sentences, in English and in Chinese.

Pure: the facts come computed (`planworks.services.bulletin`); this module only words
them, the way the reports of the time do (see `planworks.bulletin.numerals` for how each
kind of number is said). Every sentence keeps the figures it states, with their queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from planworks.bulletin.facts import (
    BulletinFacts,
    Byproducts,
    Consolidation,
    Figure,
    Inspection,
    Labour,
    Milestone,
    Named,
    PlanFact,
    QualityFact,
    Record,
    Total,
)
from planworks.bulletin.numerals import (
    en_about,
    en_date,
    en_few,
    en_number,
    en_pct,
    zh_about,
    zh_date,
    zh_few,
    zh_number,
    zh_ordinal,
    zh_pct,
    zh_times,
)
from planworks.domain.claims import Measure
from planworks.domain.model import VALUE
from planworks.domain.periods import Period, PeriodKind

__all__ = ["Bulletin", "Sentence", "compose"]


@dataclass(frozen=True)
class Sentence:
    en: str
    zh: str
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class Bulletin:
    title_en: str
    title_zh: str
    sentences: tuple[Sentence, ...]

    def text(self, lang: str = "en") -> str:
        if lang == "zh":
            return self.title_zh + "\n\n" + "".join(s.zh + "。" for s in self.sentences)
        return self.title_en + "\n\n" + " ".join(_capital(s.en) + "." for s in self.sentences)

    def figures(self) -> list[Figure]:
        return [f for s in self.sentences for f in s.figures]


#: What units are called, by the industry of most of them: (English, Chinese, counter)
_PRODUCING = {
    "": ("unit", "单位", "个"),
    "iron": ("furnace", "炼铁炉", "座"),
    "steel": ("furnace", "炼钢炉", "座"),
    "coal": ("pit", "煤窑", "个"),
    "iron-ore": ("mine", "铁矿", "个"),
}
#: ... and those opened: (English, Chinese, verb, counter)
_OPENED = {
    "": ("new factory", "工厂", "办起了", "座"),
    "iron": ("new furnace", "炼铁炉", "建起了", "座"),
    "steel": ("new furnace", "炼钢炉", "建起了", "座"),
    "coal": ("new pit", "煤窑", "开了", "个"),
    "iron-ore": ("new mine", "铁矿", "开了", "个"),
}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


_UOM_ZH = {
    "t": "吨",
    "kg": "公斤",
    "g": "克",
    "m": "米",
    "m2": "平方米",
    "m3": "立方米",
    "km": "公里",
    "l": "升",
    "kWh": "度",
    "yuan": "元",
    "piece": "件",
    "set": "套",
    "box": "盒",
    "case": "箱",
    "bottle": "瓶",
    "vial": "支",
    "tube": "支",
    "can": "罐",
    "tin": "听",
    "bag": "袋",
    "bale": "包",
    "pair": "双",
    "sheet": "张",
    "roll": "卷",
    "reel": "盘",
    "book": "册",
}


def _uom_zh(uom: str, product: Named | None = None) -> str:
    """The unit of measure in Chinese: the product's own (`uom_zh`), else the usual word."""
    if product is not None and product.uom_zh:
        return product.uom_zh
    return _UOM_ZH.get(uom, uom)


_UOM_PLURAL_EN = {"box": "boxes"}
_UOM_SAME_EN = frozenset({"yuan", "thousand"})  # 130,000 yuan; 217 thousand


def _uom_en(uom: str, x: float) -> str:
    """ "1 box", "95,757 boxes"; measures (t, kg, m2, kWh) and yuan do not change."""
    if x == 1 or uom in _UOM_SAME_EN or uom not in _UOM_ZH or len(uom) < 3:
        return uom
    return _UOM_PLURAL_EN.get(uom, uom + "s")


def _amount_en(x: float, uom: str) -> str:
    digits = 0 if abs(x) >= 100 else 2
    return f"{en_number(x, digits)} {_uom_en(uom, x)}"


def _of_en(x: float, product: Named, about: bool = False) -> str:
    """ "1,650 pieces of farm tools", "217 thousand slag bricks" ("thousand" counts them)."""
    number = en_about(x) if about else en_number(x, 0 if abs(x) >= 100 else 2)
    if product.uom.startswith("thousand"):
        return f"{number} {product.uom} {_noun_en(product)}"
    return f"{number} {_uom_en(product.uom, x)} of {_noun_en(product)}"


def _units_en(n: float, what: str = "unit") -> str:
    """ "1 unit", "more than 400,000 units" """
    if n == 1:
        return f"1 {what}"
    plural = what[:-1] + "ies" if what.endswith("y") else what + "s"
    return f"{en_about(n)} {plural}"


def _amount_zh(x: float, uom: str, product: Named | None = None) -> str:
    digits = 0 if abs(x) >= 100 else 2
    return f"{zh_number(x, digits)}{_uom_zh(uom, product)}"


def _noun_en(product: Named) -> str:
    """A product's name inside a sentence: "Cement" is "cement", "TNT" stays "TNT"."""
    name = product.name
    return name[0].lower() + name[1:] if name[1:2].islower() else name


def _what_en(product: Named) -> str:
    return "output value plan" if product.code == VALUE else f"{_noun_en(product)} plan"


def _in_en(p: Period, as_of: date | None = None) -> str:
    """ "In February", "From 1 January 1959 to 22 March 1960", "From 1 to 15 October"."""
    if as_of is not None and as_of < p.end:
        return f"From {_so_far_en(p, as_of)}"
    if p.kind is PeriodKind.RANGE:
        return f"From {_period_en(p)}"
    return f"In {_period_en(p)}"


def _so_far_en(p: Period, as_of: date) -> str:
    if (p.start.year, p.start.month) == (as_of.year, as_of.month):
        return f"{p.start.day} to {en_date(as_of)}"
    return f"{en_date(p.start, year=p.start.year != as_of.year)} to {en_date(as_of)}"


def _in_zh(p: Period, as_of: date) -> str:
    """ "2月份", "10月1日至15日" while the period runs."""
    if as_of < p.end:
        if (p.start.year, p.start.month) == (as_of.year, as_of.month):
            return f"{zh_date(p.start)}至{as_of.day}日"
        years = p.start.year != as_of.year
        return f"{zh_date(p.start, year=years)}至{zh_date(as_of, year=years)}"
    return _period_zh(p, as_of)


def _what_zh(product: Named) -> str:
    return "产值计划" if product.code == VALUE else f"{product.zh()}生产计划"


def _period_zh(p: Period, as_of: date) -> str:
    s = p.start
    match p.kind:
        case PeriodKind.YEAR:
            return "今年" if s.year == as_of.year else f"{s.year}年"
        case PeriodKind.QUARTER:
            q = (s.month - 1) // 3 + 1
            return "首季" if q == 1 else f"第{zh_ordinal(q)}季度"
        case PeriodKind.MONTH:
            return f"{s.month}月份"
        case PeriodKind.DEKAD:
            return f"{s.month}月" + ("上旬", "中旬", "下旬")[(s.day - 1) // 10]
        case _:
            years = p.start.year != p.end.year or p.end.year != as_of.year
            return f"{zh_date(p.start, year=years)}至{zh_date(p.end, year=years)}"


def _period_en(p: Period) -> str:
    s = p.start
    match p.kind:
        case PeriodKind.YEAR:
            return str(s.year)
        case PeriodKind.QUARTER:
            return f"the {('first', 'second', 'third', 'fourth')[(s.month - 1) // 3]} quarter"
        case PeriodKind.MONTH:
            return f"{s:%B}"
        case PeriodKind.DEKAD:
            return f"the {('first', 'second', 'last')[(s.day - 1) // 10]} ten days of {s:%B}"
        case _:
            return f"{en_date(p.start, year=True)} to {en_date(p.end, year=True)}"


def _previous_zh(p: Period, as_of: date) -> str:
    before = p.previous()
    if p.kind is PeriodKind.MONTH:
        return f"{before.start.month}月份"
    if p.kind is PeriodKind.YEAR:
        return "去年" if before.start.year == as_of.year - 1 else f"{before.start.year}年"
    return {PeriodKind.QUARTER: "上季度", PeriodKind.DEKAD: "上旬"}.get(p.kind, "前一时期")


def _previous_en(p: Period) -> str:
    return {
        PeriodKind.MONTH: f"{p.previous().start:%B}",
        PeriodKind.QUARTER: "the quarter before",
        PeriodKind.YEAR: "the year before",
        PeriodKind.DEKAD: "the ten days before",
    }.get(p.kind, "the same number of days before")


def _rise_zh(pct: float) -> str:
    verb = "提高了" if pct >= 0 else "下降了"
    return verb + (zh_times(pct) if pct >= 100 else zh_pct(pct))


def _rise_en(pct: float) -> str:
    return f"{en_pct(pct)} {'above' if pct >= 0 else 'below'}"


def _plan(fact: PlanFact, *, lead: bool = True) -> Sentence:
    """A plan: completed (when, how many days ahead, by how much over), or how far along."""
    who_en, who_zh = fact.scope.name, fact.scope.zh()
    period_en, period_zh = _period_en(fact.period), _period_zh(fact.period, fact.as_of)
    what_en, what_zh = _what_en(fact.product), _what_zh(fact.product)
    over = fact.overfulfilment_pct if fact.as_of >= fact.period.end else None
    if fact.completion_date is not None:
        ahead = fact.days_ahead or 0
        done = fact.completion_date
        earlier_year = done.year != fact.as_of.year
        en = (
            f"{who_en} completed the {what_en} for {period_en} on "
            f"{en_date(done, year=earlier_year)}"
        )
        if ahead:
            en += f", {_days_en(ahead)} ahead of schedule"
        if over and over > 0.05:
            en += f", exceeding it by {en_pct(over, 1)}"
        zh = f"{who_zh}{zh_date(done, year=earlier_year)}"
        if ahead:
            zh += f"提前{zh_number(ahead)}天"
        zh += f"超额{zh_pct(over, 1)}" if over and over > 0.05 else ""
        zh += f"完成了{period_zh}{what_zh}"
    elif fact.as_of >= fact.period.end:
        pct = fact.fulfilment_pct or 0.0
        en = f"{who_en} reached {en_pct(pct, 1)} of its {what_en} for {period_en}"
        zh = f"{who_zh}完成了{period_zh}{what_zh}的{zh_pct(pct, 1)}"
    else:
        pct = fact.fulfilment_pct or 0.0
        en = (
            f"By {en_date(fact.as_of)}, {who_en} had reached {en_pct(pct, 1)} of its "
            f"{what_en} for {period_en}"
        )
        zh = f"到{zh_date(fact.as_of)}，{who_zh}已完成{period_zh}{what_zh}的{zh_pct(pct, 1)}"
        days = round(fact.ahead_days or 0.0)
        if days:
            en += f", {_days_en(abs(days))} {'ahead of' if days > 0 else 'behind'} schedule"
            zh += f"，{'超过' if days > 0 else '落后于'}进度{zh_number(abs(days))}天"
        forecast = _forecast(fact)
        if forecast is not None:
            en += f"; {forecast[0]}"
            zh += f"；{forecast[1]}"
    if lead and fact.growth_prev_pct is not None:
        en += f"; output was {_rise_en(fact.growth_prev_pct)} {_previous_en(fact.period)}"
        zh += f"，比{_previous_zh(fact.period, fact.as_of)}{_rise_zh(fact.growth_prev_pct)}"
    if lead and fact.growth_yoy_pct is not None:
        en += f", {_rise_en(fact.growth_yoy_pct)} a year before"
        zh += f"，比去年同期增长了{zh_pct(fact.growth_yoy_pct, 1)}"
    return Sentence(en, zh, fact.figures)


def _forecast(fact: PlanFact) -> tuple[str, str] | None:
    """The forecast of a plan in progress: its chance, and the likely day with the days
    that 10% and 90% of the forecast's draws reach."""
    if fact.p_meet_pct is None:
        return None
    chance = round(fact.p_meet_pct)
    if chance >= 99:
        en = "at the rate so far it is all but certain to be completed in time"
        zh = "按目前的进度，按期完成计划已有把握"
    else:
        en = f"at the rate so far it has a {chance}% chance of being completed in time"
        zh = f"按目前的进度，按期完成计划的可能性为{zh_pct(float(chance), 0)}"
    p10, p50, p90 = fact.completion_p10, fact.completion_p50, fact.completion_p90
    if p50 is not None:
        en += f", most likely on {en_date(p50)}"
        zh += f"，预计{zh_date(p50)}完成"
        if p10 is not None and p90 is not None and p10 != p90:
            en += f" (between {en_date(p10)} and {en_date(p90)})"
            zh += f"（{zh_date(p10)}至{zh_date(p90)}之间）"
    return en, zh


def _days_en(n: int) -> str:
    return f"{en_number(n)} day{'' if n == 1 else 's'}"


def _total(t: Total, facts: BulletinFacts) -> Sentence:
    uom, p, as_of = t.product.uom, facts.period, facts.as_of
    when_en, when_zh = _in_en(p, as_of), _in_zh(p, as_of)
    if t.product.code == VALUE:
        en = (
            f"{when_en}, the total output value of {facts.scope.name} was "
            f"{_amount_en(t.period_total, 'yuan')}"
        )
        zh = f"{when_zh}{facts.scope.zh()}总产值{_amount_zh(t.period_total, 'yuan')}"
    else:
        en = f"{when_en}, {facts.scope.name} produced {_of_en(t.period_total, t.product)}"
        zh = (
            f"{when_zh}{facts.scope.zh()}生产{t.product.zh()}"
            f"{_amount_zh(t.period_total, uom, t.product)}"
        )
    if t.year_total is not None and t.year_total > t.period_total:
        if t.product.code == VALUE:
            en += f", and {_amount_en(t.year_total, 'yuan')} in the year so far"
            zh += f"，今年以来总产值{_amount_zh(t.year_total, 'yuan')}"
        else:
            en += f", bringing the year's total to {_amount_en(t.year_total, uom)}"
            zh += f"，今年已经生产{t.product.zh()}{_amount_zh(t.year_total, uom, t.product)}"
    if t.units_producing:
        n = t.units_producing
        # furnaces when most units making it are of its own industry (iron, steel)
        own = t.industry if t.industry == t.product.code else ""
        noun_en, noun_zh, counter = _PRODUCING.get(own or "", _PRODUCING[""])
        verb = "was" if n == 1 else "were"
        en += f"; {_units_en(n, noun_en)} {verb} producing it"
        if n >= 10:
            zh += f"；投入生产的{noun_zh}达到了{zh_about(n)}{counter}"
        else:
            zh += f"；有{zh_number(n)}{counter}{noun_zh}投入生产"
    return Sentence(en, zh, t.figures)


def _milestones(ms: Sequence[Milestone], facts: BulletinFacts) -> list[Sentence]:
    """Where the year stood at each quarter end (one sentence a day), then record days."""
    out = []
    for day in sorted({m.day for m in ms if m.kind == "cumulative"}):
        on_day = [m for m in ms if m.kind == "cumulative" and m.day == day]
        month_end = (day + timedelta(days=1)).day == 1
        when_zh = f"{day.month}月底" if month_end else zh_date(day)
        when_en = f"the end of {day:%B}" if month_end else en_date(day)
        small = [m for m in on_day if m.small]
        large = [m for m in on_day if not m.small]
        for m in small:
            few = f"{en_few(m.amount)} {_uom_en(m.product.uom, 2)}"
            uom_zh = _uom_zh(m.product.uom, m.product)
            out.append(
                Sentence(
                    f"By {when_en}, only {few} of {_noun_en(m.product)} had been made",
                    f"{when_zh}，{facts.scope.zh()}只产{m.product.zh()}{zh_few(m.amount)}{uom_zh}",
                    (m.figure,),
                )
            )
        if large:
            en = _and_en([_of_en(m.amount, m.product) for m in large])
            zh = "、".join(
                f"{m.product.zh()}{_amount_zh(m.amount, m.product.uom, m.product)}" for m in large
            )
            out.append(
                Sentence(
                    f"By {when_en}, {en} had been made",
                    f"到{when_zh}，累计生产{zh}",
                    tuple(m.figure for m in large),
                )
            )
    for m in ms:
        if m.kind == "record":
            uom_zh = _uom_zh(m.product.uom, m.product)
            out.append(
                Sentence(
                    f"On {en_date(m.day)}, {_of_en(m.amount, m.product, about=True)} were made "
                    "in a single day, a record",
                    f"{zh_date(m.day)}日产{m.product.zh()}{zh_about(m.amount)}{uom_zh}，创造了新纪录",
                    (m.figure,),
                )
            )
    return out


def _and_en(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _and_zh(items: Sequence[str]) -> str:
    return "、".join(items)


def _record(r: Record) -> Sentence:
    uom_zh = _uom_zh(r.product.uom, r.product)
    if r.product.code == VALUE:
        en = f"The best day was {en_date(r.day)}, with output worth {en_about(r.amount)} yuan"
        zh = f"{zh_date(r.day)}一天的产值达到{zh_about(r.amount)}元"
    else:
        en = f"The best day was {en_date(r.day)}, with {_of_en(r.amount, r.product, about=True)}"
        zh = f"{zh_date(r.day)}日产{r.product.zh()}{zh_about(r.amount)}{uom_zh}"
    if r.all_time:
        en += ", more than on any day before"
        zh += "，创历史最高纪录"
    figures = (r.figure,) if r.day_figure is None else (r.day_figure, r.figure)
    return Sentence(en, zh, figures)


def _quality(q: QualityFact) -> Sentence | None:
    if q.mean_grade is None:
        return None
    numbered = min(q.shares_pct) >= 100  # grades like 200, 300: said 三百号
    word = "号" if numbered else "级"
    if numbered:
        floor = int(q.mean_grade // 100 * 100)
        mean_zh = f"{zh_ordinal(floor)}{word}以上"
        mean_en = f"over {floor} ({en_number(q.mean_grade)})"
    else:
        mean_zh = f"{zh_number(q.mean_grade, 2)}{word}"
        mean_en = en_number(q.mean_grade, 2)
    notable = [g for g, share in q.shares_pct.items() if share >= 5.0]
    en = f"The mean grade of {_noun_en(q.product)} reached {mean_en}"
    zh = (
        f"{q.product.zh()}的平均标号达到{mean_zh}"
        if numbered
        else f"{q.product.zh()}的平均等级为{mean_zh}"
    )
    if notable:
        top = max(notable)
        en += f", with {en_pct(q.shares_pct[top], 1)} at grade {top:g}"
        grade_zh = zh_ordinal(int(top)) if top == int(top) else f"{top:g}"
        zh += f"，其中{grade_zh}{word}的占{zh_pct(q.shares_pct[top], 1)}"
    if q.usable < q.total:
        share = 100 * q.usable / q.total if q.total else 0.0
        en += f"; {en_pct(share, 1)} of the output is usable"
        zh += f"；可用的占{zh_pct(share, 1)}"
    return Sentence(en, zh, q.figures)


def _opened(groups: Sequence[tuple[str, int]]) -> tuple[str, str]:
    """ "More than 900 new factories opened" / "办起了九百多座工厂"; by kind when the units
    opened are of several: "4 new furnaces, 3 new pits and 3 new factories opened"."""
    by_noun: dict[str, int] = {}
    for industry, n in groups:
        key = industry if industry in _OPENED else ""
        by_noun[key] = by_noun.get(key, 0) + n
    kinds = sorted(by_noun.items(), key=lambda kv: -kv[1])
    if len(kinds) == 1:
        noun_en, noun_zh, verb_zh, counter = _OPENED[kinds[0][0]]
        n = kinds[0][1]
        return f"{_units_en(n, noun_en)} opened", f"{verb_zh}{zh_about(n)}{counter}{noun_zh}"
    en = _and_en([_units_en(n, _OPENED[k][0]) for k, n in kinds]) + " opened"
    zh = "新建了" + _and_zh([f"{_OPENED[k][1]}{zh_about(n)}{_OPENED[k][3]}" for k, n in kinds])
    return en, zh


def _consolidation(c: Consolidation, groups: Sequence[tuple[str, int]]) -> Sentence:
    """Units opened, merged and closed, and how many were open before and after."""
    en_parts, zh_parts = [], []
    if c.opened:
        opened_en, opened_zh = _opened(groups)
        en_parts.append(opened_en)
        zh_parts.append(opened_zh)
    if c.merged:
        into = "another" if c.merged == 1 else "others"
        en_parts.append(f"{_units_en(c.merged)} merged into {into}")
        zh_parts.append(f"{zh_about(c.merged)}个单位并入了其他单位")
    if c.closed:
        en_parts.append(f"{en_about(c.closed)} closed")
        zh_parts.append(f"关闭了{zh_about(c.closed)}个")
    if c.after == c.before:
        en = f"{_and_en(en_parts)}: still {_units_en(c.after)} in all"
        zh = "，".join(zh_parts) + f"，单位总数仍为{zh_about(c.after)}个"
    else:
        change = "调整为" if c.merged else ("增加到" if c.after > c.before else "减少到")
        en = f"{_and_en(en_parts)}: from {_units_en(c.before)} to {en_about(c.after)}"
        zh = "，".join(zh_parts) + f"，单位由{zh_about(c.before)}个{change}{zh_about(c.after)}个"
    if c.merged:
        zh = "经过合并整顿，" + zh
    return Sentence(en, zh, c.figures)


def _byproducts(b: Byproducts) -> Sentence | None:
    en_parts, zh_parts = [], []
    if b.kinds and b.ratio is not None:
        kinds = "1 kind" if b.kinds == 1 else f"{en_number(b.kinds)} kinds"
        en = (
            f"{b.scope.name} made {kinds} of by-product, worth "
            f"{en_pct(100 * b.ratio, 1)} of its main products"
        )
        zh = f"制成了{zh_number(b.kinds)}种副产品，副产品产值达到主产品的{zh_pct(100 * b.ratio, 1)}"
        if b.ratio >= 1:
            en += ": by-products exceed the main products"
            zh += "，副产超主产"
        elif b.ratio >= 0.9:
            en += ", close to exceeding them"
            zh += "，接近副产超主产"
        if b.month is not None and b.month_ratio is not None and b.month_ratio > b.ratio:
            pct = zh_pct(100 * b.month_ratio, 1)
            en += f", and {en_pct(100 * b.month_ratio, 1)} in {_period_en(b.month)}"
            zh += f"，{b.month.start.month}月份达到{pct}"
            if b.month_ratio >= 1 > b.ratio:
                en += ", more than the main products"
                zh += "，副产超主产"
        en_parts.append(en)
        zh_parts.append(zh)
    used = b.waste_use_pct
    if used is not None and used > 0:
        if used > 100.05:  # it took in waste left by others too
            who = b.scope.name if not en_parts else "it"
            en_parts.append(
                f"{who} used {en_pct(used, 1)} of the waste it left, taking in others' too"
            )
            zh_parts.append(f"利用的废料相当于自身废料的{zh_pct(used, 1)}，还利用了外来的废料")
        else:
            en_parts.append(
                f"{b.scope.name} used {en_pct(used, 1)} of its wastes"
                if not en_parts
                else f"{en_pct(used, 1)} of its wastes were used"
            )
            zh_parts.append(f"废料利用率达到{zh_pct(used, 1)}")
    if not en_parts:
        return None
    return Sentence(
        "; ".join(en_parts), f"{b.scope.zh()}综合利用，" + "，".join(zh_parts), b.figures
    )


def _inspection(i: Inspection) -> Sentence:
    team_en = f" by a team of {en_about(i.inspectors)}" if i.inspectors else ""
    team_zh = f"由{zh_about(i.inspectors)}人组成的检查团" if i.inspectors else ""
    problems = "1 problem" if i.problems == 1 else f"{en_number(i.problems)} problems"
    en = f"The {i.campaign.name}{team_en} found {problems}"
    zh = f"{i.campaign.zh()}{team_zh}查出了{zh_number(i.problems)}项问题"
    if i.problems and i.with_measure == i.problems:
        en += (
            ", and a measure was taken for each of them"
            if i.problems > 1
            else " and took a measure"
        )
        zh += "，条条都采取了措施" if i.problems > 1 else "，已采取措施"
    elif i.problems:
        share = 100 * i.with_measure / i.problems
        en += f", {en_pct(share, 1)} of them with a measure taken"
        zh += f"，{zh_pct(share, 1)}已采取措施"
    if i.done:
        en += f"; {en_number(i.done)} {'has' if i.done == 1 else 'have'} been dealt with"
        zh += f"，已解决{zh_number(i.done)}项"
    return Sentence(en, zh, i.figures)


def _labour(w: Labour) -> Sentence | None:
    if w.workers_change >= 0 or w.per_worker_growth_pct is None:
        return None
    saved = -w.workers_change
    g = w.per_worker_growth_pct
    en = (
        f"{w.unit.name} saved {en_number(saved)} workers, and output per worker rose by "
        f"{en_pct(g, 0)}"
    )
    zh = f"{w.unit.zh()}节省了{zh_number(saved)}个人，生产效率" + (
        f"提高了{zh_times(g)}" if g >= 95 else f"提高了{zh_pct(g, 0)}"
    )
    return Sentence(en, zh, w.figures)


def _upcoming(facts: BulletinFacts) -> list[Sentence]:
    """The tasks of the plans about to start, one sentence for each period."""
    out = []
    for period in sorted({u.period for u in facts.upcoming}, key=lambda p: (p.start, p.days)):
        plans = [u for u in facts.upcoming if u.period == period]
        parts_en = [
            f"{_amount_en(u.target, 'yuan')} of output value"
            if u.product.code == VALUE
            else _of_en(u.target, u.product)
            for u in plans
        ]
        parts_zh = [
            f"总产值{_amount_zh(u.target, 'yuan')}"
            if u.product.code == VALUE
            else f"{u.product.zh()}{_amount_zh(u.target, u.product.uom, u.product)}"
            for u in plans
        ]
        out.append(
            Sentence(
                f"The tasks for {_period_en(period)}: {_and_en(parts_en)}",
                f"{facts.scope.zh()}布置了{_period_zh(period, facts.as_of)}"
                f"{_and_zh(parts_zh)}的生产任务",
                tuple(f for u in plans for f in u.figures if f.query.measure is Measure.TARGET),
            )
        )
    return out


def _new_products(facts: BulletinFacts) -> Sentence | None:
    found = facts.new_products
    if found is None or not isinstance(found.value, float):
        return None
    n = found.value
    verb = "was" if n == 1 else "were"
    en = f"{_units_en(n, 'new product')} {verb} trial-produced successfully"
    zh = f"试制成功了{zh_about(n)}种新产品"
    if facts.new_product_names:
        en += ": " + _and_en([_noun_en(p) for p in facts.new_product_names])
        zh += "：" + _and_zh([p.zh() for p in facts.new_product_names])
    figures = [found]
    first = facts.new_products_first_days
    if first is not None and isinstance(first.value, float) and first.value:
        if n == 1:
            en += ", in the first ten days"
            zh += "，是开始十天制成的"
        else:
            en += f"{';' if facts.new_product_names else ','} {en_about(first.value)} of them "
            en += "in the first ten days"
            zh += f"，开始十天就制成了{zh_about(first.value)}种"
        figures.append(first)
    return Sentence(en, zh, tuple(figures))


def compose(facts: BulletinFacts) -> Bulletin:
    """The bulletin's sentences, most important first."""
    sentences: list[Sentence | None] = []
    # longer plans after the shorter ones they hold (the quarter after its months)
    ordered = sorted(facts.plans, key=lambda p: (p.period.end, p.period.days))
    sentences += [_plan(p) for p in ordered]
    sentences += [_total(t, facts) for t in facts.totals]
    sentences += _milestones(facts.milestones, facts)
    sentences += [_record(r) for r in facts.records if r.all_time]
    groups = facts.units_opened_by or (("", 0),)
    if facts.consolidation is not None:
        sentences.append(_consolidation(facts.consolidation, groups))
    elif facts.units_opened is not None and facts.units_opened_by:
        en, zh = _opened(facts.units_opened_by)
        sentences.append(Sentence(en, zh, (facts.units_opened,)))
    sentences.append(_new_products(facts))
    sentences += [_quality(q) for q in facts.quality]
    sentences += [_byproducts(b) for b in facts.byproducts]
    sentences += [_inspection(i) for i in facts.inspections]
    sentences += [_labour(w) for w in facts.labour]
    sentences += [
        _plan(u, lead=u.growth_prev_pct is not None and u.growth_prev_pct >= 100)
        for u in facts.best_units
    ]
    sentences += [_plan(u, lead=False) for u in facts.worst_units]
    sentences += _upcoming(facts)
    kept = tuple(s for s in sentences if s is not None)
    label_en, label_zh = _period_en(facts.period), _period_zh(facts.period, facts.as_of)
    return Bulletin(
        title_en=f"{facts.scope.name}: {label_en} (as of {en_date(facts.as_of, year=True)})",
        title_zh=f"{facts.scope.zh()}{label_zh}生产简报（截至{zh_date(facts.as_of, year=True)}）",
        sentences=kept,
    )
