"""products.csv's optional `uom_zh`: stored, read back, exported, imported again."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
from sqlalchemy import Engine

from planworks.ingest.export import export_folder
from planworks.services.importing import import_folder
from planworks.store.queries import product_info
from tests.conftest import DATA
from tests.ingest.test_import_errors import edit


def with_uom_zh(tmp_path: Path) -> Path:
    folder = tmp_path / "folder"
    shutil.copytree(DATA / "westbank", folder)
    edit(folder, "products.csv", "uom,price", "uom,uom_zh,price")
    text = (folder / "products.csv").read_text(encoding="utf-8")
    text = text.replace(",t,", ",t,吨,").replace(",piece,", ",piece,件,")
    (folder / "products.csv").write_text(text, encoding="utf-8")
    return folder


def test_uom_zh_is_stored_and_exported(engine: Engine, tmp_path: Path) -> None:
    import_folder(engine, with_uom_zh(tmp_path))
    with engine.connect() as conn:
        assert product_info(conn, "pork").uom_zh == "吨"
        assert product_info(conn, "sickle").uom_zh == "件"
        assert product_info(conn, "value").uom_zh == "元"
    out = tmp_path / "out"
    export_folder(engine, out)
    exported = pl.read_csv(out / "products.csv")
    assert dict(zip(exported["code"], exported["uom_zh"], strict=True))["plough"] == "件"
    again = import_folder(engine, out)
    assert not again.changed_anything
    assert again.products.unchanged == 8


def test_without_uom_zh_there_is_none(engine: Engine, tmp_path: Path) -> None:
    import_folder(engine, DATA / "westbank")
    with engine.connect() as conn:
        assert product_info(conn, "pork").uom_zh is None
    export_folder(engine, tmp_path / "out")
    assert not import_folder(engine, tmp_path / "out").changed_anything


def test_a_new_uom_zh_changes_the_product(engine: Engine, tmp_path: Path) -> None:
    import_folder(engine, DATA / "westbank")
    summary = import_folder(engine, with_uom_zh(tmp_path))
    assert (summary.products.updated, summary.products.unchanged) == (8, 0)
    folder = tmp_path / "folder"
    edit(folder, "products.csv", "pork,Pork,猪肉,t,吨", "pork,Pork,猪肉,t,公吨")
    summary = import_folder(engine, folder)
    assert (summary.products.updated, summary.products.unchanged) == (1, 7)
    with engine.connect() as conn:
        assert product_info(conn, "pork").uom_zh == "公吨"
