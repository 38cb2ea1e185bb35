"""Failures that must be loud: a missing model file stops the run with one line and exit 2, a
command whose module cannot be imported is an error, and a crashing rule is reported for that rule
while the other rules still run."""

from __future__ import annotations

import shutil
import sys

import click
import pytest
from click.testing import CliRunner

from reviewer.cli import LazyGroup, main
from reviewer.errors import ModelMissing
from reviewer.pipeline import Options, review
from reviewer.rules.registry import REGISTRY, rule
from reviewer.structure import classifier as sectionclf
from reviewer.vagueness import model as vmodel
from tests.conftest import EXAMPLES


def _clear_model_caches() -> None:
    sectionclf.load_model.cache_clear()
    vmodel._default_path.cache_clear()
    vmodel._cached.cache_clear()


@pytest.fixture
def no_models(tmp_path, monkeypatch):
    """models_dir() points at an empty folder for the test; the real models are reloaded after."""
    import reviewer.paths

    empty = tmp_path / "models"
    empty.mkdir()
    monkeypatch.setattr(reviewer.paths, "models_dir", lambda: empty)
    _clear_model_caches()
    yield empty
    monkeypatch.undo()
    _clear_model_caches()


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("qinghe_jiaotong_2023.txt", "qinghe_jiaotong_2024.txt", "qinghe_wenlv_2024.txt"):
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


# -- missing model files ------------------------------------------------------------------------------
def test_missing_section_model_is_an_error_naming_the_file(no_models):
    with pytest.raises(ModelMissing, match=r"模型文件缺失: .*sections\.json; run `reviewer train --only sections`"):
        sectionclf.load_model()


def test_missing_vagueness_model_is_an_error(no_models):
    with pytest.raises(ModelMissing, match=r"vagueness\.json; run `reviewer train --only vagueness`"):
        vmodel.default_model()


def test_missing_pkuseg_model_is_an_error(tmp_path):
    pytest.importorskip("spacy_pkuseg")
    from reviewer.segmentation.segmenter import PkusegSegmenter

    with pytest.raises(ModelMissing, match=r"reviewer train --only segmenter"):
        PkusegSegmenter(tmp_path)


def test_review_stops_before_reading_when_a_model_is_missing(no_models, reports):
    with pytest.raises(ModelMissing):
        review([reports], Options(jobs=1))


