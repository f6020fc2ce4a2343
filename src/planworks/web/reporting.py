"""What the report form shows, and sending it: the units the reader may report for, the
problems of a report by field, and what was stored with the unit's plans."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Engine

from planworks.domain.access import Action, Role
from planworks.domain.errors import InputError, NotFoundError
from planworks.domain.model import VALUE
from planworks.domain.periods import Period
from planworks.services.access import Reach
from planworks.services.reporting import ReportIn, StoredReport, Submission, record_reports
from planworks.services.status import status
from planworks.store.places import list_units
from planworks.store.queries import load_plans
from planworks.web.views import (
    Named,
    ProductName,
    Progress,
    products_by_code,
    progress_of,
    unit_names,
)

__all__ = ["Record", "ReportForm", "ReportSaved", "recorded", "report_form", "send_report"]

#: For a statistician's or an administrator's report form: units offered to choose from.
MAX_UNIT_CHOICES = 500


@dataclass(frozen=True)
class ReportForm:
    """The report form: the units the reader may report for, and what was typed."""

    units: list[Named]  # a reporter's units (a select); empty: type a unit's code
    unit_choices: list[Named]  # suggestions when typing
    products: list[ProductName]
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)  # field -> message key or text
    problems: list[str] = field(default_factory=list)  # not of one field


@dataclass(frozen=True)
class ReportSaved:
    report: StoredReport
    new: bool
    unit: Named
    product: ProductName
    status: list[Progress]


def report_form(
    engine: Engine,
    reach: Reach,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    problems: Sequence[str] = (),
) -> ReportForm:
    """The form for a reader who may send reports (`AccessError` for others)."""
    reach.require(Action.REPORT)
    filled = dict(values)
    with engine.connect() as conn:
        products = products_by_code(conn)
        if reach.principal.role is Role.REPORTER:
            units = sorted(unit_names(conn, reach.principal.units).values(), key=lambda u: u.code)
            choices: list[Named] = []
        else:
            units = []
            visible = reach.region_codes()
            found = list_units(
                conn,
                regions_in=None if visible is None else sorted(visible),
                limit=MAX_UNIT_CHOICES,
            )
            choices = [Named(u.code, u.name, u.name_zh) for u in found]
        if not filled.get("unit") and units:
            filled["unit"] = units[0].code
        if not filled.get("product") and filled.get("unit"):
            # the unit's own product, if the reader may report for the unit
            chosen = filled["unit"]
            if reach.units(conn, [chosen], Action.REPORT).get(chosen):
                unit = list_units(conn, codes=[chosen], limit=1)
                if unit and unit[0].product:
                    filled["product"] = unit[0].product
    filled.setdefault("date", date.today().isoformat())
    return ReportForm(
        units=units,
        unit_choices=choices,
        products=[p for c, p in sorted(products.items()) if c != VALUE],
        values=filled,
        errors=dict(errors or {}),
        problems=list(problems),
    )


FIELDS = ("unit", "date", "product", "quantity", "grade", "value")


def _number(
    text: str, field: str, errors: dict[str, str], *, negative: bool = True
) -> float | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        x = float(text)
    except ValueError:
        errors[field] = "report.not_number"
        return None
    if not math.isfinite(x):
        errors[field] = "report.not_number"
        return None
    if not negative and x < 0:
        errors[field] = "report.negative"
        return None
    return x


#: Stores one submission for its sender (the app's report writer, or `record_reports`).
Record = Callable[[Sequence[ReportIn]], Submission]


def send_report(
    engine: Engine, reach: Reach, values: dict[str, str], record: Record | None = None
) -> ReportSaved | tuple[dict[str, str], list[str]]:
    """Store the report of the form (with `record`; default: on its own); or the problems:
    by field (message keys, or the service's text), and those of no one field."""
    reach.require(Action.REPORT)
    errors: dict[str, str] = {}
    for name in ("unit", "date", "product", "quantity"):
        if not values.get(name, "").strip():
            errors[name] = "report.required"
    report_id = values.get("report_id", "").strip()
    if not report_id or len(report_id) > 128 or any(c in report_id for c in "|,\t\r\n"):
        return errors, ["report.expired"]
    day = None
    if "date" not in errors:
        try:
            day = date.fromisoformat(values["date"].strip())
        except ValueError:
            errors["date"] = "report.bad_date"
    quantity = _number(values.get("quantity", ""), "quantity", errors, negative=False)
    grade = _number(values.get("grade", ""), "grade", errors)
    value = _number(values.get("value", ""), "value", errors, negative=False)
    if errors or day is None or quantity is None:
        return errors, []
    sent = ReportIn(
        report_id=report_id,
        unit=values["unit"].strip(),
        date=day,
        product=values["product"].strip(),
        quantity=quantity,
        grade=grade,
        value=value,
    )
    try:
        if record is None:
            done = record_reports(engine, [sent], sender=reach.principal, single=True)
        else:
            done = record([sent])
    except NotFoundError:
        return {"unit": "report.not_yours"}, []
    except InputError as e:
        other = []
        for p in e.problems:
            column = (p.column or "").rpartition(".")[2]
            if column in FIELDS:
                errors.setdefault(column, p.message)
            else:
                other.append(p.message)
        return errors, other
    stored = done.reports[0]
    with engine.connect() as conn:
        products = products_by_code(conn)
        unit = unit_names(conn, [stored.unit])[stored.unit]
        covering = [
            p
            for p in load_plans(conn, scope=stored.unit, product=stored.product)
            if p.start <= stored.date <= p.end
        ]
    periods = [Period.of(p.start, p.end) for p in covering] or [
        Period.month(stored.date.year, stored.date.month)
    ]
    rows = [
        row
        for chosen in periods
        for row in status(engine, scope=stored.unit, product=stored.product, period=chosen)
    ]
    with engine.connect() as conn:
        progress = progress_of(conn, reach, rows, products)
    return ReportSaved(stored, done.new > 0, unit, products[stored.product], progress)


def recorded(at: datetime) -> str:
    """When a report was recorded, to the second, in UTC."""
    return at.strftime("%Y-%m-%d %H:%M:%S UTC")
