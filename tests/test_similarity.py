"""Unit behaviour of the similarity engine on text written for these tests."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

from reviewer.io import read_document
from reviewer.similarity.analyse import analyse
from reviewer.similarity.archive import Archive
from reviewer.similarity.index import candidates
from reviewer.similarity.mask import mask
from reviewer.similarity.organs import mask_names, organ_key
from reviewer.similarity.shingle import shingles

BODY_A = (
    "本机关持续完善公开目录编制流程，确保信息发布准确无误。信息中心定期梳理政策解读材料，全年发布解读文章37篇。"
    "法制机构严格落实保密审查制度，对拟公开文件逐件登记。网站编辑部重新设计了办事指南栏目，新增服务事项说明112项。"
)
BODY_B = (
    "督查组围绕群众反映集中的农村道路养护问题开展暗访，形成整改清单并逐项销号。宣传科新开设政策问答小程序，"
    "累计回答咨询460人次。档案室完成了往年纸质公开文件的数字化扫描，建立可检索的电子目录。"
)
PROBLEMS_A = "一是部分科室对主动公开范围理解不一致，更新不够及时；二是解读形式较为单一，图解和视频解读数量偏少。"


def report(organ: str, year: int, body: str, problems: str, table_row: str = "") -> str:
    lines = [
        f"{organ}{year}年政府信息公开工作年度报告",
        f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        "一、总体情况",
        body,
        "二、主动公开政府信息情况",
        table_row or "| 规章 | 0 | 0 | 0 |",
        "三、收到和处理政府信息公开申请情况",
        "本年未收到申请。",
        "四、政府信息公开行政复议、行政诉讼情况",
        "本年无行政复议和行政诉讼。",
        "五、存在的主要问题及改进情况",
        problems,
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
    ]
    return "\n".join(lines) + "\n"


def write(tmp_path, name: str, text: str):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return read_document(p)


def test_mask_folds_years_figures_and_own_name_and_keeps_offsets():
    text = "青禾县交通运输局2023年发布信息1,234条。"
    m, starts, ends = mask(text, mask_names("青禾县交通运输局"))
    assert m == "§#年发布信息#条"
    assert len(starts) == len(m) == len(ends)
    assert text[starts[0] : ends[0]] == "青禾县交通运输局"
    assert text[starts[1] : ends[1]] == "2023"
    assert text[starts[7] : ends[7]] == "1,234"
    a = mask("云岚市教育局2022年公开文件12件", mask_names("云岚市教育局"))[0]
    b = mask("榆坪县民政局2023年公开文件7件", mask_names("榆坪县民政局"))[0]
    assert a == b


def test_shingles_are_stable_and_positional():
    h = shingles("一二三四五六七八九十")
    assert len(h) == 3 and h.dtype == np.uint64
    assert np.array_equal(h, shingles("一二三四五六七八九十"))  # no per-process salt
    assert h[0] != h[1]
    assert len(shingles("短文本")) == 0


@pytest.mark.parametrize(
    "a,b,same",
    [
        ("平潭综合实验区", "平潭综合实验区管委会", True),
        ("平潭综合实验区", "平潭综合实验区（党工委管委会）", True),
        ("洪泽区人民政府", "淮安市洪泽区人民政府", True),
        ("平潭县人民政府", "平潭综合实验区", False),
        ("平潭综合实验区地方税务局", "平潭综合实验区", False),
        ("淮安市人民政府", "淮安市洪泽区人民政府", False),
        ("宿迁市发展和改革委员会", "淮安市发展和改革委员会", False),
    ],
)
def test_organ_keys_link_name_variants_only(a, b, same):
    assert (organ_key(a) == organ_key(b)) is same


def test_copy_from_own_past_with_year_and_figures_changed(tmp_path):
    old = write(tmp_path, "a_2022.txt", report("青禾县交通运输局", 2022, BODY_A, PROBLEMS_A))
    new_body = BODY_A.replace("37", "52").replace("112", "98")
    new = write(tmp_path, "a_2023.txt", report("青禾县交通运输局", 2023, new_body + BODY_B, PROBLEMS_A))
    a_old, a_new = analyse([old, new])
    assert a_old.metrics["own_share"] == 0
    own = [p for p in a_new.passages if p.kind == "own"]
    assert own, "copied body not found"
    copied = "".join(new.text[p.start : p.end] for p in own)
    assert "全年发布解读文章52篇" in copied and "督查组" not in copied  # new text is not copied
    m = a_new.metrics
    assert 0.4 < m["own_share"] < 0.9
    assert m["largest_source"]["path"] == old.path and m["largest_source"]["year"] == 2022
    assert m["by_section"]["五"]["own"] > 0.9 and m["by_section"]["一"]["own"] < 0.9
    for p in own:  # the source span really is the old text
        assert p.source.doc is old and old.text[p.src_start : p.src_end]


def test_other_organ_copy_with_name_swapped_is_copied_from_other(tmp_path):
    a = write(tmp_path, "x_2023.txt", report("青禾县交通运输局", 2023, BODY_A + "青禾县交通运输局将继续做好公开工作。", PROBLEMS_A))
    b_text = report("云岚市教育局", 2023, BODY_A + "云岚市教育局将继续做好公开工作。", "今年没有发现明显问题，明年将按计划推进公开平台迁移和人员培训工作。")
    b = write(tmp_path, "y_2023.txt", b_text)
    c = write(tmp_path, "z_2023.txt", report("榆坪县民政局", 2023, BODY_B, "明年重点解决低保信息更新慢的问题，建立月度核对机制。"))
    ra, rb, rc = analyse([a, b, c])
    assert rb.metrics["other_share"] > 0.3 and rb.metrics["own_share"] == 0
    other = [p for p in rb.passages if p.kind == "other"]
    covered = sum(p.end - p.start for p in other)
    assert covered >= 0.9 * len(BODY_A + "云岚市教育局将继续做好公开工作。")
    assert all(p.source.doc is a for p in other)
    assert "明年将按计划" not in "".join(b.text[p.start : p.end] for p in other)
    assert rb.metrics["largest_source"]["organ"] == "青禾县交通运输局"
    assert rc.metrics["other_share"] == 0


def test_text_shared_by_many_organs_is_template_not_copying(tmp_path):
    shared = "我们坚持以公开为常态、不公开为例外，推动政务公开标准化规范化建设不断深入。"
    bodies = [BODY_A, BODY_B, "信息中心升级了依申请公开系统，实现申请进度短信提醒，办理时限平均缩短三天。",
              "办公室整理了历年规范性文件，对失效文件作出标注并在专栏集中公布，方便群众查找。"]
    names = ["青禾县交通运输局", "云岚市教育局", "榆坪县民政局", "枫溪区财政局"]
    docs = [write(tmp_path, f"t{i}_2023.txt", report(n, 2023, shared + b, f"{n}本年主要问题是人手不足。")) for i, (n, b) in enumerate(zip(names, bodies, strict=True))]
    res = analyse(docs)
    for d, r in zip(docs, res, strict=True):
        assert r.metrics["other_share"] == 0, d.path
        tmpl = [p for p in r.passages if p.kind == "template"]
        assert any("公开为常态" in d.text[p.start : p.end] for p in tmpl)


def test_candidate_index_finds_pairs_sharing_rare_ngrams_and_ignores_common_ones():
    rng = np.random.default_rng(0)
    common = rng.integers(0, 2**24, 50)
    rows = [np.concatenate([common, rng.integers(0, 2**24, 40)]).astype(np.int32) for _ in range(200)]
    rows[7] = np.concatenate([rows[7], rows[123][50:60]])
    out = candidates(rows, [f"o{i}" for i in range(200)], [2023] * 200, min_shared=3, max_df=20)
    assert [j for j, _ in out[7]] == [123]
    assert all(not c for i, c in enumerate(out) if i not in (7, 123))


def test_archive_roundtrip_and_score_against_archive(tmp_path):
    from reviewer.cli import main

    old = tmp_path / "old"
    old.mkdir()
    (old / "a_2022.txt").write_text(report("青禾县交通运输局", 2022, BODY_A, PROBLEMS_A), encoding="utf-8")
    db = tmp_path / "arc.sqlite"
    r = CliRunner().invoke(main, ["archive", "add", "--archive", str(db), str(old)])
    assert r.exit_code == 0, r.output
    assert "added 1" in r.output
    r = CliRunner().invoke(main, ["archive", "add", "--archive", str(db), str(old)])
    assert "already stored 1" in r.output
    with Archive(db, create=False) as arc:
        (doc,) = arc.documents()
    orig = read_document(old / "a_2022.txt")
    assert doc.text == orig.text and [s.id for s in doc.sections] == [s.id for s in orig.sections]
    assert [(t.start, t.end) for t in doc.tables] == [(t.start, t.end) for t in orig.tables]

    from reviewer.pipeline import Options, review

    new = tmp_path / "new"
    new.mkdir()
    (new / "a_2023.txt").write_text(report("青禾县交通运输局", 2023, BODY_A, PROBLEMS_A), encoding="utf-8")
    results, _ = review([new], Options(jobs=1, archive=str(db)))
    (res,) = results
    assert res.metrics["copy"]["own_share"] > 0.8
    f = next(f for f in res.findings if f.kind == "copied-from-own-past")
    assert f.evidence["source_year"] == 2022 and f.evidence["source_path"].endswith("a_2022.txt")
    results, _ = review([new], Options(jobs=1))
    assert results[0].metrics["copy"]["own_share"] == 0


def test_unreadable_archive_does_not_stop_the_batch(tmp_path, capsys):
    from reviewer.pipeline import Options, review

    (tmp_path / "a_2023.txt").write_text(report("青禾县交通运输局", 2023, BODY_A, PROBLEMS_A), encoding="utf-8")
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database at all" * 10)
    for arc in (bad, tmp_path / "missing.sqlite"):
        results, _ = review([tmp_path / "a_2023.txt"], Options(jobs=1, archive=str(arc)))
        assert results[0].error is None and results[0].metrics["copy"]["own_share"] == 0
        assert "cannot be read" in capsys.readouterr().err
