"""The region tree kept per process, and the stamp that says when to build it again."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, delete, select, update

from planworks.domain.periods import day_number
from planworks.services.importing import import_folder
from planworks.store.places import built_from_regions, region_index, regions_stamp
from planworks.store.queries import load_plans, product_plans
from planworks.store.tables import data_versions, plans, regions
from tests.conftest import DATA


def _add(engine: Engine, *rows: tuple[int, str, int | None]) -> None:
    with engine.begin() as conn:
        conn.execute(
            regions.insert(),
            [
                {"id": i, "code": code, "parent_id": parent, "level": "x", "name": code}
                for i, code, parent in rows
            ],
        )


def _stamp(engine: Engine) -> tuple[object, ...] | None:
    with engine.connect() as conn:
        return regions_stamp(conn)


def test_every_change_of_the_regions_bumps_their_stamp(engine: Engine) -> None:
    seen = [_stamp(engine)]  # none yet (PostgreSQL: the tests' truncate made one)
    _add(engine, (1, "A", None), (2, "B", 1))
    seen.append(_stamp(engine))
    with engine.begin() as conn:
        conn.execute(update(regions).where(regions.c.code == "B").values(name="Bee"))
    seen.append(_stamp(engine))
    with engine.begin() as conn:
        conn.execute(delete(regions).where(regions.c.code == "B"))
    seen.append(_stamp(engine))
    assert None not in seen[1:]
    assert len(set(seen)) == 4


def test_the_kept_tree_follows_renames_moves_and_new_regions(engine: Engine) -> None:
    _add(engine, (1, "A", None), (2, "B", 1), (3, "C", 1))
    with engine.connect() as conn:
        first = region_index(conn)
        assert region_index(conn) is first  # kept
    assert first.path("C") == ("C", "A")
    with engine.begin() as conn:
        conn.execute(update(regions).where(regions.c.code == "C").values(parent_id=2))
    with engine.connect() as conn:
        moved = region_index(conn)
    assert moved.path("C") == ("C", "B", "A")
    _add(engine, (4, "D", 3))
    with engine.connect() as conn:
        assert region_index(conn).path("D") == ("D", "C", "B", "A")
    with engine.begin() as conn:
        conn.execute(update(regions).where(regions.c.code == "D").values(name="Dee"))
    with engine.connect() as conn:
        assert region_index(conn).names["D"] == ("Dee", None)


def test_without_a_stamp_the_rows_themselves_are_compared(engine: Engine) -> None:
    _add(engine, (1, "A", None))
    with engine.connect() as conn:
        assert region_index(conn).path("A") == ("A",)
    _add(engine, (2, "B", 1))
    with engine.begin() as conn:  # as if the stamp had gone
        conn.execute(delete(data_versions))
    with engine.connect() as conn:
        assert regions_stamp(conn) is None
        assert region_index(conn).path("B") == ("B", "A")


def test_what_is_built_is_kept_per_name(engine: Engine) -> None:
    _add(engine, (1, "A", None))
    calls: list[str] = []

    def build(state: object) -> list[str]:
        calls.append("built")
        return ["made"]

    with engine.connect() as conn:
        one = built_from_regions(conn, "test list", build)
        two = built_from_regions(conn, "test list", build)
    assert one is two
    assert calls == ["built"]


def test_the_kept_plans_of_a_product_follow_every_change(engine: Engine, tmp_path: Path) -> None:
    import_folder(engine, DATA / "tiny-county")
    with engine.connect() as conn:
        first = product_plans(conn, "iron")
        assert product_plans(conn, "iron") == first
        assert first == load_plans(conn, product="iron")
    january = next(p for p in first if p.scope == "T")
    with engine.begin() as conn:  # a new version of the county's plan
        conn.execute(
            plans.insert().values(
                region_id=select(regions.c.id).where(regions.c.code == "T").scalar_subquery(),
                product_id=conn.execute(
                    select(plans.c.product_id).where(plans.c.id == january.id)
                ).scalar_one(),
                start=day_number(january.start),
                end=day_number(january.end),
                target=333.0,
                version=january.version + 1,
            )
        )
    with engine.connect() as conn:
        now = product_plans(conn, "iron")
        assert now == load_plans(conn, product="iron")
    assert next(p.target for p in now if p.scope == "T") == 333.0
    with engine.begin() as conn:  # a region renamed: plans name their scope by code
        conn.execute(update(regions).where(regions.c.code == "T-A").values(code="T-AA"))
    with engine.connect() as conn:
        assert {p.scope for p in product_plans(conn, "iron")} >= {"T-AA"}
