"""Loading shipped scenarios: committed folders as they are, large ones built once."""

from __future__ import annotations

import hashlib
import inspect
import os
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import Engine, select

from planworks.scenarios.base import Scenario
from planworks.services.importing import ImportSummary, Progress, import_folder
from planworks.store.migrate import require_current
from planworks.store.tables import imports

__all__ = ["cache_dir", "fingerprint", "load_scenario", "scenario_folder"]


def cache_dir() -> Path:
    """Where built scenario folders are kept: $PLANWORKS_CACHE, else the user's cache."""
    env = os.environ.get("PLANWORKS_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "planworks"


def scenario_folder(scenario: Scenario) -> Path:
    """The scenario's folder, building it first if it is not committed or cached.

    A built folder is named after a hash of its builder's source, so a changed
    builder builds anew instead of reusing stale data.
    """
    if scenario.committed:
        return scenario.committed_folder()
    source = inspect.getsource(inspect.getmodule(scenario.build) or scenario.build)
    stamp = hashlib.sha256(source.encode()).hexdigest()[:12]
    folder = cache_dir() / f"{scenario.name}-{stamp}"
    if folder.is_dir():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{scenario.name}-", dir=folder.parent))
    try:
        scenario.build(building)
        building.rename(folder)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return folder


def load_scenario(
    engine: Engine,
    scenario: Scenario,
    *,
    progress: Progress | None = None,
    again: bool = False,
) -> ImportSummary | None:
    """Import the scenario's folder (building it first if need be).

    Returns None, doing nothing, if this very folder was imported already (unless
    `again`): re-importing would change nothing, but would read every report again.
    """
    folder = scenario_folder(scenario)
    mark = f"scenario {scenario.name} {fingerprint(folder)}"
    if not again and _imported(engine, mark):
        return None
    return import_folder(engine, folder, progress=progress, sender=mark)


def fingerprint(folder: Path) -> str:
    """A hash of the folder's files' names, sizes and modification times."""
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def _imported(engine: Engine, mark: str) -> bool:
    require_current(engine)
    with engine.connect() as conn:
        return (
            conn.execute(select(imports.c.id).where(imports.c.sender == mark)).first() is not None
        )
