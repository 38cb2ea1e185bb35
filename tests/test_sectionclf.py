from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reviewer.paths import ROOT, models_dir
from reviewer.structure import classifier as sectionclf

CORPUS = ROOT / "corpus"


def test_shipped_model_is_plain_json_and_predicts_sections():
    path = models_dir() / sectionclf.MODEL_FILE
    raw = path.read_bytes()
    assert raw[:1] == b"{"  # JSON, not a pickle: loading executes no code
    d = json.loads(raw)
    assert sorted(d["labels"]) == sorted(sectionclf.LABELS)
    import numpy as np

    with np.load(path.with_name(d["arrays"]), allow_pickle=False) as z:  # numbers and strings only
        width = len(z["vocabulary"]) + 3 + sectionclf.POSITION_BINS
        assert z["coef"].shape == (len(d["labels"]), width)
    model = sectionclf.load_model()
    texts = {
        "下一步，本局计划在明年6月底前修订公开指南，并每季度抽查一次各科室的信息发布情况。": "五",
        "本单位今年没有向申请人收取过信息处理费。": "六",
        "（四）无法提供 1.本机关不掌握相关政府信息 6 0 0 0 0 0 6": "三",
        "行政复议 结果维持 结果纠正 其他结果 尚未审结 总计": "四",
        "行政许可 | 840": "二",
        "（二）依申请公开。今年共收到公开申请31件，全部在法定期限内作出答复。": "一",
        "某县水利局\n2025年1月18日": "other",
    }
    assert model.predict(list(texts)) == list(texts.values())


def _tiny_corpus(tmp: Path) -> Path:
    (tmp / "sections" / "train").mkdir(parents=True)
    for label in sectionclf.LABELS:
        lines = (CORPUS / sectionclf.TRAIN_DIR / f"{label}.txt").read_text(encoding="utf-8").splitlines()
        (tmp / "sections" / "train" / f"{label}.txt").write_text(
            "\n".join(lines[:10]) + "\n", encoding="utf-8"
        )
    return tmp


def test_training_is_deterministic_and_reports_cv(tmp_path):
    corpus = _tiny_corpus(tmp_path / "corpus")
    a, b = tmp_path / "a", tmp_path / "b"
    info = sectionclf.train(corpus, a)
    sectionclf.train(corpus, b)
    assert info["files"] == ["sections.json", "sections.npz"] and info["data"] == ["sections/train"]
    for name in info["files"]:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert 0.0 < info["metrics"]["cv_accuracy_grouped_5fold"] <= 1.0
    sectionclf.load_model.cache_clear()


def test_recovery_is_skipped_without_a_model(tmp_path, monkeypatch):
    from reviewer.model import Document, Section

    monkeypatch.setattr(sectionclf, "load_model", lambda path=None: None)
    doc = Document(path="x", sha256="", text="一、总体情况\n正文。\n")
    secs = [Section("一", "总体情况", 0, 10, 6)]
    from reviewer.structure.recovery import recover_sections

    assert recover_sections(doc, secs) == secs


def test_segmentation_is_monotone():
    import numpy as np

    labels = ["一", "五", "other"]
    proba = np.array([[0.9, 0.05, 0.05], [0.2, 0.7, 0.1], [0.6, 0.3, 0.1], [0.1, 0.8, 0.1]])
    # the third paragraph alone looks like 一, but once 五 has begun the order cannot go back
    assert sectionclf._segment(proba, labels, ["一", "五"]) == ["一", "五", "五", "五"]


def test_training_prose_is_not_copied_from_real_reports(real_dir):
    real = re.sub(r"\s", "", "".join(p.read_text(encoding="utf-8") for p in real_dir.glob("*.txt")))
    for label in ("一", "五", "六"):
        for line in (CORPUS / sectionclf.TRAIN_DIR / f"{label}.txt").read_text(encoding="utf-8").splitlines():
            text = re.sub(r"\s|《[^》]*》", "", line)
            if len(text) < 25:
                continue  # headings and official labels are the format's own words
            shared = [text[i : i + 20] for i in range(len(text) - 19) if text[i : i + 20] in real]
            assert not shared, f"{label}: {shared[0]}"


def test_annotations_are_valid_standoff(real_dir):
    rows = sectionclf.load_annotations(CORPUS)
    assert len(rows) >= 300
    assert {r[3] for r in rows} == set(sectionclf.LABELS)
    files = {r[0] for r in rows}
    assert all(int(re.search(r"(\d{4})", f).group(1)) >= 2019 for f in files)
    by_file: dict[str, list] = {}
    for f, s, e, _lab in rows:
        by_file.setdefault(f, []).append((s, e))
    for f, spans in by_file.items():
        n = len((real_dir / f).read_bytes().decode("utf-8"))
        spans.sort()
        assert all(0 <= s < e <= n for s, e in spans), f
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), f


