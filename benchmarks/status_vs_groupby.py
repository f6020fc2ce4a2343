"""The status of every region for a year vs a plain GROUP BY over the raw reports.

One synthetic year (a unit reports every day it is open) is imported once per backend.
Then, alternately: `status_of_regions` for iron over the year (every region of the tree,
each with its subtree: cumulative, completion, days ahead, growth), read from the
aggregates; and the plain SQL a system without them would run for the least of those
figures, the year's iron per leaf region, as a GROUP BY over the raw reports.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from benchmarks.common import fresh_database, kept_sqlite, log, median, synthetic_folder, timed
from planworks.domain.periods import Period, day_number
from planworks.services.importing import import_folder
from planworks.services.status import status_of_regions

GROUP_BY = text(
    "SELECT u.region_id, SUM(r.quantity) FROM reports r JOIN units u ON u.id = r.unit_id "
    "WHERE r.product_id = (SELECT id FROM products WHERE code = 'iron') "
    "AND r.day BETWEEN :first AND :last GROUP BY u.region_id"
)


def run(*, units: int, backends: list[str], repeat: int, keep: bool = False) -> dict[str, Any]:
    folder = synthetic_folder(units, 365)
    year = Period.year(1959)
    out: dict[str, Any] = {"units": units, "days": 365, "backends": {}}
    for backend in backends:
        kept = keep and backend == "sqlite"
        database = kept_sqlite(f"status-{units}") if kept else fresh_database(backend, "status")
        with database as engine:
            with engine.connect() as conn:  # a kept database has them already
                held = conn.execute(text("SELECT max(id) FROM reports")).scalar() or 0
            seconds: float | None
            if held:
                seconds, reports = None, int(held)
                log(f"{backend}: the kept database holds {reports:,} reports")
            else:
                seconds, summary = timed(lambda e=engine: import_folder(e, folder))
                reports = summary.reports_inserted
                log(f"{backend}: imported {reports:,} reports in {seconds:.0f} s")
            statuses, groups, regions = [], [], 0
            params = {"first": day_number(year.start), "last": day_number(year.end)}
            for i in range(repeat):
                engine.dispose()  # every status run opens its connection anew
                s, rows = timed(lambda e=engine: status_of_regions(e, "iron", year))
                statuses.append(s)
                regions = len(rows)
                with engine.connect() as conn:
                    g, _ = timed(lambda c=conn, p=params: c.execute(GROUP_BY, p).all())
                groups.append(g)
                log(
                    f"{backend} #{i + 1}: status of {regions:,} regions {s * 1000:.0f} ms, "
                    f"GROUP BY {g:.2f} s"
                )
            out["backends"][backend] = {
                "reports": reports,
                "import_seconds": None if seconds is None else round(seconds, 1),
                "regions": regions,
                "status_seconds": statuses,
                "group_by_seconds": groups,
                "status_ms_median": round(median(statuses) * 1000, 1),
                "group_by_s_median": round(median(groups), 2),
                "speedup": round(median(groups) / median(statuses), 1),
                "goal": "speedup >= 100 and status_ms_median < 200",
            }
    return out
