"""jieba's part-of-speech tagger with its hidden-Markov pass (``jieba.posseg.viterbi``) computed on
arrays: the same model tables, the same sums in the same order, the same tie-breaking, so the tags
are exactly jieba's; only the loop over the ~250 states runs in numpy instead of Python (the pass
over an unknown word was most of the tagging time of a report).

jieba's Viterbi step, for each character t and each allowed state y:
``max((V[t-1][y0] + trans[y0].get(y, -inf) + emit[y].get(char, MIN_FLOAT), y0) for y0 in prev)``
— a maximum over (score, state) pairs, so a tie goes to the larger state tuple. Here the states are
numbered in sorted order and the maximum taken over the previous states in reverse, so ``argmax``
(which returns the first maximum) returns the largest state among equal scores.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

MIN_FLOAT = -3.14e100  # jieba.posseg.viterbi.MIN_FLOAT: the score of an unseen emission


class _Tables:
    """jieba's posseg model as arrays over the sorted states."""

    def __init__(self) -> None:
        from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P

        names: set[Any] = set(trans_P) | set(start_P) | set(emit_P)
        for d in trans_P.values():
            names |= set(d)
        for v in char_state_tab_P.values():
            names |= set(v)
        self.states = sorted(names)
        index = {s: i for i, s in enumerate(self.states)}
        n = len(self.states)
        self.index = index
        self.trans = np.full((n, n), -np.inf)
        self.follows = np.zeros((n, n), dtype=bool)  # y is a key of trans[y0]
        for y0, d in trans_P.items():
            for y, p in d.items():
                self.trans[index[y0], index[y]] = p
                self.follows[index[y0], index[y]] = True
        self.has_next = np.array([len(trans_P.get(s, {})) > 0 for s in self.states])
        self.in_trans = np.array([s in trans_P for s in self.states])  # jieba's all_states
        self.start = np.array([start_P.get(s, np.nan) for s in self.states])
        self.emit_p = emit_P
        self.char_states = char_state_tab_P
        self._emit: dict[str, np.ndarray] = {}
        self._allowed: dict[str, np.ndarray] = {}

    def emit(self, ch: str) -> np.ndarray:
        e = self._emit.get(ch)
        if e is None:
            e = np.array([self.emit_p.get(s, {}).get(ch, MIN_FLOAT) for s in self.states])
            self._emit[ch] = e
        return e

    def allowed(self, ch: str) -> np.ndarray:
        """The states jieba allows for the character (all of trans_P's states when it lists none)."""
        m = self._allowed.get(ch)
        if m is None:
            listed = self.char_states.get(ch)
            if listed is None:
                m = self.in_trans.copy()
            else:
                m = np.zeros(len(self.states), dtype=bool)
                m[[self.index[s] for s in listed]] = True
            self._allowed[ch] = m
        return m


@lru_cache(maxsize=1)
def tables() -> _Tables:
    return _Tables()


def viterbi(obs: str) -> tuple[float, list[Any]]:
    """(best score, state per character), equal to ``jieba.posseg.viterbi.viterbi`` on jieba's tables."""
    tb = tables()
    present = tb.allowed(obs[0])
    ys = np.flatnonzero(present)
    v = np.full(len(tb.states), np.nan)
    v[ys] = tb.start[ys] + tb.emit(obs[0])[ys]
    back: list[np.ndarray] = []
    for ch in obs[1:]:
        prev = np.flatnonzero(present & tb.has_next)
        expect = tb.follows[prev].any(axis=0)
        cur = tb.allowed(ch) & expect
        if not cur.any():
            cur = expect if expect.any() else tb.in_trans
        ys = np.flatnonzero(cur)
        scores = (v[prev][:, None] + tb.trans[np.ix_(prev, ys)]) + tb.emit(ch)[ys][None, :]
        k = len(prev) - 1 - scores[::-1].argmax(axis=0)  # the last maximum: the largest state
        nv = np.full(len(tb.states), np.nan)
        nv[ys] = scores[k, np.arange(len(ys))]
        ptr = np.full(len(tb.states), -1)
        ptr[ys] = prev[k]
        back.append(ptr)
        v, present = nv, cur
    last = np.flatnonzero(present)
    j = len(last) - 1 - v[last][::-1].argmax()
    state = int(last[j])
    prob = float(v[state])
    route = [0] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = tb.states[state]
        if i:
            state = int(back[i - 1][state])
    return prob, route


@lru_cache(maxsize=16384)
def route(obs: str) -> tuple[Any, ...]:
    """The state per character of ``viterbi``, remembered per run: the runs of unknown characters
    the tagger passes it are few and recur across reports (一是, 月起按月在), so each is computed
    once per process."""
    return tuple(viterbi(obs)[1])


def pos_tokenizer(tokenizer: Any) -> Any:
    """A ``jieba.posseg.POSTokenizer`` over ``tokenizer`` whose hidden-Markov pass is ``viterbi``.
    Its word → tag table starts as a copy of the one jieba built for its default tagger when both
    read the same main dictionary (reading it again costs about half a second); the tokenizer's
    user dictionary tags are added on first use, as jieba does."""
    import jieba.posseg
    from jieba.posseg import POSTokenizer, pair

    class ArrayPOSTokenizer(POSTokenizer):
        def __init__(self, tokenizer: Any) -> None:
            default = jieba.posseg.dt
            if tokenizer.dictionary == default.tokenizer.dictionary and default.word_tag_tab:
                self.tokenizer = tokenizer
                self.word_tag_tab = dict(default.word_tag_tab)
            else:
                super().__init__(tokenizer)

        def _POSTokenizer__cut(self, sentence: str) -> Any:  # jieba.posseg.POSTokenizer.__cut
            pos_list = route(sentence)
            begin, nexti = 0, 0
            for i, char in enumerate(sentence):
                pos = pos_list[i][0]
                if pos == "B":
                    begin = i
                elif pos == "E":
                    yield pair(sentence[begin : i + 1], pos_list[i][1])
                    nexti = i + 1
                elif pos == "S":
                    yield pair(char, pos_list[i][1])
                    nexti = i + 1
            if nexti < len(sentence):
                yield pair(sentence[nexti:], pos_list[nexti][1])

    return ArrayPOSTokenizer(tokenizer)
