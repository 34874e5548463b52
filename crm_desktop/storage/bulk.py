"""Bulk loading with executemany (the ORM is 10–100× slower at 100k rows).

Rows get their ids from the caller (`next_ids`), so no RETURNING round trips are
needed; `finish` moves PostgreSQL's id sequences past them. On SQLite the rows go to
the driver's executemany as tuples (the columns' bind processors applied, as Core
would): Core's per-row parameter processing costs more than SQLite's insert itself.
"""

from __future__ import annotations

import gc
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
) -> None:
    """INSERT the rows (dicts with the same keys, every column with a Python default given).

    `cut`: text longer than its column's length is cut to it (see `fit`; on SQLite by
    the database, at no cost here) rather than refused by PostgreSQL. `same`: values
    of columns every row has (time stamps, authors), given once rather than per row."""
    if not rows:
        return
    same = same or {}
    if conn.dialect.name == "sqlite" and _raw_ok(table, {**same, **rows[0]}):
        _insert_sqlite(conn, table, rows, cut, same)
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


def _insert_sqlite(
    conn: sa.Connection,
    table: sa.Table,
    rows: Sequence[dict[str, Any]],
    cut: bool,
    same: dict[str, Any],
) -> None:
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
    first: list[Any] = []
    for name in shared:
        process = _processor(table.c[name], conn.dialect)
        first.append(process(same[name]) if process is not None else same[name])
    columns = [table.c[name] for name in names]
    processors = [(i, p) for i, c in enumerate(columns) if (p := _processor(c, conn.dialect))]
    values_of = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
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
            cursor.execute(head + ",".join([one] * len(batch)), params)
    finally:
        cursor.close()


class Background:
    """Runs one statement at a time on a thread, on the caller's connection and inside
    its transaction, while the caller builds its next rows in Python.

    SQLite runs a statement without holding Python's GIL, so a statement that works
    inside the database for long (an FTS insert of thousands of rows) overlaps the
    caller's own work on the other core. The caller must `wait()` before it uses the
    connection again (and leaving the `with` block waits); an error of the statement
    is raised there. For one connection at a time: SQLite connections serialise.
    """

    def __init__(self, conn: sa.Connection) -> None:
        self._raw = conn.connection.driver_connection
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def __enter__(self) -> Background:
        return self

    def __exit__(self, exc_type: object, *_exc: object) -> None:
        if exc_type is None:
            self.wait()
        else:  # already failing: let the statement end, keep the first error
            self._join()

    def start(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.wait()
        self._thread = threading.Thread(
            target=self._run, args=(sql, params), name="bulk-statement", daemon=True
        )
        self._thread.start()

    def _run(self, sql: str, params: Sequence[Any]) -> None:
        try:
            cursor = self._raw.cursor()  # type: ignore[union-attr]
            try:
                cursor.execute(sql, params)
            finally:
                cursor.close()
        except BaseException as error:  # noqa: BLE001 - handed to the caller in wait()
            self._error = error

    def _join(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def wait(self) -> None:
        self._join()
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
