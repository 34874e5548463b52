"""Light and dark themes, the icon set on both, and screenshots of the requested size."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox
from pytestqt.qtbot import QtBot

from crm_desktop.config import AppPaths, resource_path
from crm_desktop.gui import i18n, theme
from crm_desktop.gui.resources import icon
from crm_desktop.gui.screenshot import take
from crm_desktop.services.demo import DemoSpec, generate_demo
from crm_desktop.services.workspace import Workspace

ICON_NAMES = sorted(
    {p.name.rsplit("-", 1)[0] for p in resource_path("icons").glob("*-16.png")} - {"app"}
)
LIGHT_WINDOW = QColor("#efefef")
DARK_WINDOW = theme.dark_palette().color(QPalette.ColorRole.Window)


def _luminance(color: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def _contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _mean_contrast(image: QImage, background: QColor) -> float:
    """The mean contrast of the icon's solid pixels (alpha > 50%) against the window."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    total, count = 0.0, 0
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if pixel.alpha() > 128:
                pixel.setAlpha(255)
                total += _contrast(pixel, background)
                count += 1
    assert count, "an empty icon"
    return total / count


@pytest.fixture
def restore_theme(qapp: QApplication) -> Iterator[QApplication]:
    """Each test leaves the shared application light, as the other GUI tests expect."""
    yield qapp
    theme.install_theme(qapp, "light")
    if hasattr(qapp.styleHints(), "unsetColorScheme"):
        qapp.styleHints().unsetColorScheme()
    theme.install_theme(qapp, "system")


def test_dark_palette_applied_when_the_system_scheme_is_dark(
    restore_theme: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = restore_theme
    theme.install_theme(app, "system")
    assert not theme.is_dark(app.palette())  # offscreen: no system scheme, light

    monkeypatch.setattr(theme, "system_is_dark", lambda _app=None: True)
    watcher = theme.install_theme(app, "system")
    assert theme.is_dark(app.palette())
    assert app.palette().color(QPalette.ColorRole.Window) == DARK_WINDOW
    assert isinstance(app.style(), theme.DarkFusionStyle)

    # the system turns light again while the program runs: the scheme signal reapplies
    monkeypatch.setattr(theme, "system_is_dark", lambda _app=None: False)
    watcher.reapply()
    assert not theme.is_dark(app.palette())
    assert not isinstance(app.style(), theme.DarkFusionStyle)


def test_scheme_change_signal_reapplies_the_theme(
    restore_theme: QApplication, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    app = restore_theme
    watcher = theme.install_theme(app, "system")
    monkeypatch.setattr(theme, "system_is_dark", lambda _app=None: True)
    watcher._scheme_changed(Qt.ColorScheme.Dark)  # what colorSchemeChanged calls
    qtbot.waitUntil(lambda: theme.is_dark(app.palette()))


def test_forced_theme_and_semantic_colours(restore_theme: QApplication) -> None:
    app = restore_theme
    assert theme.apply_theme(app, "dark")
    dark_error = theme.error_color()
    assert _contrast(dark_error, DARK_WINDOW) >= 4.5
    assert not theme.apply_theme(app, "light")
    assert _contrast(theme.error_color(), LIGHT_WINDOW) >= 4.5
    with pytest.raises(ValueError, match="theme must be one of"):
        theme.apply_theme(app, "purple")


def test_check_boxes_keep_a_visible_rim_on_dark(restore_theme: QApplication, qtbot: QtBot) -> None:
    app = restore_theme
    theme.apply_theme(app, "dark")
    box = QCheckBox("Show done")
    qtbot.addWidget(box)
    box.resize(box.sizeHint())
    image = box.grab().toImage()
    window = app.palette().color(QPalette.ColorRole.Window)
    indicator = [
        image.pixelColor(x, y) for x in range(min(20, image.width())) for y in range(image.height())
    ]
    rim = [c for c in indicator if c.lightness() > window.lightness() + 60]
    assert len(rim) >= 12, "the check box's outline is invisible on the dark window"


@pytest.mark.parametrize("name", ICON_NAMES)
def test_icon_visible_on_light_and_dark_windows(qapp: QApplication, name: str) -> None:
    image = QImage(str(resource_path("icons", f"{name}-24.png")))
    assert not image.isNull()
    assert _mean_contrast(image, LIGHT_WINDOW) >= 2.8, "too faint on a light window"
    assert _mean_contrast(image, DARK_WINDOW) >= 2.8, "too faint on a dark window"


def test_selected_icon_is_white_on_the_highlight(qapp: QApplication) -> None:
    selected = icon("contacts").pixmap(QSize(24, 24), QIcon.Mode.Selected).toImage()
    highlight = QColor("#3c7fe0")
    assert _mean_contrast(selected, highlight) >= 3.5


def test_application_icon_has_all_sizes(qapp: QApplication) -> None:
    app_icon = icon("app")
    for size in (16, 32, 256):
        image = QImage(str(resource_path("icons", f"app-{size}.png")))
        assert (image.width(), image.height()) == (size, size)
        # a solid tile: most of the square is opaque, so it reads at 16 px too
        opaque = sum(image.pixelColor(x, y).alpha() > 200 for x in range(size) for y in range(size))
        assert opaque / (size * size) > 0.6
    assert QSize(256, 256) in app_icon.availableSizes()


@pytest.fixture(scope="module")
def demo_bases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    bases = {}
    for lang in ("ru", "en"):
        root = tmp_path_factory.mktemp(f"look-{lang}")
        path = root / "demo.sqlite3"
        ws = Workspace.open(str(path), paths=AppPaths.resolve(root / "data"), create=True)
        try:
            generate_demo(ws, DemoSpec(persons=60, seed=5, language=lang))
        finally:
            ws.close()
        bases[lang] = path
    return bases


@pytest.mark.parametrize(
    ("view", "lang", "size", "mode"),
    [
        ("contacts", "ru", "1280x720", ""),
        ("deals", "en", "1920x1080", ""),
        ("calendar", "ru", "1920x1080", "dark"),
        ("today", "en", "1280x720", "dark"),
    ],
)
def test_screenshot_writes_png_of_requested_size(
    restore_theme: QApplication,
    demo_bases: dict[str, Path],
    tmp_path: Path,
    view: str,
    lang: str,
    size: str,
    mode: str,
) -> None:
    out = tmp_path / f"{view}.png"
    try:
        note = take(
            view,
            out,
            db=str(demo_bases[lang]),
            data_dir=str(tmp_path / "data"),
            size=size,
            language=lang,
            theme=mode,
        )
    finally:
        i18n.install(restore_theme, "en")
    assert note == ""
    image = QImage(str(out))
    width, height = (int(v) for v in size.split("x"))
    assert (image.width(), image.height()) == (width, height)
    samples = [
        image.pixelColor(x, y).lightness()
        for x in range(0, width, 37)
        for y in range(0, height, 23)
    ]
    mean = sum(samples) / len(samples)  # mostly window and base colours
    assert (mean < 110) == (mode == "dark"), mean
