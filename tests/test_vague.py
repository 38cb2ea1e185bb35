"""Vagueness classifier: cues, safe persistence, determinism, dev real-sentence labels, CLI."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewer.vagueness import model as vmodel
from reviewer.vagueness.corpus import load_corpus, load_real, load_real_labels, span_text
from reviewer.vagueness.features import NAMES, cue_vector, explain
from reviewer.vagueness.train import fit, scores, train

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
MODEL = ROOT / "models" / vmodel.MODEL_FILE


def _cue(sentence: str, name: str) -> float:
    return cue_vector(sentence)[NAMES.index(name)]


def test_cues_separate_statute_from_own_documents() -> None:
    assert _cue("深入贯彻落实《中华人民共和国政府信息公开条例》。", "document") == 0
    assert _cue("深入贯彻落实《中华人民共和国政府信息公开条例》。", "statute") > 0
    assert _cue("修订《依申请公开答复文书范本》。", "document") > 0
    assert _cue("全年办理申请23件，同比增长12.5%。", "count") > 0
    assert _cue("全年办理申请23件，同比增长12.5%。", "yoy") > 0
    assert _cue("按季度开展栏目巡检。", "frequency") > 0
    assert _cue("2025年，我局将继续加大工作力度。", "count") == 0
    assert _cue("2025年，我局将继续加大工作力度。", "no_specific") == 1.0
    ex = explain("由办公室牵头，于6月底前编制答复文书模板。")
    assert any("owner" in c for c in ex["specific"]) and any("date" in c for c in ex["specific"])
    assert any(c.startswith("有待 ") for c in explain("政策解读工作有待加强。")["vague"])


def test_corpus_size_and_balance() -> None:
    ex = load_corpus(CORPUS)
    assert len(ex) >= 2000
    n_spec = sum(e.label == "specific" for e in ex)
    assert 0.3 < n_spec / len(ex) < 0.7
    # hard cases both ways exist: vague with digits, specific without
    assert any(e.label == "vague" and any(ch.isdigit() for ch in e.sentence) for e in ex)
    assert any(e.label == "specific" and not any(ch.isdigit() for ch in e.sentence) for e in ex)


def _small_corpus(tmp_path: Path) -> Path:
    ex = load_corpus(CORPUS)
    pick = [e for e in ex if e.source.startswith("train_hand")][:260]
    d = tmp_path / "corpus" / "vague"
    d.mkdir(parents=True)
    with open(d / "train_small.tsv", "w", encoding="utf-8") as fh:
        for e in pick:
            fh.write(f"{e.label}\t{e.organ_type}\t{e.topic}\t{e.sentence}\n")
    return tmp_path / "corpus"


def test_training_twice_is_byte_identical(tmp_path: Path) -> None:
    corpus = _small_corpus(tmp_path)
    a, b = tmp_path / "m1", tmp_path / "m2"
    info = train(corpus, a, cv=False)
    train(corpus, b, cv=False)
    assert info["files"] == [vmodel.MODEL_FILE, vmodel.ARRAYS_FILE]
    for name in info["files"]:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_json_model_reproduces_the_pipeline(tmp_path: Path) -> None:
    corpus = _small_corpus(tmp_path)
    ex = load_corpus(corpus)
    pipe = fit(ex)
    m = vmodel.VagueModel(vmodel.to_json(pipe))
    sents = [e.sentence for e in ex[:80]]
    expected = pipe.predict_proba(sents)[:, list(pipe.classes_).index("vague")]
    assert m.predict_proba(sents) == pytest.approx(expected, abs=1e-9)


def test_decision_is_bit_identical_to_the_sparse_product() -> None:
    """The direct dot product and the per-text memo give exactly ``features @ coef + b0`` (the
    scores and findings must not move by one ulp), whatever batch a sentence arrives in."""
    assert MODEL.exists(), "run `reviewer train --only vagueness`"
    m = vmodel.load(MODEL)
    sents = ["进一步加强组织领导。", "由办公室牵头，于3月底前修订《保密审查办法》。", "", "全年受理申请12件，同比增长20%。",
             "进一步加强组织领导。", "公开内容还不够全面；", "ABC 123"]
    expected = m.features(sents) @ m.coef + m.intercept
    assert m.decision(sents).tolist() == expected.tolist()
    assert m.decision(sents[::-1]).tolist() == expected[::-1].tolist()  # now from the memo
    assert [m.decision([s])[0] for s in sents] == expected.tolist()


def test_loader_reads_json_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading never unpickles: with pickle disabled the model still loads, a pickle file is refused,
    and so is an arrays file holding an object array or naming a file outside the model's folder."""
    assert MODEL.exists(), "run `reviewer train --only vagueness`"
    meta = json.loads(MODEL.read_text(encoding="utf-8"))  # the file is plain JSON
    assert meta["arrays"] == vmodel.ARRAYS_FILE
    bad = tmp_path / "objects.json"
    bad.write_text(json.dumps({**meta, "arrays": "objects.npz"}), encoding="utf-8")
    import numpy as np

    with open(tmp_path / "objects.npz", "wb") as fh:
        real = np.load(MODEL.with_name(vmodel.ARRAYS_FILE), allow_pickle=False)
        np.savez(fh, **{**{k: real[k] for k in real.files}, "coef": np.array([{"a": 1}], dtype=object)})
    with pytest.raises(ValueError):
        vmodel.load(bad)
    bad.write_text(json.dumps({**meta, "arrays": "../vagueness.npz"}), encoding="utf-8")
    with pytest.raises(ValueError):
        vmodel.load(bad)

    def boom(*a, **k):
        raise AssertionError("pickle used while loading the model")

    monkeypatch.setattr(pickle, "load", boom)
    monkeypatch.setattr(pickle, "loads", boom)
    m = vmodel.load(MODEL)
    assert len(m.predict_proba(["进一步加强组织领导。"])) == 1
    evil = tmp_path / "evil.json"
    evil.write_bytes(pickle.dumps({"format": vmodel.FORMAT}))
    with pytest.raises((ValueError, UnicodeDecodeError)):
        vmodel.load(evil)
    fake = tmp_path / "fake.json"
    fake.write_text(json.dumps({"format": "something-else"}), encoding="utf-8")
    with pytest.raises(ValueError):
        vmodel.load(fake)