@pytest.mark.parametrize("args", [["score", "--jobs", "1"], ["check"]])
def test_cli_turns_a_missing_model_into_one_line_and_exit_2(no_models, reports, args):
    target = reports / "qinghe_jiaotong_2024.txt" if args == ["check"] else reports
    res = CliRunner().invoke(main, [*args, str(target)])
    assert res.exit_code == 2, res.output
    lines = [x for x in res.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("错误: 模型文件缺失: "), res.stderr
    assert "Traceback" not in res.output


def test_cli_vague_with_a_missing_model_exits_2(no_models):
    res = CliRunner().invoke(main, ["vague", "-"], input="一是公开内容还不够全面。\n")
    assert res.exit_code == 2 and "模型文件缺失" in res.stderr


# -- commands whose module fails to import ------------------------------------------------------------
def _group(lazy: dict[str, str]) -> click.Group:
    @click.group(cls=LazyGroup, lazy=lazy)
    def g() -> None:
        """test group"""

    return g


def test_a_command_module_that_is_absent_is_an_error():
    res = CliRunner().invoke(_group({"ghost": "reviewer_no_such_module_q7:cli"}), ["ghost"])
    assert res.exit_code == 2
    assert "命令 `ghost` 无法加载" in res.output and "reviewer_no_such_module_q7" in res.output


def test_a_command_whose_dependency_is_missing_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "qh_cmd_mod.py").write_text("import qh_missing_dep_q7\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    res = CliRunner().invoke(_group({"feature": "qh_cmd_mod:cli"}), ["feature"])
    sys.modules.pop("qh_cmd_mod", None)
    assert res.exit_code == 2
    assert "命令 `feature` 无法加载" in res.output and "qh_missing_dep_q7" in res.output


def test_a_command_attribute_that_is_missing_is_an_error():
    res = CliRunner().invoke(_group({"nothing": "reviewer.errors:no_such_command"}), ["nothing"])
    assert res.exit_code == 2 and "no_such_command" in res.output


# -- crashing rules -----------------------------------------------------------------------------------
@pytest.fixture
def crashing_rules():
    """X901 (document) fails on the 2023 report only; X902 (batch) always fails."""

    @rule("X901", "test-crash-doc", "format", "info")
    def _crash_doc(doc, ctx):
        if "2023" in doc.path:
            raise ZeroDivisionError("test fault")
        return []

    @rule("X902", "test-crash-batch", "format", "info", scope="batch")
    def _crash_batch(docs, ctx):
        raise KeyError("test batch fault")

    yield
    REGISTRY.pop("X901", None)
    REGISTRY.pop("X902", None)


def _findings(results):
    return {r.path: [(f.rule, f.start, f.end) for f in r.findings] for r in results}


def test_a_crashing_rule_is_reported_and_the_other_rules_still_run(reports, capsys, request):
    before, _ = review([reports], Options(jobs=1))
    assert any(r.findings for r in before)
    capsys.readouterr()
    request.getfixturevalue("crashing_rules")
    after, _ = review([reports], Options(jobs=1))
    err = capsys.readouterr().err
    assert _findings(after) == _findings(before)  # every other rule ran, on every report
    by = {r.path.rsplit("/", 1)[-1]: r.metrics.get("rule_errors", {}) for r in after}
    assert by["qinghe_jiaotong_2023.txt"]["X901"] == "ZeroDivisionError: test fault"
    assert "X901" not in by["qinghe_jiaotong_2024.txt"]
    assert all(v["X902"] == "KeyError: 'test batch fault'" for v in by.values())
    lines = err.splitlines()
    assert any(x.startswith("规则 X901 运行出错: ") and "qinghe_jiaotong_2023.txt" in x and "ZeroDivisionError" in x
               for x in lines), err
    assert any(x.startswith("规则 X902 运行出错（共 3 份报告）") and "KeyError" in x for x in lines), err


def test_rule_errors_survive_the_worker_processes(reports, capsys, crashing_rules):
    # forked workers see the test rules registered in the parent
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("test rules registered in the parent reach workers only under fork")
    files = [*sorted(reports.glob("*.txt")), *(reports / f"copy{i}.txt" for i in range(2))]
    for i in range(2):
        shutil.copy(reports / "qinghe_wenlv_2024.txt", files[3 + i])
    results, _ = review(files, Options(jobs=2))
    by = {r.path.rsplit("/", 1)[-1]: r.metrics.get("rule_errors", {}) for r in results}
    assert "X901" in by["qinghe_jiaotong_2023.txt"] and "X901" not in by["copy0.txt"]
    assert all("X902" in v for v in by.values())


# -- optional PDF writer ------------------------------------------------------------------------------
def test_generate_pdf_without_reportlab_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "reportlab", None)  # import reportlab → ImportError
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["generate", str(out), "--organs", "1", "--years", "2024", "--formats", "txt,pdf"])
    assert res.exit_code == 2, res.output
    lines = [x for x in res.stderr.splitlines() if x.strip()]
    assert lines == ['错误: 缺少可选依赖 reportlab（PDF 输出）: pip install "reviewer[pdf]"'], res.stderr
    assert not out.exists()  # checked before anything is written
    res = CliRunner().invoke(main, ["eval", "detection", "--organs", "1", "--years", "2024", "--formats", "pdf",
                                    "--no-shared"])
    assert res.exit_code == 2 and 'pip install "reviewer[pdf]"' in res.stderr


def test_pdf_writer_guard_raises_the_named_error(tmp_path, monkeypatch):
    from reviewer.errors import MissingExtra
    from reviewer.generate.writers import write_pdf

    monkeypatch.setitem(sys.modules, "reportlab", None)
    with pytest.raises(MissingExtra, match=r'reviewer\[pdf\]'):
        write_pdf("一、总体情况\n正文。\n", tmp_path / "x.pdf")


def test_declared_dependencies_are_imported():
    """Every runtime dependency in pyproject.toml is imported somewhere in reviewer/."""
    import re
    import tomllib

    from tests.conftest import ROOT

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "reviewer").rglob("*.py"))
    modules = {"scikit-learn": "sklearn", "spacy-pkuseg": "spacy_pkuseg", "python-docx": "docx",
               "charset-normalizer": "charset_normalizer", "opencc-python-reimplemented": "opencc"}
    for dep in deps:
        name = re.split(r"[<>=!~ \[]", dep, maxsplit=1)[0]
        mod = modules.get(name, name.replace("-", "_"))
        assert re.search(rf"^\s*(?:import|from) {re.escape(mod)}\b", source, re.M), f"{name} declared, never imported"
