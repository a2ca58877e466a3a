"""How alike two steps are, for every step pair of two traces: lexical similarity that survives rewording.

Each step becomes a TF-IDF vector over two feature families, each L2-normalised and
weighted so that their dot product is ``w * cos_words + (1 - w) * cos_chars``:

- word unigrams and bigrams (case-folded; each CJK character is a word), and
- character n-grams (default 4) of the case-folded word stream, which survive
  inflection, small typos and word-order changes inside a phrase.

Term frequency is sublinear (1 + log tf); IDF is computed over the steps of both
sides together. The product of the two sparse matrices is done with numpy only:
features shared by many steps on both sides go to a dense matrix product (BLAS),
the long tail of rare shared features is expanded pair by pair and summed with
``np.bincount``. 2,000 x 2,000 steps take a fraction of a second.

Optionally, shared passages found by the matching engine add a bonus: a step pair
whose characters lie in the two sides of one passage gets
``score + passage_weight * coverage * (1 - score)`` (coverage in [0, 1]).
"""

from __future__ import annotations

import re
import time
from collections.abc import Generator, Sequence
from dataclasses import dataclass

import numpy as np

from tracepair.core.align.steps import Step
from tracepair.core.model import finish, scaled
from tracepair.core.text.words import WORD

# a word (each CJK character is one), or the NUL that ends a step's text
_TOKEN_OR_END = re.compile(rf"\x00|{WORD.pattern}")
_CHAR_FLAG = np.uint64(1 << 63)  # char n-gram keys have the top bit set; word ids never do
_HASH_MULT = np.uint64(1_000_003)
_HASH_MULT_INV = np.uint64(pow(1_000_003, -1, 1 << 64))
_MIX1 = np.uint64(0x9E3779B97F4A7C15)  # odd constants: multiplying spreads small ids over 64 bits
_MIX2 = np.uint64(0xC2B2AE3D27D4EB4F)
#: Dense/sparse split: a shared feature goes to the BLAS product when it pairs more step pairs
#: than this share of all step pairs (measured: a float32 BLAS column of n cells costs about
#: as much as expanding n/2000 pairs).
_DENSE_SHARE = 5e-4
_CHUNK_PAIRS = 1 << 20  # expanded pairs per block (memory bound)
_BLOCK_CELLS = 1 << 18  # output cells per block of A rows: 2 MB of float64, about an L2 cache
_MATMUL_CELLS = 1 << 31  # multiply-adds per BLAS call: a few tens of ms, so progress can be reported
_YIELD_SECONDS = 0.05

#: A passage span: (a_start, a_end, b_start, b_end), character offsets into the two traces' text.
PassageSpan = tuple[int, int, int, int]


@dataclass(frozen=True)
class SimilaritySettings:
    word_weight: float = 0.5  # share of the score from word uni/bigrams; the rest from char n-grams
    char_n: int = 4
    passage_weight: float = 0.5  # how far a fully covered step pair is pulled towards 1


@dataclass
class StepSimilarity:
    """Scores in [0, 1] for every (A step, B step) pair, plus what merges need."""

    matrix: np.ndarray  # float32 (len(a), len(b))
    adjacent_a: np.ndarray  # cosine of A step k with A step k+1, shape (len(a) - 1,)
    adjacent_b: np.ndarray
    mass_a: np.ndarray  # sqrt(word count): a step's weight when two steps are read as one
    mass_b: np.ndarray


def _mix(h: np.ndarray) -> np.ndarray:
    """Spread every input bit over all 64 (a splitmix64-style finaliser): _weights drops low bits."""
    h = h ^ (h >> np.uint64(31))
    h = h * _MIX1
    h = h ^ (h >> np.uint64(29))
    h = h * _MIX2
    return h ^ (h >> np.uint64(32))