def test_standoff_labels_are_offsets_not_text() -> None:
    labels = load_real_labels(CORPUS)
    assert len(labels) >= 150 and len({x.file for x in labels}) >= 15
    raw = (CORPUS / "vague" / "real_labels.tsv").read_text(encoding="utf-8")
    assert "。" not in raw  # no sentence text stored


def test_dev_real_sentences(real_dir: Path) -> None:
    from reviewer.vagueness.realset import file_parts

    parts = file_parts(CORPUS)  # files of the real set's sealed test are left out
    real = [e for e in load_real(CORPUS, real_dir) if parts.get(e.source.split(":")[0], "dev") == "dev"]
    for lab in load_real_labels(CORPUS)[:30]:
        text = (real_dir / lab.file).read_text(encoding="utf-8")
        assert lab.end <= len(text) and span_text(text, lab.start, lab.end)
    assert sum(e.label == "specific" for e in real) >= 10
    m = vmodel.default_model(MODEL)
    s = scores([e.label for e in real], m.predict([e.sentence for e in real]))
    assert s["macro_f1"] >= 0.85
    assert s["specific"]["f1"] >= 0.75


def test_cli_jsonl_lines_and_labels() -> None:
    from reviewer.vagueness.cli import vague

    text = "一、草稿\n政策解读工作有待加强。进一步提高认识。\n\n由办公室牵头，于3月底前上线“政策问答”栏目。\n"
    res = CliRunner().invoke(vague, ["-", "--format", "jsonl"], input=text)
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in res.output.splitlines()]
    assert [r["line"] for r in rows] == [1, 2, 2, 4]
    assert rows[1]["label"] == "vague" and rows[3]["label"] == "specific"
    assert rows[3]["sentence"].startswith("由办公室牵头")
    assert all(set(r) == {"line", "sentence", "label", "probability", "cues", "uncertain"} for r in rows)
    assert 0.0 <= rows[1]["probability"] <= 1.0 and rows[1]["probability"] > rows[3]["probability"]


def test_segmenter_has_not_drifted_since_training() -> None:
    """Word features only match if the segmenter still cuts as it did at training time."""
    m = vmodel.default_model(MODEL)
    assert not m.segmenter_drift, "segmenter changed: run `reviewer train --only vagueness`"


def test_real_sentences_are_kept_out_of_training(real_dir: Path) -> None:
    """No labelled real sentence, nor any 20-character stretch of one, appears in the training corpus."""
    train_text = "\n".join(e.sentence for e in load_corpus(CORPUS))
    real = load_real(CORPUS, real_dir) + load_real(CORPUS, real_dir, section="一")
    assert real
    for e in real:
        s = re.sub(r"《[^》]*》", "《》", "".join(e.sentence.split()))  # shared document titles are not copying
        assert not any(s[i : i + 20] in train_text for i in range(0, max(1, len(s) - 19), 5)), e.source


def test_eval_names_the_real_labels_a_dev_set(tmp_path: Path) -> None:
    """The real-sentence figures are printed as dev, never as held out (own fictional files)."""
    from reviewer.vagueness.evaluate import REAL_PART
    from reviewer.vagueness.evaluate import cli as eval_cli

    report = "一是公开内容还不够全面。由办公室于3月底前修订青禾县信息公开指南。\n"
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "qinghe_2024.txt").write_text(report, encoding="utf-8")
    (tmp_path / "vague").mkdir()
    (tmp_path / "vague" / "real_labels.tsv").write_text(
        "qinghe_2024.txt\t0\t12\tvague\nqinghe_2024.txt\t12\t35\tspecific\n", encoding="utf-8")
    (tmp_path / "vague" / "train_tiny.tsv").write_text(
        "vague\t通用\tproblems\t工作水平有待进一步提高。\nspecific\t通用\tmeasures\t由办公室于6月底前完成云溪市栏目巡检。\n",
        encoding="utf-8")
    args = ["--corpus", str(tmp_path), "--reports", str(tmp_path / "reports"), "--no-cv"]
    res = CliRunner().invoke(eval_cli, args)
    assert res.exit_code == 0, res.output
    assert f"{REAL_PART}: real section 五 sentences (2 unique, 1 files)" in res.output
    assert "held-out" not in res.output and "held out" not in res.output
    data = json.loads(CliRunner().invoke(eval_cli, [*args, "--json"]).output)
    assert data["real_part"] == REAL_PART == "dev (real sentences, seen while writing training data)"
