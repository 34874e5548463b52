"""SIGKILL at random points during an import, a merge and a backup (see `driver`).

Default: a 5,000-row import and 3 kills per operation. The issue's size:
CRM_CRASH_ROWS=100000 CRM_CRASH_ROUNDS=20 (or `python -m tests.crash.run_full`).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.crash import driver


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, int, random.Random, Path]:
    rows, rounds, seed = driver.sizes()
    print(f"crash test: rows={rows} rounds={rounds} seed={seed} ({driver.SEED_ENV} replays it)")
    return rows, rounds, random.Random(seed), tmp_path_factory.mktemp("crash")


def _report(outcome: driver.Outcome) -> None:
    print(outcome.summary(), "kill times", outcome.kill_seconds)
    assert outcome.rounds == outcome.present + outcome.absent


@pytest.mark.slow
def test_an_import_killed_at_random_points_is_all_or_nothing(
    plan: tuple[int, int, random.Random, Path],
) -> None:
    rows, rounds, rng, folder = plan
    scenario = driver.import_scenario(folder / "import", rows)
    outcome = driver.crash_rounds(scenario, rounds, rng)
    _report(outcome)
    persons = (scenario.before["persons"], scenario.after["persons"])
    assert persons[1] - persons[0] > 0.9 * rows  # the file's people (3 % repeat)


@pytest.mark.slow
def test_a_merge_killed_at_random_points_is_all_or_nothing(
    plan: tuple[int, int, random.Random, Path],
) -> None:
    rows, rounds, rng, folder = plan
    source = driver.demo_base(folder / "merge-src.sqlite3", folder / "merge-src", rows // 2)
    scenario = driver.merge_scenario(folder / "merge", source)
    outcome = driver.crash_rounds(scenario, rounds, rng)
    _report(outcome)
    moved = driver.differences(scenario.before, scenario.after)
    assert "persons.organization_id" in moved and "deals.organization_id" in moved
    assert "phones.organization_id" in moved and "organizations.live" in moved


@pytest.mark.slow
def test_a_backup_killed_at_random_points_leaves_no_partial_file_under_a_final_name(
    plan: tuple[int, int, random.Random, Path],
) -> None:
    rows, rounds, rng, folder = plan
    source = driver.demo_base(folder / "backup-src.sqlite3", folder / "backup-src", rows // 2)
    scenario = driver.backup_scenario(folder / "backup", source)
    outcome = driver.crash_rounds(scenario, rounds, rng)
    _report(outcome)
