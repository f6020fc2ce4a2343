"""`among`: a column's value is one of many ids, sent as one parameter."""

from __future__ import annotations

from collections.abc import Collection

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, not_, select

from planworks.store.among import among
from planworks.store.tables import regions

IDS = range(1, 41)


def _regions(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            regions.insert(),
            [{"id": i, "code": f"R{i}", "level": "x", "name": f"R{i}"} for i in IDS],
        )


def _chosen(engine: Engine, ids: Collection[int], *, negated: bool = False) -> list[int]:
    test = among(regions.c.id, ids)
    with engine.connect() as conn:
        found = conn.execute(select(regions.c.id).where(not_(test) if negated else test))
        return sorted(found.scalars())


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(min_value=-5, max_value=50)))
def test_the_rows_whose_value_is_among_the_ids(engine: Engine, ids: list[int]) -> None:
    with engine.connect() as conn:
        if conn.execute(select(regions.c.id).limit(1)).first() is None:
            _regions(engine)
    wanted = sorted(set(ids) & set(IDS))
    assert _chosen(engine, ids) == wanted
    assert _chosen(engine, ids, negated=True) == sorted(set(IDS) - set(ids))


def test_any_collection_of_any_size_is_one_parameter(engine: Engine) -> None:
    _regions(engine)
    # more ids than SQLite allows parameters in one statement (32,766)
    many = [*range(-50_000, 0), 3, 7]
    assert _chosen(engine, many) == [3, 7]
    assert _chosen(engine, {5: "a dict's keys", 9: ""}) == [5, 9]
    assert _chosen(engine, ()) == []
    statement = select(regions.c.id).where(among(regions.c.id, [1, 2, 3]))
    sql = str(statement.compile(engine))
    assert sql.count("?") + sql.count("%(") == 1  # one parameter, whatever the count
