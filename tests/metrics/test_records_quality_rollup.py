from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from planworks.domain.tree import RegionTree
from planworks.metrics.quality import quality
from planworks.metrics.records import first_day_over, record_days
from planworks.metrics.rollup import rollup


def test_records_and_first_day_over() -> None:
    daily = np.array([0.0, 300, 500, 500, 400, 18_500, 3_000, 44_000])
    assert record_days(daily).tolist() == [1, 2, 5, 7]
    assert first_day_over(daily, 18_000) == 5
    assert first_day_over(daily, 50_000) is None


def test_quality() -> None:
    q = quality({200: 13.0, 300: 65.0, 400: 20.0, 500: 2.0}, total=110.0, min_grade=300)
    assert q.shares_pct[400] == pytest.approx(20.0)
    assert q.mean_grade == pytest.approx(311.0)
    assert q.usable == pytest.approx(87.0)
    assert q.ungraded == pytest.approx(10.0)
    assert quality({}, total=5.0, min_grade=None).usable == 5.0


def test_rollup_small_tree() -> None:
    tree = RegionTree.build({"CN": None, "HE": "CN", "HA": "CN", "BD": "HE"})
    own = {"CN": 1.0, "HE": 2.0, "HA": 4.0, "BD": 8.0}
    totals = rollup(tree, np.array([[own[n]] for n in tree.order]))
    got = dict(zip(tree.order, totals[:, 0], strict=True))
    assert got == {"CN": 15.0, "HE": 10.0, "HA": 4.0, "BD": 8.0}


@st.composite
def trees_with_figures(draw: st.DrawFn) -> tuple[RegionTree[int], np.ndarray]:
    n = draw(st.integers(1, 40))
    parent = {i: (draw(st.integers(0, i - 1)) if i else None) for i in range(n)}
    own = draw(arrays(np.float64, (n, 3), elements=st.floats(0, 1e6, allow_nan=False)))
    return RegionTree.build(parent), own


@given(trees_with_figures())
def test_a_region_is_itself_plus_its_children(case: tuple[RegionTree[int], np.ndarray]) -> None:
    tree, own = case
    totals = rollup(tree, own)
    for i in range(len(tree)):
        children = [j for j, p in enumerate(tree.parent_index) if p == i]
        assert totals[i] == pytest.approx(own[i] + totals[children].sum(axis=0))
    roots = [i for i, p in enumerate(tree.parent_index) if p < 0]
    assert totals[roots].sum(axis=0) == pytest.approx(own.sum(axis=0))
