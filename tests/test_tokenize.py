"""The matching tokeniser: offsets back into the original text, normalisation, scripts."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tracepair.core.load.reader import load
from tracepair.core.text.tokens import TokenOptions, tokenize
from tracepair.core.text.words import count_words


def test_every_token_maps_back_to_its_characters(misguided_dir: Path) -> None:
    trace = load(misguided_dir / "deepseek-r1-0528.jsonl").records[0].trace
    toks = tokenize(trace.text)
    strings = toks.strings()
    for k in range(0, len(toks), 37):
        original = trace.text[toks.starts[k] : toks.ends[k]]
        assert original.lower().replace("\u2019", "'") == strings[k]
        assert not original[0].isspace() and not original[-1].isspace()


def test_token_count_matches_the_shared_word_count(slop_dir: Path, misguided_dir: Path) -> None:
    for path in (slop_dir / "generated_google__gemma-3-4b-it.jsonl", misguided_dir / "qwen3-235b-a22b-think.jsonl"):
        for rec in load(path).records[:30]:
            assert len(tokenize(rec.trace.text)) == count_words(rec.trace.text)


def test_case_quotes_and_spacing_do_not_change_ids() -> None:
    a = tokenize("Don’t say “Hello”  to\n\nthe   Tapestry.")
    b = tokenize("don't say \"hello\" to the tapestry")
    assert a.ids.tolist() == b.ids.tolist()
    assert a.strings() == ["don't", "say", "hello", "to", "the", "tapestry"]


def test_options_can_make_case_quotes_and_punctuation_count() -> None:
    assert tokenize("The end").ids[0] == tokenize("the end").ids[0]
    assert tokenize("The end", TokenOptions(case_sensitive=True)).ids[0] != tokenize("the end").ids[0]
    curly = TokenOptions(fold_quotes=False)
    assert tokenize("don’t", curly).ids[0] != tokenize("don't", curly).ids[0]
    punct = tokenize("wait, no.", TokenOptions(keep_punctuation=True))
    assert punct.strings(TokenOptions(keep_punctuation=True)) == ["wait", ",", "no", "."]


def test_cjk_is_split_into_characters_with_offsets() -> None:
    text = "答案是：我们去公园 walk"
    toks = tokenize(text)
    assert [text[s:e] for s, e in zip(toks.starts, toks.ends, strict=True)] == [*list("答案是我们去公园"), "walk"]


def test_offsets_survive_characters_whose_lower_case_is_longer() -> None:
    text = "İstanbul and Straße İzmir"
    toks = tokenize(text)
    assert [text[s:e] for s, e in zip(toks.starts, toks.ends, strict=True)] == ["İstanbul", "and", "Straße", "İzmir"]


def test_long_texts_tokenise_like_their_parts(slop_dir: Path) -> None:
    # Past ~65k characters the tokeniser works in pieces cut at white space: nothing may change.
    texts = [r.trace.text for r in load(slop_dir / "generated_meta-llama__llama-4-scout.jsonl").records[:80]]
    joined = "\n\n".join(texts)
    assert len(joined) > 3 * 65536
    whole = tokenize(joined)
    assert whole.ids.tolist() == np.concatenate([tokenize(t).ids for t in texts]).tolist()
    assert [joined[s:e] for s, e in zip(whole.starts[-5:], whole.ends[-5:], strict=True)] == \
        [texts[-1][s:e] for s, e in zip(tokenize(texts[-1]).starts[-5:], tokenize(texts[-1]).ends[-5:], strict=True)]
