"""`reviewer archive ...`: keep parsed reports and their fingerprints for next year's comparison."""

from __future__ import annotations

import sys

import click


@click.group()
def archive() -> None:
    """把报告存入 SQLite 存档，供 `reviewer score --archive FILE` 比对雷同。

    Store reports in a SQLite archive that `reviewer score --archive FILE` compares against.
    """


@archive.command("add")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--archive", "db", default="reviewer-archive.sqlite", show_default=True, type=click.Path(), help="存档文件 (SQLite file).")
@click.option("--manifest", type=click.Path(exists=True), help="CSV 清单 path,organ,year，覆盖自动识别的机关和年度 (overrides detection).")
def add(paths: tuple[str, ...], db: str, manifest: str | None) -> None:
    """读取 PATHS 下的每份报告，连同其指纹存入存档。

    Parse every report under PATHS and store it with its fingerprint.
    """
    from reviewer.cli import _load_manifest
    from reviewer.io import ReadError, read_document
    from reviewer.pipeline import collect
    from reviewer.similarity.archive import Archive

    files, errors = collect(paths)
    for e in errors:
        click.echo(f"{e.path}: error: {e.error}", err=True)
    man = _load_manifest(manifest)
    added = skipped = failed = 0
    with Archive(db) as arc:
        for f in files:
            try:
                doc = read_document(str(f), man)
            except ReadError as e:
                click.echo(f"{f}: error: {e}", err=True)
                failed += 1
                continue
            if arc.add(doc):
                added += 1
            else:
                skipped += 1
        total = len(arc)
    click.echo(f"{db}: added {added}, already stored {skipped}, failed {failed + len(errors)}; {total} reports in archive")
    sys.exit(2 if failed or errors else 0)


@archive.command("list")
@click.option("--archive", "db", default="reviewer-archive.sqlite", show_default=True, type=click.Path(exists=True))
def list_cmd(db: str) -> None:
    """列出存档中的报告（机关键、年度、机关、路径）。

    List the stored reports (organ key, year, organ, path).
    """
    from reviewer.similarity.archive import Archive

    with Archive(db, create=False) as arc:
        for _sha, organ, key, year, path in arc.list():
            click.echo(f"{key}\t{year or ''}\t{organ or ''}\t{path}")


@archive.command("upgrade")
@click.option("--archive", "db", default="reviewer-archive.sqlite", show_default=True, type=click.Path(exists=True))
def upgrade(db: str) -> None:
    """为只存有文档的旧存档补存指纹（一次完成，一个事务）。

    Store the fingerprints of an archive that holds only documents (once; one transaction).
    """
    from reviewer.similarity.archive import Archive

    with Archive(db, create=False, upgrade=True) as arc:
        n = arc.upgrade()
        total = len(arc)
    click.echo(f"{db}: 已存指纹 {n} 份 / fingerprinted {n}; {total} reports in archive")


@archive.command("export")
@click.option("--archive", "db", default="reviewer-archive.sqlite", show_default=True, type=click.Path(exists=True))
@click.option("--parquet", "out", required=True, type=click.Path(file_okay=False), help="数据集文件夹（整体替换）(dataset folder, replaced whole).")
def export_cmd(db: str, out: str) -> None:
    """把存档导出为 Parquet 数据集（记录与 SQLite 文件相同）。

    Write the archive as a Parquet dataset (pyarrow): the same records as the SQLite file.
    """
    from reviewer.archive.parquet import export_parquet
    from reviewer.similarity.archive import Archive

    with Archive(db, create=False) as arc:
        n = export_parquet(arc.db, out)
    click.echo(f"{out}: 已导出 {n} 份 / exported {n} reports")


@archive.command("import")
@click.argument("src", type=click.Path(exists=True, file_okay=False))
@click.option("--archive", "db", default="reviewer-archive.sqlite", show_default=True, type=click.Path(), help="存档文件 (SQLite file).")
def import_cmd(src: str, db: str) -> None:
    """把 Parquet 数据集（``archive export`` 所写）中的报告加入 SQLite 存档。

    Add the reports of a Parquet dataset (``archive export``) to the SQLite archive.
    """
    from reviewer.archive.parquet import check_dataset, import_parquet
    from reviewer.similarity.archive import Archive

    check_dataset(src)
    with Archive(db) as arc:
        added, skipped = import_parquet(arc.db, src)
        total = len(arc)
    click.echo(f"{db}: added {added}, already stored {skipped}; {total} reports in archive")