def _features(texts: Sequence[str], n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, key, token count per row): hashed word uni/bigrams and char n-grams of every text.

    Keys are 64-bit: char n-gram keys have the top bit set, word keys never do. All texts
    are tokenised in one regex pass (a NUL token marks where a text ends) and every hash is
    computed with numpy over the joined stream " tok tok \\0 tok ... " — no per-token Python.
    """
    joined = "\x00".join(t.replace("\x00", " ") for t in texts).casefold()
    toks = _TOKEN_OR_END.findall(joined)
    stream = " " + " ".join(toks) + " "  # per text " tok tok " between NULs, as the char n-grams want
    codes = np.frombuffer(stream.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    word_rows, word_keys, lengths = _word_features(codes, len(texts))
    char_rows, char_keys = _char_ngrams(codes, n)
    return np.concatenate([word_rows, char_rows]), np.concatenate([word_keys, char_keys]), lengths


def _word_features(codes: np.ndarray, n_rows: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Word unigram and bigram keys of a joined stream; words are the runs between spaces and NULs.

    A word's hash is the polynomial hash of its characters, from prefix sums:
    ``sum c_k M^(e-1-k) = (Q[e] - Q[s]) * M^(e-1)`` with ``Q[i] = sum_{k<i} c_k M^-k``
    (M is odd, so it has an inverse modulo 2**64; numpy's uint64 arithmetic wraps).
    """
    gap = (codes == 32) | (codes == 0)
    is_word = ~gap
    edge = np.diff(is_word.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edge == 1), np.flatnonzero(edge == -1)
    powers = _powers(_HASH_MULT, len(codes))
    inv = _powers(_HASH_MULT_INV, len(codes))
    q = np.concatenate([[np.uint64(0)], np.cumsum(codes * inv, dtype=np.uint64)])
    tok = (q[ends] - q[starts]) * powers[ends - 1] + np.uint64(1)
    tok_row = np.cumsum(codes == 0)[starts].astype(np.int64)  # NULs before the word = its text's row
    lengths = np.bincount(tok_row, minlength=n_rows)
    same = tok_row[1:] == tok_row[:-1]  # bigrams never cross a step boundary
    bi = tok[:-1][same] * _MIX2 + tok[1:][same]
    word_keys = _mix(np.concatenate([tok, bi])) & ~_CHAR_FLAG
    return np.concatenate([tok_row, tok_row[:-1][same]]), word_keys, lengths


def _powers(base: np.uint64, n: int) -> np.ndarray:
    """base**k modulo 2**64 for k in [0, n)."""
    return np.concatenate([[np.uint64(1)], np.cumprod(np.full(max(n - 1, 0), base, dtype=np.uint64))])


