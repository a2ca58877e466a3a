"""A tree over the members from distances (1 − similarity): average linkage (UPGMA), its clades,
their bootstrap support, leaf order for the heatmap, and Newick.

Average linkage joins the two closest groups, the distance between groups being the mean distance
between their members. It gives a rooted, ultrametric tree: a clade's height is half the average
distance between its two halves, so a leaf-to-leaf path is that distance. It was chosen over
neighbour joining because the heatmap beside it needs a rooted order, and similarity between
writing habits has no molecular clock to violate; a clade's support is the share of bootstrap
replicates whose own average-linkage tree holds exactly the same set of members.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Tree:
    """``merges[k] = (left, right, height)`` makes node ``n + k``; nodes below ``n`` are the leaves."""

    n: int
    merges: list[tuple[int, int, float]]
    #: Per merge: the leaves under it, as a bit mask (bit i = leaf i).
    clades: list[int] = field(default_factory=list)
    #: Per merge: the share of bootstrap trees holding the same clade (None: no bootstrap).
    support: list[float | None] = field(default_factory=list)

    @property
    def root(self) -> int:
        return self.n + len(self.merges) - 1 if self.merges else 0

    def children(self, node: int) -> tuple[int, int] | None:
        if node < self.n:
            return None
        left, right, _ = self.merges[node - self.n]
        return left, right

    def height(self, node: int) -> float:
        return 0.0 if node < self.n else self.merges[node - self.n][2]

    def order(self) -> list[int]:
        """Leaves left to right as the dendrogram draws them (the heatmap's row order)."""
        out: list[int] = []
        stack = [self.root] if self.n else []
        while stack:
            node = stack.pop()
            kids = self.children(node)
            if kids is None:
                out.append(node)
            else:
                stack.extend((kids[1], kids[0]))
        return out

    def newick(self, names: list[str], digits: int = 4) -> str:
        """Newick with branch lengths; an inner node is labelled with its support when known."""

        def quote(name: str) -> str:
            if name and not any(c in name for c in " ()[]':;,\t\n"):
                return name
            return "'" + name.replace("'", "''") + "'"

        def walk(node: int, parent_height: float) -> str:
            length = f":{max(parent_height - self.height(node), 0.0):.{digits}f}"
            kids = self.children(node)
            if kids is None:
                return quote(names[node]) + length
            k = node - self.n
            sup = self.support[k] if k < len(self.support) else None
            label = "" if sup is None else f"{sup:.2f}"
            return f"({walk(kids[0], self.height(node))},{walk(kids[1], self.height(node))}){label}{length}"

        if self.n == 1:
            return quote(names[0]) + ";"
        body = walk(self.root, self.height(self.root))
        return body.rsplit(":", 1)[0] + ";"  # the root has no branch above it


def average_linkage(distance: np.ndarray) -> Tree:
    """UPGMA on a symmetric distance matrix (ties: the lowest index pair first)."""
    d = np.array(distance, dtype=float, copy=True)
    n = d.shape[0]
    if n == 0:
        return Tree(0, [])
    np.fill_diagonal(d, np.inf)
    size = np.ones(n)
    node = np.arange(n)  # the tree node each row currently stands for
    masks = [1 << i for i in range(n)]
    merges: list[tuple[int, int, float]] = []
    clades: list[int] = []
    for k in range(n - 1):
        flat = int(np.argmin(d))
        i, j = divmod(flat, n)
        if i > j:
            i, j = j, i
        dij = d[i, j]
        left, right = int(node[i]), int(node[j])
        merges.append((left, right, float(dij) / 2.0))
        mask = masks[i] | masks[j]
        clades.append(mask)
        # row i becomes the merged group; row j leaves
        merged = (size[i] * d[i] + size[j] * d[j]) / (size[i] + size[j])
        d[i, :] = merged
        d[:, i] = merged
        d[i, i] = np.inf
        d[j, :] = np.inf
        d[:, j] = np.inf
        size[i] += size[j]
        node[i] = n + k
        masks[i] = mask
    return Tree(n, merges, clades)


def clade_support(tree: Tree, replicate_distances: Iterable[np.ndarray]) -> list[float]:
    """Share of replicate trees (average linkage on each replicate's distances) holding each clade."""
    hits = np.zeros(len(tree.clades))
    index = {c: i for i, c in enumerate(tree.clades)}
    total = 0
    for d in replicate_distances:
        total += 1
        for c in average_linkage(d).clades:
            i = index.get(c)
            if i is not None:
                hits[i] += 1
    return (hits / max(total, 1)).tolist()
