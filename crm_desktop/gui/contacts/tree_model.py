"""The contact tree: organizations with their people, and one group of private persons.

Shape. Row 0 of the top level is the "Private persons" group (persons without an
organization); the organizations follow it in the chosen order. An organization's
children are its persons; the group's children are the private persons. Persons have no
children. Every index carries in its internal id the node id of its *parent* branch (0 for
the top level), so ``parent()`` is one dictionary look-up and the persistent indexes of
persons follow their organization when it moves.

Loading. Nothing is read on the GUI thread: the first page (the counts and 200
organizations), every further page (``fetchMore`` on the root, on an organization or on
the group, 200 rows at a time; or the rows painted as placeholders, below) and every
re-query after a sort, a filter or an edit runs through ``ctx.run(write=False)`` and is
applied when it arrives.

Placeholders. QTreeView lays the *whole* tree out again after every insert at the top
level or under an expanded row, calling index(), flags() (twice) and hasChildren() in
Python for every row it shows: about 10 µs a row here, so with 20,000 organizations
loaded each page of 200 froze the window for 200–500 ms, and each organization opened
under the open private group for over a second (tests/benchmarks/bench_tree_scroll.py:
1,047 frames over 100 ms in 3,102 steps). So the view is told every row up front and
the rows not read yet are placeholders (no data, not selectable) that a page replaces
with ``dataChanged``, which QTreeView does not lay out again:
- an organization has as many rows as its person count from the start (a collapsed
  branch costs the view nothing; opening one lays out only its rows);
- the group has as many rows as private persons;
- the top level starts with the first page only (a reset stays cheap) and gets the
  placeholders of every other organization counted the first time the view asks for
  more (``fetch_more``): one layout of the whole top level, then none while scrolling.
Painting a placeholder, or a row less than ``AHEAD`` rows before the last one read,
asks for the rows up to it; they are read in one job of a page or more (half the rows
already read, up to the service's maximum), so a slow query such as the private persons
keeps up with fast scrolling. ``loaded_count()`` says how many rows are real. The counts
of a branch follow its count query (a filter may show fewer people than its row says):
placeholders are added or removed at the end.
Measured on the 100,000-person demo base (bench-data/search-100000.sqlite3: 25,000
organizations, 25,000 private persons; SQLite, WAL; 2-core VM, other work running), the
service calls take (median of 20 runs; 5 for the sort orders and filters):

    first page: count_organizations + count_persons(None) + 200 organizations   17 ms
    organizations, page 2 (offset 200) / deep page (offset 20,000), by name   11 / 13 ms
    first page sorted by last contact / owner / city / tags / phone   17 / 26 / 28 / 35 / 50 ms
    private persons, first page (count + 200 rows)                              38 ms
    persons of one organization (count + rows)                                 2.4 ms
    locate a person deep in the list (by name)                                 7.4 ms
    first page filtered by tag / city / "no contact for 90 days"        19 / 7 / 104 ms
    filter values (owners, tags, cities, segments in use)                      2.2 ms

A plain page is fast enough for the GUI thread, but sorting by phone, the private group
and the "no contact" filter reach or pass the 50 ms budget here (more on a slow laptop
or over the network to PostgreSQL), so every query runs in the background: one code
path, never a frozen window. (QTreeView's own layout asks for one more page of the top
level after a reset; that is one more query, not the whole list.)

Scrolling the whole tree page by page on that base (bench_tree_scroll: 25,000
organizations, then again with the group and every 25th organization open) now takes
frames of 7–15 ms (median) and 18–36 ms (95th percentile); what is left over 100 ms is
the one layout of the top level when its placeholders arrive (~150–250 ms), opening the
group of 25,000 private persons (~200–300 ms, once) and Python's full garbage
collections (100–250 ms each, a few per pass; gone with ``gc.freeze()`` after start-up).

Updates. The only reset is the re-query after a sort, a filter or a bulk change
(``Changes.everything()``): the old rows stay on screen until the new ones have arrived,
then the model is reset once. A single edit re-reads only the loaded rows of the affected
parents and applies the difference as ``dataChanged`` / ``beginInsertRows`` /
``beginMoveRows`` / ``beginRemoveRows``, so selection and expanded organizations survive.

``index_of(kind, id)`` is the one synchronous entry (for scripts and tests); the page uses
``locate(kind, id, callback)``, which fetches what is missing in the background.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QFont

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.errors import NotFoundError
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.resources import icon
from crm_desktop.gui.theme import error_color, is_dark
from crm_desktop.services import contact_list, contacts
from crm_desktop.services.contact_list import ContactFilter, ContactRow, SortKey
from crm_desktop.services.workspace import Workspace

_INDEX = QModelIndex | QPersistentModelIndex
T = TypeVar("T")

PAGE = 200
AHEAD = PAGE // 2  # a painted row this close to the last loaded one reads the next rows
REFRESH_LIMIT = 50  # more changed records than this: re-query everything (one reset)

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
GROUP_ROLE = Qt.ItemDataRole.UserRole + 4  # True on the "Private persons" row

NAME, CITY, PHONE, OWNER, LAST_CONTACT, TAGS = range(6)
COLUMN_COUNT = 6
SORT_KEYS = (
    SortKey.NAME,
    SortKey.CITY,
    SortKey.PHONE,
    SortKey.OWNER,
    SortKey.LAST_CONTACT,
    SortKey.TAGS,
)
INVALID_PHONE_COLOR = QColor(198, 40, 40)
_TOP = 0  # internal id of top-level indexes
_GROUP_NID = 1
# flags() and hasChildren() run for every row at each layout of the view: constants
_TOP_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_PERSON_FLAGS = _TOP_FLAGS | Qt.ItemFlag.ItemNeverHasChildren
_PLACEHOLDER_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_DISPLAY = Qt.ItemDataRole.DisplayRole


@dataclass(frozen=True)
class Query:
    """What the tree shows: a filter and an order."""

    flt: ContactFilter
    sort: SortKey = SortKey.NAME
    descending: bool = False


@dataclass(eq=False)
class _Branch:
    """A top-level row: an organization (``record``) or the private group (no record)."""

    nid: int
    record: ContactRow | None
    position: int = 0
    persons: list[ContactRow] = field(default_factory=list)
    total: int | None = None  # persons counted with the filter; None: not counted yet
    fetching: bool = False
    opened: bool = False  # persons were asked for: an edit re-reads them
    epoch: int = 0  # bumped when a refresh rewrites the persons: older pages are dropped
    shown: int = 0  # rows the view knows: the loaded persons, then placeholders

    @property
    def key(self) -> int | None:
        return self.record.id if self.record is not None else None

    def person_total(self) -> int:
        if self.total is not None:
            return self.total
        return self.record.person_count if self.record is not None else 0


@dataclass(frozen=True)
class _FirstPage:
    org_total: int
    private_total: int
    orgs: list[ContactRow]


@dataclass(frozen=True)
class _Snapshot:
    """The loaded state a background job started from (to apply its result safely)."""

    root_len: int
    root_epoch: int
    root_ids: tuple[int, ...]
    branches: dict[int | None, tuple[int, int]]  # key -> (persons loaded, epoch)

    def branch_len(self, key: int | None) -> int:
        return self.branches.get(key, (0, 0))[0]


@dataclass(frozen=True)
class _Located:
    kind: EntityKind
    entity_id: int
    org_row: int | None
    person_row: int | None
    org_key: int | None  # the person's branch (None: private)
    orgs: list[ContactRow]  # organizations to append to the loaded ones
    persons: list[ContactRow]  # persons to append to the branch
    found: bool


@dataclass(frozen=True)
class _Refreshed:
    org_total: int
    private_total: int
    orgs: list[ContactRow]
    branches: dict[int | None, tuple[int, list[ContactRow]]]


def _first_page(ws: Workspace, q: Query) -> _FirstPage:
    return _FirstPage(
        contact_list.count_organizations(ws, q.flt),
        contact_list.count_persons(ws, None, q.flt),
        contact_list.organization_rows(ws, q.flt, q.sort, q.descending, 0, PAGE),
    )


def _rows_until(
    page: Callable[[int, int], list[ContactRow]], start: int, stop: int
) -> list[ContactRow]:
    """Rows [start, stop) in pages the service accepts (it caps a page at MAX_LIMIT)."""
    rows: list[ContactRow] = []
    while start + len(rows) < stop:
        offset = start + len(rows)
        chunk = page(offset, min(stop - offset, contact_list.MAX_LIMIT))
        if not chunk:
            break
        rows += chunk
    return rows


def _locate(ws: Workspace, q: Query, kind: EntityKind, entity_id: int, snap: _Snapshot) -> _Located:
    org_row, person_row = contact_list.locate(ws, kind, entity_id, q.flt, q.sort, q.descending)
    missing = _Located(kind, entity_id, org_row, person_row, None, [], [], False)
    wanted_row = org_row if kind is EntityKind.ORGANIZATION else person_row
    if wanted_row is None:
        return missing  # in the trash, filtered out or unknown
    orgs: list[ContactRow] = []
    if org_row is not None and org_row >= snap.root_len:
        orgs = _rows_until(
            lambda offset, limit: contact_list.organization_rows(
                ws, q.flt, q.sort, q.descending, offset, limit
            ),
            snap.root_len,
            org_row + 1,
        )
        if len(orgs) != org_row + 1 - snap.root_len:
            return missing  # changed meanwhile
    if kind is EntityKind.ORGANIZATION:
        return _Located(kind, entity_id, org_row, None, None, orgs, [], True)
    assert person_row is not None
    org_key: int | None = None
    if org_row is not None:
        org_key = orgs[-1].id if orgs else snap.root_ids[org_row]
    loaded = 0 if orgs else snap.branch_len(org_key)
    persons = _rows_until(
        lambda offset, limit: contact_list.person_rows(
            ws, org_key, q.flt, q.sort, q.descending, offset, limit
        ),
        loaded,
        person_row + 1,
    )
    return _Located(kind, entity_id, org_row, person_row, org_key, orgs, persons, True)


def _refresh(
    ws: Workspace,
    q: Query,
    person_ids: set[int],
    old_keys: set[int | None],
    snap: _Snapshot,
) -> _Refreshed:
    keys = set(old_keys)
    for person_id in person_ids:
        try:
            card = contacts.get_person(ws, person_id)
        except NotFoundError:
            continue  # purged
        if card.deleted_at is None:
            keys.add(card.organization_id)
    keys &= set(snap.branches)  # branches never opened load when they are expanded
    branches: dict[int | None, tuple[int, list[ContactRow]]] = {}
    for key in keys:
        branches[key] = (
            contact_list.count_persons(ws, key, q.flt),
            _rows_until(
                lambda offset, limit, key=key: contact_list.person_rows(
                    ws, key, q.flt, q.sort, q.descending, offset, limit
                ),
                0,
                max(snap.branch_len(key), PAGE),
            ),
        )
    return _Refreshed(
        contact_list.count_organizations(ws, q.flt),
        contact_list.count_persons(ws, None, q.flt),
        _rows_until(
            lambda offset, limit: contact_list.organization_rows(
                ws, q.flt, q.sort, q.descending, offset, limit
            ),
            0,
            max(snap.root_len, PAGE),
        ),
        branches,
    )


class ContactTreeModel(QAbstractItemModel):
    """Organizations → persons, plus the private persons; lazy, sorted and filtered in SQL."""

    counts_changed = Signal(int, int)  # organizations, private persons (with the filter)
    loaded = Signal()  # after the first page of a (re)load has been shown

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._query = Query(ContactFilter())
        self._branches: list[_Branch] = []  # [group, org, org, …] once loaded
        self._by_nid: dict[int, _Branch] = {}
        self._by_org: dict[int, _Branch] = {}
        self._next_nid = _GROUP_NID + 1
        self._org_total = 0
        self._generation = 0
        self._loaded = False
        self._loading = False
        self._failed = False  # the last load failed: no automatic retry until reload()
        self._root_fetching = False
        self._root_epoch = 0
        self._root_rows = 0  # top-level rows the view knows: group, organizations, placeholders
        self._root_extended = False  # placeholders stand for every organization not read yet
        self._root_wanted = -1  # the lowest top-level row painted (placeholders load up to it)
        self._wanted: dict[int, int] = {}  # branch nid -> lowest row painted
        self._load_timer = QTimer(self)
        self._load_timer.setSingleShot(True)
        self._load_timer.timeout.connect(self._load_wanted)
        self._pending: list[tuple[EntityKind, int, Callable[[QModelIndex], None]]] = []
        # QTreeView lays the whole tree out again after each insert at the top level or
        # under an expanded row, and asks every such parent for more each time; with pages
        # arriving in the background it would load the whole list page after page. A view
        # that pages by itself (when the last loaded row of a parent comes near the
        # viewport: `fetch_more`, `parents_with_more`) sets this: canFetchMore() then only
        # lets the first page of a branch through (so expanding works); fetchMore() called
        # directly still fetches. (Past the first page the rows come as placeholders are
        # painted, see "Placeholders" above.)
        self.hold_paging = False
        ctx.changed.connect(self._on_changed)

    # ------------------------------------------------------------ state

    @property
    def query(self) -> Query:
        return self._query

    def filter(self) -> ContactFilter:
        return self._query.flt

    def is_loaded(self) -> bool:
        return self._loaded and not self._loading

    def counts(self) -> tuple[int, int]:
        """(organizations, private persons) matching the filter."""
        group = self._group()
        return self._org_total, group.person_total() if group else 0

    def set_filter(self, flt: ContactFilter) -> None:
        if flt == self._query.flt and (self._loaded or self._loading):
            return
        self._query = Query(flt, self._query.sort, self._query.descending)
        self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < COLUMN_COUNT:
            return
        query = Query(self._query.flt, SORT_KEYS[column], order == Qt.SortOrder.DescendingOrder)
        if query == self._query and (self._loaded or self._loading):
            return
        self._query = query
        self.reload()

    def reload(self) -> None:
        """Re-query from the first page; the rows on screen stay until the new ones arrive."""
        self._generation += 1
        generation = self._generation
        self._loading = True
        self._failed = False
        ws, query = self.ctx.ws, self._query
        self.ctx.run(
            lambda _p: _first_page(ws, query),
            lambda page: self._show_first_page(generation, page),
            write=False,
            on_failure=lambda exc, details: self._load_failed(generation, exc, details),
        )

    def _load_failed(self, generation: int, exc: BaseException, details: str) -> None:
        if generation == self._generation:
            self._loading = False
            self._failed = True
        self.ctx.show_error(exc, details)

    def _show_first_page(self, generation: int, page: _FirstPage) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._by_nid.clear()
        self._by_org.clear()
        group = _Branch(_GROUP_NID, None, total=page.private_total, shown=page.private_total)
        self._branches = [group]
        self._by_nid[group.nid] = group
        self._org_total = page.org_total
        self._root_fetching = False
        self._root_epoch += 1
        for row in page.orgs:
            self._branches.append(self._new_branch(row, len(self._branches)))
        self._root_rows = len(self._branches)
        self._root_extended = False
        self._root_wanted = -1
        self._wanted.clear()
        self._loaded = True
        self._loading = False
        self.endResetModel()
        self.counts_changed.emit(*self.counts())
        self.loaded.emit()
        pending, self._pending = self._pending, []
        for kind, entity_id, callback in pending:
            self.locate(kind, entity_id, callback)

    def _new_branch(self, row: ContactRow, position: int) -> _Branch:
        branch = _Branch(self._next_nid, row, position, shown=row.person_count)
        self._next_nid += 1
        self._by_nid[branch.nid] = branch
        self._by_org[row.id] = branch
        return branch

    def _group(self) -> _Branch | None:
        return self._branches[0] if self._branches else None

    def _branch_of_key(self, key: int | None) -> _Branch | None:
        return self._group() if key is None else self._by_org.get(key)

    def _snapshot(self) -> _Snapshot:
        return _Snapshot(
            root_len=len(self._branches) - 1,
            root_epoch=self._root_epoch,
            root_ids=tuple(b.record.id for b in self._branches[1:] if b.record is not None),
            branches={
                b.key: (len(b.persons), b.epoch) for b in self._branches if b.opened or b.persons
            },
        )

    # ------------------------------------------------------- structure

    def index(self, row: int, column: int, parent: _INDEX = QModelIndex()) -> QModelIndex:  # noqa: B008
        if row < 0 or not 0 <= column < COLUMN_COUNT:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP) if row < self._root_rows else QModelIndex()
        branch = self._branch_at(parent)
        if branch is None or parent.column() != 0 or row >= branch.shown:
            return QModelIndex()
        return self.createIndex(row, column, branch.nid)

    def parent(self, child: _INDEX | None = None) -> Any:  # type: ignore[override]
        if child is None:
            return super().parent()  # QObject.parent()
        if not child.isValid() or child.internalId() == _TOP:
            return QModelIndex()
        branch = self._by_nid.get(child.internalId())
        if branch is None:
            return QModelIndex()
        return self.createIndex(branch.position, 0, _TOP)

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        """Rows the view shows: the loaded ones, then placeholders for rows not read yet."""
        if not parent.isValid():
            return self._root_rows
        branch = self._branch_at(parent)
        return branch.shown if branch is not None and parent.column() == 0 else 0

    def loaded_count(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        """Rows read so far under `parent` (the top level counts the private group)."""
        if not parent.isValid():
            return len(self._branches)
        branch = self._branch_at(parent)
        return len(branch.persons) if branch is not None and parent.column() == 0 else 0

    def is_placeholder(self, index: _INDEX) -> bool:
        """A row the view shows for a record not read yet (it loads when painted)."""
        if not index.isValid():
            return False
        nid = index.internalId()
        if nid == _TOP:
            return index.row() >= len(self._branches)
        branch = self._by_nid.get(nid)
        return branch is not None and index.row() >= len(branch.persons)

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return COLUMN_COUNT

    def hasChildren(self, parent: _INDEX = QModelIndex()) -> bool:  # noqa: B008
        if not parent.isValid():
            return bool(self._branches)
        branch = self._branch_at(parent)
        return branch is not None and branch.shown > 0 and parent.column() == 0

    def canFetchMore(self, parent: _INDEX) -> bool:
        if not parent.isValid():
            return not self.hold_paging and self._more_organizations()
        branch = self._branch_at(parent)
        if branch is None or parent.column() != 0 or (self.hold_paging and branch.opened):
            return False
        return self._more_persons(branch)

    def fetchMore(self, parent: _INDEX) -> None:
        self.fetch_more(parent)

    def fetch_more(self, parent: _INDEX) -> bool:
        """Ask for the next page under `parent`; False when there is nothing more to ask."""
        if not parent.isValid():
            if not self._more_organizations():
                return False
            if self._loaded:
                self._extend_root()
                self._fetch_root()
            else:
                self.reload()
            return True
        branch = self._branch_at(parent)
        if branch is None or parent.column() != 0 or not self._more_persons(branch):
            return False
        self._fetch_branch(branch)
        return True

    def parents_with_more(self) -> list[QModelIndex]:
        """The root and the opened branches that have more rows to fetch (not fetching)."""
        parents = [QModelIndex()] if self._loaded and self._more_organizations() else []
        parents += [
            self._branch_index(b) for b in self._branches if b.opened and self._more_persons(b)
        ]
        return parents

    def _more_organizations(self) -> bool:
        if not self._loaded:
            return not self._loading and not self._failed
        return not self._root_fetching and len(self._branches) - 1 < self._org_total

    @staticmethod
    def _more_persons(branch: _Branch) -> bool:
        return not branch.fetching and len(branch.persons) < branch.person_total()

    def _branch_at(self, index: _INDEX) -> _Branch | None:
        """The branch a top-level index stands for (None for persons)."""
        if not index.isValid() or index.internalId() != _TOP:
            return None
        row = index.row()
        return self._branches[row] if 0 <= row < len(self._branches) else None

    def _branch_index(self, branch: _Branch, column: int = 0) -> QModelIndex:
        return self.createIndex(branch.position, column, _TOP)

    # --------------------------------------------------------- paging

    def _fetch_root(self, limit: int = PAGE) -> None:
        self._root_fetching = True
        generation, epoch, offset = self._generation, self._root_epoch, len(self._branches) - 1
        ws, q = self.ctx.ws, self._query
        self.ctx.run(
            lambda _p: contact_list.organization_rows(
                ws, q.flt, q.sort, q.descending, offset, limit
            ),
            lambda rows: self._root_fetched(generation, epoch, offset, rows),
            write=False,
            on_failure=lambda exc, details: self._fetch_failed(generation, None, exc, details),
        )

    def _fetch_failed(
        self, generation: int, branch: _Branch | None, exc: BaseException, details: str
    ) -> None:
        """A page could not be read: say so, and let it be asked for again later."""
        if generation == self._generation:
            if branch is None:
                self._root_fetching = False
                self._root_wanted = -1  # no retry loop: the next painting asks again
            else:
                branch.fetching = False
                self._wanted.pop(branch.nid, None)
        self.ctx.show_error(exc, details)

    def _root_fetched(
        self, generation: int, epoch: int, offset: int, rows: list[ContactRow]
    ) -> None:
        if generation != self._generation:
            return
        self._root_fetching = False
        if epoch != self._root_epoch or offset != len(self._branches) - 1:
            self._schedule_load()
            return  # the rows were rewritten meanwhile; the view asks again
        if not rows:
            self._org_total = offset  # fewer than counted: someone deleted some
            self._reconcile_root()
            return
        self._append_orgs(rows)
        self._schedule_load()

    def _append_orgs(self, rows: Sequence[ContactRow]) -> None:
        """Organizations read after the loaded ones: they replace placeholders (dataChanged)
        or, past them, are inserted."""
        fresh = [r for r in rows if r.id not in self._by_org]
        if not fresh:
            return
        first = len(self._branches)
        filled = max(0, min(len(fresh), self._root_rows - first))
        for row in fresh[:filled]:
            self._branches.append(self._new_branch(row, len(self._branches)))
        if filled:
            self.dataChanged.emit(
                self.createIndex(first, 0, _TOP),
                self.createIndex(first + filled - 1, COLUMN_COUNT - 1, _TOP),
            )
        rest = fresh[filled:]
        if rest:
            start = len(self._branches)
            self.beginInsertRows(QModelIndex(), start, start + len(rest) - 1)
            for row in rest:
                self._branches.append(self._new_branch(row, len(self._branches)))
            self._root_rows = len(self._branches)
            self.endInsertRows()

    def _extend_root(self) -> None:
        """Show every organization counted: placeholders after the loaded ones.

        Done once per load, when the view first asks for more than the first page: one
        layout of the whole top level by the view, then the pages only replace
        placeholders (dataChanged), which QTreeView does not lay out again.
        """
        self._root_extended = True
        self._reconcile_root()

    def _reconcile_root(self) -> None:
        """Once extended: as many top-level rows as organizations counted (or loaded)."""
        if not self._root_extended or not self._branches:
            return
        target = max(len(self._branches), 1 + self._org_total)
        if target > self._root_rows:
            self.beginInsertRows(QModelIndex(), self._root_rows, target - 1)
            self._root_rows = target
            self.endInsertRows()
        elif target < self._root_rows:
            self.beginRemoveRows(QModelIndex(), target, self._root_rows - 1)
            self._root_rows = target
            self.endRemoveRows()

    def _resize_branch(self, branch: _Branch, total: int) -> None:
        """As many rows under the branch as persons counted (placeholders for the unread)."""
        target = max(len(branch.persons), total)
        if target == branch.shown or self._by_nid.get(branch.nid) is not branch:
            return
        parent = self._branch_index(branch)
        if target > branch.shown:
            self.beginInsertRows(parent, branch.shown, target - 1)
            branch.shown = target
            self.endInsertRows()
        else:
            self.beginRemoveRows(parent, target, branch.shown - 1)
            branch.shown = target
            self.endRemoveRows()

    # -------------------------------------------------- placeholders

    def _want_root(self, row: int) -> None:
        if row > self._root_wanted:
            self._root_wanted = row
            self._schedule_load()

    def _want(self, branch: _Branch, row: int) -> None:
        if row > self._wanted.get(branch.nid, -1):
            self._wanted[branch.nid] = row
            self._schedule_load()

    def _schedule_load(self) -> None:
        if not self._load_timer.isActive():
            self._load_timer.start(0)  # after the paint that asked

    @staticmethod
    def _batch(loaded: int, wanted: int) -> int:
        """Rows to read to get past `wanted`: a page at least, more as the list grows
        (fewer round trips; a slow query such as the private persons keeps up)."""
        return min(contact_list.MAX_LIMIT, max(PAGE, wanted + AHEAD - loaded, loaded // 2))

    def _load_wanted(self) -> None:
        """Read the rows the view has painted as placeholders (and a little ahead)."""
        if not self._loaded or self._loading:
            return
        loaded = len(self._branches)
        if self._root_wanted + AHEAD >= loaded and self._more_organizations():
            self._fetch_root(self._batch(loaded, self._root_wanted))
        for nid, wanted in list(self._wanted.items()):
            branch = self._by_nid.get(nid)
            if branch is None or wanted + AHEAD < len(branch.persons) or not branch.shown:
                del self._wanted[nid]
            elif self._more_persons(branch):
                self._fetch_branch(branch, self._batch(len(branch.persons), wanted))

    def _fetch_branch(self, branch: _Branch, limit: int = PAGE) -> None:
        branch.fetching = True
        branch.opened = True
        generation, epoch, offset = self._generation, branch.epoch, len(branch.persons)
        ws, q, key = self.ctx.ws, self._query, branch.key

        def op(_progress: object) -> tuple[int | None, list[ContactRow]]:
            total = contact_list.count_persons(ws, key, q.flt) if offset == 0 else None
            return total, contact_list.person_rows(
                ws, key, q.flt, q.sort, q.descending, offset, limit
            )

        self.ctx.run(
            op,
            lambda result: self._branch_fetched(generation, branch, epoch, offset, *result),
            write=False,
            on_failure=lambda exc, details: self._fetch_failed(generation, branch, exc, details),
        )

    def _branch_fetched(
        self,
        generation: int,
        branch: _Branch,
        epoch: int,
        offset: int,
        total: int | None,
        rows: list[ContactRow],
    ) -> None:
        if generation != self._generation or self._by_nid.get(branch.nid) is not branch:
            return
        branch.fetching = False
        if epoch != branch.epoch or offset != len(branch.persons):
            self._schedule_load()
            return
        if total is not None:
            self._set_branch_total(branch, total)
        if not rows:
            self._set_branch_total(branch, offset)
            return
        self._append_persons(branch, rows)
        self._schedule_load()

    def _append_persons(self, branch: _Branch, rows: Sequence[ContactRow]) -> None:
        """Persons read after the loaded ones: they replace placeholders (dataChanged) or,
        past them, are inserted."""
        known = {p.id for p in branch.persons}
        fresh = [r for r in rows if r.id not in known]
        if not fresh:
            return
        first = len(branch.persons)
        filled = max(0, min(len(fresh), branch.shown - first))
        branch.persons.extend(fresh[:filled])
        if filled:
            self.dataChanged.emit(
                self.createIndex(first, 0, branch.nid),
                self.createIndex(first + filled - 1, COLUMN_COUNT - 1, branch.nid),
            )
        rest = fresh[filled:]
        if rest:
            start = len(branch.persons)
            self.beginInsertRows(self._branch_index(branch), start, start + len(rest) - 1)
            branch.persons.extend(rest)
            branch.shown = len(branch.persons)
            self.endInsertRows()
        if len(branch.persons) > branch.person_total():
            self._set_branch_total(branch, len(branch.persons))

    def _set_branch_total(self, branch: _Branch, total: int) -> None:
        if branch.total == total:
            self._resize_branch(branch, total)
            return
        before = branch.person_total()
        branch.total = total
        self._resize_branch(branch, total)
        if branch.record is None or before != total:
            self._emit_row_changed(self._branch_index(branch))
        if branch.record is None:
            self.counts_changed.emit(*self.counts())

    def _emit_row_changed(self, first: QModelIndex) -> None:
        self.dataChanged.emit(first, first.siblingAtColumn(COLUMN_COUNT - 1))

    # ------------------------------------------------------------ data

    def record(self, index: _INDEX) -> ContactRow | None:
        """The organization or person at `index` (None for the group and invalid indexes)."""
        if not index.isValid():
            return None
        nid = index.internalId()
        if nid == _TOP:
            branch = self._branch_at(index)
            return branch.record if branch is not None else None
        branch = self._by_nid.get(nid)
        if branch is None or not 0 <= index.row() < len(branch.persons):
            return None
        return branch.persons[index.row()]

    def is_group(self, index: _INDEX) -> bool:
        return index.isValid() and index.internalId() == _TOP and index.row() == 0

    def flags(self, index: _INDEX) -> Qt.ItemFlag:
        if not index.isValid():
            return _NO_FLAGS
        nid = index.internalId()  # (runs twice per row at each layout: kept short)
        if nid == _TOP:
            return _TOP_FLAGS if index.row() < len(self._branches) else _PLACEHOLDER_FLAGS
        branch = self._by_nid.get(nid)
        if branch is not None and index.row() < len(branch.persons):
            return _PERSON_FLAGS
        return _PLACEHOLDER_FLAGS

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.column_titles()[section]
        return None

    def column_titles(self) -> list[str]:
        return [
            self.tr("Name"),
            self.tr("City"),
            self.tr("Phone"),
            self.tr("Owner"),
            self.tr("Last contact"),
            self.tr("Tags"),
        ]

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        nid, position, column = index.internalId(), index.row(), index.column()
        painted = role == _DISPLAY and column == NAME  # once per row and paint
        row: ContactRow | None = None
        if nid == _TOP:
            if position == 0:
                return self._group_data(column, role)
            loaded = len(self._branches)
            if position < loaded:
                row = self._branches[position].record
            # a placeholder is painted, or a row near the last loaded: read up to it and ahead
            if painted and self._root_rows > loaded and position + AHEAD >= loaded:
                self._want_root(position)
        else:
            branch = self._by_nid.get(nid)
            if branch is None:
                return None
            loaded = len(branch.persons)
            if position < loaded:
                row = branch.persons[position]
            if painted and branch.shown > loaded and position + AHEAD >= loaded:
                self._want(branch, position)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(row) if column == NAME else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == PHONE and row.phone_invalid:
                return INVALID_PHONE_COLOR if not is_dark() else error_color()
            return None
        if role == KIND_ROLE:
            return row.kind
        if role == ID_ROLE:
            return row.id
        if role == SORT_ROLE:
            return self._sort_value(row, column)
        if role == GROUP_ROLE:
            return False
        return None

    def _group_data(self, column: int, role: int) -> Any:
        group = self._branches[0]
        if role == GROUP_ROLE:
            return True
        if column != NAME:
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr("Private persons (%1)").replace(
                "%1", QLocale().toString(group.person_total())
            )
        if role == Qt.ItemDataRole.DecorationRole:
            return icon("private")
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("People who do not belong to any organization")
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    @staticmethod
    def _display(row: ContactRow, column: int) -> str:
        if column == NAME:
            return row.name
        if column == CITY:
            return row.city
        if column == PHONE:
            return row.phone
        if column == OWNER:
            return row.owner
        if column == LAST_CONTACT:
            if row.last_contact_at is None:
                return ""
            day = row.last_contact_at.astimezone().date()
            return QLocale().toString(
                QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat
            )
        return row.tags

    @staticmethod
    def _decoration(row: ContactRow) -> Any:
        if row.is_key_client:
            return icon("key-client")
        return icon("organization" if row.kind is EntityKind.ORGANIZATION else "person")

    def _tooltip(self, row: ContactRow, column: int) -> str | None:
        if column == NAME:
            return row.subtitle or row.name
        if column == PHONE:
            if row.phone_invalid:
                return self.tr(
                    "%1 is not a valid phone number: it is kept as typed and cannot be dialled."
                ).replace("%1", row.phone)
            return row.phone_e164 or None
        if column == LAST_CONTACT and row.last_contact_at is not None:
            return QLocale().toString(
                row.last_contact_at.astimezone(), QLocale.FormatType.LongFormat
            )
        text = self._display(row, column)
        return text or None

    @staticmethod
    def _sort_value(row: ContactRow, column: int) -> Any:
        if column == NAME:
            return row.name
        if column == CITY:
            return row.city
        if column == PHONE:
            return row.phone_e164 or row.phone
        if column == OWNER:
            return row.owner
        if column == LAST_CONTACT:
            return row.last_contact_at
        return row.tags

    # ------------------------------------------------------- look-ups

    def find_loaded(self, kind: EntityKind, entity_id: int) -> QModelIndex:
        """The index of a record among the loaded rows (invalid if not loaded)."""
        if kind is EntityKind.ORGANIZATION:
            branch = self._by_org.get(entity_id)
            return self._branch_index(branch) if branch is not None else QModelIndex()
        for branch in self._branches:
            for row, person in enumerate(branch.persons):
                if person.id == entity_id:
                    return self.createIndex(row, 0, branch.nid)
        return QModelIndex()

    def index_of(self, kind: EntityKind, entity_id: int) -> QModelIndex:
        """Where a record is, loading the pages up to it now (synchronously)."""
        if not self._loaded or self._loading:
            self._generation += 1
            self._show_first_page(self._generation, _first_page(self.ctx.ws, self._query))
        snap = self._snapshot()
        found = _locate(self.ctx.ws, self._query, kind, entity_id, snap)
        index = self._apply_located(snap, found)
        return index if index is not None else self.find_loaded(kind, entity_id)

    def locate(
        self,
        kind: EntityKind,
        entity_id: int,
        callback: Callable[[QModelIndex], None],
        attempts: int = 3,
    ) -> None:
        """Find a record in the background, load the pages up to it, then call back with
        its index (invalid when it does not match the filter or is in the trash)."""
        if not self._loaded or self._loading:
            self._pending.append((kind, entity_id, callback))
            if not self._loading:
                self.reload()
            return
        generation, snap = self._generation, self._snapshot()
        ws, query = self.ctx.ws, self._query

        def done(found: _Located) -> None:
            index = None
            if generation == self._generation:
                index = self._apply_located(snap, found)
            if index is not None:
                callback(index)
            elif attempts > 1:
                self.locate(kind, entity_id, callback, attempts - 1)
            else:
                callback(self.find_loaded(kind, entity_id))

        def failed(exc: BaseException, details: str) -> None:
            self.ctx.show_error(exc, details)
            callback(QModelIndex())

        self.ctx.run(
            lambda _p: _locate(ws, query, kind, entity_id, snap),
            done,
            write=False,
            on_failure=failed,
        )

    def _apply_located(self, snap: _Snapshot, found: _Located) -> QModelIndex | None:
        """Append what the look-up fetched; None if the rows changed meanwhile."""
        if not found.found:
            return QModelIndex()
        if found.orgs:
            if len(self._branches) - 1 != snap.root_len or self._root_epoch != snap.root_epoch:
                return None
            self._append_orgs(found.orgs)
        if found.kind is EntityKind.ORGANIZATION:
            return self.find_loaded(found.kind, found.entity_id)
        branch = self._branch_of_key(found.org_key)
        if branch is None:
            return None
        if found.persons:
            expected = (0, branch.epoch)
            if not found.orgs:
                expected = snap.branches.get(found.org_key, expected)
            if (len(branch.persons), branch.epoch) != expected:
                return None
            branch.opened = True
            self._append_persons(branch, found.persons)
        row = found.person_row
        persons = branch.persons
        if row is not None and row < len(persons) and persons[row].id == found.entity_id:
            return self.createIndex(row, 0, branch.nid)
        return self.find_loaded(found.kind, found.entity_id)

    # ------------------------------------------------------- changes

    @Slot(object)
    def _on_changed(self, changes: Changes) -> None:
        if not (changes.touches(EntityKind.PERSON) or changes.touches(EntityKind.ORGANIZATION)):
            return
        if not self._loaded and not self._loading:
            return  # nothing shown yet: the first load reads the new state
        records = [
            (kind, entity_id)
            for kind, entity_id in changes.records
            if kind in (EntityKind.PERSON, EntityKind.ORGANIZATION)
        ]
        if not records or len(records) > REFRESH_LIMIT or self._loading:
            self.reload()
            return
        self.refresh(records)

    def refresh(self, records: Sequence[tuple[EntityKind, int]]) -> None:
        """Re-read the loaded rows of the parents these records live in; apply the difference."""
        person_ids = {i for k, i in records if k is EntityKind.PERSON}
        org_ids = {i for k, i in records if k is EntityKind.ORGANIZATION}
        old_keys: set[int | None] = set()
        for branch in self._branches:
            if branch.key in org_ids or any(p.id in person_ids for p in branch.persons):
                old_keys.add(branch.key)
        generation, snap = self._generation, self._snapshot()
        ws, query = self.ctx.ws, self._query
        self.ctx.run(
            lambda _p: _refresh(ws, query, person_ids, old_keys, snap),
            lambda result: self._refreshed(generation, snap, records, result),
            write=False,
        )

    def _refreshed(
        self,
        generation: int,
        snap: _Snapshot,
        records: Sequence[tuple[EntityKind, int]],
        result: _Refreshed,
    ) -> None:
        if generation != self._generation:
            return
        stale = False
        if len(self._branches) - 1 != snap.root_len or self._root_fetching:
            stale = True
        else:
            self._root_epoch += 1
            self._org_total = result.org_total
            self._sync_orgs(result.orgs)
            self._reconcile_root()
        group = self._group()
        if group is not None:
            self._set_branch_total(group, result.private_total)
        for key, (total, rows) in result.branches.items():
            branch = self._branch_of_key(key)
            if branch is None:
                continue
            if len(branch.persons) != snap.branch_len(key) or branch.fetching:
                stale = True
                continue
            branch.epoch += 1
            self._sync_persons(branch, rows)
            self._set_branch_total(branch, total)
        self.counts_changed.emit(*self.counts())
        if stale:
            self.refresh(records)

    def _sync_orgs(self, new: list[ContactRow]) -> None:
        """Turn the loaded organizations into `new` (the same range, re-read)."""
        self._sync(
            QModelIndex(),
            self._branches,
            1,
            new,
            key=lambda branch: branch.key,
            make=self._new_branch,
            update=lambda pos, row: self._update_org(self._branches[pos], row),
            forget=self._forget,
            renumber=self._renumber,
            resize=self._resize_root_by,
            spare=lambda: self._root_rows > len(self._branches),
            changed=lambda pos: self._emit_row_changed(self.createIndex(pos, 0, _TOP)),
        )

    def _resize_root_by(self, delta: int) -> None:
        self._root_rows += delta

    def _sync_persons(self, branch: _Branch, new: list[ContactRow]) -> None:
        persons = branch.persons

        def update(pos: int, row: ContactRow) -> None:
            if persons[pos] != row:
                persons[pos] = row
                self._emit_row_changed(self.createIndex(pos, 0, branch.nid))

        def resize(delta: int) -> None:
            branch.shown += delta

        self._sync(
            self._branch_index(branch),
            persons,
            0,
            new,
            key=lambda person: person.id,
            make=lambda row, _pos: row,
            update=update,
            forget=lambda _item: None,
            renumber=lambda _first: None,
            resize=resize,
            spare=lambda: branch.shown > len(persons),
            changed=lambda pos: self._emit_row_changed(self.createIndex(pos, 0, branch.nid)),
        )

    def _sync(
        self,
        parent: QModelIndex,
        items: list[T],
        base: int,
        new: list[ContactRow],
        *,
        key: Callable[[T], int | None],
        make: Callable[[ContactRow, int], T],
        update: Callable[[int, ContactRow], None],
        forget: Callable[[T], None],
        renumber: Callable[[int], None],
        resize: Callable[[int], None],
        spare: Callable[[], bool],
        changed: Callable[[int], None],
    ) -> None:
        """Make items[base:] follow `new` with the fewest structural signals: rows gone are
        removed, new rows inserted, changed rows reported with dataChanged, and rows whose
        place changed are moved (so a moved organization keeps its people and expansion).

        The view's row count follows (`resize`); a row that comes right after the loaded
        ones where a placeholder stands (`spare`) takes its place (`changed`)."""
        target = {row.id: i for i, row in enumerate(new)}
        for pos in reversed(range(base, len(items))):
            if key(items[pos]) not in target:
                self.beginRemoveRows(parent, pos, pos)
                forget(items.pop(pos))
                renumber(pos)
                resize(-1)
                self.endRemoveRows()
        i = 0
        while i < len(new):
            pos, row, end = base + i, new[i], len(items)
            if pos < end and key(items[pos]) == row.id:
                update(pos, row)
                i += 1
                continue
            found = next((j for j in range(pos + 1, end) if key(items[j]) == row.id), None)
            if found is None:
                if pos == end and spare():
                    items.append(make(row, pos))
                    renumber(pos)
                    changed(pos)
                    i += 1
                    continue
                self.beginInsertRows(parent, pos, pos)
                items.insert(pos, make(row, pos))
                renumber(pos)
                resize(1)
                self.endInsertRows()
                i += 1
                continue
            in_the_way = key(items[pos])
            if in_the_way is not None and target[in_the_way] - i > found - pos:
                # the row in the way goes further down than this one comes up (an edit
                # moved it): send it to the end now, it is pulled into place on its turn
                self.beginMoveRows(parent, pos, pos, parent, end)
                items.append(items.pop(pos))
                renumber(pos)
                self.endMoveRows()
                continue
            self.beginMoveRows(parent, found, found, parent, pos)
            items.insert(pos, items.pop(found))
            renumber(pos)
            self.endMoveRows()
            update(pos, row)
            i += 1

    def _update_org(self, branch: _Branch, row: ContactRow) -> None:
        if branch.record != row:
            branch.record = row
            if branch.total is None:  # not counted: its row says how many people it has
                self._resize_branch(branch, row.person_count)
            self._emit_row_changed(self._branch_index(branch))

    def _forget(self, branch: _Branch) -> None:
        self._by_nid.pop(branch.nid, None)
        if branch.record is not None and self._by_org.get(branch.record.id) is branch:
            del self._by_org[branch.record.id]

    def _renumber(self, first: int) -> None:
        for pos in range(first, len(self._branches)):
            self._branches[pos].position = pos
