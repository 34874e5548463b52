"""PySide6 6.12.0 on Python 3.11 drops a reference to None on every void Qt call and
aborts after ~5k calls (`Fatal Python error: none_dealloc`). The pin in
pyproject.toml keeps 3.11 below 6.12; this test catches a bad combination."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_many_void_qt_calls_do_not_abort() -> None:
    # In a child process: the failure mode is an abort that would kill the test run.
    code = textwrap.dedent(
        """
        import sys
        from PySide6.QtCore import QObject
        obj = QObject()
        before = sys.getrefcount(None)
        for i in range(20_000):
            obj.setObjectName("x")
        after = sys.getrefcount(None)
        # on Python 3.12+ None is immortal and its count is meaningless
        if sys.version_info < (3, 12):
            assert after >= before - 100, (before, after)
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"


def test_installed_pyside_respects_the_pin() -> None:
    from importlib.metadata import version

    qt = tuple(int(x) for x in version("PySide6").split(".")[:2])
    if sys.version_info < (3, 12):
        assert qt < (6, 12), "PySide6 >= 6.12 crashes on Python 3.11; see pyproject.toml"
    assert qt >= (6, 9)
