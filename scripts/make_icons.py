"""Render the program's icon set into resources/icons/ (PNG, 16–64 px).

    .venv/bin/pip install qtawesome && .venv/bin/python scripts/make_icons.py

The glyphs are Material Design Icons (Pictogrammers, Apache 2.0) drawn through
qtawesome at build time only: the program loads plain PNGs, with no icon-font
dependency and no start-up cost.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

ACCENT = "#2f6fd6"
DANGER = "#c0392b"
WARN = "#d68910"
MUTED = "#5d6d7e"
GREEN = "#1e8449"

ICONS: dict[str, tuple[str, str]] = {
    "app": ("mdi6.card-account-phone", ACCENT),
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
    "key-client": ("mdi6.star", WARN),
    "filter": ("mdi6.filter-outline", MUTED),
    "columns": ("mdi6.table-column", MUTED),
    "call_in": ("mdi6.phone-incoming", GREEN),
    "call_out": ("mdi6.phone-outgoing", ACCENT),
    "fax": ("mdi6.fax", MUTED),
    "letter": ("mdi6.email-newsletter", MUTED),
    "meeting_presentation": ("mdi6.presentation", "#8e44ad"),
    "meeting_negotiation": ("mdi6.handshake-outline", "#8e44ad"),
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
    "view-list": ("mdi6.format-list-bulleted", ACCENT),
    "new-deal": ("mdi6.briefcase-plus-outline", GREEN),
    "pipelines": ("mdi6.tune-variant", ACCENT),
    "competitors": ("mdi6.sword-cross", MUTED),
    "won": ("mdi6.trophy-outline", GREEN),
    "lost": ("mdi6.close-octagon-outline", DANGER),
    "move-left": ("mdi6.arrow-left-bold-outline", ACCENT),
    "move-right": ("mdi6.arrow-right-bold-outline", ACCENT),
    "today": ("mdi6.calendar-today", ACCENT),
    "new-activity": ("mdi6.calendar-plus", ACCENT),
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


def main() -> None:
    import qtawesome as qta

    app = QApplication(sys.argv)  # noqa: F841 - needed for rendering
    out = Path(__file__).resolve().parents[1] / "resources" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    for name, (glyph, color) in ICONS.items():
        icon = qta.icon(glyph, color=color)
        for size in SIZES:
            icon.pixmap(QSize(size, size)).save(str(out / f"{name}-{size}.png"))
    print(f"{len(ICONS)} icons × {len(SIZES)} sizes written to {out}")


if __name__ == "__main__":
    main()