def test_held_out_accuracy_on_real_paragraphs(real_dir):
    texts, labels, files, positions = sectionclf.annotated_texts(CORPUS, real_dir)
    with_pos = sectionclf.classify(texts, positions)
    text_only = sectionclf.classify(texts)
    acc = sum(p == y for p, y in zip(with_pos, labels, strict=True)) / len(labels)
    acc_text = sum(p == y for p, y in zip(text_only, labels, strict=True)) / len(labels)
    assert acc >= 0.95
    assert acc_text >= 0.93
    assert sectionclf.in_document_accuracy(texts, labels, files, positions) >= 0.98


def test_split_is_by_organ_and_fixed():
    files = ["b_x_2020.txt", "a_y_2021.txt", "b_x_2021.txt", "c_z_2019.txt", "a_y_2022.txt"]
    halves = {f: sectionclf.split_of(f, files) for f in files}
    # sorted organs a_y, b_x, c_z alternate dev/test/dev; every year of one organ stays together
    assert halves == {
        "a_y_2021.txt": "dev",
        "a_y_2022.txt": "dev",
        "b_x_2020.txt": "test",
        "b_x_2021.txt": "test",
        "c_z_2019.txt": "dev",
    }


def test_position_features_are_smooth_and_zero_when_unknown():
    f = sectionclf.position_features([None, 0.0, 1.0, 0.5], 4)
    assert not f[0].any()
    assert f[1, 0] == 1.0 and f[2, -1] == 1.0
    assert abs(f[3].sum() - 1.0) < 1e-9 and (f[3] > 0).sum() <= 2


def test_synthetic_documents_follow_the_spec_order(tmp_path):
    corpus = _tiny_corpus(tmp_path / "corpus")
    docs = sectionclf.synthetic_documents(corpus, n=5, seed=3)
    assert docs == sectionclf.synthetic_documents(corpus, n=5, seed=3)
    mean = {lab: sum(p for _, y, p in docs if y == lab) / max(1, sum(y == lab for _, y, _ in docs)) for lab in "一五"}
    assert 0.0 < mean["一"] < mean["五"] < 1.0


def test_position_separates_overview_from_improvements():
    model = sectionclf.load_model()
    # the same wording of a measure reads as 一 near the start and as 五 after the tables
    text = "加强业务培训，组织各科室信息员学习公开属性认定和答复文书规范，提升办理能力。"
    early, late = model.proba([text, text], [0.15, 0.85])
    k1, k5 = model.labels.index("一"), model.labels.index("五")
    assert early[k1] > late[k1] and late[k5] > early[k5]


@pytest.mark.parametrize("label", sectionclf.LABELS)
def test_corpus_has_paragraphs_for_every_label(label):
    lines = [
        x
        for x in (CORPUS / sectionclf.TRAIN_DIR / f"{label}.txt").read_text(encoding="utf-8").splitlines()
        if x.strip()
    ]
    assert len(lines) >= 15


def test_model_matches_corpus_hash_in_manifest_when_present():
    manifest = models_dir() / "MANIFEST.json"
    if not manifest.exists() or "sections" not in json.loads(manifest.read_text(encoding="utf-8")).get(
        "models", {}
    ):
        pytest.skip("no manifest entry for sections")
    from reviewer.training.run import _hash_files

    entry = json.loads(manifest.read_text(encoding="utf-8"))["models"]["sections"]
    assert entry["data_sha256"] == _hash_files(CORPUS, entry["data"]), (
        "corpus changed: run `reviewer train --only sections`"
    )


def test_signature_after_the_last_section_stays_other():
    import numpy as np

    labels = list(sectionclf.LABELS)
    proba = []
    for lab in ("other", "一", "六", "other"):
        row = np.full(len(labels), 0.02)
        row[labels.index(lab)] = 0.88
        proba.append(row)
    path = sectionclf._segment(np.array(proba), labels, list(sectionclf._DOC_STATES))
    # a signature after 六 is not 六: the document states end in a second 'other'
    assert path == ["other", "一", "六", "other"]


def test_shipped_model_is_what_train_builds_from_the_corpus(tmp_path):
    """`reviewer train --only sections` on corpus/ reproduces the shipped files byte for byte, so
    the model in models/ is never stale against its corpus, features or trainer."""
    info = sectionclf.train(CORPUS, tmp_path)
    for name in info["files"]:
        assert (tmp_path / name).read_bytes() == (models_dir() / name).read_bytes(), name
    sectionclf.load_model.cache_clear()
