"""Render the program's icon set into resources/icons/ (PNG).

    .venv/bin/pip install qtawesome && .venv/bin/python scripts/make_icons.py

One style for the whole set: Material Design Icons (Pictogrammers, Apache 2.0), the
outline variants on MDI's 24-unit grid with its 2-unit stroke, drawn through qtawesome at
build time only — the program loads plain PNGs, with no icon-font dependency and no
start-up cost. Six colours only, each a mid tone chosen so that an icon keeps a contrast
of at least 3:1 (WCAG non-text) both on a light window (#efefef) and on a dark one
(#353535): the same PNGs serve the light and the dark theme (tests/gui/test_theme.py).

The application icon is drawn here too: a white contact card on a blue rounded tile, with
a simpler glyph at 16–24 px so that it still reads in a title bar or a task bar; sizes
16…256 (the installer builds .ico/.icns from app-*.png).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter
from PySide6.QtWidgets import QApplication

# mid tones: >= 3:1 against both #efefef and #353535 (see the module docstring)
ACCENT = "#3c7fe0"
DANGER = "#e5484d"
WARN = "#b7791f"
MUTED = "#7b8794"
GREEN = "#2f9e44"
PURPLE = "#a55fd6"
PALETTE = (ACCENT, DANGER, WARN, MUTED, GREEN, PURPLE)

ICONS: dict[str, tuple[str, str]] = {
    "contacts": ("mdi6.account-multiple-outline", ACCENT),
    "organization": ("mdi6.domain", ACCENT),
    "person": ("mdi6.account-outline", ACCENT),
    "private": ("mdi6.account-supervisor-outline", MUTED),
    "deals": ("mdi6.view-column-outline", ACCENT),
    "calendar": ("mdi6.calendar-month-outline", ACCENT),
    "tasks": ("mdi6.checkbox-marked-circle-outline", ACCENT),
    "reports": ("mdi6.chart-box-outline", ACCENT),
    "trash": ("mdi6.trash-can-outline", MUTED),
    "segment": ("mdi6.filter-variant", MUTED),
    "search": ("mdi6.magnify", MUTED),
    "new-organization": ("mdi6.domain-plus", ACCENT),
    "new-person": ("mdi6.account-plus-outline", ACCENT),
    "edit": ("mdi6.pencil-outline", ACCENT),
    "delete": ("mdi6.delete-outline", DANGER),
    "merge": ("mdi6.call-merge", ACCENT),
    "undo": ("mdi6.undo-variant", ACCENT),
    "restore": ("mdi6.restore", GREEN),
    "save": ("mdi6.content-save-outline", ACCENT),
    "phone": ("mdi6.phone-outline", MUTED),
    "email": ("mdi6.email-outline", MUTED),
    "warning": ("mdi6.alert-circle-outline", WARN),
    "error": ("mdi6.close-circle-outline", DANGER),
    "key-client": ("mdi6.star", WARN),  # a state mark, filled on purpose
    "filter": ("mdi6.filter-outline", MUTED),
    "columns": ("mdi6.table-column", MUTED),
    "call_in": ("mdi6.phone-incoming-outline", GREEN),
    "call_out": ("mdi6.phone-outgoing-outline", ACCENT),
    "fax": ("mdi6.fax", MUTED),
    "letter": ("mdi6.email-open-outline", MUTED),
    "meeting_presentation": ("mdi6.presentation", PURPLE),
    "meeting_negotiation": ("mdi6.handshake-outline", PURPLE),
    "todo": ("mdi6.checkbox-marked-outline", ACCENT),
    "note": ("mdi6.note-text-outline", WARN),
    "deal": ("mdi6.briefcase-outline", GREEN),
    "stage": ("mdi6.arrow-right-bold-circle-outline", GREEN),
    "create": ("mdi6.plus-circle-outline", GREEN),
    "open-base": ("mdi6.folder-open-outline", MUTED),
    "new-base": ("mdi6.database-plus-outline", MUTED),
    "demo": ("mdi6.database-eye-outline", MUTED),
    "quit": ("mdi6.exit-to-app", MUTED),
    "about": ("mdi6.information-outline", MUTED),
    "settings": ("mdi6.cog-outline", MUTED),
    "view-list": ("mdi6.format-list-bulleted", ACCENT),
    "new-deal": ("mdi6.briefcase-plus-outline", GREEN),
    "pipelines": ("mdi6.tune-variant", ACCENT),
    "competitors": ("mdi6.sword-cross", MUTED),
    "won": ("mdi6.trophy-outline", GREEN),
    "lost": ("mdi6.close-octagon-outline", DANGER),
    "move-left": ("mdi6.arrow-left-bold-outline", ACCENT),
    "move-right": ("mdi6.arrow-right-bold-outline", ACCENT),
    "today": ("mdi6.calendar-today-outline", ACCENT),
    "new-activity": ("mdi6.calendar-plus-outline", ACCENT),
    "reminder": ("mdi6.bell-ring-outline", WARN),
    "snooze": ("mdi6.alarm-snooze", MUTED),
    "done": ("mdi6.check-circle-outline", GREEN),
    "reopen": ("mdi6.restore", MUTED),
    "recurring": ("mdi6.repeat", MUTED),
    "previous": ("mdi6.chevron-left", MUTED),
    "next": ("mdi6.chevron-right", MUTED),
    "agenda": ("mdi6.format-list-text", ACCENT),
    "day-view": ("mdi6.view-day-outline", ACCENT),
    "week-view": ("mdi6.view-week-outline", ACCENT),
    "month-view": ("mdi6.view-module-outline", ACCENT),
    "export": ("mdi6.export-variant", ACCENT),
    "checklist": ("mdi6.format-list-checks", MUTED),
}
SIZES = (16, 24, 32, 48, 64)
APP_SIZES = (16, 24, 32, 48, 64, 128, 256)
APP_TOP = "#5b9bf5"
APP_BOTTOM = "#2456c7"


def app_icon(size: int) -> QImage:
    """The application icon: a white contact glyph on a blue rounded tile."""
    import qtawesome as qta  # type: ignore[import-untyped]

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    margin = 0.0 if size <= 24 else size * 0.06
    tile = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    gradient = QLinearGradient(tile.topLeft(), tile.bottomLeft())
    gradient.setColorAt(0.0, QColor(APP_TOP))
    gradient.setColorAt(1.0, QColor(APP_BOTTOM))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(gradient)
    radius = tile.width() * 0.22
    p.drawRoundedRect(tile, radius, radius)
    # small sizes: a bold single figure; larger: the contact card with a phone
    glyph = "mdi6.account" if size <= 24 else "mdi6.card-account-phone"
    share = 0.86 if size <= 24 else 0.70
    side = round(tile.width() * share)
    pixmap = qta.icon(glyph, color="white").pixmap(QSize(side, side))
    x = round(tile.center().x() - side / 2)
    y = round(tile.center().y() - side / 2)
    p.drawPixmap(x, y, pixmap)
    p.end()
    return image


def main() -> None:
    import qtawesome as qta  # type: ignore[import-untyped]

    app = QApplication(sys.argv)  # noqa: F841 - needed for rendering
    out = Path(__file__).resolve().parents[1] / "resources" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    for name, (glyph, color) in ICONS.items():
        icon = qta.icon(glyph, color=color)
        for size in SIZES:
            icon.pixmap(QSize(size, size)).save(str(out / f"{name}-{size}.png"))
    for size in APP_SIZES:
        app_icon(size).save(str(out / f"app-{size}.png"))
    print(f"{len(ICONS)} icons × {len(SIZES)} sizes and the app icon written to {out}")


if __name__ == "__main__":
    main()
