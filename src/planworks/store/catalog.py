"""The catalog (regions, products, units, recipes, links) and plans: read and sync.

`sync_*` functions take validated frames that name things by code, resolve the codes,
insert what is new, update what changed, and leave identical rows alone, so that
importing the same folder twice changes nothing. They run in the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from sqlalchemy import Connection, Table, bindparam, select, update

from planworks.domain.errors import InputError, InputProblem
from planworks.domain.tree import RegionTree, find_cycle
from planworks.store.bulk import insert_frame
from planworks.store.tables import (
    campaigns,
    day_grades,
    day_totals,
    links,
    plans,
    products,
    recipes,
    regions,
    stocks,
    trial_events,
    unit_months,
    units,
)

__all__ = [
    "Catalog",
    "SyncCounts",
    "load_catalog",
    "load_products",
    "sync_keyed",
    "sync_links",
    "sync_plans",
    "sync_products",
    "sync_recipes",
    "sync_regions",
    "sync_stocks",
    "sync_units",
]

REGION_SCHEMA = {
    "id": pl.Int32,
    "code": pl.String,
    "parent_id": pl.Int32,
    "level": pl.String,
    "name": pl.String,
    "name_zh": pl.String,
}
PRODUCT_SCHEMA = {
    "id": pl.Int32,
    "code": pl.String,
    "name": pl.String,
    "name_zh": pl.String,
    "uom": pl.String,
    "uom_zh": pl.String,
    "price": pl.Float64,
    "grades": pl.String,
    "min_grade": pl.Float64,
}
UNIT_SCHEMA = {
    "id": pl.Int32,
    "code": pl.String,
    "name": pl.String,
    "name_zh": pl.String,
    "region_id": pl.Int32,
    "kind": pl.String,
    "industry": pl.String,
    "product_id": pl.Int32,
    "capacity": pl.Float64,
    "opened": pl.Int32,
    "closed": pl.Int32,
    "status": pl.String,
    "merged_into_id": pl.Int32,
    "cost": pl.Float64,
}
CAMPAIGN_SCHEMA = {"code": pl.String, "start": pl.Int32, "end": pl.Int32}
TRIAL_SCHEMA = {"unit": pl.String, "product": pl.String, "stage": pl.String, "day": pl.Int32}


@dataclass(frozen=True)
class Catalog:
    """The stored catalog as frames (without the `extra` columns).

    With it, what a folder's checks need of the stored operations: each campaign's dates
    (an inspection falls within its campaign) and the trial steps taken (by unit and
    product code; a trial's steps go forward only).
    """

    regions: pl.DataFrame
    products: pl.DataFrame
    units: pl.DataFrame
    campaigns: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=CAMPAIGN_SCHEMA))
    trials: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=TRIAL_SCHEMA))

    def region_tree(self) -> RegionTree[int]:
        parent = dict(
            zip(self.regions["id"].to_list(), self.regions["parent_id"].to_list(), strict=True)
        )
        return RegionTree.build(parent)


def _frame(conn: Connection, table: Table, schema: Mapping[str, Any]) -> pl.DataFrame:
    rows = conn.execute(select(*(table.c[c] for c in schema)).order_by(table.c.id)).all()
    return pl.DataFrame(rows, schema=dict(schema), orient="row")


def load_products(conn: Connection) -> pl.DataFrame:
    """The stored products as a frame (`PRODUCT_SCHEMA`)."""
    return _frame(conn, products, PRODUCT_SCHEMA)


def load_catalog(conn: Connection) -> Catalog:
    steps = conn.execute(
        select(units.c.code, products.c.code, trial_events.c.stage, trial_events.c.day)
        .select_from(trial_events)
        .join(units, units.c.id == trial_events.c.unit_id)
        .join(products, products.c.id == trial_events.c.product_id)
    ).all()
    return Catalog(
        regions=_frame(conn, regions, REGION_SCHEMA),
        products=load_products(conn),
        units=_frame(conn, units, UNIT_SCHEMA),
        campaigns=_frame(conn, campaigns, CAMPAIGN_SCHEMA),
        trials=pl.DataFrame(steps, schema=TRIAL_SCHEMA, orient="row"),
    )


@dataclass(frozen=True)
class SyncCounts:
    """Rows of a file that were new, that changed a stored row, that were stored already."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


def _json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _stored_extra(conn: Connection, table: Table, ids: Sequence[int]) -> dict[int, str | None]:
    """`extra` of stored rows as canonical JSON text, for comparison."""
    out: dict[int, str | None] = {}
    for i in range(0, len(ids), 5000):
        chunk = list(ids[i : i + 5000])
        for row_id, extra in conn.execute(
            select(table.c.id, table.c.extra).where(table.c.id.in_(chunk))
        ):
            out[row_id] = None if extra is None else json.dumps(extra, sort_keys=True)
    return out


def _with_stored_extra(
    conn: Connection, table: Table, both: pl.DataFrame, id_column: str = "id"
) -> pl.DataFrame:
    ids = both[id_column].to_list()
    stored = _stored_extra(conn, table, ids)
    canonical = [
        None if e is None else json.dumps(json.loads(e), sort_keys=True)
        for e in both["extra"].to_list()
    ]
    return both.with_columns(
        pl.Series("extra", canonical, dtype=pl.String),
        pl.Series("extra_stored", [stored.get(i) for i in ids], dtype=pl.String),
    )


def _update_rows(
    conn: Connection, table: Table, rows: pl.DataFrame, columns: Sequence[str]
) -> None:
    if rows.height == 0:
        return
    stmt = (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values({c: bindparam(f"new_{c}") for c in columns})
    )
    params = [
        {"row_id": r["id"], **{f"new_{c}": _param(c, r[c]) for c in columns}}
        for r in rows.iter_rows(named=True)
    ]
    conn.execute(stmt, params)


def _param(column: str, value: Any) -> Any:
    return _json(value) if column == "extra" else value


def _insert_rows(conn: Connection, table: Table, rows: pl.DataFrame) -> None:
    """Insert new catalog rows (`extra` as JSON text), at bulk speed for big catalogs."""
    insert_frame(conn, table.name, rows)


# -- regions ----------------------------------------------------------------------------------


def sync_regions(conn: Connection, incoming: pl.DataFrame, *, source: str) -> SyncCounts:
    """Add and update regions (code, parent, level, name, name_zh, extra, row).

    The merged tree (stored plus incoming) must have no cycle; new regions are inserted
    parents first, so every parent_id refers to a stored region.
    """
    stored = _frame(conn, regions, REGION_SCHEMA)
    code_of = dict(zip(stored["id"].to_list(), stored["code"].to_list(), strict=True))
    parent: dict[str, str | None] = {
        c: code_of.get(p) if p is not None else None
        for c, p in zip(stored["code"].to_list(), stored["parent_id"].to_list(), strict=True)
    }
    row_of = dict(zip(incoming["code"].to_list(), incoming["row"].to_list(), strict=True))
    parent.update(zip(incoming["code"].to_list(), incoming["parent"].to_list(), strict=True))
    cycle = find_cycle(parent)
    if cycle is not None:
        first = next(c for c in cycle if c in row_of)
        raise InputError(
            [
                InputProblem(
                    "the regions form a cycle: " + " -> ".join([*cycle, cycle[0]]),
                    file=source,
                    row=row_of[first],
                    column="parent",
                )
            ]
        )
    tree = RegionTree.build(parent)
    new = incoming.join(stored.select("code"), on="code", how="anti")
    counts_new = new.height
    depth = dict(zip(tree.order, tree.depth, strict=True))
    new = new.with_columns(
        pl.col("code").replace_strict(depth, return_dtype=pl.Int32).alias("depth")
    )
    ids = dict(zip(stored["code"].to_list(), stored["id"].to_list(), strict=True))
    for level_depth in sorted(set(new["depth"].to_list())):
        layer = new.filter(pl.col("depth") == level_depth)
        layer = layer.with_columns(
            pl.col("parent")
            .replace_strict(ids, default=None, return_dtype=pl.Int32)
            .alias("parent_id")
        ).select("code", "parent_id", "level", "name", "name_zh", "extra")
        _insert_rows(conn, regions, layer)
        ids.update(
            conn.execute(
                select(regions.c.code, regions.c.id).where(
                    regions.c.code.in_(layer["code"].to_list())
                )
            ).all()
        )
    existing = incoming.join(stored.select("code"), on="code", how="semi").with_columns(
        pl.col("parent").replace_strict(ids, default=None, return_dtype=pl.Int32).alias("parent_id")
    )
    columns = ["parent_id", "level", "name", "name_zh", "extra"]
    changed = _changed_with_extra(conn, regions, existing, stored, columns)
    _update_rows(conn, regions, changed, columns)
    return SyncCounts(counts_new, changed.height, existing.height - changed.height)


def _changed_with_extra(
    conn: Connection,
    table: Table,
    incoming: pl.DataFrame,
    stored: pl.DataFrame,
    columns: Sequence[str],
) -> pl.DataFrame:
    """Stored rows (by code) that the incoming rows change, with the stored id as `id`."""
    both = incoming.join(stored.select("code", "id"), on="code", how="inner")
    both = _with_stored_extra(conn, table, both)
    plain = [c for c in columns if c != "extra"]
    stored_cols = stored.select("id", *plain).rename({c: f"{c}_stored" for c in plain})
    both = both.join(stored_cols, on="id", how="left")
    differs = pl.any_horizontal(*(~pl.col(c).eq_missing(pl.col(f"{c}_stored")) for c in columns))
    return both.filter(differs)


# -- products ---------------------------------------------------------------------------------

_PRODUCT_COLUMNS = ["name", "name_zh", "uom", "uom_zh", "price", "grades", "min_grade", "extra"]


def sync_products(conn: Connection, incoming: pl.DataFrame, *, source: str) -> SyncCounts:
    """Add and update products; a product's grades may not drop a grade in use, nor its
    unit of measure change once it has reports (they would be read in the new unit)."""
    stored = _frame(conn, products, PRODUCT_SCHEMA)
    new = incoming.join(stored.select("code"), on="code", how="anti")
    _insert_rows(conn, products, new.select("code", *_PRODUCT_COLUMNS))
    changed = _changed_with_extra(conn, products, incoming, stored, _PRODUCT_COLUMNS)
    if changed.height:
        _refuse_dropped_grades(conn, changed, source)
        _refuse_changed_uom(conn, changed, source)
    _update_rows(conn, products, changed, _PRODUCT_COLUMNS)
    return _counts(incoming, new, changed)


def _refuse_dropped_grades(conn: Connection, changed: pl.DataFrame, source: str) -> None:
    problems = []
    for r in changed.iter_rows(named=True):
        keep = {float(g) for g in (r["grades"] or "").split("|") if g}
        used = {
            float(g)
            for (g,) in conn.execute(
                select(day_grades.c.grade).where(day_grades.c.product_id == r["id"]).distinct()
            )
        }
        dropped = sorted(used - keep)
        if dropped:
            shown = ", ".join(f"{g:g}" for g in dropped)
            problems.append(
                InputProblem(
                    f"product {r['code']} has reports of grade {shown}, which the new grades "
                    "leave out",
                    file=source,
                    row=r["row"],
                    column="grades",
                )
            )
    if problems:
        raise InputError(problems)


def _refuse_changed_uom(conn: Connection, changed: pl.DataFrame, source: str) -> None:
    moved = changed.filter(pl.col("uom") != pl.col("uom_stored"))
    problems = []
    for r in moved.iter_rows(named=True):
        reported = conn.execute(
            select(day_totals.c.product_id).where(day_totals.c.product_id == r["id"]).limit(1)
        ).first()
        if reported is not None:
            problems.append(
                InputProblem(
                    f"product {r['code']} has reports in {r['uom_stored']}: its unit of "
                    f"measure cannot become {r['uom']} (give that product a code of its own)",
                    file=source,
                    row=r["row"],
                    column="uom",
                )
            )
    if problems:
        raise InputError(problems)


# -- units ------------------------------------------------------------------------------------

_UNIT_COLUMNS = [
    "name",
    "name_zh",
    "region_id",
    "kind",
    "industry",
    "product_id",
    "capacity",
    "opened",
    "closed",
    "status",
    "cost",
    "extra",
]


def sync_units(conn: Connection, incoming: pl.DataFrame, *, source: str) -> SyncCounts:
    """Add and update units (with region_id, product_id resolved; merged_into by code).

    A unit with reports may not move to another region: its reports are aggregated by
    the region they were made in.
    """
    stored = _frame(conn, units, UNIT_SCHEMA)
    new = incoming.join(stored.select("code"), on="code", how="anti")
    _insert_rows(conn, units, new.select("code", *_UNIT_COLUMNS))
    changed = _changed_with_extra(conn, units, incoming, stored, _UNIT_COLUMNS)
    moved = changed.filter(pl.col("region_id") != pl.col("region_id_stored"))
    if moved.height:
        with_reports = set(
            conn.execute(
                select(unit_months.c.unit_id)
                .where(unit_months.c.unit_id.in_(moved["id"].to_list()))
                .distinct()
            ).scalars()
        )
        bad = moved.filter(pl.col("id").is_in(list(with_reports)))
        if bad.height:
            raise InputError(
                [
                    InputProblem(
                        f"unit {r['code']} has reports in another region; a unit with reports "
                        "cannot move (close it and open a new unit instead)",
                        file=source,
                        row=r["row"],
                        column="region",
                    )
                    for r in bad.iter_rows(named=True)
                ]
            )
    _update_rows(conn, units, changed, _UNIT_COLUMNS)
    _sync_merges(conn, incoming)
    return _counts(incoming, new, changed)


def _counts(incoming: pl.DataFrame, new: pl.DataFrame, changed: pl.DataFrame) -> SyncCounts:
    """Counts of a sync by code (codes are unique in a checked file)."""
    return SyncCounts(new.height, changed.height, incoming.height - new.height - changed.height)


def _sync_merges(conn: Connection, incoming: pl.DataFrame) -> None:
    """Point merged units at the units that absorbed them (possibly new in this batch)."""
    merging = incoming.filter(pl.col("merged_into").is_not_null()).select("code", "merged_into")
    if merging.height == 0:
        return
    ids = dict(conn.execute(select(units.c.code, units.c.id)).all())
    stored = dict(conn.execute(select(units.c.code, units.c.merged_into_id)).all())
    params = [
        {"row_code": code, "target": ids[target]}
        for code, target in merging.iter_rows()
        if stored.get(code) != ids[target]
    ]
    if params:
        conn.execute(
            update(units)
            .where(units.c.code == bindparam("row_code"))
            .values(merged_into_id=bindparam("target")),
            params,
        )


# -- recipes and links ------------------------------------------------------------------------


def sync_recipes(conn: Connection, incoming: pl.DataFrame) -> SyncCounts:
    """Add recipe lines and update their coefficients and ranges (product_id, kind,
    item_id, role, region_id: NULL for lines that hold everywhere; per_unit, low, high)."""
    return sync_keyed(
        conn,
        recipes,
        incoming,
        ["product_id", "kind", "item_id", "role", "region_id"],
        ["per_unit", "low", "high", "extra"],
    )


def sync_links(conn: Connection, incoming: pl.DataFrame) -> SyncCounts:
    """Add transport links and update their capacities (source_id, target_id, mode)."""
    return sync_keyed(
        conn, links, incoming, ["source_id", "target_id", "mode"], ["capacity", "cost", "extra"]
    )


def sync_stocks(conn: Connection, incoming: pl.DataFrame) -> SyncCounts:
    """Add opening stocks and update their quantities (region_id, product_id, day)."""
    return sync_keyed(
        conn, stocks, incoming, ["region_id", "product_id", "day"], ["quantity", "extra"]
    )


def sync_keyed(
    conn: Connection,
    table: Table,
    incoming: pl.DataFrame,
    keys: Sequence[str],
    columns: Sequence[str],
) -> SyncCounts:
    """Insert rows of new keys, update changed columns of stored keys, leave the rest."""
    schema = {"id": pl.Int32, **{k: incoming.schema[k] for k in keys}}
    schema.update({c: incoming.schema[c] for c in columns if c != "extra"})
    stored = _frame(conn, table, schema)
    # a key may hold NULL (a recipe line for everywhere): NULL matches NULL here
    new = incoming.join(stored.select(keys), on=list(keys), how="anti", nulls_equal=True)
    _insert_rows(conn, table, new.select(*keys, *columns))
    both = incoming.join(stored.select("id", *keys), on=list(keys), how="inner", nulls_equal=True)
    if both.height == 0:
        return SyncCounts(inserted=new.height)
    both = _with_stored_extra(conn, table, both)
    plain = [c for c in columns if c != "extra"]
    both = both.join(stored.select("id", *plain).rename({c: f"{c}_stored" for c in plain}), on="id")
    changed = both.filter(
        pl.any_horizontal(*(~pl.col(c).eq_missing(pl.col(f"{c}_stored")) for c in columns))
    )
    _update_rows(conn, table, changed, columns)
    return SyncCounts(new.height, changed.height, both.height - changed.height)


# -- plans ------------------------------------------------------------------------------------

_PLAN_KEY = ["region_id", "unit_id", "product_id", "start", "end"]


def sync_plans(
    conn: Connection, incoming: pl.DataFrame, *, import_id: int, source: str
) -> SyncCounts:
    """Add plan versions (region_id or unit_id, product_id (null = value), start, end,
    target, name, version (optional), extra, row).

    A row without a version states the plan's current target: nothing happens if it is
    the target of the newest stored version, else it becomes a new version. A row with a
    version (as written by export) must agree with that stored version, or adds it.
    """
    stored_rows = conn.execute(
        select(*(plans.c[c] for c in (*_PLAN_KEY, "version", "target", "name", "priority")))
    ).all()
    latest: dict[tuple[Any, ...], tuple[int, float, str | None, float | None]] = {}
    versions: dict[tuple[Any, ...], float] = {}
    for row in stored_rows:
        key = tuple(row[:5])
        versions[(*key, row.version)] = row.target
        if key not in latest or row.version > latest[key][0]:
            latest[key] = (row.version, row.target, row.name, row.priority)
    problems: list[InputProblem] = []
    seen_in_file: dict[tuple[Any, ...], int] = {}
    to_insert: list[dict[str, Any]] = []
    unchanged = 0
    for r in incoming.iter_rows(named=True):
        key = tuple(r[k] for k in _PLAN_KEY)
        if r["version"] is not None:
            stored_target = versions.get((*key, r["version"]))
            if stored_target is None:
                to_insert.append(_plan_record(r, r["version"], import_id))
                versions[(*key, r["version"])] = r["target"]
                if key not in latest or r["version"] > latest[key][0]:
                    latest[key] = (r["version"], r["target"], r["name"], r["priority"])
            elif stored_target == r["target"]:
                unchanged += 1
            else:
                problems.append(
                    InputProblem(
                        f"version {r['version']} of this plan is stored with target "
                        f"{stored_target:g}, not {r['target']:g}",
                        file=source,
                        row=r["row"],
                        column="target",
                    )
                )
            continue
        if key in seen_in_file:
            problems.append(
                InputProblem(
                    f"the same plan (scope, product, start, end) as row {seen_in_file[key]}; "
                    "give each its own period, or a version column",
                    file=source,
                    row=r["row"],
                )
            )
            continue
        seen_in_file[key] = r["row"]
        current = latest.get(key)
        if current is not None and current[1:] == (r["target"], r["name"], r["priority"]):
            unchanged += 1
            continue
        version = 1 if current is None else current[0] + 1
        to_insert.append(_plan_record(r, version, import_id))
        latest[key] = (version, r["target"], r["name"], r["priority"])
    if problems:
        raise InputError(problems)
    if to_insert:
        conn.execute(plans.insert(), to_insert)
    return SyncCounts(inserted=len(to_insert), unchanged=unchanged)


def _plan_record(r: Mapping[str, Any], version: int, import_id: int) -> dict[str, Any]:
    return {
        **{k: r[k] for k in _PLAN_KEY},
        "target": r["target"],
        "name": r["name"],
        "priority": r["priority"],
        "version": version,
        "import_id": import_id,
        "extra": _json(r["extra"]),
    }
