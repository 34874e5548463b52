"""The house rules of ARCHITECTURE.md, enforced: arrows point down only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "crm_desktop"

# layer -> top-level modules it must never import
FORBIDDEN = {
    "domain": {
        "PySide6",
        "shiboken6",
        "sqlalchemy",
        "alembic",
        "crm_desktop.storage",
        "crm_desktop.services",
        "crm_desktop.gui",
        "crm_desktop.cli",
    },
    "storage": {
        "PySide6",
        "shiboken6",
        "crm_desktop.services",
        "crm_desktop.gui",
        "crm_desktop.cli",
    },
    # reading files for import: a pure library over the domain rules
    "importing": {
        "PySide6",
        "shiboken6",
        "sqlalchemy",
        "alembic",
        "crm_desktop.storage",
        "crm_desktop.services",
        "crm_desktop.gui",
        "crm_desktop.cli",
    },
    "services": {"PySide6", "shiboken6", "crm_desktop.gui", "crm_desktop.cli"},
    "gui": {"sqlalchemy", "alembic", "crm_desktop.storage"},
    "": {"PySide6", "shiboken6"},  # modules at the package root (cli, config, errors)
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else ""


def _violations(path: Path, layer: str) -> list[str]:
    banned = FORBIDDEN.get(layer, set())
    return sorted(
        name
        for name in _imports(path)
        if any(name == b or name.startswith(b + ".") for b in banned)
    )


@pytest.mark.parametrize(
    "path",
    sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts),
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_module_respects_layers(path: Path) -> None:
    assert _violations(path, _layer(path)) == [], f"{path} imports across layers"


def test_checker_catches_a_violation(tmp_path: Path) -> None:
    fake = tmp_path / "probe.py"
    fake.write_text(
        "import sqlalchemy.orm\nfrom PySide6 import QtCore\nfrom crm_desktop.storage import x\n",
        encoding="utf-8",
    )
    assert _violations(fake, "gui") == ["crm_desktop.storage", "sqlalchemy.orm"]
    assert _violations(fake, "services") == ["PySide6"]
    assert _violations(fake, "domain") == ["PySide6", "crm_desktop.storage", "sqlalchemy.orm"]
