"""The lineup's counts as one table: every (prompt, member, feature) count of the selected records,
over the features the lineup keeps.

Features kept: those at least two members use (a feature only one member has says nothing about
who resembles whom), the most frequent first, up to ``max_features`` (all features tied with the
last one kept stay, so the choice never depends on the order files were read in). Rarer features
weigh little anyway: the log-odds prior shrinks them towards zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tracepair.core.lineup.members import counted_parts
from tracepair.core.lineup.selection import Selection, present

#: Default cap on the features of a lineup: time and memory of the bootstrap grow with it, while on
#: the dev lineup 2,000 to 40,000 features give the same nearest members (docs/lineup.md).
MAX_FEATURES = 5_000


@dataclass
class Table:
    names: list[str]
    features: np.ndarray  # int64 feature keys, one per column
    prompts: list[str]  # prompt ids (the strata and the bootstrap's units)
    # the counts, sparse, sorted by prompt: entry i is count[i] of column col[i] for member member[i]
    prompt_start: np.ndarray  # entries of prompt p are prompt_start[p]:prompt_start[p + 1]
    member: np.ndarray
    col: np.ndarray
    count: np.ndarray
    words: np.ndarray  # prompts × members: words of the part
    totals: np.ndarray  # members × features: counts over all the lineup's records
    records: np.ndarray  # records used per member

    @property
    def member_words(self) -> np.ndarray:
        return self.words.sum(axis=0)


def assemble(sel: Selection, part: str, max_features: int = MAX_FEATURES) -> Table:
    """Gather the counts of ``sel``'s members on its keys for ``part``."""
    keyset = set(sel.keys)
    prompts = sorted({p for s in sel.members for k, p in zip(s.keys, s.prompt_ids, strict=True) if k in keyset})
    prompt_index = {p: i for i, p in enumerate(prompts)}
    m_count, p_count = len(sel.members), len(prompts)
    words = np.zeros((p_count, m_count))
    records = np.zeros(m_count, dtype=np.int64)
    e_prompt, e_member, e_key, e_count = [], [], [], []
    for m, s in enumerate(sel.members):
        ok = present(s, part) & np.array([k in keyset for k in s.keys], dtype=bool)
        records[m] = int(ok.sum())
        unit = np.array([prompt_index.get(p, -1) for p in s.prompt_ids], dtype=np.int64)
        unit[~ok] = -1
        for name in counted_parts(part):
            pc = s.parts[name]
            np.add.at(words[:, m], unit[ok], pc.words[ok])
            u = unit[pc.record] if len(pc.record) else np.zeros(0, np.int64)
            keep = u >= 0
            e_prompt.append(u[keep])
            e_member.append(np.full(int(keep.sum()), m, dtype=np.int64))
            e_key.append(pc.keys[keep])
            e_count.append(pc.counts[keep])
    prompt_of = np.concatenate(e_prompt)
    member_of = np.concatenate(e_member)
    keys = np.concatenate(e_key)
    counts = np.concatenate(e_count).astype(np.float64)
    feats, inv = np.unique(keys, return_inverse=True)
    pooled = np.bincount(inv, weights=counts, minlength=len(feats))
    pairs = np.sort(inv * m_count + member_of)  # (feature, member) pairs; sorted, as np.unique's hashing is slower
    distinct = np.empty(len(pairs), dtype=bool)
    distinct[:1] = True
    np.not_equal(pairs[1:], pairs[:-1], out=distinct[1:])
    users = np.bincount(pairs[distinct] // m_count, minlength=len(feats))
    eligible = users >= 2
    if eligible.sum() > max_features:
        floor = np.sort(pooled[eligible])[::-1][max_features - 1]
        eligible &= pooled >= floor
    column = np.full(len(feats), -1, dtype=np.int64)
    column[eligible] = np.arange(int(eligible.sum()))
    col = column[inv]
    keep = col >= 0
    prompt_of, member_of, col, counts = prompt_of[keep], member_of[keep], col[keep], counts[keep]
    order = np.argsort(prompt_of, kind="stable")
    prompt_of, member_of, col, counts = prompt_of[order], member_of[order], col[order], counts[order]
    f_count = int(eligible.sum())
    totals = np.bincount(member_of * f_count + col, weights=counts, minlength=m_count * f_count)
    start = np.searchsorted(prompt_of, np.arange(p_count + 1))
    return Table(list(sel.names), feats[eligible], prompts, start, member_of, col, counts,
                 words, totals.reshape(m_count, f_count), records)
