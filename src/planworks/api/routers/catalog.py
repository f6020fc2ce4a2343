"""Regions, units and products, as far as the reader may see."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from planworks.api.deps import ConnDep, ReachDep
from planworks.api.schemas import PROBLEMS, TEXT_PATTERN, ProductRead, RegionRead, UnitRead
from planworks.domain.access import Role
from planworks.domain.errors import NotFoundError
from planworks.domain.model import parse_grades
from planworks.domain.periods import from_day_number
from planworks.services.access import Reach
from planworks.store.catalog import load_products
from planworks.store.places import UnitRow, list_units

PathCode = Annotated[str, Path(pattern=TEXT_PATTERN, max_length=64)]

router = APIRouter(tags=["catalog"], responses=PROBLEMS)


def _region(reach: Reach, code: str) -> RegionRead:
    name, name_zh = reach.regions.names[code]
    path = reach.regions.path(code)
    parent = path[1] if len(path) > 1 and reach.region(path[1]) else None
    return RegionRead(
        code=code,
        name=name,
        name_zh=name_zh,
        parent=parent,
        children=len(reach.regions.children(code)),
    )


@router.get("/regions", response_model=list[RegionRead])
def regions(
    reach: ReachDep,
    parent: Annotated[str | None, Query(pattern=TEXT_PATTERN, max_length=64)] = None,
    q: Annotated[
        str | None,
        Query(pattern=TEXT_PATTERN, max_length=100, description="Search codes and names."),
    ] = None,
) -> list[RegionRead]:
    """The regions just below `parent` (default: the top of what you may see), or with `q`,
    every region you may see whose code or name holds it."""
    visible = reach.region_codes()
    if q:
        needle = q.lower()
        found = [
            c
            for c in reach.regions.tree.order
            if (visible is None or c in visible)
            and (
                needle in c.lower()
                or needle in reach.regions.names[c][0].lower()
                or q in (reach.regions.names[c][1] or "")
            )
        ]
        return [_region(reach, c) for c in found[:200]]
    if parent is None:
        tops = reach.regions.children(None) if reach.home is None else [reach.home]
        return [_region(reach, c) for c in tops if reach.region(c)]
    if not reach.region(parent):
        raise NotFoundError(f"no region {parent!r} within your reach", field="parent")
    return [_region(reach, c) for c in reach.regions.children(parent)]


@router.get("/regions/{code}", response_model=RegionRead)
def region(code: PathCode, reach: ReachDep) -> RegionRead:
    if not reach.region(code):
        raise NotFoundError(f"no region {code!r} within your reach", field="code")
    return _region(reach, code)


def _unit(u: UnitRow) -> UnitRead:
    return UnitRead(
        code=u.code,
        name=u.name,
        name_zh=u.name_zh,
        region=u.region,
        kind=u.kind,
        industry=u.industry,
        product=u.product,
        capacity=u.capacity,
        opened=from_day_number(u.opened),
        closed=None if u.closed is None else from_day_number(u.closed),
        status=u.status,
    )


@router.get("/units", response_model=list[UnitRead])
def units(
    reach: ReachDep,
    conn: ConnDep,
    region: Annotated[
        str | None, Query(pattern=TEXT_PATTERN, max_length=64, description="With all below it.")
    ] = None,
    q: Annotated[str | None, Query(pattern=TEXT_PATTERN, max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[UnitRead]:
    """Units you may see, in a region's subtree, by code."""
    codes = None
    if reach.principal.role is Role.REPORTER:
        codes = sorted(reach.principal.units)
    within = None
    if region is not None:
        if not reach.region(region) and reach.principal.role is not Role.REPORTER:
            raise NotFoundError(f"no region {region!r} within your reach", field="region")
        within = list(reach.regions.subtree(region))
    elif reach.region_codes() is not None and codes is None:
        within = sorted(reach.region_codes() or ())
    rows = list_units(conn, regions_in=within, codes=codes, search=q, limit=limit, offset=offset)
    return [_unit(u) for u in rows]


@router.get("/units/{code}", response_model=UnitRead)
def unit(code: PathCode, reach: ReachDep, conn: ConnDep) -> UnitRead:
    if not reach.units(conn, [code]).get(code):
        raise NotFoundError(f"no unit {code!r} within your reach", field="code")
    return _unit(list_units(conn, codes=[code])[0])


@router.get("/products", response_model=list[ProductRead])
def products(reach: ReachDep, conn: ConnDep) -> list[ProductRead]:
    """Every product (the catalog of products is the same everywhere)."""
    return [
        ProductRead(
            code=p["code"],
            name=p["name"],
            name_zh=p["name_zh"],
            uom=p["uom"],
            uom_zh=p["uom_zh"],
            price=p["price"],
            grades=list(parse_grades(p["grades"])),
            min_grade=p["min_grade"],
        )
        for p in load_products(conn).iter_rows(named=True)
    ]
