"""Bulk loading with executemany (the ORM is 10–100× slower at 100k rows).

Rows get their ids from the caller (`next_ids`), so no RETURNING round trips are
needed; `finish` moves PostgreSQL's id sequences past them. On SQLite the rows go to
the driver's executemany as tuples (the columns' bind processors applied, as Core
would): Core's per-row parameter processing costs more than SQLite's insert itself.
"""

from __future__ import annotations

import gc
import queue
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

import sqlalchemy as sa

from crm_desktop.storage.models import Base

CHUNK = 5000
_ROWS_PER_STATEMENT = 100  # a compiled statement of 100 rows is small; more gain little
_MEMO_LIMIT = 4096  # processed values remembered per column (stamps, enum values, flags)


class _CollectorPauses:
    lock = threading.Lock()
    depth = 0
    was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk operation (nestable, any thread).

    A large import holds a few million objects (records, entities, row dicts); each
    full collection walks all of them, and the allocations of the import trigger one
    every few seconds, for nothing: these objects hold no reference cycles and are
    freed by reference counting. Measured on a 100k-row import: about 9 s of a
    minute. The collector's previous state is restored when the last pause ends.
    """
    state = _CollectorPauses
    with state.lock:
        if state.depth == 0:
            state.was_enabled = gc.isenabled()
            gc.disable()
        state.depth += 1
    try:
        yield
    finally:
        with state.lock:
            state.depth -= 1
            if state.depth == 0 and state.was_enabled:
                gc.enable()


def next_id(conn: sa.Connection, table: sa.Table) -> int:
    return int(conn.scalar(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))) or 0) + 1


def insert_rows(
    conn: sa.Connection,
    table: sa.Table,
    rows: Sequence[dict[str, Any]],
    *,
    cut: bool = False,
    same: dict[str, Any] | None = None,
    background: Background | None = None,
) -> None:
    """INSERT the rows (dicts with the same keys, every column with a Python default given).

    `cut`: text longer than its column's length is cut to it (see `fit`; on SQLite by
    the database, at no cost here) rather than refused by PostgreSQL. `same`: values
    of columns every row has (time stamps, authors), given once rather than per row.
    `background`: on SQLite the statements are built here and run by it (in order,
    after what it was given before), while the caller goes on; elsewhere they run now."""
    if not rows:
        return
    same = same or {}
    if conn.dialect.name == "sqlite" and _raw_ok(table, {**same, **rows[0]}):
        statements = _sqlite_statements(conn, table, rows, cut, same)
        if background is not None:
            background.submit(list(statements))
        else:
            _execute(conn.connection.driver_connection, statements)
        return
    for start in range(0, len(rows), CHUNK):
        batch = [{**same, **row} for row in rows[start : start + CHUNK]]
        conn.execute(table.insert(), [fit(table, row) for row in batch] if cut else batch)


def _limits(table: sa.Table) -> dict[str, int]:
    return {
        c.name: c.type.length
        for c in table.columns
        if isinstance(c.type, sa.String) and not isinstance(c.type, sa.Text) and c.type.length
    }


_LIMITS = {name: _limits(table) for name, table in Base.metadata.tables.items()}


def fit(table: sa.Table, row: dict[str, Any]) -> dict[str, Any]:
    """Cut the row's text to its columns' lengths (PostgreSQL refuses longer text; SQLite
    would keep it); returns `row`, changed in place."""
    for name, length in _LIMITS[table.name].items():
        value = row.get(name)
        if isinstance(value, str) and len(value) > length:
            row[name] = value[:length]
    return row


def fitted(column: sa.Column[Any], value: str) -> str:
    """`value` cut to the length of `column` (a text column), as `fit` cuts it."""
    length = _LIMITS[column.table.name].get(column.name)
    return value[:length] if length is not None else value


def _raw_ok(table: sa.Table, first: dict[str, Any]) -> bool:
    """True when Core would add nothing: no column with a Python-side default is missing."""
    return all(
        c.name in first or c.default is None or (c.primary_key and c.autoincrement is not False)
        for c in table.columns
    )


def _processor(column: sa.Column[Any], dialect: sa.Dialect) -> Callable[[Any], Any] | None:
    process = column.type._cached_bind_processor(dialect)  # what Core applies per value
    if process is None:
        return None
    memo: dict[Any, Any] = {}

    def cached(value: Any) -> Any:
        try:
            return memo[value]
        except KeyError:
            result = process(value)
            if len(memo) < _MEMO_LIMIT:
                memo[value] = result
            return result
        except TypeError:  # not hashable
            return process(value)

    return cached


Statement = tuple[str, Sequence[Any]]


def _sqlite_statements(
    conn: sa.Connection,
    table: sa.Table,
    rows: Sequence[dict[str, Any]],
    cut: bool,
    same: dict[str, Any],
) -> Iterator[Statement]:
    """Multi-row INSERT ... VALUES (...), (...) statements: about a quarter faster than
    executemany's statement per row. With `cut`, SQLite's substr() cuts long text. The
    `same` values are the statement's first parameters (?1, ?2, ...), shared by its rows."""
    shared = list(same)
    names = list(rows[0])
    quote = conn.dialect.identifier_preparer.quote
    limits = _LIMITS[table.name] if cut else {}

    def mark(name: str, text: str) -> str:
        return f"substr({text}, 1, {limits[name]})" if name in limits else text

    head = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in shared + names)}) VALUES "
    )
    marks = [mark(n, f"?{i}") for i, n in enumerate(shared, 1)] + [mark(n, "?") for n in names]
    one = f"({', '.join(marks)})"
    full = head + ",".join([one] * _ROWS_PER_STATEMENT)
    first: list[Any] = []
    for name in shared:
        process = _processor(table.c[name], conn.dialect)
        first.append(process(same[name]) if process is not None else same[name])
    columns = [table.c[name] for name in names]
    processors = [(i, p) for i, c in enumerate(columns) if (p := _processor(c, conn.dialect))]
    values_of = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    for start in range(0, len(rows), _ROWS_PER_STATEMENT):
        batch = rows[start : start + _ROWS_PER_STATEMENT]
        params: list[Any] = list(first)
        if processors:
            for row in batch:
                values = list(values_of(row))
                for i, process in processors:
                    values[i] = process(values[i])
                params += values
        else:
            for row in batch:
                params += values_of(row)
        sql = full if len(batch) == _ROWS_PER_STATEMENT else head + ",".join([one] * len(batch))
        yield sql, params


