"""What every benchmark needs: fresh databases, synthetic folders, timing and results."""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from planworks.scenarios.synth import generate
from planworks.store.engine import make_engine
from planworks.store.migrate import upgrade

ROOT = Path(__file__).parent
RESULTS = ROOT / "results"
WORK = Path(os.environ.get("PLANWORKS_BENCH_DIR", "/tmp/planworks-bench"))
ADMIN_URL = os.environ.get(
    "PLANWORKS_BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


@contextmanager
def kept_sqlite(name: str) -> Iterator[Engine]:
    """A SQLite database kept in the work folder between runs (made and migrated if new)."""
    WORK.mkdir(parents=True, exist_ok=True)
    engine = make_engine(WORK / f"{name}-kept.db")
    upgrade(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def fresh_database(backend: str, name: str) -> Iterator[Engine]:
    """A new, migrated, empty database; removed afterwards."""
    if backend == "sqlite":
        WORK.mkdir(parents=True, exist_ok=True)
        path = WORK / f"{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        engine = make_engine(path)
        upgrade(engine)
        try:
            yield engine
        finally:
            engine.dispose()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    db = f"planworks_bench_{name}_{uuid.uuid4().hex[:6]}".replace("-", "_")
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{db}"'))
    url = make_url(ADMIN_URL).set(database=db)
    engine = make_engine(url)
    upgrade(engine)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
        admin.dispose()


def synthetic_folder(units: int, days: int, seed: int = 1) -> Path:
    """A synthetic scenario folder, made once and kept in the work folder."""
    folder = WORK / f"synth-{units}x{days}-s{seed}"
    if not (folder / "reports.parquet").exists():
        log(f"generating {units:,} units x {days} days")
        shutil.rmtree(folder, ignore_errors=True)
        generate(folder, units=units, days=days, seed=seed)
    return folder


def subset_folder(source: Path, name: str, files: tuple[str, ...]) -> Path:
    """A folder of some of another folder's files (linked, not copied)."""
    folder = WORK / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for file in files:
        if (source / file).exists():
            (folder / file).symlink_to(source / file)
    return folder


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def median(values: list[float]) -> float:
    return statistics.median(values)


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def write_result(name: str, result: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}-{datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps({"machine": machine(), **result}, indent=2) + "\n")
    log(f"wrote {path}")
    return path