def _char_ngrams(codes: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Polynomial hashes of every char n-gram inside each text's stream (none across a NUL)."""
    if len(codes) < n:
        return np.zeros(0, np.int64), np.zeros(0, np.uint64)
    m = len(codes) - n + 1
    h = np.zeros(m, dtype=np.uint64)
    for k in range(n):  # wraps modulo 2**64: deterministic, unlike Python's salted hash()
        h = h * _HASH_MULT + codes[k : k + m]
    sep = np.concatenate([[0], np.cumsum(codes == 0)])
    row_of = sep[:m]  # streams before this position = row index
    clean = sep[n : n + m] - sep[:m] == 0  # no separator inside the window
    return row_of[clean].astype(np.int64), _mix(h[clean]) | _CHAR_FLAG


def _weights(
    rows: np.ndarray, keys: np.ndarray, n_rows: int, word_weight: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Unique (row, feature) entries, sorted by feature then row, with normalised TF-IDF weights.

    One sort does it: the row number replaces the low bits of the 64-bit feature key
    (the keys are hashes; losing a few bits makes a collision no likelier than 1 in 2**40).
    """
    if len(keys) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), 0
    low = np.uint64((1 << max(1, (n_rows - 1).bit_length())) - 1)
    packed, tf = np.unique((keys & ~low) | rows.astype(np.uint64), return_counts=True)
    row = (packed & low).astype(np.int64)
    fkey = packed & ~low
    first = np.concatenate([[True], fkey[1:] != fkey[:-1]])
    feat = np.cumsum(first) - 1
    n_feat = int(feat[-1]) + 1
    df = np.bincount(feat, minlength=n_feat)
    idf = np.log((n_rows + 1) / (df + 1)) + 1.0
    w = (1.0 + np.log(tf)) * idf[feat]
    family = (fkey >> np.uint64(63)).astype(np.int64)  # 0 words, 1 chars
    norm2 = np.bincount(row * 2 + family, weights=w * w, minlength=2 * n_rows)
    share = np.where(family == 0, word_weight, 1.0 - word_weight)
    w = w * np.sqrt(share / norm2[row * 2 + family])
    return row, feat, w, n_feat


def _iter_product(
    ra: np.ndarray, fa: np.ndarray, wa: np.ndarray, na: int,
    rb: np.ndarray, fb: np.ndarray, wb: np.ndarray, nb: int, n_feat: int,
) -> Generator[float, None, np.ndarray]:
    """Dense float32 (na, nb) matrix of dot products of two sparse row sets (COO arrays).

    A shared feature costs ``na * nb`` multiply-adds as a BLAS column, or its ``ca * cb``
    step pairs expanded one by one; it goes where it is cheaper (``_DENSE_SHARE``). The
    expanded pairs are generated in A-row order and summed per block of A rows, so
    ``np.bincount`` writes into a block that stays in cache. Yields the fraction done
    about every ``_YIELD_SECONDS``; returns the matrix.
    """
    out = np.zeros((na, nb), dtype=np.float32)
    if na == 0 or nb == 0:
        return out
    ca = np.bincount(fa, minlength=n_feat)
    cb = np.bincount(fb, minlength=n_feat)
    pairs = ca * cb
    dense = pairs > max(64, na * nb * _DENSE_SHARE)
    if dense.any():
        col = np.cumsum(dense) - 1
        da = np.zeros((na, int(dense.sum())), dtype=np.float32)
        db = np.zeros((nb, da.shape[1]), dtype=np.float32)
        sa, sb = dense[fa], dense[fb]
        da[ra[sa], col[fa[sa]]] = wa[sa]
        db[rb[sb], col[fb[sb]]] = wb[sb]
        step = max(16, _MATMUL_CELLS // max(nb * da.shape[1], 1))  # A rows per BLAS call
        for r in range(0, na, step):
            np.matmul(da[r : r + step], db.T, out=out[r : r + step])
            yield 0.5 * min(r + step, na) / na
    sparse = (pairs > 0) & ~dense
    sa = np.flatnonzero(sparse[fa])
    if len(sa) == 0:
        return out
    sa = sa[np.argsort(ra[sa], kind="stable")]  # A's entries in row order
    sb = np.flatnonzero(sparse[fb])  # B's entries in feature order: one feature's are contiguous
    rbs, wbs = rb[sb], wb[sb]
    b_start = np.concatenate([[0], np.cumsum(np.bincount(fb[sb], minlength=n_feat))])[fa[sa]]
    count = cb[fa[sa]]  # how many B entries each A entry pairs with
    row, w = ra[sa], wa[sa]
    csum = np.cumsum(count)
    block_rows = max(1, _BLOCK_CELLS // nb)
    lo = 0
    clock = time.perf_counter()
    while lo < len(sa):  # in blocks of A rows: bounded memory, cache-sized bincount
        r0 = int(row[lo])
        base = int(csum[lo - 1]) if lo else 0
        hi = min(
            int(np.searchsorted(csum, base + _CHUNK_PAIRS, side="right")),
            int(np.searchsorted(row, r0 + block_rows, side="left")),
        )
        hi = max(hi, lo + 1)
        r1 = int(row[hi - 1]) + 1
        cnt = count[lo:hi]
        total = int(csum[hi - 1]) - base
        first = csum[lo:hi] - cnt - base  # where each A entry's run of pairs begins
        bj = np.repeat(b_start[lo:hi] - first, cnt) + np.arange(total)
        cell = np.repeat((row[lo:hi] - r0) * nb, cnt) + rbs[bj]
        val = np.repeat(w[lo:hi], cnt) * wbs[bj]
        out[r0:r1] += np.bincount(cell, weights=val, minlength=(r1 - r0) * nb).reshape(r1 - r0, nb)
        lo = hi
        if time.perf_counter() - clock > _YIELD_SECONDS:
            yield 0.5 + 0.5 * lo / len(sa)
            clock = time.perf_counter()
    return out




def _adjacent(row: np.ndarray, feat: np.ndarray, w: np.ndarray, n_rows: int) -> np.ndarray:
    """Dot product of each row with the next one (entries sorted by feature, then row).

    In that order, row k+1's entry for a feature comes right after row k's.
    """
    if n_rows < 2 or len(row) == 0:
        return np.zeros(max(n_rows - 1, 0))
    hit = np.flatnonzero((feat[1:] == feat[:-1]) & (row[1:] == row[:-1] + 1))
    return np.bincount(row[hit], weights=w[hit] * w[hit + 1], minlength=n_rows)[: n_rows - 1]


def _union_lengths(cells: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per distinct cell, the length of the union of its intervals ``[lo, hi)`` (overlaps counted once)."""
    cell, g = np.unique(cells, return_inverse=True)
    order = np.lexsort((lo, g))
    g, lo, hi = g[order], lo[order], hi[order]
    # Furthest end reached so far within each cell's run: a running maximum, each run lifted above the
    # last by a shift larger than any interval, so one accumulate never carries a run into the next.
    shift = g * (hi.max() - min(lo.min(), 0.0) + 1.0)
    reach = np.maximum.accumulate(hi + shift) - shift
    before = np.concatenate(([-np.inf], reach[:-1]))
    before[np.concatenate(([True], g[1:] != g[:-1]))] = -np.inf
    added = np.maximum(0.0, hi - np.maximum(lo, before))
    return cell, np.bincount(g, weights=added, minlength=len(cell))


def _passage_coverage(
    steps_a: Sequence[Step], steps_b: Sequence[Step], passages: Sequence[PassageSpan]
) -> tuple[np.ndarray, np.ndarray]:
    """Cells (flat index ``i * len(steps_b) + j``) that passages join, and the geometric mean of
    the shares of step i and step j that the passages map onto each other (sparse: few cells).

    Passages overlap (a near-exact chain contains exact runs, a phrase sits inside a longer one), so
    a step's share is the union of the characters they cover, never their sum."""
    nb = len(steps_b)
    a_start = np.array([s.start for s in steps_a])
    a_end = np.array([s.end for s in steps_a])
    b_start = np.array([s.start for s in steps_b])
    b_end = np.array([s.end for s in steps_b])
    cells: list[np.ndarray] = []
    pieces: list[np.ndarray] = []  # per cell hit: the piece's [start, end) in A and in B
    for a0, a1, b0, b1 in passages:
        if a1 <= a0 or b1 <= b0:
            continue
        ratio = (b1 - b0) / (a1 - a0)  # a passage may differ slightly in length on the two sides
        for i in np.flatnonzero((a_start < a1) & (a_end > a0)):
            x0, x1 = max(a0, a_start[i]), min(a1, a_end[i])
            y0, y1 = b0 + (x0 - a0) * ratio, b0 + (x1 - a0) * ratio  # where that piece lands in B
            lo_b, hi_b = np.maximum(b_start, y0), np.minimum(b_end, y1)
            hit = np.flatnonzero(hi_b > lo_b)
            cells.append(i * nb + hit)
            lo_a, hi_a = a0 + (lo_b[hit] - b0) / ratio, a0 + (hi_b[hit] - b0) / ratio
            pieces.append(np.stack([lo_a, hi_a, lo_b[hit], hi_b[hit]]))
    if not cells:
        return np.zeros(0, np.int64), np.zeros(0)
    cell_of, (lo_a, hi_a, lo_b, hi_b) = np.concatenate(cells), np.concatenate(pieces, axis=1)
    cell, shared_a = _union_lengths(cell_of, lo_a, hi_a)
    _, shared_b = _union_lengths(cell_of, lo_b, hi_b)
    i, j = cell // nb, cell % nb
    cover_a = shared_a / np.maximum(a_end - a_start, 1)[i]
    cover_b = shared_b / np.maximum(b_end - b_start, 1)[j]
    return cell, np.sqrt(np.clip(cover_a, 0, 1) * np.clip(cover_b, 0, 1))


def iter_step_similarity(
    steps_a: Sequence[Step],
    steps_b: Sequence[Step],
    settings: SimilaritySettings | None = None,
    passages: Sequence[PassageSpan] | None = None,
) -> Generator[float, None, StepSimilarity]:
    """``step_similarity`` yielding the fraction done (about every ``_YIELD_SECONDS``)."""
    settings = settings or SimilaritySettings()
    na, nb = len(steps_a), len(steps_b)
    rows, keys, lengths = _features([s.text for s in [*steps_a, *steps_b]], settings.char_n)
    yield 0.15
    row, feat, w, n_feat = _weights(rows, keys, na + nb, settings.word_weight)
    yield 0.25
    in_a = row < na
    ra, fa, wa = row[in_a], feat[in_a], w[in_a]
    rb, fb, wb = row[~in_a] - na, feat[~in_a], w[~in_a]
    product = _iter_product(ra, fa, wa, na, rb, fb, wb, nb, n_feat)
    matrix = yield from scaled(product, 0.25, 0.7)
    np.clip(matrix, 0.0, 1.0, out=matrix)
    if passages:
        cell, cover = _passage_coverage(steps_a, steps_b, passages)
        flat = matrix.reshape(-1)
        score = flat[cell].astype(np.float64)
        flat[cell] = score + settings.passage_weight * cover * (1.0 - score)
    mass = np.sqrt(np.maximum(lengths, 1).astype(np.float64))
    return StepSimilarity(
        matrix=matrix,
        adjacent_a=np.clip(_adjacent(ra, fa, wa, na), 0.0, 1.0),
        adjacent_b=np.clip(_adjacent(rb, fb, wb, nb), 0.0, 1.0),
        mass_a=mass[:na],
        mass_b=mass[na:],
    )


def step_similarity(
    steps_a: Sequence[Step],
    steps_b: Sequence[Step],
    settings: SimilaritySettings | None = None,
    passages: Sequence[PassageSpan] | None = None,
) -> StepSimilarity:
    """Similarity of every step of A with every step of B (see the module docstring)."""
    return finish(iter_step_similarity(steps_a, steps_b, settings, passages))
