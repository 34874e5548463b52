"""The main window: navigation, pages, menus, toolbar, status bar. Features live in
their own modules and plug in as pages and actions; this class only arranges them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSignalBlocker, QSize, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from crm_desktop import __version__
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.pages import Page, PlannedPage
from crm_desktop.gui.resources import icon
from crm_desktop.gui.runner import Job

PageFactory = Callable[[AppContext], Page]


class JobIndicator(QWidget):
    """Status-bar progress of the running background job, with Cancel."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(180)
        self.bar.setTextVisible(False)
        self.cancel = QPushButton(self.tr("Cancel"), self)
        self.cancel.clicked.connect(self._cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.label, self.bar, self.cancel):
            layout.addWidget(w)
        runner = ctx.runner
        runner.job_started.connect(self._update)
        runner.job_progress.connect(self._update)
        runner.job_finished.connect(self._update)
        self.setVisible(False)

    def _visible_job(self) -> Job[object] | None:
        titled = [j for j in self.ctx.runner.jobs if j.title]
        return titled[0] if titled else None

    @Slot()
    def _update(self, *_args: object) -> None:
        job = self._visible_job()
        self.setVisible(job is not None)
        if job is None:
            return
        self.label.setText(job.title)
        self.bar.setRange(0, job.total or 0)
        self.bar.setValue(job.done)

    @Slot()
    def _cancel(self) -> None:
        job = self._visible_job()
        if job is not None:
            job.cancel()
            self.label.setText(self.tr("Cancelling…"))


