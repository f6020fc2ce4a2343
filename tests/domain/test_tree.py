from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planworks.domain.tree import RegionTree, find_cycle

PARENT = {"CN": None, "HE": "CN", "HA": "CN", "BD": "HE", "XS": "BD", "ZZ": "HA"}


def test_build_orders_parents_first() -> None:
    tree = RegionTree.build(PARENT)
    position = {n: i for i, n in enumerate(tree.order)}
    assert all(position[p] < position[c] for c, p in PARENT.items() if p is not None)
    assert set(tree.subtree("HE")) == {"HE", "BD", "XS"}
    assert tree.ancestors("XS") == ["BD", "HE", "CN"]
    assert tree.roots() == ["CN"]


def test_cycle_and_unknown_parent() -> None:
    assert find_cycle({"A": "B", "B": "C", "C": "A", "D": None}) is not None
    assert find_cycle(PARENT) is None
    with pytest.raises(ValueError, match="cycle"):
        RegionTree.build({"A": "A"})
    with pytest.raises(ValueError, match="not a region"):
        RegionTree.build({"A": "X"})


@st.composite
def forests(draw: st.DrawFn) -> dict[int, int | None]:
    n = draw(st.integers(1, 60))
    # each node's parent is an earlier node (or none): always a forest
    return {i: (draw(st.integers(-1, i - 1)) if i else -1) for i in range(n)}


@given(forests())
def test_subtree_slices_partition_descendants(raw: dict[int, int | None]) -> None:
    parent = {k: (None if v is None or v < 0 else v) for k, v in raw.items()}
    tree = RegionTree.build(parent)
    assert sorted(tree.order) == sorted(parent)
    for node in parent:
        below = set(tree.subtree(node))
        expected = {n for n in parent if n == node or node in tree.ancestors(n)}
        assert below == expected
