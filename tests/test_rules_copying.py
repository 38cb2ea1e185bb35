"""C2xx batch rules through the pipeline: spans in the reviewed report, evidence naming the source,
metrics for scoring, and the gold-set precision/recall (the rules' declarations and example batches:
tests/test_rule_contract.py, tests/fixtures/rules/C2xx/)."""

from __future__ import annotations

from reviewer.pipeline import Options, review
from tests.test_similarity import BODY_A, BODY_B, PROBLEMS_A, report

TABLE = "| 规章 | 3 | 5 | 12 |\n| 行政规范性文件 | 4 | 1 | 20 |"
EVIDENCE = {"source_path", "source_organ", "source_year", "source_start", "source_end", "source_text", "similarity"}


def _batch(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    results, docs = review([tmp_path], Options(jobs=1))
    return {r.path.rsplit("/", 1)[-1]: r for r in results}, {d.path.rsplit("/", 1)[-1]: d for d in docs}


def test_own_past_copy_findings_carry_source_and_metrics(tmp_path):
    res, docs = _batch(tmp_path, {
        "qh_2022.txt": report("青禾县交通运输局", 2022, BODY_A, PROBLEMS_A, TABLE),
        "qh_2023.txt": report("青禾县交通运输局", 2023, BODY_A + BODY_B, PROBLEMS_A, TABLE),
    })
    r, d, old = res["qh_2023.txt"], docs["qh_2023.txt"], docs["qh_2022.txt"]
    c201 = [f for f in r.findings if f.rule == "C201"]
    assert c201
    for f in c201:
        assert f.text == d.text[f.start : f.end]
        assert EVIDENCE <= set(f.evidence)
        ev = f.evidence
        assert ev["source_year"] == 2022 and ev["source_text"] == old.text[ev["source_start"] : ev["source_end"]]
        assert "督查组" not in f.text
    # problems repeated word for word in section 五, with both passages
    c204 = [f for f in r.findings if f.rule == "C204"]
    assert c204 and all(f.section == "五" for f in c204)
    assert any("解读形式较为单一" in f.text and "解读形式较为单一" in f.evidence["source_text"] for f in c204)
    # identical table
    c205 = [f for f in r.findings if f.rule == "C205"]
    assert len(c205) == 1 and c205[0].text.startswith("规章") and c205[0].evidence["source_year"] == 2022
    m = r.metrics["copy"]
    assert {"own_share", "other_share", "template_share", "largest_source", "by_section", "sources", "identical_tables"} <= set(m)
    assert m["own_share"] > 0.3 and m["other_share"] == 0 and m["identical_tables"] == 1
    assert m["by_section"]["五"]["own"] == 1.0 and m["by_section"]["一"]["own"] < 0.8
    assert res["qh_2022.txt"].metrics["copy"]["own_share"] == 0
    assert not [f for f in res["qh_2022.txt"].findings if f.rule in ("C201", "C204", "C205")]


def test_prev_share_counts_only_text_standing_in_the_latest_earlier_report(tmp_path):
    new = "今年发现网站栏目分类与新目录不一致，已于十月完成栏目重建。"
    res, _ = _batch(tmp_path, {
        "qh_2021.txt": report("青禾县交通运输局", 2021, BODY_A, PROBLEMS_A, TABLE),
        "qh_2022.txt": report("青禾县交通运输局", 2022, BODY_B, new, TABLE),
        "qh_2023.txt": report("青禾县交通运输局", 2023, BODY_A, new, TABLE),
        "qh_2024.txt": report("青禾县交通运输局", 2024, BODY_A, new, TABLE),
    })
    # 2023 takes BODY_A back from 2021, which its latest earlier report (2022) does not hold
    m23 = res["qh_2023.txt"].metrics["copy"]
    assert m23["own_share"] > 0.3 and m23["prev_share"] < m23["own_share"] - 0.3
    # 2024 repeats 2023 whole: everything copied also stands in the latest earlier report
    m24 = res["qh_2024.txt"].metrics["copy"]
    assert m24["own_share"] > 0.5 and m24["prev_share"] == m24["own_share"]
    assert res["qh_2021.txt"].metrics["copy"]["prev_share"] == 0


def test_changed_table_and_new_problems_are_not_flagged(tmp_path):
    res, _ = _batch(tmp_path, {
        "qh_2022.txt": report("青禾县交通运输局", 2022, BODY_A, PROBLEMS_A, TABLE),
        "qh_2023.txt": report("青禾县交通运输局", 2023, BODY_B, "今年发现网站栏目分类与新目录不一致，已于十月完成栏目重建。", TABLE.replace("12", "14")),
    })
    r = res["qh_2023.txt"]
    assert not [f for f in r.findings if f.rule in ("C201", "C202", "C204", "C205")]
    assert r.metrics["copy"]["own_share"] == 0


def test_gold_set_passage_precision_and_recall():
    from reviewer.similarity.evaluate import evaluate

    r = evaluate(n_organs=28, seed=5)
    assert r["gold_passages"] > 80
    assert r["precision"] >= 0.95, r
    assert r["recall"] >= 0.90, r
    assert r["by_transform"]["new"]["predicted"] == 0
    assert r["by_transform"]["other"]["found"] == r["by_transform"]["other"]["gold"]


def test_template_text_flags_shared_model_text_but_not_prescribed_wording(tmp_path):
    shared = "我们坚持以公开为常态、不公开为例外，推动政务公开标准化规范化建设不断深入，切实保障人民群众的知情权参与权监督权。"
    names = ["青禾县交通运输局", "云岚市教育局", "榆坪县民政局", "枫溪区财政局"]
    bodies = [BODY_A, BODY_B, "信息中心升级了依申请公开系统，实现申请进度短信提醒，办理时限平均缩短三天。",
              "办公室整理了历年规范性文件，对失效文件作出标注并在专栏集中公布，方便群众查找。"]
    files = {f"t{i}_2023.txt": report(n, 2023, (shared if i < 3 else "") + b, f"{n}本年主要问题是人手不足，明年增加一名专职人员。")
             for i, (n, b) in enumerate(zip(names, bodies, strict=True))}
    res, docs = _batch(tmp_path, files)
    for i in range(4):
        r = res[f"t{i}_2023.txt"]
        c203 = [f for f in r.findings if f.rule == "C203"]
        assert all(f.severity == "info" and f.evidence["shared_chars"] >= 24 for f in c203)
        hits = [f for f in c203 if "公开为常态" in f.text]
        assert len(hits) == (1 if i < 3 else 0)
        assert r.metrics["copy"]["other_share"] == 0
    # the prescribed preamble formula is expected wording, never shared "template" characters
    from reviewer.similarity.mask import mask
    from reviewer.similarity.template import prescribed_chars

    pre = mask("本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。本报告的电子版可在门户网站下载。")[0]
    assert prescribed_chars(pre)[: len("本报告所列数据的统计期限自")].all()
