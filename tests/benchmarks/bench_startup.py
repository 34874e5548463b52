"""Benchmark: process start to the main window shown and populated, and peak memory,
against the floor of a minimal program doing the least such a window must do.

    .venv/bin/python -m tests.benchmarks.bench_startup [--persons 100000] [--runs 5]

The floor imports PySide6 and SQLAlchemy, opens the same base, counts the persons and
shows the first 100 rows in a table. Uses the cached base of bench_search. Prints one
JSON line (medians; peak RSS of the child process).

Both programs run with compiled bytecode, as an installed program does: the package is
byte-compiled first and PYTHONDONTWRITEBYTECODE is dropped from the children's
environment (with it set, every start would compile ≈100 modules from source).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import crm_desktop
from tests.benchmarks.bench_search import _base

FLOOR = r"""
import sys, time
import sqlalchemy as sa
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView
app = QApplication(sys.argv)
engine = sa.create_engine("sqlite:///" + sys.argv[1])
with engine.connect() as conn:
    count = conn.exec_driver_sql("SELECT count(*) FROM persons").scalar()
    rows = conn.exec_driver_sql(
        "SELECT full_name, city FROM persons ORDER BY name_key LIMIT 100").all()
model = QStandardItemModel(len(rows), 2)
for r, (name, city) in enumerate(rows):
    model.setItem(r, 0, QStandardItem(name)); model.setItem(r, 1, QStandardItem(city or ""))
view = QTableView(); view.setModel(model); view.resize(1280, 800); view.setWindowTitle(str(count))
view.show(); view.repaint()
print("ready", flush=True)
"""


def _measure(cmd: list[str], env: dict[str, str], seen: dict[str, list[float]]) -> float:
    """Seconds from spawn to the child's 'ready' line; every line's time into `seen`
    (the app prints 'checked' once the base's background quick_check is done too)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    for line in proc.stdout:
        seen.setdefault(line.strip(), []).append(time.perf_counter() - started)
    proc.wait(timeout=60)
    if "ready" not in seen or len(seen["ready"]) < len(seen.get("checked", [])):
        raise RuntimeError(f"{cmd[:3]} never became ready (exit {proc.returncode})")
    return seen["ready"][-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    base = _base(args.persons)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CRM_EXIT_WHEN_READY": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    package = str(Path(crm_desktop.__file__).parent)
    subprocess.run([sys.executable, "-m", "compileall", "-q", package], check=True, env=env)
    floor_times, app_times, app_peaks = [], [], []
    floor_seen: dict[str, list[float]] = {}
    app_seen: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as data_dir:
        env["CRM_DATA_DIR"] = data_dir
        for _ in range(args.runs):
            floor_times.append(_measure([sys.executable, "-c", FLOOR, str(base)], env, floor_seen))
            app_times.append(
                _measure(
                    [sys.executable, "-m", "crm_desktop", "gui", "--db", str(base)], env, app_seen
                )
            )
        peak_script = (
            "import resource,subprocess,sys;"
            "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)"
        )
        peak = subprocess.run(
            [
                sys.executable,
                "-c",
                peak_script,
                sys.executable,
                "-m",
                "crm_desktop",
                "gui",
                "--db",
                str(base),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        app_peaks.append(int(peak))
    floor = statistics.median(floor_times)
    app = statistics.median(app_times)
    print(
        json.dumps(
            {
                "benchmark": "startup",
                "persons": args.persons,
                "runs": args.runs,
                "app_s": round(app, 3),
                "floor_s": round(floor, 3),
                "ratio": round(app / floor, 2),
                # the base's quick_check, in the background after the window shows
                "checked_s": round(statistics.median(app_seen.get("checked", [0.0])), 3),
                "peak_rss_mb": max(app_peaks),
                "python": platform.python_version(),
                "machine": platform.machine(),
                "file": Path(base).name,
            }
        )
    )


if __name__ == "__main__":
    main()
