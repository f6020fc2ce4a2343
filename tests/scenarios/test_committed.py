"""What every shipped replay must be: rebuilt byte for byte, small, and fully described."""

from __future__ import annotations

from pathlib import Path

import pytest

from planworks.scenarios import SCENARIOS, Scenario

COMMITTED = [s for s in SCENARIOS.values() if s.committed]
ALL = list(SCENARIOS.values())


@pytest.mark.parametrize("scenario", COMMITTED, ids=lambda s: s.name)
def test_builder_reproduces_the_committed_folder(scenario: Scenario, tmp_path: Path) -> None:
    scenario.build(tmp_path)
    folder = scenario.committed_folder()
    built = sorted(p.name for p in tmp_path.iterdir())
    assert built == sorted(p.name for p in folder.iterdir())
    for name in built:
        assert (tmp_path / name).read_bytes() == (folder / name).read_bytes(), name


@pytest.mark.parametrize("scenario", COMMITTED, ids=lambda s: s.name)
def test_committed_folder_is_small(scenario: Scenario) -> None:
    folder = scenario.committed_folder()
    assert sum(p.stat().st_size for p in folder.iterdir()) < 5_000_000


@pytest.mark.parametrize("scenario", ALL, ids=lambda s: s.name)
def test_scenario_is_described(scenario: Scenario) -> None:
    assert scenario.title
    assert scenario.title_zh
    assert scenario.notes
    keys = [c.key for c in scenario.claims]
    assert len(keys) == len(set(keys))
    assert all(c.text and c.text_zh for c in scenario.claims)


@pytest.mark.parametrize("scenario", [s for s in ALL if s.claims], ids=lambda s: s.name)
def test_every_replay_with_claims_retells_its_article(scenario: Scenario) -> None:
    assert scenario.bulletin is not None
    assert scenario.bulletin.phrases
    assert scenario.bulletin.start <= scenario.bulletin.end
