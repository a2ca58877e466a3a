"""Inputs for the lineup tests, all made from real outputs in ../shared/data (each helper says how).

* ``rewrite`` copies a real output set with a changed model name and a chosen subset or mix of its
  records: a member that is another member (known answer: similarity 1), or built from another's
  records (known answer: that one is its nearest).
* ``slop_profile_file`` builds a ``slop_profile_results.json`` in the slop-forensics format from the
  real slop-forensics outputs (the project's own profile file is not here): per model,
  ``top_repetitive_words`` ({word, score, corpus_freq, wordfreq_freq}: words after the stop-word and
  number filters, scored by corpus frequency over ordinary-English frequency), and ``top_bigrams`` /
  ``top_trigrams`` ({ngram, frequency}: n-grams of the filtered words), with the summary fields.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_TOOLS = REPO.parent / "shared" / "tools"

# The English stop words slop-forensics filters (NLTK's list), enough of it for a profile file.
STOP = frozenset("""i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
hers herself it its itself they them their theirs themselves what which who whom this that these those am is are
was were be been being have has had having do does did doing a an the and but if or because as until while of at by
for with about against between into through during before after above below to from up down in out on off over
under again further then once here there when where why how all any both each few more most other some such no nor
not only own same so than too very s t can will just don should now d ll m o re ve y ain aren couldn didn doesn
hadn hasn haven isn ma mightn mustn needn shan shouldn wasn weren won wouldn""".split())  # noqa: SIM905 - a word list reads best as text
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_lines(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def rewrite(src: Path, dest: Path, model: str, keep: Callable[[int, dict], bool] = lambda i, r: True) -> Path:
    """A copy of the real set ``src`` as ``model``, keeping the records ``keep(index, record)`` accepts."""
    rows = [dict(r, model=model) for i, r in enumerate(read_lines(src)) if keep(i, r)]
    return write_lines(dest, rows)


def labs() -> Callable[[str], str]:
    """The lab of a model name, from the shared dev tools (the ground truth the issue names)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("labs", SHARED_TOOLS / "labs.py")
    assert spec and spec.loader, f"labs.py not found in {SHARED_TOOLS}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.lab


def _profile(rows: list[dict], top_words: int = 1000, top_ngrams: int = 200) -> dict:
    import wordfreq

    words: list[str] = []
    bigrams: Counter[str] = Counter()
    trigrams: Counter[str] = Counter()
    for r in rows:
        toks = [w for w in _WORD.findall((r.get("output") or "").lower().replace("’", "'"))
                if w not in STOP and not w.isdigit()]
        words += toks
        bigrams.update(" ".join(p) for p in pairwise(toks))
        trigrams.update(" ".join(p) for p in zip(toks, toks[1:], toks[2:], strict=False))
    counts = Counter(words)
    total = len(words)
    scored = []
    for w, c in counts.items():
        if c < 3:
            continue
        f = wordfreq.word_frequency(w, "en")
        scored.append({"word": w, "score": (c / total) / max(f, 1e-12), "corpus_freq": c / total,
                       "wordfreq_freq": f})
    scored.sort(key=lambda x: -x["score"])
    return {
        "model_name": rows[0]["model"], "num_texts_analyzed": len(rows),
        "num_unique_prompts": len({r["id"] for r in rows}),
        "avg_length": sum(len(r.get("output") or "") for r in rows) / len(rows),
        "total_unique_words_after_filters": len(scored),
        "top_repetitive_words": scored[:top_words],
        "top_bigrams": [{"ngram": g, "frequency": c} for g, c in bigrams.most_common(top_ngrams) if c >= 2],
        "top_trigrams": [{"ngram": g, "frequency": c} for g, c in trigrams.most_common(top_ngrams) if c >= 2],
    }


def slop_profile_file(slop_dir: Path, dest: Path) -> Path:
    """``slop_profile_results.json`` built from the real slop-forensics outputs (see the module docstring)."""
    doc = {}
    for f in sorted(slop_dir.glob("generated_*.jsonl")):
        rows = read_lines(f)
        doc[rows[0]["model"]] = _profile(rows)
    dest.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return dest
