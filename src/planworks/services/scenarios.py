"""Loading shipped scenarios: committed folders as they are, large ones built once."""

from __future__ import annotations

import hashlib
import inspect
import os
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import Engine

from planworks.scenarios.base import Scenario
from planworks.services.importing import ImportSummary, Progress, import_folder

__all__ = ["cache_dir", "load_scenario", "scenario_folder"]


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
    engine: Engine, scenario: Scenario, *, progress: Progress | None = None
) -> ImportSummary:
    """Import the scenario's folder (building it first if need be)."""
    return import_folder(engine, scenario_folder(scenario), progress=progress)
