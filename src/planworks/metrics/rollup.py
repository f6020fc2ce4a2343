"""Region-tree rollups: each region's figures plus those of everything below it."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from planworks.domain.tree import RegionTree

__all__ = ["rollup"]

Floats = npt.NDArray[np.float64]


def rollup(tree: RegionTree[Any], own: Floats) -> Floats:
    """Subtree totals: row i of the result is the sum of `own` over node i's subtree.

    `own` has one row per node of `tree`, in the tree's order (any number of columns).
    """
    out = np.array(own, dtype=np.float64, copy=True)
    parents = np.asarray(tree.parent_index, dtype=np.int64)
    depth = np.asarray(tree.depth, dtype=np.int64)
    for d in range(int(depth.max(initial=0)), 0, -1):
        nodes = np.flatnonzero(depth == d)
        p = parents[nodes]
        # In the tree's depth-first order the children of a parent come together: each
        # run of equal parents is summed in one go (`np.add.at` is ten times slower).
        starts = np.flatnonzero(np.r_[True, p[1:] != p[:-1]])
        if len(np.unique(p)) == len(starts):
            out[p[starts]] += np.add.reduceat(out[nodes], starts, axis=0)
        else:  # not depth-first order after all
            np.add.at(out, p, out[nodes])
    return out
