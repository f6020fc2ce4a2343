from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planworks.domain.tree import RegionTree, find_cycle
from planworks.metrics.rollup import rollup

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


@given(forests(), st.lists(st.integers(0, 59), max_size=6), st.randoms(use_true_random=False))
def test_a_rollup_over_the_spanned_part_equals_the_whole_trees(
    raw: dict[int, int | None], picks: list[int], rnd: random.Random
) -> None:
    parent = {k: (None if v is None or v < 0 else v) for k, v in raw.items()}
    tree = RegionTree.build(parent)
    nodes = [p % len(tree) for p in picks]
    part, kept = tree.spanned(nodes)
    assert set(kept) == {tree.order.index(n) for i in nodes for n in tree.subtree(tree.order[i])}
    own = np.array([[rnd.uniform(0, 10)] for _ in tree.order])
    whole = rollup(tree, own)
    partial = rollup(part, own[kept])
    assert partial[:, 0] == pytest.approx(whole[kept, 0])
