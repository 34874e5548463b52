"""Light and dark: the program follows the system's colour scheme, and changes with it.

Qt 6.5+ reports the scheme (`QStyleHints.colorScheme`). On Windows 11 and macOS the
native styles repaint themselves in the dark scheme; where the style does not follow
(Linux without a platform theme, the offscreen platform of screenshots and CI, the old
Windows style) the application switches to Fusion with the dark palette below, and back
when the system turns light again. `CRM_DESKTOP_THEME=light|dark` (or `screenshot
--theme`) forces a scheme.

Views paint with palette roles; the few semantic colours (error, warning, success) and
the tinted banners come from here so that they stay readable on both backgrounds.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

__all__ = [
    "ENV_THEME",
    "MODES",
    "DarkFusionStyle",
    "ThemeWatcher",
    "apply_theme",
    "banner_style",
    "dark_palette",
    "error_color",
    "install_theme",
    "is_dark",
    "light_palette",
    "muted_color",
    "success_color",
    "system_is_dark",
    "warning_color",
]

ENV_THEME = "CRM_DESKTOP_THEME"
MODES = ("system", "light", "dark")
_NATIVE_STYLE_KEY = "crm_native_style"
_WATCHER_NAME = "crmThemeWatcher"


def dark_palette() -> QPalette:
    """A calm dark palette for Fusion (the window #2b2d31, text #e6e6e6, blue accent)."""
    p = QPalette()
    window = QColor("#2b2d31")
    base = QColor("#1f2023")
    text = QColor("#e6e6e6")
    disabled = QColor("#7c8088")
    highlight = QColor("#3c7fe0")
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor("#26282c"),
        QPalette.ColorRole.ToolTipBase: QColor("#3a3d42"),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor("#9aa0a8"),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor("#34373c"),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor("#ff6b6b"),
        QPalette.ColorRole.Light: QColor("#45484e"),
        QPalette.ColorRole.Midlight: QColor("#3a3d42"),
        QPalette.ColorRole.Mid: QColor("#4a4d53"),
        QPalette.ColorRole.Dark: QColor("#18191b"),
        QPalette.ColorRole.Shadow: QColor("#000000"),
        QPalette.ColorRole.Highlight: highlight,
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.Link: QColor("#6ea8ff"),
        QPalette.ColorRole.LinkVisited: QColor("#b48cf0"),
        QPalette.ColorRole.Accent: highlight,
    }
    for role, color in roles.items():
        p.setColor(QPalette.ColorGroup.All, role, color)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.HighlightedText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Highlight, QColor("#4a4d53"))
    p.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight, QColor("#35598f"))
    return p


def light_palette() -> QPalette:
    """Fusion's own light palette (what the program looks like without a system theme)."""
    from PySide6.QtWidgets import QStyleFactory

    style = QStyleFactory.create("Fusion")
    return style.standardPalette() if style is not None else QPalette()


class DarkFusionStyle(QProxyStyle):
    """Fusion for the dark palette. Fusion outlines check boxes and radio buttons with a
    darker shade of the window colour, which vanishes on a dark window (the check boxes
    of the task lists, "Show done"): this draws a light rim over them."""

    def __init__(self) -> None:
        super().__init__("Fusion")

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in _RIMMED:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(option.palette.color(QPalette.ColorRole.PlaceholderText), 1))  # type: ignore[attr-defined]
        painter.setBrush(Qt.BrushStyle.NoBrush)
        rect = QRectF(option.rect).adjusted(0.5, 0.5, -1.5, -1.5)  # type: ignore[attr-defined]
        if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            painter.drawEllipse(rect)
        else:
            painter.drawRoundedRect(rect, 1.5, 1.5)
        painter.restore()


