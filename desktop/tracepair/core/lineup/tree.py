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


def _linkages(distance: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """UPGMA on a stack of distance matrices at once (``(B, n, n)``), one numpy step per merge for all.

    Returns ``left``, ``right`` (node numbers, leaves below ``n``), ``height`` (each ``(B, n - 1)``) and
    ``clade`` (``(B, n - 1, n)``: the leaves under each merge). Ties: the lowest index pair first.
    """
    d = np.array(distance, dtype=float, copy=True)
    b_count, n, _ = d.shape
    rows = np.arange(b_count)
    diag = np.arange(n)
    d[:, diag, diag] = np.inf
    size = np.ones((b_count, n))
    node = np.tile(diag, (b_count, 1))  # the tree node each row currently stands for
    member = np.zeros((b_count, n, n), dtype=bool)
    member[:, diag, diag] = True
    left = np.zeros((b_count, max(n - 1, 0)), dtype=np.int64)
    right = np.zeros_like(left)
    height = np.zeros(left.shape)
    clade = np.zeros((b_count, max(n - 1, 0), n), dtype=bool)
    for k in range(n - 1):
        i, j = np.divmod(d.reshape(b_count, -1).argmin(axis=1), n)
        i, j = np.minimum(i, j), np.maximum(i, j)
        height[:, k] = d[rows, i, j] / 2.0
        left[:, k], right[:, k] = node[rows, i], node[rows, j]
        si, sj = size[rows, i][:, None], size[rows, j][:, None]
        with np.errstate(invalid="ignore"):  # inf rows of merged-away groups stay inf
            merged = (si * d[rows, i] + sj * d[rows, j]) / (si + sj)
        d[rows, i, :] = merged  # row i becomes the merged group; row j leaves
        d[rows, :, i] = merged
        d[rows, i, i] = np.inf
        d[rows, j, :] = np.inf
        d[rows, :, j] = np.inf
        size[rows, i] += size[rows, j]
        node[rows, i] = n + k
        member[rows, i] |= member[rows, j]
        clade[:, k] = member[rows, i]
    return left, right, height, clade


def _mask(leaves: np.ndarray) -> int:
    return sum(1 << int(i) for i in np.flatnonzero(leaves))


def average_linkage(distance: np.ndarray) -> Tree:
    """UPGMA on a symmetric distance matrix (ties: the lowest index pair first)."""
    d = np.asarray(distance, dtype=float)
    n = d.shape[0]
    if n == 0:
        return Tree(0, [])
    left, right, height, clade = _linkages(d[None])
    merges = [(int(a), int(b), float(h)) for a, b, h in zip(left[0], right[0], height[0], strict=True)]
    return Tree(n, merges, [_mask(c) for c in clade[0]])


def clade_support(tree: Tree, replicate_distances: np.ndarray) -> list[float]:
    """Share of replicate trees (average linkage on each replicate's distances) holding each clade."""
    reps = np.asarray(replicate_distances, dtype=float)
    if not len(tree.clades) or not len(reps):
        return [0.0] * len(tree.clades)
    n = tree.n
    own = np.array([[(c >> i) & 1 for i in range(n)] for c in tree.clades], dtype=bool)
    index = {np.packbits(c).tobytes(): k for k, c in enumerate(own)}
    hits = np.zeros(len(tree.clades))
    for start in range(0, len(reps), 64):  # (64, n - 1, n) booleans at a time
        *_, clade = _linkages(reps[start:start + 64])
        packed = np.packbits(clade, axis=-1)
        for per_tree in packed:
            for c in per_tree:
                k = index.get(c.tobytes())
                if k is not None:
                    hits[k] += 1
    return (hits / len(reps)).tolist()
