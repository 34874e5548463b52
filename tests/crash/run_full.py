"""The crash test at the issue's size: prints one JSON line.

    .venv/bin/python -m tests.crash.run_full [--rows 100000] [--rounds 20]
        [--import-rounds K --rest-rows R] [--seed S]

A `--rows` import into a demo base is killed `--rounds` times; then a merge and a
backup are killed `--rounds` times each on the base that import made (demo + the
file). `--import-rounds K` runs only K import rounds at `--rows` and the rest at
`--rest-rows` (when the full size does not fit the time there is); the merge and the
backup then run on the base the smaller import made. Every round
asserts what `driver` documents; an assertion failure ends the run with a traceback.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from tests.crash import driver


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--import-rounds", type=int, default=None)
    parser.add_argument("--rest-rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 31)
    rng = random.Random(seed)
    folder = Path(tempfile.mkdtemp(prefix="crm-crash-"))
    started = time.perf_counter()
    results: list[dict[str, object]] = []

    def done(result: dict[str, object]) -> None:  # partial results survive a failure
        results.append(result)
        print(json.dumps(result), file=sys.stderr, flush=True)

    full = min(args.rounds, args.import_rounds if args.import_rounds is not None else args.rounds)
    imported = folder / "imported.sqlite3"
    scenario = driver.import_scenario(folder / "import", args.rows)
    scenario.keep_after = imported
    done({"rows": args.rows, **driver.crash_rounds(scenario, full, rng).summary()})
    if full < args.rounds:
        # ... and the merge and the backup on the base this smaller import makes
        imported = folder / "imported-rest.sqlite3"
        rest = driver.import_scenario(folder / "import-rest", args.rest_rows)
        rest.keep_after = imported
        outcome = driver.crash_rounds(rest, args.rounds - full, rng)
        done({"rows": args.rest_rows, **outcome.summary()})
    for scenario in (
        driver.merge_scenario(folder / "merge", imported),
        driver.backup_scenario(folder / "backup", imported),
    ):
        outcome = driver.crash_rounds(scenario, args.rounds, rng)
        done({"base_persons": scenario.before["persons"], **outcome.summary()})
    print(
        json.dumps(
            {
                "crash_test": "full",
                "seed": seed,
                "results": results,
                "kills": sum(int(str(r["kills"])) for r in results),
                "seconds": round(time.perf_counter() - started, 1),
            }
        ),
        flush=True,
    )
    for item in sorted(folder.rglob("*"), reverse=True):
        item.unlink() if item.is_file() else item.rmdir()


if __name__ == "__main__":
    main()
