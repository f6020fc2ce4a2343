"""Where places sit in the region tree, for access checks on every request.

The region tree (a few thousand rows for a whole country) is built once per process and
kept until the regions change: each use reads the regions' stamp (one row that a
trigger bumps whenever they change) and compares it with the stamp it was built at. A
unit's region is one indexed read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Connection, func, select

from planworks.domain.tree import RegionTree
from planworks.store.tables import data_versions, products, regions, units

__all__ = [
    "RegionIndex",
    "RegionsState",
    "UnitRow",
    "built_from_regions",
    "data_stamp",
    "list_units",
    "region_index",
    "regions_stamp",
    "regions_state",
    "unit_regions",
]


@dataclass(frozen=True)
class RegionIndex:
    """The region tree by code: each region's path up to its root, and subtrees."""

    tree: RegionTree[str]
    names: dict[str, tuple[str, str | None]]  # code -> (name, name_zh)
    _paths: dict[str, tuple[str, ...]]

    def path(self, code: str) -> tuple[str, ...]:
        """The region's code and those of every region above it; () if no such region."""
        return self._paths.get(code, ())

    def __contains__(self, code: object) -> bool:
        return code in self._paths

    def subtree(self, code: str) -> Sequence[str]:
        return self.tree.subtree(code) if code in self._paths else ()

    def children(self, code: str | None) -> list[str]:
        """The regions just below `code` (the roots for None), in tree order."""
        if code is None:
            return self.tree.roots()
        if code not in self._paths:
            return []
        i = self.tree.order.index(code)
        return [
            self.tree.order[j]
            for j in range(i + 1, i + self.tree.size[i])
            if self.tree.parent_index[j] == i
        ]


T = TypeVar("T")

_lock = threading.Lock()


@dataclass
class _Kept:
    stamp: tuple[Any, ...] | None  # the regions' data_versions stamp when last compared
    state: RegionsState
    made: dict[str, Any]  # name -> what was built from `state`


_kept: dict[str, _Kept] = {}  # by database URL


#: Every region as (id, parent_id, code, name, name_zh), by id: what the caches of the
#: region tree are built from.
RegionsState = tuple[tuple[Any, ...], ...]


def regions_state(conn: Connection) -> RegionsState:
    # straight to the driver: plain ints and strings need none of SQLAlchemy's row
    # processing, which would double the cost of a read of every region
    rows = conn.exec_driver_sql(
        "SELECT id, parent_id, code, name, name_zh FROM regions ORDER BY id"
    ).fetchall()
    return tuple(map(tuple, rows))


def data_stamp(conn: Connection, name: str) -> tuple[Any, ...] | None:
    """The stamp (version, epoch) of a table (`regions`, `plans`), bumped by a trigger in
    every transaction that changes its rows; None if there is none (never written)."""
    row = conn.execute(
        select(data_versions.c.version, data_versions.c.epoch).where(data_versions.c.name == name)
    ).first()
    return None if row is None else tuple(row)


def regions_stamp(conn: Connection) -> tuple[Any, ...] | None:
    return data_stamp(conn, "regions")


def built_from_regions(conn: Connection, name: str, build: Callable[[RegionsState], T]) -> T:
    """What `build` makes of this database's regions, kept per process under `name` and
    built again only when the regions' rows change.

    Whether they changed is known from their stamp (one row); where the stamp is new,
    the rows themselves are compared, so that a stamp bumped by a change undone (or a
    database made again) costs one read, not a rebuild.
    """
    url = str(conn.engine.url)
    stamp = regions_stamp(conn)
    with _lock:
        kept = _kept.get(url)
        if kept is not None and stamp is not None and kept.stamp == stamp and name in kept.made:
            made: T = kept.made[name]
            return made
    state = regions_state(conn)
    with _lock:
        kept = _kept.get(url)
        if kept is None or kept.state != state:
            kept = _kept[url] = _Kept(stamp, state, {})
        kept.stamp = stamp
        if name in kept.made:
            made = kept.made[name]
            return made  # noqa: RET504 (typed as T here, Any in the dict)
    made = build(state)
    with _lock:
        if _kept.get(url) is kept:
            kept.made[name] = made
    return made


def region_index(conn: Connection) -> RegionIndex:
    """The region index of this database (kept until the regions change)."""
    return built_from_regions(conn, "index", _index_of)


def _index_of(state: RegionsState) -> RegionIndex:
    code_of = {r[0]: r[2] for r in state}
    tree = RegionTree.build({r[2]: code_of.get(r[1]) for r in state})
    paths: dict[str, tuple[str, ...]] = {}
    for i, code in enumerate(tree.order):
        p = tree.parent_index[i]
        paths[code] = (code, *paths[tree.order[p]]) if p >= 0 else (code,)
    return RegionIndex(tree, {r[2]: (r[3], r[4]) for r in state}, paths)


def unit_regions(conn: Connection, codes: Iterable[str]) -> dict[str, str]:
    """The region code of each of these units that exists."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    rows = conn.execute(
        select(units.c.code, regions.c.code.label("region"))
        .join(regions, regions.c.id == units.c.region_id)
        .where(units.c.code.in_(wanted))
    ).all()
    return {r.code: r.region for r in rows}


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    name_zh: str | None
    region: str
    kind: str
    industry: str | None
    product: str | None
    capacity: float | None
    opened: int
    closed: int | None
    status: str | None


def list_units(
    conn: Connection,
    *,
    regions_in: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
    search: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[UnitRow]:
    """Units in these regions and/or of these codes (None: no such condition), whose code
    or name holds `search`, by code."""
    stmt = (
        select(
            units.c.code,
            units.c.name,
            units.c.name_zh,
            regions.c.code.label("region"),
            units.c.kind,
            units.c.industry,
            products.c.code.label("product"),
            units.c.capacity,
            units.c.opened,
            units.c.closed,
            units.c.status,
        )
        .join(regions, regions.c.id == units.c.region_id)
        .outerjoin(products, products.c.id == units.c.product_id)
        .order_by(units.c.code)
        .limit(limit)
        .offset(offset)
    )
    if regions_in is not None:
        stmt = stmt.where(regions.c.code.in_(list(regions_in)))
    if codes is not None:
        stmt = stmt.where(units.c.code.in_(list(codes)))
    if search:
        pattern = f"%{search.lower()}%"
        stmt = stmt.where(
            func.lower(units.c.code).like(pattern)
            | func.lower(units.c.name).like(pattern)
            | func.coalesce(units.c.name_zh, "").like(f"%{search}%")
        )
    return [UnitRow(*r) for r in conn.execute(stmt).all()]
