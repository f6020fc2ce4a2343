"""The region tree: parents, depth-first order, subtrees, and cycle detection."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["RegionTree", "find_cycle"]

K = TypeVar("K", bound=Hashable)


def find_cycle(parent: Mapping[K, K | None]) -> list[K] | None:
    """A cycle in a parent map (as the list of its members), or None if it is a forest."""
    state: dict[K, int] = {}  # 1 = on the current path, 2 = known to reach a root
    for start in parent:
        path: list[K] = []
        node: K | None = start
        while node is not None and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = parent.get(node)
        if node is not None and state[node] == 1:
            return path[path.index(node) :]
        for n in path:
            state[n] = 2
    return None


@dataclass(frozen=True)
class RegionTree(Generic[K]):
    """A forest of regions in depth-first (pre-)order.

    `order[i]` is the i-th node; node `order[i]`'s subtree is `order[i : i + size[i]]`,
    so a subtree is one slice and a rollup is one pass from the leaves up.
    """

    order: tuple[K, ...]
    parent_index: tuple[int, ...]  # index into `order` of each node's parent, -1 for roots
    size: tuple[int, ...]
    depth: tuple[int, ...]

    @classmethod
    def build(cls, parent: Mapping[K, K | None]) -> RegionTree[K]:
        """The tree of a parent map; raises ValueError on a cycle or an unknown parent."""
        for node, p in parent.items():
            if p is not None and p not in parent:
                raise ValueError(f"the parent {p!r} of {node!r} is not a region")
        cycle = find_cycle(parent)
        if cycle is not None:
            raise ValueError("the regions form a cycle: " + " -> ".join(map(str, cycle)))
        children: dict[K | None, list[K]] = {}
        for node, p in parent.items():
            children.setdefault(p, []).append(node)
        order: list[K] = []
        parent_index: list[int] = []
        depth: list[int] = []
        # iterative depth-first walk, children in the order they were given
        stack: list[tuple[K, int, int]] = [(r, -1, 0) for r in reversed(children.get(None, []))]
        while stack:
            node, p_idx, d = stack.pop()
            idx = len(order)
            order.append(node)
            parent_index.append(p_idx)
            depth.append(d)
            stack.extend((c, idx, d + 1) for c in reversed(children.get(node, [])))
        size = [1] * len(order)
        for i in range(len(order) - 1, -1, -1):
            if parent_index[i] >= 0:
                size[parent_index[i]] += size[i]
        return cls(tuple(order), tuple(parent_index), tuple(size), tuple(depth))

    def __len__(self) -> int:
        return len(self.order)

    def index(self) -> dict[K, int]:
        return {node: i for i, node in enumerate(self.order)}

    def subtree(self, node: K) -> Sequence[K]:
        """The node and everything below it."""
        i = self.order.index(node)
        return self.order[i : i + self.size[i]]

    def ancestors(self, node: K) -> list[K]:
        """The node's parent, grandparent, ... up to its root."""
        out = []
        i = self.parent_index[self.order.index(node)]
        while i >= 0:
            out.append(self.order[i])
            i = self.parent_index[i]
        return out

    def roots(self) -> list[K]:
        return [n for n, p in zip(self.order, self.parent_index, strict=True) if p < 0]

    def spanned(self, nodes: Iterable[int]) -> tuple[RegionTree[K], list[int]]:
        """The forest of the subtrees of these nodes (indexes into `order`), and the
        index in `order` of each of its nodes: a rollup over it gives those subtrees'
        totals from their rows alone."""
        kept: list[int] = []
        depth: list[int] = []  # below the kept subtree's top
        end = -1
        for i in sorted(set(nodes)):
            if i >= end:  # not inside a subtree already kept
                end = i + self.size[i]
                kept.extend(range(i, end))
                depth.extend(self.depth[j] - self.depth[i] for j in range(i, end))
        at = {old: new for new, old in enumerate(kept)}
        return (
            RegionTree(
                tuple(self.order[i] for i in kept),
                tuple(
                    at.get(self.parent_index[i], -1) if d else -1
                    for i, d in zip(kept, depth, strict=True)
                ),
                tuple(self.size[i] for i in kept),
                tuple(depth),
            ),
            kept,
        )
