"""Per-passage copy errors (C201) of the DEV organs of ``corpus/copying_real``, with their cause.

Runs the reviewer on each collection (as ``reviewer eval copying --real`` does), then re-runs the
copy analysis to see every own-past passage, reported or not (``verified`` False: below
``Params.min_own_similarity`` or not found as running text). Lists for dev pairs only (the test part
stays sealed; nothing of a test file is printed):

- ``false``: a reported passage matching no gold substantive passage, with its raw offsets, length,
  Chinese characters, similarity, source year and a reason class: ``short`` (fewer han characters
  than the guideline's passage minimum: don't-care in the eval, listed here all the same),
  ``partial`` (overlaps gold, less than half), ``unannotated``;
- ``missed``: a gold passage no reported passage matches, with the gold note and a reason class:
  ``below-similarity`` / ``unverified`` (an own passage matching it was dropped), ``other-kind`` (a
  passage of another kind covers it), ``partial`` (passages overlap it, less than half), ``none``;
- ``share``: pairs whose own share is off by more than the tolerance, with the characters of the
  missed and false passages.

    PYTHONPATH=. python benchmarks/copy_errors.py [--text]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reviewer.evaluation.copying_figures import MIN_HAN, SHARE_TOLERANCE  # noqa: E402
from reviewer.evaluation.copying_real import (  # noqa: E402
    GOLD,
    Mapper,
    Span,
    _findings,
    _prev_share,
    _tsv,
    load_gold,
    matches,
    overlap,
    score_pair,
)
from reviewer.evaluation.reading import REPORTS  # noqa: E402
from reviewer.pipeline import Options, review  # noqa: E402
from reviewer.similarity.analyse import analyse_fingerprints  # noqa: E402
from reviewer.similarity.fingerprint import fingerprint  # noqa: E402
from reviewer.similarity.passages import Params  # noqa: E402

HAN = re.compile(r"[\u4e00-\u9fff]")


def han(text: str) -> int:
    return len(HAN.findall(text))


def main(show: bool = False) -> None:
    """``show``: also print the text of each error and of its source (dev reports only)."""
    gold = load_gold(GOLD)
    p = Params()
    dev_colls = sorted({c for (c, _f), part in gold.part.items() if part == "dev"})
    for coll in dev_colls:
        folder = REPORTS / coll
        if not folder.is_dir():
            print(f"skipped: {folder} absent")
            continue
        results, docs = review(sorted(folder.glob("*.txt")), Options(jobs=2))
        by_path = {Path(r.path).name: r for r in results}
        analyses = {Path(d.path).name: a for d, a in zip(docs, analyse_fingerprints([fingerprint(d) for d in docs]), strict=True)}
        doc_of = {Path(d.path).name: d for d in docs}
        for (c, later), (earlier, share) in sorted(gold.pairs.items()):
            if c != coll or gold.part.get((c, later)) != "dev" or later not in doc_of:
                continue
            doc, res, a = doc_of[later], by_path[later], analyses[later]
            m = Mapper((folder / later).open(encoding="utf-8").read(), doc.text)
            gspans = [(m.to_norm(s), k) for s, k in gold.passages.get((c, later), [])]
            notes = {m.to_norm(Span(int(r["later_start"]), int(r["later_end"]))): " " + r["note"]
                     for r in _tsv(GOLD / "passages.tsv") if (r["collection"], r["later_file"]) == (c, later)}
            c201 = _findings(res, "C201")
            preds = [Span(f.start, f.end) for f in c201]
            unpaired = {i for i, f in enumerate(c201) if Path(str(f.evidence.get("source_path", ""))).name != earlier}
            sp = score_pair(gspans, preds, unpaired)
            subst = [g for g, k in gspans if k == "substantive"]
            name = f"{c}/{later}"

            def raw(s: Span, m: Mapper = m, doc: Any = doc) -> str:
                return f"raw {m.to_raw(s.start)}-{m.to_raw(s.end)} len {len(s)} han {han(doc.text[s.start:s.end])}"

            for s in sp["wrong"]:
                f = next(f for f in c201 if (f.start, f.end) == (s.start, s.end))
                n = han(doc.text[s.start:s.end])
                why = "partial" if any(overlap(s, g) for g in subst) else "short" if n < MIN_HAN else "unannotated"
                print(f"{name}\tfalse\t{raw(s)}\tsim {f.evidence.get('similarity')}"
                      f"\tsrc {f.evidence.get('source_year')}\t{why}")
                if show:
                    print(f"    later: {doc.text[s.start:s.end]}\n    source: {f.evidence.get('source_text')}")
            for g in sp["missed"]:
                near = [ps for ps in a.passages if overlap(Span(ps.start, ps.end), g)]
                hit = [ps for ps in near if matches(Span(ps.start, ps.end), g)]
                own = [ps for ps in hit if ps.kind == "own"]
                if own and any(ps.similarity < p.min_own_similarity for ps in own):
                    why = "below-similarity"
                elif own:
                    why = "unverified"
                elif hit:
                    why = "other-kind"
                elif near:
                    why = "partial"
                else:
                    why = "none"
                desc = "; ".join(f"{ps.kind} {ps.start - g.start:+d}/{ps.end - g.end:+d} sim {ps.similarity}"
                                 f"{'' if ps.verified else ' unverified'} src {ps.source.year if ps.source else '-'}"
                                 for ps in near)
                print(f"{name}\tmissed\t{raw(g)}{notes.get(g, '')}\t{why}\t[{desc}]")
                if show:
                    for ps in near:
                        src = ps.source.doc.text[ps.src_start:ps.src_end] if ps.source else ""
                        print(f"    tool: {doc.text[ps.start:ps.end]}\n    source: {src}")
            t = _prev_share(res)
            if t is None or abs(share - t) > SHARE_TOLERANCE:
                print(f"{name}\tshare\tgold {share:.2f} tool {t}\tmissed han "
                      f"{sum(han(doc.text[g.start:g.end]) for g in sp['missed'])}, false han "
                      f"{sum(han(doc.text[s.start:s.end]) for s in sp['wrong'])}")


if __name__ == "__main__":
    main(show="--text" in sys.argv[1:])
