"""The screenshot command renders the deals views and dialogs on a demo base."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from crm_desktop.config import AppPaths
from crm_desktop.gui import i18n
from crm_desktop.gui.screenshot import take
from crm_desktop.services.demo import DemoSpec, generate_demo
from crm_desktop.services.workspace import Workspace


@pytest.fixture(scope="module")
def demo_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shots")
    path = root / "demo.sqlite3"
    ws = Workspace.open(str(path), paths=AppPaths.resolve(root / "data"), create=True)
    try:
        generate_demo(ws, DemoSpec(persons=200, seed=11, language="ru"))
    finally:
        ws.close()
    return path


@pytest.fixture(autouse=True)
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    """The screenshot installs the Russian translators on the shared application."""
    yield
    i18n.install(qapp, "en")


@pytest.mark.parametrize("view", ["deals", "deal-won", "deal-editor", "pipelines", "competitors"])
def test_deals_views_render(qapp: QApplication, demo_base: Path, tmp_path: Path, view: str) -> None:
    out = tmp_path / f"{view}.png"
    note = take(view, out, db=str(demo_base), data_dir=str(tmp_path / "data"), language="ru")
    assert note == ""
    image = QImage(str(out))
    assert not image.isNull() and image.width() >= 400 and image.height() >= 150
