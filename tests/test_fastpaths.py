"""Each fast path of the review compared with a plain reference implementation on fictional inputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reviewer.similarity.fingerprint import fingerprint, flattened_table, label_debris
from reviewer.similarity.frame import sentence_function
from reviewer.similarity.groups import distinct_hashes
from tests.test_similarity import BODY_A, PROBLEMS_A, report, write

SENTENCES = [
    "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
    "如对本报告有疑问，请与青禾县人民政府办公室联系，电话：0571-88886666。",
    "本报告电子版可在青禾县人民政府门户网站政府信息公开专栏查阅或下载。",
    "本年度未收取任何信息处理费。",
    "以习近平新时代中国特色社会主义思想为指导，深入贯彻党的二十大精神。",
    "青禾县全年主动公开文件238件，较上年增加12件。",
    "自然人总计商业企业科研机构社会公益组织",
    "新收政府信息公开申请数量12 30其中1 2 3",
    "云溪市交通运输局2023年12月31日",
    "",
    "   ",
]


def test_cached_sentence_verdicts_equal_the_plain_functions():
    for s in SENTENCES * 2:  # the second round is answered from the cache
        assert sentence_function(s) == sentence_function.__wrapped__(s)
        assert label_debris(s) == label_debris.__wrapped__(s)
        assert flattened_table(s) == flattened_table.__wrapped__(s)
    assert sentence_function(SENTENCES[0]) == "period"
    assert label_debris(SENTENCES[6]) is True


def test_distinct_hashes_equal_numpy_unique(tmp_path):
    doc = write(tmp_path, "青禾县人民政府办公室2023.txt", report("青禾县人民政府办公室", 2023, BODY_A + BODY_A, PROBLEMS_A))
    fp = fingerprint(doc)
    got = distinct_hashes(fp)
    assert len(got) < len(fp.hashes)  # the body repeats: the report holds repeated n-grams
    assert np.array_equal(got, np.unique(fp.hashes)) and got.dtype == fp.hashes.dtype
    empty = type("F", (), {"hashes": np.zeros(0, np.uint32), "order": np.zeros(0, np.int32)})()
    assert np.array_equal(distinct_hashes(empty), np.unique(empty.hashes))


def _plain_signature(sentence: str, names: tuple[str, ...] = ()) -> tuple[str, tuple[str, ...]]:
    """The plain character-by-character reading of ``negation.signature``."""
    from reviewer.similarity.negation import _NOT_NEGATION, NEGATION, _strip

    s = _strip(sentence, names)
    keep = _NOT_NEGATION.sub(lambda m: "\x00" * len(m.group()), s)
    negs = tuple(m.group() for m in NEGATION.finditer(keep))
    mark = NEGATION.sub(lambda m: "\x01" * len(m.group()), keep)
    return "".join(ch for ch, k in zip(s, mark, strict=True) if k != "\x01"), negs


def _plain_flips(target, spans, source, source_spans, names=(), source_names=()):
    from reviewer.similarity.negation import MIN_CHARS

    index: dict = {}
    for a, b in source_spans:
        base, negs = _plain_signature(source[a:b], tuple(source_names))
        if len(base) >= MIN_CHARS:
            index.setdefault(base, []).append((negs, a, b))
    out = []
    for a, b in spans:
        base, negs = _plain_signature(target[a:b], tuple(names))
        hits = index.get(base) if len(base) >= MIN_CHARS else None
        if not hits or any(len(n) == len(negs) for n, _, _ in hits):
            continue
        out.append((a, b, hits[0][1], hits[0][2]))
    return out


NEGATION_CASES = [
    "本年度未因政府信息公开引起行政复议。", "本年度因政府信息公开引起行政复议。", "本年度没有因政府信息公开引起行政复议。",
    "青禾县尚未来得及建立统一的公开平台。", "青禾县尚未建立统一的公开平台，非常需要改进。", "不断完善无障碍阅读功能，并非形式。",
    "全年未收到申请，无收费，不存在不予公开情形。", "控制符\x01未被当作标记\x01的句子不能出错。", "云溪市交通运输局不定期检查公开栏目。",
    "本机关未发生因政府信息公开被纠错的情况，2023年共3件。", "", "未",
]


def test_fast_signature_equals_the_plain_reading():
    from reviewer.similarity.negation import signature

    names = ("云溪市交通运输局", "青禾县")
    for s in NEGATION_CASES * 2:  # the second round is answered from the cache
        for ns in ((), names, ("", "青禾县", "云溪市交通运输局")):
            assert signature(s, ns) == _plain_signature(s, ns), s


def test_signed_flips_equal_the_plain_comparison():
    from reviewer.similarity.negation import flips, sentences, signed, signed_flips

    target = "".join(NEGATION_CASES[1::2]) + "本年度未收到申请。青禾县尚未建立统一的公开平台。"
    source = "".join(NEGATION_CASES[0::2]) + "本年度收到申请。青禾县建立统一的公开平台。"
    for t, s in ((target, source), (source, target), (target, target)):
        ts, ss = sentences(t), sentences(s)
        want = _plain_flips(t, ts, s, ss, ("青禾县",), ("云溪市",))
        assert flips(t, ts, s, ss, ("青禾县",), ("云溪市",)) == want
        sig, ssig = signed(t, ts, ("青禾县",)), signed(s, ss, ("云溪市",))
        assert signed_flips(ts, sig.items(), ss, ssig.items()) == want
    assert _plain_flips(target, sentences(target), source, sentences(source))  # the cases hold flips


def test_flipped_with_the_workers_signatures_equals_flipped_alone(tmp_path):
    from reviewer.similarity.analyse import analyse
    from reviewer.similarity.flipcheck import flipped, prose_signed, prose_spans
    from tests.test_originality import PROSE_A, PROSE_B
    from tests.test_originality import report as oreport

    docs = [write(tmp_path, "a_2022.txt", oreport("青禾县粮食局", 2022, PROSE_A)),
            write(tmp_path, "a_2023.txt", oreport("青禾县粮食局", 2023, PROSE_B, extra="本年度因政府信息公开引起行政复议。"))]
    res = analyse(docs)
    plain = flipped(docs, res)
    spans = [prose_spans(d) for d in docs]
    fast = flipped(docs, res, spans, [prose_signed(d, s) for d, s in zip(docs, spans, strict=True)])
    assert plain[1]
    assert [(f.start, f.end, f.evidence) for f in fast[1]] == [(f.start, f.end, f.evidence) for f in plain[1]]


def test_sorted_search_and_in_sorted_equal_numpy():
    from reviewer.similarity.align import sorted_search
    from reviewer.similarity.template import in_sorted

    rng = np.random.default_rng(5)
    sh = np.sort(rng.integers(0, 500, 300).astype(np.uint32))  # repeats, as a report's n-grams have
    keys = rng.integers(0, 520, 200).astype(np.uint32)
    order = np.argsort(keys, kind="stable").astype(np.int32)
    for side in ("left", "right"):
        assert np.array_equal(sorted_search(sh, keys, order, side), np.searchsorted(sh, keys, side=side))
    only = keys % 3 == 0
    assert np.array_equal(sorted_search(sh, keys, order, "right", only)[only], np.searchsorted(sh, keys[only], side="right"))
    table = np.unique(rng.integers(0, 1000, 80).astype(np.uint64))
    h = rng.integers(0, 1000, 400).astype(np.uint64)
    assert np.array_equal(in_sorted(h, table), np.isin(h, table))
    assert not in_sorted(h, table[:0]).any() and len(in_sorted(h[:0], table)) == 0


def test_unit_sums_and_target_shares_equal_prefix_sums():
    from types import SimpleNamespace

    from reviewer.similarity.align import Target, unit_fraction, unit_sums

    rng = np.random.default_rng(7)
    for _ in range(300):
        n = int(rng.integers(0, 60))
        chars, weight = rng.random(n) < rng.random(), rng.random(n) < 0.8
        cuts = np.sort(rng.integers(0, n + 1, 2 * int(rng.integers(0, 6)))).astype(np.int32)
        m0, m1 = cuts[0::2], cuts[1::2]  # units, some empty
        cum = np.concatenate(([0], np.cumsum(chars, dtype=np.int64)))
        assert np.array_equal(unit_sums(chars, m0, m1), cum[m1] - cum[m0])
        t = SimpleNamespace(hashes=np.zeros(0, np.uint32), order=np.zeros(0, np.int32), u_m0=m0, u_m1=m1)
        tg = Target(t)  # type: ignore[arg-type]
        for w in (None, weight):
            assert np.array_equal(tg.fraction(chars, w), unit_fraction(chars, m0, m1, w))


def test_covered_chars_equals_counting_ngram_ends():
    from reviewer.similarity.align import covered_chars

    rng = np.random.default_rng(3)
    for _ in range(500):
        length, n = int(rng.integers(0, 80)), int(rng.choice([1, 3, 8, 14]))
        pos = rng.integers(0, length + 5, int(rng.integers(0, 40)))  # repeats and starts past the end too
        inside = np.zeros(length + n + 80, dtype=np.int64)
        for q in pos.tolist():
            inside[q : q + n] += 1
        assert np.array_equal(covered_chars(pos, length, n), inside[:length] > 0)


def test_residue_with_the_batch_places_once_equals_residue():
    from reviewer.similarity.residue import known_places, residue, residue_among

    text = "2023年，云溪市交通运输局全年主动公开信息120条。全省共主动公开政府信息。青禾县石口镇完成了目录编制。"
    spans = [(0, 27), (27, 38), (38, len(text))]
    places = {"云溪市", "青禾县石口镇", "", None, "云岚"}
    for organ in ("青禾县交通运输局", "云溪市交通运输局", "青禾县石口镇人民政府", None):
        assert residue_among(text, organ, spans, known_places(places)) == residue(text, organ, spans, places)
    assert residue(text, "青禾县交通运输局", spans, places)


def test_not_a_report_counts_chinese_characters_as_the_plain_count():
    from reviewer.io import not_a_report
    from reviewer.io.limits import MIN_HAN_CHARS
    from reviewer.model import Document

    def plain(text: str) -> str | None:
        han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        return None if han >= MIN_HAN_CHARS else f"not a report: only {han} Chinese characters of text (a title page, a scan without a text layer, or another document)"

    for text in ("", "abc 123", "青禾县" * 19 + "ab云", "青禾县" * 20, "云溪市2023年\n" * 12, "云溪市2023年\n" * 15, "〇一二三" * 30):
        doc = Document(path="x.txt", text=text, format="txt", sha256="0")
        assert not_a_report(doc) == plain(text), text


def test_template_model_from_report_buckets_equals_the_model_from_hashes(tmp_path):
    from reviewer.similarity.analyse import analyse_fingerprints, report_inputs
    from reviewer.similarity.template import TemplateModel, report_buckets

    organs = ["青禾县人民政府办公室", "云溪市交通运输局", "云岚市教育局", "榆坪县民政局"]
    fps = [fingerprint(write(tmp_path, f"{k}_{y}.txt", report(o, y, BODY_A if k % 2 else BODY_A[:60], PROBLEMS_A)))
           for k, o in enumerate(organs) for y in (2022, 2023)]
    groups = [fps[k : k + 2] for k in range(0, len(fps), 2)]
    plain = TemplateModel(min_organs=2).fit(np.concatenate([f.thashes for f in g]) for g in groups)
    fast = TemplateModel(min_organs=2).fit_buckets(np.concatenate([report_buckets(f.thashes) for f in g]) for g in groups)
    assert np.array_equal(plain.counts_, fast.counts_) and plain.counts_.max() == 4
    assert (plain.n_organs_, plain.threshold_) == (fast.n_organs_, fast.threshold_)
    # the whole analysis with the inputs given equals the analysis computing them
    a, b = analyse_fingerprints(fps), analyse_fingerprints(fps, inputs=[report_inputs(f) for f in fps])
    assert [(x.metrics, [(p.kind, p.start, p.end) for p in x.passages]) for x in a] == \
        [(x.metrics, [(p.kind, p.start, p.end) for p in x.passages]) for x in b]
    assert any(x.passages for x in a)


def _plain_holders(wanted, pool):
    """``groups.holders`` counting every passage for every report."""
    from reviewer.similarity.groups import SHARE

    sizes = np.array([len(h) for h in wanted])
    found = [[] for _ in wanted]
    for f in pool:
        have = set(np.unique(f.hashes).tolist())
        for j, h in enumerate(wanted):
            if len(h) and sum(1 for x in h.tolist() if x in have) >= SHARE * sizes[j]:
                found[j].append(f)
    return found


def test_holders_equal_the_plain_count():
    from reviewer.similarity.groups import distinct_hashes, holders

    rng = np.random.default_rng(11)
    pool = []
    for _ in range(12):
        h = rng.integers(0, 400, 300).astype(np.uint32)
        pool.append(type("F", (), {"hashes": h, "order": np.argsort(h, kind="stable").astype(np.int32)})())
    twin = (pool[0].hashes + np.uint32(1 << 24)).astype(np.uint32)  # the same low bits, other n-grams
    pool.append(type("F", (), {"hashes": twin, "order": np.argsort(twin, kind="stable").astype(np.int32)})())
    wanted = [np.unique(pool[k].hashes[a : a + 40]) for k, a in ((0, 0), (3, 100), (5, 7), (7, 250))]
    wanted += [np.unique(rng.integers(0, 400, 30).astype(np.uint32)), np.zeros(0, np.uint32)]
    got, want = holders(wanted, [distinct_hashes(f) for f in pool]), _plain_holders(wanted, pool)
    assert [[id(pool[k]) for k in g] for g in got] == [[id(f) for f in g] for g in want]
    assert all(want[:4]) and not want[-1] and pool[-1] not in want[0]


def test_holders_forked_equal_holders():
    """The holder search with the reports scanned in forked processes finds the same reports in
    the same order as the scan in one process."""
    from reviewer.similarity.groups import distinct_hashes, holders, holders_forked

    rng = np.random.default_rng(3)
    pool = []
    for _ in range(40):
        h = rng.integers(0, 600, 250).astype(np.uint32)
        pool.append(type("F", (), {"hashes": h, "order": np.argsort(h, kind="stable").astype(np.int32)})())
    wanted = [np.unique(pool[k].hashes[a : a + 50]) for k, a in ((0, 0), (9, 60), (17, 3), (33, 180))]
    want = holders(wanted, [distinct_hashes(f) for f in pool])
    assert all(want) and max(map(len, want)) > 1
    assert [js.tolist() for js in holders_forked(wanted, pool, jobs=2, min_reports=1, step=3)] == want
    assert [js.tolist() for js in holders_forked(wanted, pool, jobs=1)] == want


def test_fork_map_keeps_order_and_state():
    from reviewer.forkmap import fork_map

    state = {"base": np.arange(10)}
    items = list(range(30))
    want = [int(state["base"].sum()) + x for x in items]
    assert fork_map(lambda st, x: int(st["base"].sum()) + x, items, state, jobs=2) == want
    assert fork_map(lambda st, x: int(st["base"].sum()) + x, items, state, jobs=1) == want


def test_fork_map_runs_in_forked_processes():
    import os

    from reviewer.forkmap import fork_map

    pids = fork_map(lambda st, x: os.getpid(), list(range(8)), None, jobs=2)
    assert os.getpid() not in pids
    assert fork_map(lambda st, x: os.getpid(), list(range(8)), None, jobs=1) == [os.getpid()] * 8


def test_template_verdicts_at_several_bars_equal_one_by_one():
    from reviewer.similarity.template import TemplateModel

    rng = np.random.default_rng(5)
    common = np.arange(10**6, 10**6 + 60, dtype=np.uint64)  # common[j] is in the organs k with 2k > j
    organs = [np.concatenate([rng.integers(0, 5000, 300).astype(np.uint64), common[: 2 * k]]) for k in range(30)]
    tm = TemplateModel(0.05, 3).fit(organs)
    h = np.concatenate([common, rng.integers(0, 5000, 100).astype(np.uint64), tm.prescribed_[:20]])
    got = tm.is_template_at(h, tm.threshold_, 8, 20)
    assert [g.tolist() for g in got] == [tm.is_template(h).tolist(), tm.is_template(h, 8).tolist(), tm.is_template(h, 20).tolist()]
    assert got[0].sum() > got[1].sum() > got[2].sum() > 0


def test_fork_map_worker_that_dies_raises_instead_of_hanging():
    """A forked worker killed mid-batch (as the kernel kills one out of memory) ends the map with
    an error at once; the parent is not left waiting for its answer."""
    import os
    import signal
    from concurrent.futures.process import BrokenProcessPool

    from reviewer.forkmap import fork_map

    def work(st, x):
        if x == 3:
            os.kill(os.getpid(), signal.SIGKILL)
        return x

    with pytest.raises(BrokenProcessPool):
        fork_map(work, list(range(8)), None, jobs=2)


def test_fork_map_interrupt_drops_the_queued_items(tmp_path):
    """Ctrl-C while the forked workers run: the parent stops with KeyboardInterrupt and the items
    still queued are not computed (the workers finish at most the ones they hold)."""
    import os
    import signal
    import subprocess
    import sys
    import textwrap

    done = tmp_path / "done.txt"
    script = textwrap.dedent(f"""
        import sys, time
        from reviewer.forkmap import fork_map
        def work(st, x):
            if x == 0:
                print("running", flush=True)
            time.sleep(0.2)
            with open({str(done)!r}, "a") as f:
                f.write(f"{{x}}\\n")
            return x
        try:
            fork_map(work, list(range(200)), None, jobs=2)
        except KeyboardInterrupt:
            sys.exit(130)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert proc.stdout is not None and proc.stdout.readline().strip() == "running"
    os.kill(proc.pid, signal.SIGINT)
    assert proc.wait(timeout=120) == 130
    assert len(done.read_text().split()) < 200




def test_batch_stage_forks_only_as_many_workers_as_the_review_may(monkeypatch):
    """``-j 1`` keeps the batch stage in one process; the default forks its workers."""
    from reviewer import forkmap
    from reviewer.pipeline import Options, review
    from reviewer.similarity import groups

    scan = groups.holders_forked
    monkeypatch.setattr(groups, "holders_forked", lambda wanted, fps: scan(wanted, fps, min_reports=1, step=1))
    made: list[int] = []
    real = forkmap.ProcessPoolExecutor

    def counting(n, **kw):
        made.append(n)
        return real(n, **kw)

    monkeypatch.setattr(forkmap, "ProcessPoolExecutor", counting)
    examples = Path(__file__).resolve().parents[1] / "examples"
    one, _ = review([examples], Options(jobs=1))
    assert made == []
    two, _ = review([examples], Options(jobs=2))
    assert made and max(made) <= 2
    assert [r.to_dict() for r in one] == [r.to_dict() for r in two]
