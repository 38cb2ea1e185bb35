"""Cross-organ copy search at scale: wall time, peak memory and growth from 2,500 to 10,000 reports.

Reports are synthesised here from the gold set's sentence parts (reviewer.similarity.gold): half the
organs have two years (the second carrying part of the first), and 2 % of reports take a paragraph
from a random other organ with the name swapped — the planted pairs the candidate index must find.
Each size runs in a fresh process so its peak RSS is its own.

    python benchmarks/bench_similarity.py                 # 2500, 5000, 10000
    python benchmarks/bench_similarity.py --sizes 1000,2000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import subprocess
import sys
import time


def synthesise(n: int, seed: int = 1):
    from reviewer.build import split_sentences
    from reviewer.model import Document, Paragraph
    from reviewer.similarity.gold import DEPTS, PLACE1, PLACE2, _Writer

    rng = random.Random(seed)
    w = _Writer(rng)
    # real reports name their own projects, places and documents: random names of common characters
    # give the synthetic text that specificity (the sentence parts alone repeat across organs)
    chars = "安邦宝北本彬昌长成城川春纯达德东都恩法方丰峰福富港高广贵国海汉和河宏鸿华辉惠吉佳嘉建江金锦晋京景九俊开康乐黎丽连良林灵龙隆鲁陆罗茂美民明南宁鹏平浦启千强桥青清庆秋全仁荣瑞润山善胜盛石实仕顺泰坦天田通同万旺伟文武西夏祥新鑫信星兴雄秀旭轩扬阳耀业宜义益英永勇友玉元远跃云泽展正志智中忠洲卓紫"

    def named(sentence: str) -> str:
        name = "".join(rng.choice(chars) for _ in range(rng.randint(3, 5)))
        kind = rng.choice(("项目", "工程", "专项行动", "平台", "试点", "改革"))
        return f"围绕{name}{kind}，" + sentence
    n_organs = n * 3 // 4  # a third of the organs appear in two years
    organs = [f"{PLACE1[i % len(PLACE1)]}{PLACE2[(i // len(PLACE1)) % len(PLACE2)]}{i}号{DEPTS[i % len(DEPTS)]}" for i in range(n_organs)]
    texts: list[tuple[str, int, list[str]]] = []
    bodies: list[list[str]] = []
    for i in range(n):
        if i < n_organs:
            organ, year = organs[i], 2023
            paras = ["。".join(named(w.sentence())[:-1] for _ in range(5)) + "。" for _ in range(3)]
        else:  # next year of organ i - n_organs: keeps its first paragraph, rewrites the rest
            organ, year = organs[i - n_organs], 2024
            prev = bodies[i - n_organs]
            paras = [prev[0]] + ["。".join(named(w.sentence())[:-1] for _ in range(5)) + "。" for _ in range(2)]
        bodies.append(paras)
        texts.append((organ, year, paras))
    planted: list[tuple[int, int]] = []
    for i in rng.sample(range(n), n // 50):
        j = rng.randrange(n)
        if texts[j][0] == texts[i][0] or texts[j][1] > texts[i][1]:  # a report cannot copy a later one
            continue
        texts[i][2][1] = texts[j][2][2].replace(texts[j][0], texts[i][0])
        planted.append((i, j))
    docs = []
    for i, (organ, year, paras) in enumerate(texts):
        head = f"{organ}{year}年政府信息公开工作年度报告"
        pre = f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        lines = [head, pre, *paras]
        text = "\n".join(lines) + "\n"
        d = Document(path=f"synthetic/r{i:05d}_{year}.txt", sha256=hashlib.sha256(text.encode()).hexdigest(), text=text, organ=organ, year=year)
        pos = 0
        for line in lines:
            d.paragraphs.append(Paragraph(pos, pos + len(line), 0))
            d.sentences.extend(split_sentences(line, pos, lambda _o: 0))
            pos += len(line) + 1
        docs.append(d)
    return docs, planted


def _cpu() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def run_one(n: int) -> dict:
    import numpy as np

    from reviewer.similarity import analyse as an
    from reviewer.similarity.fingerprint import fingerprint
    from reviewer.similarity.index import candidates, sample_hashes
    from reviewer.similarity.template import TemplateModel

    t0 = time.perf_counter()
    docs, planted = synthesise(n)
    t1 = time.perf_counter()
    rss_docs = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    fps = [fingerprint(d) for d in docs]
    t2 = time.perf_counter()
    p = an.Params()
    by_key: dict[str, list[int]] = {}
    for i, f in enumerate(fps):
        by_key.setdefault(f.key, []).append(i)
    tm = TemplateModel(p.template_share, p.template_min_organs).fit(np.concatenate([fps[i].thashes for i in idx]) for idx in by_key.values())
    skips = [an.inside(an.template_chars(f, tm), len(f.hashes)) for f in fps]
    rows = [sample_hashes(f.hashes[~s], p.sample) for f, s in zip(fps, skips, strict=True)]
    t3 = time.perf_counter()
    c3 = _cpu()
    cands = candidates(rows, [f.key for f in fps], [f.year for f in fps], min_shared=p.min_shared, max_df=p.max_df, top_k=p.top_k)
    t4 = time.perf_counter()
    c4 = _cpu()
    found = sum(1 for i, j in planted if j in {c for c, _ in cands[i]})
    p.jobs = 2
    res = an.analyse_fingerprints(fps, [], p)  # the full analysis: template, index and exact alignment
    t5 = time.perf_counter()
    c5 = _cpu()
    flagged = sum(1 for i, j in planted if any(ps.kind == "other" and ps.source is fps[j] for ps in res[i].passages))
    return {
        "reports": n, "synthesise_s": t1 - t0, "fingerprint_s": t2 - t1, "template_s": t3 - t2, "index_s": t4 - t3,
        "full_analysis_s": t5 - t4, "index_cpu_s": c4 - c3, "full_cpu_s": c5 - c4, "rss_docs_mb": rss_docs / 1024, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "planted": len(planted), "candidates_found": found, "flagged": flagged,
        "mean_candidates": sum(len(c) for c in cands) / max(n, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="2500,5000,10000")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        print(json.dumps(run_one(a.one)))
        return
    rows = []
    for n in map(int, a.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print("times are wall seconds; full = template + index + exact alignment of every report (2 workers)")
    print(f"{'reports':>8} {'fingerp s':>9} {'templ s':>8} {'index s':>8} {'search s':>9} {'full s':>8} {'full cpu':>8} {'rep/s':>7} "
          f"{'peak MB':>8} {'docs MB':>8} {'planted':>8} {'in cands':>8} {'flagged':>8} {'cands/rep':>9}")
    for r in rows:
        search = r["template_s"] + r["index_s"]
        print(f"{r['reports']:8d} {r['fingerprint_s']:9.2f} {r['template_s']:8.2f} {r['index_s']:8.2f} {search:9.2f} "
              f"{r['full_analysis_s']:8.2f} {r['full_cpu_s']:8.2f} {r['reports'] / (r['fingerprint_s'] + r['full_analysis_s']):7.0f} {r['peak_rss_mb']:8.0f} "
              f"{r['rss_docs_mb']:8.0f} {r['planted']:8d} {r['candidates_found']:8d} {r['flagged']:8d} {r['mean_candidates']:9.2f}")
    if len(rows) >= 2:
        a0, a1 = rows[0], rows[-1]
        k = a1["reports"] / a0["reports"]
        for key in ("index_s", "index_cpu_s", "full_analysis_s", "full_cpu_s"):
            g = a1[key] / max(a0[key], 1e-9)
            print(f"growth {a0['reports']}→{a1['reports']} ({k:.0f}x reports) {key}: {g:.1f}x (linear {k:.0f}x, quadratic {k * k:.0f}x)")
        g = (a1["peak_rss_mb"] - a1["rss_docs_mb"]) / max(a0["peak_rss_mb"] - a0["rss_docs_mb"], 1e-9)
        print(f"growth of search memory above the documents: {g:.1f}x")


if __name__ == "__main__":
    main()