_RIMMED = (
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
    QStyle.PrimitiveElement.PE_IndicatorRadioButton,
)


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the palette (default: the application's) is a dark one."""
    if palette is None:
        palette = QGuiApplication.palette()
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return window.lightness() < text.lightness()


def system_is_dark(app: QGuiApplication | None = None) -> bool:
    """The system's colour scheme (Qt 6.5+); unknown counts as light."""
    app = app or QGuiApplication.instance()  # type: ignore[assignment]
    if app is None:
        return False
    return bool(app.styleHints().colorScheme() == Qt.ColorScheme.Dark)  # type: ignore[union-attr]


def _wanted_dark(app: QApplication, mode: str) -> bool:
    if mode == "dark":
        return True
    if mode == "light":
        return False
    return system_is_dark(app)


def apply_theme(app: QApplication, mode: str = "system") -> bool:
    """Make the application light or dark as `mode` asks; returns whether it is dark.

    A native style that already follows the scheme is left alone; otherwise Fusion with
    the dark palette is applied, and the native style comes back when light is wanted.
    """
    if mode not in MODES:
        raise ValueError(f"theme must be one of {', '.join(MODES)}, not {mode!r}")
    hints = app.styleHints()
    if mode != "system" and hasattr(hints, "setColorScheme"):
        scheme = Qt.ColorScheme.Dark if mode == "dark" else Qt.ColorScheme.Light
        if hints.colorScheme() != scheme:
            hints.setColorScheme(scheme)  # Qt 6.8+: native styles follow this request
    want_dark = _wanted_dark(app, mode)
    native = app.property(_NATIVE_STYLE_KEY)
    if native is None:
        native = app.style().name()
        app.setProperty(_NATIVE_STYLE_KEY, native)
    if want_dark:
        if not is_dark(app.palette()):
            if not isinstance(app.style(), DarkFusionStyle):
                app.setStyle(DarkFusionStyle())
            app.setPalette(dark_palette())
    elif is_dark(app.palette()) or isinstance(app.style(), DarkFusionStyle):
        if isinstance(app.style(), DarkFusionStyle):
            app.setStyle(str(native))
        style_palette = app.style().standardPalette()
        app.setPalette(style_palette if not is_dark(style_palette) else light_palette())
    return is_dark(app.palette())


class ThemeWatcher(QObject):
    """Re-applies the theme when the system's scheme changes while the program runs."""

    def __init__(self, app: QApplication, mode: str) -> None:
        super().__init__(app)
        self.setObjectName(_WATCHER_NAME)
        self.app = app
        self.mode = mode
        app.styleHints().colorSchemeChanged.connect(self._scheme_changed)

    def _scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.mode == "system":
            # after Qt has updated the native palette for the new scheme
            QTimer.singleShot(0, self.reapply)

    def reapply(self) -> None:
        apply_theme(self.app, self.mode)


def install_theme(app: QApplication, mode: str | None = None) -> ThemeWatcher:
    """Apply the theme (`mode`, else $CRM_DESKTOP_THEME, else the system's) and follow
    later changes of the system scheme. Calling it again changes the mode."""
    mode = mode or os.environ.get(ENV_THEME, "").strip().lower() or "system"
    if mode not in MODES:
        mode = "system"
    watcher = app.findChild(ThemeWatcher, _WATCHER_NAME)
    if watcher is None:
        watcher = ThemeWatcher(app, mode)
    watcher.mode = mode
    apply_theme(app, mode)
    return watcher


# semantic colours readable on both backgrounds -------------------------------------


def error_color(palette: QPalette | None = None) -> QColor:
    return QColor("#ff7b72") if is_dark(palette) else QColor("#c62828")


def warning_color(palette: QPalette | None = None) -> QColor:
    return QColor("#e3b341") if is_dark(palette) else QColor("#9a5b00")


def success_color(palette: QPalette | None = None) -> QColor:
    return QColor("#56d364") if is_dark(palette) else QColor("#2e7d32")


def muted_color(palette: QPalette | None = None) -> QColor:
    return QColor("#9aa0a8") if is_dark(palette) else QColor("#687483")


_TINTS = {
    "info": (60, 127, 224),
    "error": (229, 72, 77),
    "warning": (214, 137, 16),
    "success": (47, 158, 68),
}


def banner_style(kind: str = "info", selector: str = "QLabel") -> str:
    """A tinted banner that reads on light and dark windows alike: a translucent tint of
    the kind's colour over the window, the palette's own text colour."""
    r, g, b = _TINTS.get(kind, _TINTS["info"])
    return (
        f"{selector} {{ background: rgba({r}, {g}, {b}, 40); color: palette(window-text);"
        f" border: 1px solid rgba({r}, {g}, {b}, 140); border-radius: 4px; padding: 6px 8px; }}"
    )