def _execute(raw: Any, statements: Iterable[Statement]) -> None:
    cursor = raw.cursor()
    try:
        for sql, params in statements:
            cursor.execute(sql, params)
    finally:
        cursor.close()


class Background:
    """Runs statements on a thread, in the order given, on the caller's connection and
    inside its transaction, while the caller builds its next rows in Python.

    SQLite runs a statement without holding Python's GIL, so inserting a batch (and
    indexing it in FTS) overlaps the caller's own work on the other core. The caller
    must `wait()` before it uses the connection itself (leaving the `with` block
    waits); the first error of a statement is raised there, and the statements given
    after it are dropped. `submit` waits while many lists are queued (the memory held
    ahead). For one connection at a time: SQLite connections serialise.

    While statements are queued, Python's switch interval is shortened: the thread
    needs the GIL back after each statement, and waiting the default 5 ms for it
    each time (thousands of statements in a large import) would cost more than the
    statements.
    """

    _SWITCH_INTERVAL = 0.00005
    _QUEUED = 16  # lists of statements that may wait: bounds the memory held ahead

    def __init__(self, conn: sa.Connection) -> None:
        self._raw = conn.connection.driver_connection
        self._queue: queue.SimpleQueue[list[Statement] | None] = queue.SimpleQueue()
        self._idle = threading.Condition()
        self._pending = 0
        self._error: BaseException | None = None
        self._dropping = False  # the caller failed: the statements still queued are moot
        self._thread: threading.Thread | None = None
        self._interval: float | None = None

    def __enter__(self) -> Background:
        return self

    def __exit__(self, exc_type: object, *_exc: object) -> None:
        try:
            if exc_type is None:
                self.wait()
            else:  # already failing: end the running statement, drop the rest
                self._dropping = True
                self._drain()
        finally:
            if self._thread is not None:
                self._queue.put(None)
                self._thread.join()
                self._thread = None

    def submit(self, statements: list[Statement]) -> None:
        if not statements:
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="bulk-writer", daemon=True)
            self._thread.start()
        with self._idle:
            self._idle.wait_for(lambda: self._pending < self._QUEUED)
            if self._pending == 0:
                self._interval = sys.getswitchinterval()
                sys.setswitchinterval(min(self._interval, self._SWITCH_INTERVAL))
            self._pending += 1
        self._queue.put(statements)

    def start(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.submit([(sql, params)])

    def _work(self) -> None:
        while (statements := self._queue.get()) is not None:
            try:
                if self._error is None and not self._dropping:
                    _execute(self._raw, statements)
            except BaseException as error:  # noqa: BLE001 - handed to the caller in wait()
                self._error = error
            finally:
                with self._idle:
                    self._pending -= 1
                    if self._pending == 0 and self._interval is not None:
                        sys.setswitchinterval(self._interval)
                        self._interval = None
                    self._idle.notify_all()

    def _drain(self) -> None:
        with self._idle:
            self._idle.wait_for(lambda: self._pending == 0)

    def wait(self) -> None:
        self._drain()
        error, self._error = self._error, None
        if error is not None:
            raise error


@contextmanager
def indexes_deferred(conn: sa.Connection, loads: Iterable[tuple[sa.Table, int]]) -> Iterator[None]:
    """SQLite: build plain indexes after a load rather than row by row.

    `loads` are (table, rows about to be inserted). A table that will receive more rows
    than it holds has its non-unique secondary indexes dropped for the block and
    created again, from their own SQL, when it ends: in the same transaction, so an
    error rolls the drops back with everything else. Sorting once is about twice as
    fast as keeping the b-trees up to date. Queries inside the block must not need
    those indexes.
    """
    dropped: list[str] = []
    if conn.dialect.name == "sqlite":
        for table, rows in loads:
            held = int(conn.scalar(sa.select(sa.func.count()).select_from(table)) or 0)
            if rows < 1000 or rows <= held:
                continue
            for name, sql in conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
                (table.name,),
            ).all():
                conn.exec_driver_sql(f'DROP INDEX "{name}"')
                dropped.append(sql)
    yield
    for sql in dropped:
        conn.exec_driver_sql(sql)


def finish(conn: sa.Connection, tables: Iterable[sa.Table]) -> None:
    """After explicit ids: let PostgreSQL's sequences continue after the largest id."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        conn.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
        )


def table(name: str) -> sa.Table:
    return Base.metadata.tables[name]
