"""From a bulletin's facts to its sentences, in English and in Chinese.

Pure: the facts come computed (`planworks.services.bulletin`); this module only words
them, the way the reports of the time do (see `planworks.bulletin.numerals` for how each
kind of number is said). Every sentence keeps the figures it states, with their queries.
"""

from __future__ import annotations

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
    zh_pct,
    zh_times,
)
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
#: ... and those opened: (English, Chinese, verb)
_OPENED = {
    "": ("new factory", "工厂", "办起了"),
    "iron": ("new furnace", "炼铁炉", "建起了"),
    "steel": ("new furnace", "炼钢炉", "建起了"),
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


def _uom_zh(uom: str) -> str:
    return _UOM_ZH.get(uom, uom)


_UOM_PLURAL_EN = {"box": "boxes"}


def _uom_en(uom: str, x: float) -> str:
    """ "1 box", "95,757 boxes"; measures (t, kg, m2, kWh) do not change."""
    if x == 1 or uom not in _UOM_ZH or not uom.isalpha() or not uom.islower() or len(uom) < 3:
        return uom
    return _UOM_PLURAL_EN.get(uom, uom + "s")


def _amount_en(x: float, uom: str) -> str:
    digits = 0 if abs(x) >= 100 else 2
    return f"{en_number(x, digits)} {_uom_en(uom, x)}"


def _units_en(n: float, what: str = "unit") -> str:
    """ "1 unit", "more than 400,000 units" """
    if n == 1:
        return f"1 {what}"
    plural = what[:-1] + "ies" if what.endswith("y") else what + "s"
    return f"{en_about(n)} {plural}"


def _amount_zh(x: float, uom: str) -> str:
    digits = 0 if abs(x) >= 100 else 2
    return f"{zh_number(x, digits)}{_uom_zh(uom)}"


def _noun_en(product: Named) -> str:
    """A product's name inside a sentence: "Cement" is "cement", "TNT" stays "TNT"."""
    name = product.name
    return name[0].lower() + name[1:] if name[1:2].islower() else name


def _what_en(product: Named) -> str:
    return "output value plan" if product.code == VALUE else f"{_noun_en(product)} plan"


def _in_en(p: Period) -> str:
    """ "In February", "From 1 January 1959 to 22 March 1960"."""
    if p.kind is PeriodKind.RANGE:
        return f"From {_period_en(p)}"
    return f"In {_period_en(p)}"


def _what_zh(product: Named) -> str:
    return "产值计划" if product.code == VALUE else f"{product.zh()}生产计划"


def _period_zh(p: Period, as_of: date) -> str:
    s = p.start
    match p.kind:
        case PeriodKind.YEAR:
            return "今年" if s.year == as_of.year else f"{s.year}年"
        case PeriodKind.QUARTER:
            q = (s.month - 1) // 3 + 1
            return "首季" if q == 1 else f"第{zh_number(q)}季度"
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
            en += f", {en_number(ahead)} day{'s' if ahead > 1 else ''} ahead of schedule"
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
    if lead and fact.growth_prev_pct is not None:
        en += f"; output was {_rise_en(fact.growth_prev_pct)} {_previous_en(fact.period)}"
        zh += f"，比{_previous_zh(fact.period, fact.as_of)}{_rise_zh(fact.growth_prev_pct)}"
    if lead and fact.growth_yoy_pct is not None:
        en += f", {_rise_en(fact.growth_yoy_pct)} a year before"
        zh += f"，比去年同期增长了{zh_pct(fact.growth_yoy_pct, 1)}"
    return Sentence(en, zh, fact.figures)


def _total(t: Total, facts: BulletinFacts) -> Sentence:
    uom, p = t.product.uom, facts.period
    if t.product.code == VALUE:
        en = (
            f"{_in_en(p)}, the total output value of {facts.scope.name} was "
            f"{_amount_en(t.period_total, 'yuan')}"
        )
        value_zh = _amount_zh(t.period_total, "yuan")
        zh = f"{_period_zh(p, facts.as_of)}{facts.scope.zh()}总产值{value_zh}"
    else:
        en = (
            f"{_in_en(p)}, {facts.scope.name} produced "
            f"{_amount_en(t.period_total, uom)} of {_noun_en(t.product)}"
        )
        zh = (
            f"{_period_zh(p, facts.as_of)}{facts.scope.zh()}生产{t.product.zh()}"
            f"{_amount_zh(t.period_total, uom)}"
        )
    if t.year_total is not None and t.year_total > t.period_total:
        en += f", bringing the year's total to {_amount_en(t.year_total, uom)}"
        zh += f"，今年已经生产{t.product.zh()}{_amount_zh(t.year_total, uom)}"
    if t.units_producing:
        n = t.units_producing
        # furnaces when most units making it are of its own industry (iron, steel)
        own = t.industry if t.industry == t.product.code else ""
        noun_en, noun_zh, counter = _PRODUCING.get(own or "", _PRODUCING[""])
        verb = "was" if n == 1 else "were"
        en += f"; {_units_en(n, noun_en)} {verb} producing it"
        zh += f"；投入生产的{noun_zh}达到了{zh_about(n)}{counter}"
    return Sentence(en, zh, t.figures)


def _milestone(m: Milestone, facts: BulletinFacts) -> Sentence:
    uom, product = m.product.uom, m.product
    month_end = (m.day + timedelta(days=1)).day == 1
    when_zh = f"{m.day.month}月底" if month_end else zh_date(m.day)
    when_en = f"the end of {m.day:%B}" if month_end else en_date(m.day)
    if m.kind == "record":
        en = (
            f"On {en_date(m.day)}, {en_about(m.amount)} {_uom_en(uom, m.amount)} of "
            f"{_noun_en(product)} were made in a single day, a record"
        )
        zh = f"{zh_date(m.day)}日产{product.zh()}{zh_about(m.amount)}{_uom_zh(uom)}，创造了新纪录"
    elif m.small:
        few = f"{en_few(m.amount)} {_uom_en(uom, 2)}"
        en = f"By {when_en}, only {few} of {_noun_en(product)} had been made"
        zh = f"{when_zh}，{facts.scope.zh()}只产{product.zh()}{zh_few(m.amount)}{_uom_zh(uom)}"
    else:
        en = f"By {when_en}, {_amount_en(m.amount, uom)} of {_noun_en(product)} had been made"
        zh = f"到{when_zh}，累计生产{product.zh()}{_amount_zh(m.amount, uom)}"
    return Sentence(en, zh, (m.figure,))


def _record(r: Record) -> Sentence:
    uom = r.product.uom
    amount = f"{en_about(r.amount)} {_uom_en(uom, r.amount)}"
    en = f"The best day was {en_date(r.day)}, with {amount} of {_noun_en(r.product)}"
    zh = f"{zh_date(r.day)}日产{r.product.zh()}{zh_about(r.amount)}{_uom_zh(uom)}"
    if r.all_time:
        en += ", more than on any day before"
        zh += "，创历史最高纪录"
    return Sentence(en, zh, (r.figure,))


def _quality(q: QualityFact) -> Sentence | None:
    if q.mean_grade is None:
        return None
    numbered = min(q.shares_pct) >= 100  # grades like 200, 300: said 三百号
    word = "号" if numbered else "级"
    if numbered:
        floor = int(q.mean_grade // 100 * 100)
        mean_zh = f"{zh_number(floor)}{word}以上"
        mean_en = f"over {floor} ({en_number(q.mean_grade)})"
    else:
        mean_zh = f"{zh_number(q.mean_grade, 1)}{word}"
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
        zh += f"，其中{zh_number(top)}{word}的占{zh_pct(q.shares_pct[top], 1)}"
    if q.usable < q.total:
        share = 100 * q.usable / q.total if q.total else 0.0
        en += f"; {en_pct(share, 1)} of the output is usable"
        zh += f"；可用的占{zh_pct(share, 1)}"
    return Sentence(en, zh, q.figures)


def _consolidation(c: Consolidation) -> Sentence:
    en = (
        f"{_units_en(c.merged)} merged into others: from {en_about(c.before)} units to "
        f"{en_about(c.after)}"
    )
    zh = (
        f"经过合并整顿，{zh_about(c.merged)}个单位并入了其他单位，"
        f"单位由{zh_about(c.before)}个调整为{zh_about(c.after)}个"
    )
    return Sentence(en, zh, c.figures)


def _byproducts(b: Byproducts) -> Sentence | None:
    en_parts, zh_parts = [], []
    if b.kinds and b.ratio is not None:
        en = (
            f"{b.scope.name} made {en_number(b.kinds)} kinds of by-product, worth "
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
    if b.waste_use_pct is not None:
        used = en_pct(b.waste_use_pct, 1)
        en_parts.append(
            f"{used} of its wastes were used"
            if en_parts
            else f"{b.scope.name} used {used} of its wastes"
        )
        zh_parts.append(f"废料利用率达到{zh_pct(b.waste_use_pct, 1)}")
    if not en_parts:
        return None
    return Sentence(
        "; ".join(en_parts), f"{b.scope.zh()}综合利用，" + "，".join(zh_parts), b.figures
    )


def _inspection(i: Inspection) -> Sentence:
    team_en = f" by a team of {en_about(i.inspectors)}" if i.inspectors else ""
    team_zh = f"由{zh_about(i.inspectors)}人组成的检查团" if i.inspectors else ""
    en = f"The {i.campaign.name}{team_en} found {en_number(i.problems)} problems"
    zh = f"{i.campaign.zh()}{team_zh}查出了{zh_number(i.problems)}项问题"
    if i.problems and i.with_measure == i.problems:
        en += ", and a measure was taken for each of them"
        zh += "，条条都采取了措施"
    elif i.problems:
        share = 100 * i.with_measure / i.problems
        en += f", {en_pct(share, 1)} of them with a measure taken"
        zh += f"，{zh_pct(share, 1)}已采取措施"
    if i.done:
        en += f"; {en_number(i.done)} have been dealt with"
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


def _upcoming(facts: BulletinFacts) -> Sentence | None:
    if not facts.upcoming:
        return None
    p = facts.upcoming[0]
    parts_en = [
        f"{_amount_en(u.target, u.product.uom)} of {_noun_en(u.product)}" for u in facts.upcoming
    ]
    parts_zh = [f"产{u.product.zh()}{_amount_zh(u.target, u.product.uom)}" for u in facts.upcoming]
    en = f"The tasks for {_period_en(p.period)}: " + ", ".join(parts_en)
    zh = (
        f"{facts.scope.zh()}布置了{_period_zh(p.period, facts.as_of)}"
        + "、".join(parts_zh)
        + "的任务"
    )
    return Sentence(en, zh, tuple(f for u in facts.upcoming for f in u.figures[:1]))


def compose(facts: BulletinFacts) -> Bulletin:
    """The bulletin's sentences, most important first."""
    sentences: list[Sentence | None] = []
    # longer plans after the shorter ones they hold (the quarter after its months)
    ordered = sorted(facts.plans, key=lambda p: (p.period.end, p.period.days))
    sentences += [_plan(p) for p in ordered]
    sentences += [_total(t, facts) for t in facts.totals]
    sentences += [_milestone(m, facts) for m in facts.milestones]
    sentences += [_record(r) for r in facts.records if r.all_time]
    if facts.units_opened is not None and isinstance(facts.units_opened.value, float):
        n = facts.units_opened.value
        noun_en, noun_zh, verb_zh = _OPENED.get(facts.units_opened_industry or "", _OPENED[""])
        sentences.append(
            Sentence(
                f"{_units_en(n, noun_en)} opened",
                f"{verb_zh}{zh_about(n)}座{noun_zh}",
                (facts.units_opened,),
            )
        )
    if facts.consolidation is not None:
        sentences.append(_consolidation(facts.consolidation))
    if facts.new_products is not None and isinstance(facts.new_products.value, float):
        n = facts.new_products.value
        verb = "was" if n == 1 else "were"
        en = f"{_units_en(n, 'new product')} {verb} trial-produced successfully"
        zh = f"试制成功了{zh_about(n)}种新产品"
        figures = [facts.new_products]
        first = facts.new_products_first_days
        if first is not None and isinstance(first.value, float) and first.value:
            en += f", {en_about(first.value)} of them in the first ten days"
            zh += f"，开始十天就制成了{zh_about(first.value)}种"
            figures.append(first)
        sentences.append(Sentence(en, zh, tuple(figures)))
    sentences += [_quality(q) for q in facts.quality]
    sentences += [_byproducts(b) for b in facts.byproducts]
    sentences += [_inspection(i) for i in facts.inspections]
    sentences += [_labour(w) for w in facts.labour]
    sentences += [
        _plan(u, lead=u.growth_prev_pct is not None and u.growth_prev_pct >= 100)
        for u in facts.best_units
    ]
    sentences += [_plan(u, lead=False) for u in facts.worst_units]
    sentences.append(_upcoming(facts))
    kept = tuple(s for s in sentences if s is not None)
    label_en, label_zh = _period_en(facts.period), _period_zh(facts.period, facts.as_of)
    return Bulletin(
        title_en=f"{facts.scope.name}: {label_en} (as of {en_date(facts.as_of, year=True)})",
        title_zh=f"{facts.scope.zh()}{label_zh}生产简报（截至{zh_date(facts.as_of, year=True)}）",
        sentences=kept,
    )