class MainWindow(QMainWindow):
    """Navigation on the left, the current page on the right."""

    def __init__(self, ctx: AppContext, pages: list[tuple[str, PageFactory]]) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.window = self
        self.setWindowTitle(self.tr("CRM Desktop — %1").replace("%1", ctx.ws.display_name))
        self.setWindowIcon(icon("app"))
        self.setMinimumSize(QSize(960, 600))

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(24, 24))
        self.nav.setMinimumWidth(170)
        self.nav.setMaximumWidth(260)
        self.stack = QStackedWidget(self)
        self.pages: dict[str, Page] = {}
        self._extra_callbacks: dict[int, Callable[[], None]] = {}
        for key, factory in pages:
            self.add_page(key, factory(ctx))
        self.nav.currentRowChanged.connect(self._show_row)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([200, 1000])
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.banner_area = QVBoxLayout()  # notices over the pages (read-only: gui/safety.py)
        column.addLayout(self.banner_area)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.actions: dict[str, QAction] = {}
        self._build_actions()
        self._build_menus()
        self.toolbar = QToolBar(self.tr("Main toolbar"), self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setIconSize(QSize(20, 20))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(self.toolbar)
        for name in ("new_organization", "new_person"):
            self.toolbar.addAction(self.actions[name])

        self.base_label = QLabel(self)
        self.statusBar().addWidget(self.base_label, 1)
        self.statusBar().addPermanentWidget(JobIndicator(ctx, self))
        self.base_label.setText(ctx.ws.display_name)
        self.nav.setCurrentRow(0)
        self._restore_state()

    # -------------------------------------------------------------- pages

    def add_page(self, key: str, page: Page) -> None:
        self.pages[key] = page
        item = QListWidgetItem(icon(page.icon_name), page.title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setSizeHint(QSize(0, 36))
        self.nav.addItem(item)
        self.stack.addWidget(page)

    def set_extra_entries(
        self, header: str, entries: list[tuple[str, str, Callable[[], None]]]
    ) -> None:
        """Entries under the pages (saved segments …): (text, icon name, on activate)."""
        blocker = QSignalBlocker(self.nav)  # rebuilding must not "activate" an entry
        self._rebuild_extra_entries(header, entries)
        blocker.unblock()

    def _rebuild_extra_entries(
        self, header: str, entries: list[tuple[str, str, Callable[[], None]]]
    ) -> None:
        for row in reversed(range(self.nav.count())):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole + 1) is not None:
                self.nav.takeItem(row)
        self._extra_callbacks = {}
        if not entries:
            return
        title = QListWidgetItem(header)
        title.setFlags(Qt.ItemFlag.NoItemFlags)
        title.setData(Qt.ItemDataRole.UserRole + 1, "header")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.nav.addItem(title)
        for n, (text, icon_name, callback) in enumerate(entries):
            item = QListWidgetItem(icon(icon_name), text)
            item.setData(Qt.ItemDataRole.UserRole + 1, n)
            item.setSizeHint(QSize(0, 30))
            self._extra_callbacks[n] = callback
            self.nav.addItem(item)

    def show_page(self, key: str) -> Page:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.nav.setCurrentRow(row)
                break
        return self.pages[key]

    @property
    def current_page(self) -> Page:
        page = self.stack.currentWidget()
        assert isinstance(page, Page)
        return page

    @Slot(int)
    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        extra = self.nav.item(row).data(Qt.ItemDataRole.UserRole + 1)
        if extra is not None:
            callback = self._extra_callbacks.get(extra)
            if callback is not None:
                callback()
            return
        key = self.nav.item(row).data(Qt.ItemDataRole.UserRole)
        page = self.pages[key]
        self.stack.setCurrentWidget(page)
        page.activate()

    # ------------------------------------------------------------ actions

    def action(
        self,
        name: str,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon_name: str = "",
    ) -> QAction:
        """Register an action under `name` (pages add theirs the same way)."""
        act = QAction(icon(icon_name) if icon_name else QIcon(), text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        self.actions[name] = act
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        self.action(
            "new_organization",
            self.tr("New &organization…"),
            lambda: self._page_command("new_organization"),
            "Ctrl+Shift+N",
            "new-organization",
        )
        self.action(
            "new_person",
            self.tr("New &person…"),
            lambda: self._page_command("new_person"),
            QKeySequence.StandardKey.New,
            "new-person",
        )
        self.action(
            "find", self.tr("&Find…"), self._focus_search, QKeySequence.StandardKey.Find, "search"
        )
        self.action("find_k", self.tr("Find"), self._focus_search, "Ctrl+K")
        self.action("quit", self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit, "quit")
        self.action("about", self.tr("&About CRM Desktop"), self._about, None, "about")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.actions["quit"])
        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addAction(self.actions["new_organization"])
        edit_menu.addAction(self.actions["new_person"])
        edit_menu.addSeparator()
        edit_menu.addAction(self.actions["find"])
        self.view_menu = bar.addMenu(self.tr("&View"))
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.actions["about"])
        self.file_menu, self.edit_menu = file_menu, edit_menu

    def _page_command(self, command: str) -> None:
        page = self.show_page("contacts") if command.startswith("new_") else self.current_page
        page.command(command)

    def _focus_search(self) -> None:
        search = getattr(self, "search_box", None)
        if search is not None:
            search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            search.selectAll()

    def _about(self) -> None:
        self.ctx.dialogs.info(
            self,
            self.tr("About CRM Desktop"),
            self.tr("CRM Desktop %1 — an offline CRM for small businesses.").replace(
                "%1", __version__
            ),
        )

    # -------------------------------------------------------------- state

    def _restore_state(self) -> None:
        s = self.ctx.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = s.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = s.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def save_state(self) -> None:
        s = self.ctx.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        for page in self.pages.values():
            page.save_state(s)
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.ctx.runner.busy():
            if not self.ctx.dialogs.confirm(
                self,
                self.tr("CRM Desktop"),
                self.tr("An operation is still running. Cancel it and quit?"),
            ):
                event.ignore()
                return
            self.ctx.runner.cancel_all()
            self.ctx.runner.wait()
        self.save_state()
        event.accept()


def planned(key: str, title: str, icon_name: str, description: str) -> tuple[str, PageFactory]:
    """A navigation entry for a part that arrives in a later version."""
    return key, lambda ctx: PlannedPage(title, icon_name, description)
