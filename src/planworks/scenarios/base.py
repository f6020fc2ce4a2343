"""What a shipped scenario is: a folder of raw rows, how to make it, and its claims."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from planworks.domain.claims import Claim

__all__ = ["DATA_DIR", "BulletinSpec", "Scenario"]

#: Where the small, committed scenario folders live (inside the package).
DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class BulletinSpec:
    """The bulletin that retells the source: its scope and days, and the source's wording.

    `phrases` are the source's own words for its figures (三十万三千零八十七吨, 提前十八天);
    the Chinese bulletin written from the loaded reports must contain every one of them,
    and the English one every one of `phrases_en`.
    """

    scope: str
    start: date
    end: date
    phrases: tuple[str, ...]
    phrases_en: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scenario:
    """A replay (or any scenario planworks ships).

    `build(folder)` writes the scenario folder deterministically. Small scenarios are
    also committed under `DATA_DIR / name` (a test checks the builder still makes them
    byte for byte); large ones are built at load time into a cache folder.
    """

    name: str
    title: str
    title_zh: str
    source: str  # the seed document it replays
    as_of: date  # the day the article speaks from
    claims: tuple[Claim, ...]
    build: Callable[[Path], None]
    committed: bool
    notes: str  # what is reconstruction, in plain words
    #: a plan worth checking against capacities: (region, period), e.g. ("CN-HA", "1958-11")
    plan_check: tuple[str, str] | None = None
    #: a scope and day (ISO) whose audit `make run` shows: what the checks find there
    audit_check: tuple[str, str] | None = None
    #: the bulletin that retells the source (`planworks bulletin`)
    bulletin: BulletinSpec | None = None

    def committed_folder(self) -> Path:
        return DATA_DIR / self.name
