"""The lineup's tree builder on distances with a known tree, its Newick, clade support, and the
bootstrap's weights. Synthetic distances: each test says which tree they come from."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracepair.core.lineup.bootstrap import Replicates, weights
from tracepair.core.lineup.tree import Tree, average_linkage, clade_support


def mask(*leaves: int) -> int:
    return sum(1 << i for i in leaves)


def ultrametric(tree: object, n: int) -> np.ndarray:
    """Distances of a rooted tree given as nested tuples ``(left, right, height)`` with int leaves:
    two leaves are twice the height of their lowest common ancestor apart."""
    d = np.zeros((n, n))

    def leaves(t: object) -> list[int]:
        return [t] if isinstance(t, int) else leaves(t[0]) + leaves(t[1])

    def walk(t: object) -> None:
        if isinstance(t, int):
            return
        left, right, h = t
        for i in leaves(left):
            for j in leaves(right):
                d[i, j] = d[j, i] = 2 * h
        walk(left)
        walk(right)

    walk(tree)
    return d


# ((0, 1) at 1, (2, (3, 4) at 0.5) at 2) at 3
KNOWN = ((0, 1, 1.0), (2, (3, 4, 0.5), 2.0), 3.0)


def test_average_linkage_recovers_a_known_tree() -> None:
    t = average_linkage(ultrametric(KNOWN, 5))
    assert set(t.clades) == {mask(3, 4), mask(0, 1), mask(2, 3, 4), mask(0, 1, 2, 3, 4)}
    heights = dict(zip(t.clades, (h for _, _, h in t.merges), strict=True))
    assert heights[mask(3, 4)] == pytest.approx(0.5)
    assert heights[mask(0, 1)] == pytest.approx(1.0)
    assert heights[mask(2, 3, 4)] == pytest.approx(2.0)
    assert heights[mask(0, 1, 2, 3, 4)] == pytest.approx(3.0)


def test_average_linkage_takes_the_mean_distance_between_groups() -> None:
    # Not ultrametric: 2 joins {0, 1} at the mean of d(0, 2) = 4 and d(1, 2) = 6, i.e. height 5 / 2.
    d = np.array([[0, 1, 4], [1, 0, 6], [4, 6, 0]], dtype=float)
    t = average_linkage(d)
    assert t.merges[0][:2] == (0, 1) and t.merges[0][2] == pytest.approx(0.5)
    assert t.merges[1][2] == pytest.approx(2.5)


def test_newick_of_a_known_tree() -> None:
    t = average_linkage(ultrametric(KNOWN, 5))
    t.support = [1.0] * len(t.merges)
    names = ["a", "b", "c d", "e", "f's"]
    text = t.newick(names)
    assert text.endswith(";") and text.count("(") == text.count(")") == 4
    # leaves quoted where Newick needs it; branch lengths = parent height - child height
    assert "'c d':2.0000" in text and "'f''s':0.5000" in text
    assert "(a:1.0000,b:1.0000)1.00:2.0000" in text
    assert "(e:0.5000,'f''s':0.5000)1.00:1.5000" in text


def test_order_puts_each_clade_together() -> None:
    t = average_linkage(ultrametric(KNOWN, 5))
    order = t.order()
    assert sorted(order) == list(range(5))
    for clade in t.clades:
        where = [order.index(i) for i in range(5) if clade >> i & 1]
        assert max(where) - min(where) == len(where) - 1, "a clade's leaves are adjacent in the heatmap"


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=3, max_value=12), st.randoms(use_true_random=False))
def test_any_ultrametric_tree_is_recovered(n: int, rnd) -> None:
    # A random rooted binary tree with strictly increasing, distinct heights towards the root.
    nodes: list[object] = list(range(n))
    height = 0.0
    while len(nodes) > 1:
        a = nodes.pop(rnd.randrange(len(nodes)))
        b = nodes.pop(rnd.randrange(len(nodes)))
        height += 0.1 + rnd.random()
        nodes.append((a, b, height))

    def clades(t: object) -> set[int]:
        if isinstance(t, int):
            return set()
        below = clades(t[0]) | clades(t[1])

        def m(x: object) -> int:
            return 1 << x if isinstance(x, int) else m(x[0]) | m(x[1])

        return below | {m(t)}

    assert set(average_linkage(ultrametric(nodes[0], n)).clades) == clades(nodes[0])


def test_clade_support_counts_replicate_trees_holding_the_clade() -> None:
    d = ultrametric(KNOWN, 5)
    t = average_linkage(d)
    # Other trees: in one of them 2 joins (0, 1) instead of (3, 4).
    other = ultrametric(((0, (1, 2, 0.4), 1.0), (3, 4, 0.5), 3.0), 5)
    support = dict(zip(t.clades, clade_support(t, [d, d, d, other]), strict=True))
    assert support[mask(3, 4)] == 1.0
    assert support[mask(0, 1)] == 0.75
    assert support[mask(2, 3, 4)] == 0.75
    assert support[mask(0, 1, 2, 3, 4)] == 1.0


def test_a_tree_of_one_or_two() -> None:
    assert average_linkage(np.zeros((1, 1))).newick(["x"]) == "x;"
    t = average_linkage(np.array([[0, 0.4], [0.4, 0]]))
    assert isinstance(t, Tree) and t.newick(["x", "y"]) == "(x:0.2000,y:0.2000);"


def test_bootstrap_weights_draw_every_unit_count_times() -> None:
    w = weights(18, 200, seed=3)
    assert w.shape == (200, 18) and np.all(w.sum(axis=1) == 18)
    assert np.array_equal(w, weights(18, 200, seed=3)) and not np.array_equal(w, weights(18, 200, seed=4))
    # about 1 - 1/e of the prompts are drawn at least once in a replicate
    assert np.mean((w > 0).mean(axis=1)) == pytest.approx(1 - (17 / 18) ** 18, abs=0.03)


def test_support_and_interval_from_replicates() -> None:
    # Three members; in 3 of 4 replicates 0's nearest is 1, in one it is 2.
    sims = np.array([[[1, .8, .1], [.8, 1, .2], [.1, .2, 1]]] * 3 + [[[1, .1, .8], [.1, 1, .2], [.8, .2, 1]]],
                    dtype=np.float32)
    reps = Replicates(sims, seed=0)
    support = reps.nearest_support()
    assert support[0].tolist() == [0.0, 0.75, 0.25]
    assert np.allclose(support.sum(axis=1), 1.0)
    observed = np.array(sims[0], dtype=float)
    low, high = reps.interval(observed)
    assert np.all(low <= observed + 1e-9) and np.all(high >= observed - 1e-9)
