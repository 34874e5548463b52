"""PostgreSQL server mode: connection settings, the connection test, creating the schema,
the change marker other desktops' edits move, and `migrate-to-postgres`.

Settings. The server the app opens lives in `config.Settings` (``server_*``); the password
does not: it is kept in a pass file of libpq's own format (``host:port:db:user:password``)
in the config folder, created owner-only (0600). Why not in settings.json: that file is
copied between desktops and attached to bug reports; why not ~/.pgpass: it is the user's
own file for other servers too, and Windows keeps it elsewhere. The pass file keeps the
standard format, so an administrator can point psql or pg_dump at it (``PGPASSFILE``).

The connection test (`check_server`) connects with a short timeout and says in one line
what is wrong, by kind (`CheckCode`): the host unknown or unreachable, nothing listening
on the port, a wrong user or password, a missing database, the server refusing this
computer (pg_hba.conf), SSL, a server older than `MIN_SERVER_VERSION`, a database holding
another program's tables or a newer CRM Desktop base — or that it is ready: an empty
database (the schema can be created), a CRM Desktop base (with its counts).

`migrate_to_postgres` copies an SQLite base into an empty PostgreSQL database: the schema
by the migrations, then table by table in dependency order with COPY (psycopg) in one
transaction, sequences reset, planner statistics rebuilt, every table's rows counted on
both sides.
"""

from __future__ import annotations

import contextlib
import enum
import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from crm_desktop.config import ENV_DATABASE_URL, AppPaths, Settings
from crm_desktop.errors import DatabaseError, UserError, ValidationError
from crm_desktop.services.progress import Progress
from crm_desktop.services.workspace import Workspace

# PostgreSQL 13 made pg_trgm (the search index) a trusted extension: the database's
# owner creates it without a superuser. 12 and older are out of support anyway.
MIN_SERVER_VERSION = 130000
SSL_MODES = ("disable", "prefer", "require", "verify-full")
DEFAULT_PORT = 5432
TEST_TIMEOUT_S = 8  # the connection test's connect_timeout (the app's engine: 10 s)
PASS_FILE_NAME = "pgpass.conf"


# ------------------------------------------------------------------ settings


@dataclass(frozen=True)
class ServerSettings:
    """Where the PostgreSQL server is and how to log in (the password only in memory)."""

    host: str
    port: int = DEFAULT_PORT
    database: str = "crm"
    user: str = "crm"
    password: str = ""
    sslmode: str = "prefer"
    connect_timeout: int = TEST_TIMEOUT_S

    def problems(self) -> list[tuple[str, str]]:
        """(field, message) for every unusable value; empty when the settings are sound."""
        found: list[tuple[str, str]] = []
        host = self.host.strip()
        if not host:
            found.append(("host", "Enter the server's name or IP address."))
        elif re.search(r"[\s/?#@]", host) and not host.startswith("/"):
            found.append(("host", f"{host!r} is not a host name or an IP address."))
        if not 1 <= self.port <= 65535:
            found.append(("port", "The port is a number from 1 to 65535 (usually 5432)."))
        if not self.database.strip():
            found.append(("database", "Enter the name of the database on the server."))
        if not self.user.strip():
            found.append(("user", "Enter the user name (the PostgreSQL role)."))
        if self.sslmode not in SSL_MODES:
            found.append(("sslmode", f"The SSL mode is one of {', '.join(SSL_MODES)}."))
        return found

    def validate(self) -> None:
        """Raise `ValidationError` (naming the field) for the first unusable value."""
        problems = self.problems()
        if problems:
            name, message = problems[0]
            raise ValidationError(message, field=name)

    def url(self, *, with_password: bool = True) -> URL:
        """The SQLAlchemy URL (psycopg 3) of this server's database."""
        return URL.create(
            "postgresql+psycopg",
            username=self.user.strip(),
            password=(self.password or None) if with_password else None,
            host=self.host.strip(),
            port=self.port,
            database=self.database.strip(),
            query={"sslmode": self.sslmode},
        )

    def target(self) -> str:
        """What `Workspace.open` takes (the password included: it stays in memory)."""
        return self.url().render_as_string(hide_password=False)

    @property
    def display(self) -> str:
        """``user@host:port/database`` — for messages and the window title."""
        return f"{self.user.strip()}@{self.host.strip()}:{self.port}/{self.database.strip()}"

    def connect_kwargs(self) -> dict[str, Any]:
        """psycopg.connect keyword arguments (libpq parameters)."""
        kwargs: dict[str, Any] = {
            "host": self.host.strip(),
            "port": self.port,
            "dbname": self.database.strip(),
            "user": self.user.strip(),
            "sslmode": self.sslmode,
            "connect_timeout": max(1, self.connect_timeout),
            "application_name": "CRM Desktop",
        }
        if self.password:
            kwargs["password"] = self.password
        return kwargs

    @classmethod
    def from_url(cls, url: str | URL) -> ServerSettings:
        parsed = make_url(url) if isinstance(url, str) else url
        sslmode = str(parsed.query.get("sslmode") or "prefer")
        return cls(
            host=parsed.host or "localhost",
            port=parsed.port or DEFAULT_PORT,
            database=parsed.database or "",
            user=parsed.username or "",
            password=parsed.password if isinstance(parsed.password, str) else "",
            sslmode=sslmode if sslmode in SSL_MODES else "prefer",
        )


def pass_file(paths: AppPaths) -> Path:
    """The file holding the server passwords (libpq's format, owner-only)."""
    return paths.config_dir / PASS_FILE_NAME


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


def _split(line: str) -> list[str]:
    parts, current, escaped = [], [], False
    for ch in line:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ":":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


class PassFile:
    """Passwords by host, port, database and user in libpq's ``.pgpass`` format."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _lines(self) -> list[str]:
        try:
            return self.path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return []

    @staticmethod
    def _key(server: ServerSettings) -> list[str]:
        return [server.host.strip(), str(server.port), server.database.strip(), server.user.strip()]

    def get(self, server: ServerSettings) -> str:
        """The stored password for this server, database and user ('' when none)."""
        key = self._key(server)
        for line in self._lines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = _split(line)
            if len(parts) != 5:
                continue
            if all(p in ("*", k) for p, k in zip(parts[:4], key, strict=True)):
                return parts[4]
        return ""

    def set(self, server: ServerSettings, password: str) -> None:
        """Store (or with '' forget) the password; the file is written owner-only."""
        key = self._key(server)
        kept = [
            line for line in self._lines() if not (len(p := _split(line)) == 5 and p[:4] == key)
        ]
        if password:
            kept.insert(0, ":".join(_escape(v) for v in (*key, password)))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("".join(line + "\n" for line in kept))
        os.replace(tmp, self.path)
        with contextlib.suppress(OSError):
            os.chmod(self.path, 0o600)


def server_from_settings(settings: Settings, paths: AppPaths | None = None) -> ServerSettings:
    """The server named in the settings, with its stored password when `paths` is given."""
    server = ServerSettings(
        host=settings.server_host,
        port=settings.server_port,
        database=settings.server_database,
        user=settings.server_user,
        sslmode=settings.server_sslmode if settings.server_sslmode in SSL_MODES else "prefer",
    )
    if paths is not None and server.host:
        server = replace(server, password=PassFile(pass_file(paths)).get(server))
    return server


def store_server(
    settings: Settings, paths: AppPaths, server: ServerSettings, *, enabled: bool | None = None
) -> None:
    """Write the connection into the settings (and its password into the pass file)."""
    settings.server_host = server.host.strip()
    settings.server_port = server.port
    settings.server_database = server.database.strip()
    settings.server_user = server.user.strip()
    settings.server_sslmode = server.sslmode
    if enabled is not None:
        settings.server_enabled = enabled
    if server.host.strip():
        PassFile(pass_file(paths)).set(server, server.password)
    settings.save(paths.settings_file)


def server_in_use(settings: Settings) -> bool:
    """The settings say: open the PostgreSQL server at start."""
    return bool(settings.server_enabled and settings.server_host.strip())


def explicit_target(db: str | None) -> bool:
    """A base named by `--db` or `CRM_DATABASE_URL` (it wins over the settings' server)."""
    return bool(db or os.environ.get(ENV_DATABASE_URL))


def command_target(db: str | None, paths: AppPaths) -> str | None:
    """The base a command line command works on, as the app opens it at start: `--db`,
    else `CRM_DATABASE_URL`, else the PostgreSQL server the settings connect to (its
    password from the pass file), else None: the default file of `paths`."""
    if explicit_target(db):
        return db
    settings = Settings.load(paths.settings_file)
    if server_in_use(settings):
        return server_from_settings(settings, paths).target()
    return None


# --------------------------------------------------------------- the check


class CheckCode(enum.StrEnum):
    READY = "ready"  # a CRM Desktop base at this program's schema
    UPGRADE = "upgrade"  # a CRM Desktop base at an older schema (upgraded when used)
    EMPTY = "empty"  # an empty database: the schema can be created
    FOREIGN = "foreign"  # tables of another program
    TOO_NEW = "too_new"  # a base written by a newer CRM Desktop
    TOO_OLD = "too_old"  # the server's version is below MIN_SERVER_VERSION
    NO_RIGHTS = "no_rights"  # empty, but this user may not create tables there
    NO_TRGM = "no_trgm"  # the pg_trgm extension is missing and cannot be created
    STANDBY = "standby"  # a read-only replica
    INVALID = "invalid"  # the settings themselves (empty host …)
    UNKNOWN_HOST = "unknown_host"
    UNREACHABLE = "unreachable"  # no answer (timeout, no route)
    REFUSED = "refused"  # nothing listens on that port
    AUTH = "auth"  # wrong user name or password
    NO_DATABASE = "no_database"
    NOT_ALLOWED = "not_allowed"  # pg_hba.conf has no entry for this computer
    SSL = "ssl"
    FAILED = "failed"  # anything else: see `detail`


USABLE = (CheckCode.READY, CheckCode.UPGRADE)


@dataclass(frozen=True)
class ServerCheck:
    """What the connection test found (the GUI words it by `code`, in its language)."""

    code: CheckCode
    message: str  # English, one line (the CLI prints it; the GUI shows it as details)
    server: ServerSettings
    detail: str = ""  # the server's or libpq's own words
    server_version: str = ""  # "15.18"
    encrypted: bool | None = None
    schema: str | None = None
    counts: dict[str, int] = field(default_factory=dict)  # organizations, persons, deals

    @property
    def connected(self) -> bool:
        return bool(self.server_version)

    @property
    def can_create(self) -> bool:
        return self.code is CheckCode.EMPTY

    @property
    def can_use(self) -> bool:
        return self.code in USABLE


_CONNECT_ERRORS: list[tuple[str, CheckCode, str]] = [
    (
        r"could not translate host name|failed to resolve host|name or service not known|"
        r"nodename nor servname|no address associated",
        CheckCode.UNKNOWN_HOST,
        "The server {host} is unknown: check the name (or use its IP address).",
    ),
    (
        r"connection refused",
        CheckCode.REFUSED,
        "{host} answers, but no PostgreSQL listens on port {port}: check the port, that "
        "the server runs, and its listen_addresses.",
    ),
    (
        r"timeout expired|timed out|no route to host|network is unreachable|"
        r"host is unreachable|could not connect to server",
        CheckCode.UNREACHABLE,
        "The server {host} cannot be reached (no answer): check the name, the network and "
        "the firewall.",
    ),
    (
        r"password authentication failed|authentication failed|no password supplied|"
        r"role \"[^\"]*\" does not exist|password is required",
        CheckCode.AUTH,
        "The server refused the user name or password for {user}: check both.",
    ),
    (
        r"database \"[^\"]*\" does not exist",
        CheckCode.NO_DATABASE,
        "There is no database {database} on {host}: check the name, or ask the "
        "administrator to create it.",
    ),
    (
        r"no pg_hba\.conf entry|pg_hba",
        CheckCode.NOT_ALLOWED,
        "The server does not accept connections from this computer for {user} and "
        "{database}: the administrator adds it to pg_hba.conf.",
    ),
    (
        r"ssl|certificate",
        CheckCode.SSL,
        "The encrypted connection (SSL mode {sslmode}) failed: choose another SSL mode, "
        "or ask the administrator about the server's certificate.",
    ),
]


def classify_connect_error(exc: BaseException, server: ServerSettings) -> ServerCheck:
    """The check result for a failed connection (by libpq's message)."""
    text = str(exc).strip()
    detail = text.rpartition("failed:")[2] if "failed:" in text else text
    detail = next((ln.strip() for ln in detail.splitlines() if ln.strip()), "")
    detail = re.sub(r"^(FATAL|ERROR):\s*", "", detail)
    values = {
        "host": server.host,
        "port": server.port,
        "user": server.user,
        "database": server.database,
        "sslmode": server.sslmode,
    }
    for pattern, code, message in _CONNECT_ERRORS:
        if re.search(pattern, text, re.IGNORECASE):
            return ServerCheck(code, message.format(**values), server, detail=detail)
    return ServerCheck(
        CheckCode.FAILED,
        f"Cannot connect to {server.display}: {detail or type(exc).__name__}",
        server,
        detail=detail,
    )


def version_text(number: int) -> str:
    """libpq's server_version (150018) as people write it ("15.18")."""
    return f"{number // 10000}.{number % 10000}" if number >= 100000 else str(number)


def judge_version(number: int, server: ServerSettings) -> ServerCheck | None:
    """TOO_OLD for a server below `MIN_SERVER_VERSION`, else None."""
    if number >= MIN_SERVER_VERSION:
        return None
    return ServerCheck(
        CheckCode.TOO_OLD,
        f"The server runs PostgreSQL {version_text(number)}; CRM Desktop needs "
        f"{version_text(MIN_SERVER_VERSION)} or newer.",
        server,
        server_version=version_text(number),
    )


def _count(cur: Any, sql: str) -> int:
    cur.execute(sql)
    row = cur.fetchone()
    return int(row[0] or 0) if row else 0


def check_server(server: ServerSettings) -> ServerCheck:
    """Connect (with `server.connect_timeout`) and say whether the database can be used."""
    import psycopg

    problems = server.problems()
    if problems:
        return ServerCheck(CheckCode.INVALID, problems[0][1], server)
    try:
        conn = psycopg.connect(**server.connect_kwargs(), autocommit=True)
    except psycopg.Error as exc:
        return classify_connect_error(exc, server)
    try:
        with conn:
            return _inspect(conn, server)
    except psycopg.Error as exc:
        return classify_connect_error(exc, server)


def _inspect(conn: Any, server: ServerSettings) -> ServerCheck:
    from crm_desktop.storage.migrate import SCHEMA_HEAD, head_revision

    number = int(conn.info.server_version)
    encrypted = bool(conn.pgconn.ssl_in_use)
    version = version_text(number)
    old = judge_version(number, server)
    if old is not None:
        return replace(old, encrypted=encrypted)
    base: dict[str, Any] = {"server": server, "server_version": version, "encrypted": encrypted}
    cur = conn.cursor()
    cur.execute("SELECT pg_is_in_recovery()")
    standby = cur.fetchone()
    if standby and standby[0]:
        return ServerCheck(
            CheckCode.STANDBY,
            f"{server.host} is a read-only replica: connect to the primary server.",
            **base,
        )
    cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")
    tables = [str(r[0]) for r in cur.fetchall()]
    if not tables:
        return _judge_empty(cur, server, base)
    if "alembic_version" not in tables:
        shown = ", ".join(tables[:3]) + (" …" if len(tables) > 3 else "")
        return ServerCheck(
            CheckCode.FOREIGN,
            f"The database {server.database} holds tables of another program ({shown}); "
            "CRM Desktop needs an empty database or its own.",
            **base,
        )
    cur.execute("SELECT version_num FROM alembic_version")
    row = cur.fetchone()
    schema = str(row[0]) if row else None
    counts: dict[str, int] = {
        name: _count(cur, f"SELECT count(*) FROM {name} WHERE deleted_at IS NULL")
        for name in ("organizations", "persons", "deals")
        if name in tables
    }
    head = head_revision()
    if schema in (SCHEMA_HEAD, head):
        return ServerCheck(
            CheckCode.READY,
            f"A CRM Desktop base: {counts.get('organizations', 0)} organizations, "
            f"{counts.get('persons', 0)} persons, {counts.get('deals', 0)} deals "
            f"(PostgreSQL {version}).",
            schema=schema,
            counts=counts,
            **base,
        )
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    from crm_desktop.storage.migrate import alembic_config

    try:
        known = schema is not None and (
            ScriptDirectory.from_config(alembic_config()).get_revision(schema) is not None
        )
    except CommandError:
        known = False
    if not known:
        return ServerCheck(
            CheckCode.TOO_NEW,
            f"The base on {server.host} was written by a newer CRM Desktop (schema {schema}); "
            f"this program knows up to {head}. Install the newer version.",
            schema=schema,
            counts=counts,
            **base,
        )
    return ServerCheck(
        CheckCode.UPGRADE,
        f"A CRM Desktop base of an older version (schema {schema}): it is upgraded to "
        f"{head} when first used. Back it up first (pg_dump).",
        schema=schema,
        counts=counts,
        **base,
    )


def _judge_empty(cur: Any, server: ServerSettings, base: dict[str, Any]) -> ServerCheck:
    cur.execute(
        "SELECT current_schema() IS NOT NULL "
        "AND has_schema_privilege(current_schema(), 'CREATE'), "
        "EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'), "
        "EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'), "
        "has_database_privilege(current_database(), 'CREATE')"
    )
    can_create_tables, has_trgm, trgm_available, can_create_ext = cur.fetchone()
    if not can_create_tables:
        return ServerCheck(
            CheckCode.NO_RIGHTS,
            f"The database {server.database} is empty, but {server.user} may not create "
            "tables in it: make that role the database's owner "
            f"(ALTER DATABASE {server.database} OWNER TO {server.user}).",
            **base,
        )
    if not has_trgm and not (trgm_available and can_create_ext):
        return ServerCheck(
            CheckCode.NO_TRGM,
            "The search index needs the pg_trgm extension: the administrator runs "
            f"CREATE EXTENSION pg_trgm in {server.database} (Debian: it is in the "
            "postgresql package).",
            **base,
        )
    return ServerCheck(
        CheckCode.EMPTY,
        f"The database {server.database} is empty: create the schema to start a new base "
        "there, or copy a base into it with 'crm-desktop migrate-to-postgres'.",
        **base,
    )


def create_schema(
    server: ServerSettings, paths: AppPaths | None = None, settings: Settings | None = None
) -> ServerCheck:
    """Create the schema (the migrations) and the first user in an EMPTY database."""
    found = check_server(server)
    if not found.can_create:
        raise UserError(found.message)
    ws = Workspace.open(server.target(), paths=paths, create=True, settings=settings)
    ws.close()
    return check_server(server)


def open_server(
    server: ServerSettings, paths: AppPaths | None = None, settings: Settings | None = None
) -> Workspace:
    """The workspace on this server's base; a clear `UserError` when it is not usable."""
    found = check_server(server)
    if not found.can_use:
        raise DatabaseError(found.message)
    return Workspace.open(server.target(), paths=paths, settings=settings, verify="none")


# ---------------------------------------------------------- the change marker

# Every write leaves a row in one of these (the audit log records every create, update,
# delete and merge; imports and handovers open a change set; a stage move is a row of
# its own): the largest ids say whether anything changed, from an index, in one query.
MARKER_TABLES = ("audit_log", "change_sets", "deal_stage_changes")
Marker = tuple[int, ...]


def change_marker(ws: Workspace) -> Marker:
    """A value that moves whenever anyone writes to the base (cheap: index lookups)."""
    from crm_desktop.storage.uow import UnitOfWork

    sql = "SELECT " + ", ".join(f"(SELECT max(id) FROM {t})" for t in MARKER_TABLES)
    with UnitOfWork(ws.db, write=False) as uow:  # ids only: no user's rights involved
        row = uow.session.execute(sa.text(sql)).one()
    return tuple(int(v or 0) for v in row)


# ----------------------------------------------------------- migrate-to-postgres


@dataclass(frozen=True)
class TableCount:
    table: str
    source: int
    target: int

    @property
    def ok(self) -> bool:
        return self.source == self.target


@dataclass(frozen=True)
class MigrationResult:
    source: str
    target: str
    tables: list[TableCount]
    seconds: float  # the whole operation
    copy_seconds: float = 0.0  # the rows only (COPY, sequences, ANALYZE)

    @property
    def rows(self) -> int:
        return sum(t.target for t in self.tables)

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tables)

    @property
    def mismatches(self) -> list[TableCount]:
        return [t for t in self.tables if not t.ok]

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "ok": self.ok,
            "rows": self.rows,
            "seconds": round(self.seconds, 2),
            "copy_seconds": round(self.copy_seconds, 2),
            "rows_per_second": round(self.rows_per_second),
            "tables": [
                {"table": t.table, "source": t.source, "target": t.target, "ok": t.ok}
                for t in self.tables
            ],
        }


BATCH = 5000
SKIP_TABLES = {"alembic_version"}
Say = Callable[[str], None]


def _target_url(target: str) -> URL:
    try:
        url = make_url(target)
    except sa.exc.ArgumentError as exc:
        raise UserError(f"Cannot understand the database address {target!r}.") from exc
    if url.get_backend_name() != "postgresql":
        raise UserError(
            f"{url.render_as_string(hide_password=True)} is not a PostgreSQL address: give "
            "one like postgresql://user:password@host:5432/database."
        )
    return url.set(drivername="postgresql+psycopg")


def _describe(url: URL) -> str:
    return ServerSettings.from_url(url).display


def _connect_error(exc: BaseException, url: URL) -> UserError:
    found = classify_connect_error(getattr(exc, "orig", None) or exc, ServerSettings.from_url(url))
    return DatabaseError(found.message + (f" ({found.detail})" if found.detail else ""))


def _prepare_target(url: URL) -> None:
    """Refuse anything but an empty database (or CRM Desktop's schema with no rows);
    create the schema in an empty one."""
    from crm_desktop.storage.engine import create_engine_for, open_database
    from crm_desktop.storage.migrate import head_revision

    engine = create_engine_for(url)
    name = _describe(url)
    try:
        with engine.connect() as conn:
            number = conn.connection.dbapi_connection.info.server_version  # type: ignore[union-attr]
            old = judge_version(int(number), ServerSettings.from_url(url))
            if old is not None:
                raise DatabaseError(old.message)
            tables = sa.inspect(conn).get_table_names()
            schema = (
                conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
                if "alembic_version" in tables
                else None
            )
            filled = {
                t: n
                for t in tables
                if t not in SKIP_TABLES
                and (n := int(conn.exec_driver_sql(f'SELECT count(*) FROM "{t}"').scalar() or 0))
            }
    except sa.exc.OperationalError as exc:
        raise _connect_error(exc, url) from exc
    finally:
        engine.dispose()
    if tables and schema is None:
        raise UserError(
            f"{name} is not empty: it holds tables of another program "
            f"({', '.join(sorted(tables)[:3])}). migrate-to-postgres copies into an empty "
            "database only; nothing was written."
        )
    if filled:
        shown = ", ".join(f"{t} {n}" for t, n in sorted(filled.items())[:4])
        raise UserError(
            f"{name} is not empty: it already holds a CRM Desktop base ({shown} rows). "
            "migrate-to-postgres copies into an empty database only (create a new one, "
            "e.g. createdb); nothing was written."
        )
    if schema is not None and schema != head_revision():
        raise UserError(
            f"{name} holds an empty CRM Desktop schema {schema}, not {head_revision()}: drop "
            "and create the database again; nothing was written."
        )
    if schema is None:
        db = open_database(url.render_as_string(hide_password=False), create=True)
        db.dispose()


def _source_columns(conn: sa.Connection, table: str) -> list[str]:
    return [str(r[1]) for r in conn.exec_driver_sql(f'PRAGMA table_info("{table}")')]


def _plan(src: sa.Connection, dst: sa.Connection) -> list[tuple[sa.Table, list[str], list[str]]]:
    """(table, columns to copy, self-referencing columns) in dependency order."""
    from crm_desktop.storage.models import Base

    target_tables = set(sa.inspect(dst).get_table_names()) - SKIP_TABLES
    source_tables = {
        str(r[0])
        for r in src.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
            "'CREATE VIRTUAL TABLE%' AND name NOT LIKE 'sqlite_%'"
        )
    }
    known = {t.name: t for t in Base.metadata.sorted_tables}
    ordered = [known[n] for n in known if n in target_tables]
    unknown = sorted(target_tables - set(known))
    if unknown:
        raise UserError(
            f"The PostgreSQL schema has tables this program does not know ({unknown[0]}); "
            "use the same CRM Desktop version on both sides."
        )
    plan = []
    for table in ordered:
        if table.name not in source_tables:
            raise UserError(f"The SQLite base has no table {table.name}: is it a CRM Desktop base?")
        target_cols = {c["name"] for c in sa.inspect(dst).get_columns(table.name)}
        source_cols = _source_columns(src, table.name)
        lost = [c for c in source_cols if c not in target_cols]
        if lost:
            raise UserError(
                f"The PostgreSQL table {table.name} has no column {lost[0]}: the copy would "
                "lose data. Use the same CRM Desktop version on both sides."
            )
        self_refs = [
            c.name
            for c in table.columns
            if c.name in source_cols and any(fk.column.table is table for fk in c.foreign_keys)
        ]
        plan.append((table, source_cols, self_refs))
    return plan


def _copy_table(
    src: sa.Connection,
    raw: Any,
    table: sa.Table,
    columns: list[str],
    self_refs: list[str],
    on_rows: Callable[[int], None],
) -> int:
    """COPY one table's rows; references to rows not copied yet are set afterwards."""
    from psycopg import sql

    quoted = ", ".join(f'"{c}"' for c in columns)
    order = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
    src.exec_driver_sql("SELECT 1")  # the source's read transaction has begun
    result = src.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    result.execute(f'SELECT {quoted} FROM "{table.name}" ORDER BY {order}')
    pk = columns.index("id") if "id" in columns else None
    refs = [(columns.index(c), c) for c in self_refs] if pk is not None else []
    later: list[tuple[str, int, int]] = []  # (column, row id, referenced id)
    copied = 0
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    )
    with raw.cursor() as cur, cur.copy(statement) as copy:
        write = copy.write_row
        while True:
            rows = result.fetchmany(BATCH)
            if not rows:
                break
            for row in rows:
                if refs:
                    values = list(row)
                    row_id = values[pk]  # type: ignore[index]
                    for index, name in refs:
                        ref = values[index]
                        if ref is not None and ref >= row_id:  # not copied yet
                            later.append((name, row_id, ref))
                            values[index] = None
                    copy.write_row(values)
                else:
                    write(row)
            copied += len(rows)
            on_rows(len(rows))
    result.close()
    if later:
        with raw.cursor() as cur:
            for name in {c for c, _, _ in later}:
                cur.executemany(
                    sql.SQL("UPDATE {} SET {} = %s WHERE id = %s").format(
                        sql.Identifier(table.name), sql.Identifier(name)
                    ),
                    [(ref, row_id) for c, row_id, ref in later if c == name],
                )
    return copied


@dataclass
class _Deferred:
    """Foreign keys and plain indexes set aside during the copy (as pg_restore does):
    built once over all rows instead of maintained row by row."""

    foreign_keys: list[tuple[str, str, str]]  # table, name, definition
    indexes: list[str]  # CREATE INDEX statements


def _set_aside(dst: sa.Connection) -> _Deferred:
    foreign_keys = [
        (str(t), str(n), str(d))
        for t, n, d in dst.exec_driver_sql(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
            "FROM pg_constraint c JOIN pg_namespace s ON s.oid = c.connamespace "
            "WHERE c.contype = 'f' AND s.nspname = current_schema() ORDER BY 1, 2"
        )
    ]
    indexes = dst.exec_driver_sql(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace s ON s.oid = t.relnamespace "
        "WHERE s.nspname = current_schema() AND t.relname != 'alembic_version' "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
        "ORDER BY 1"
    ).all()
    for table, name, _ in foreign_keys:
        dst.exec_driver_sql(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        dst.exec_driver_sql(f"DROP INDEX {name}")
    return _Deferred(foreign_keys, [str(d) for _, d in indexes])


def _restore(dst: sa.Connection, deferred: _Deferred) -> None:
    """Build the indexes, then add (and so check) the foreign keys over the copied rows."""
    dst.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
    for statement in deferred.indexes:
        dst.exec_driver_sql(statement)
    for table, name, definition in deferred.foreign_keys:
        dst.exec_driver_sql(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def _reset_sequences(dst: sa.Connection, tables: Iterable[sa.Table]) -> None:
    for table in tables:
        if "id" not in table.columns or not isinstance(table.c.id.type, sa.Integer):
            continue
        dst.exec_driver_sql(
            f'SELECT setval(seq, COALESCE((SELECT max(id) FROM "{table.name}"), 0) + 1, false) '
            f"FROM pg_get_serial_sequence('\"{table.name}\"', 'id') AS seq WHERE seq IS NOT NULL"
        )


def _counts(conn: sa.Connection, names: Sequence[str]) -> dict[str, int]:
    return {
        n: int(conn.exec_driver_sql(f'SELECT count(*) FROM "{n}"').scalar() or 0) for n in names
    }


def migrate_to_postgres(
    target: str,
    source: str | None = None,
    *,
    paths: AppPaths | None = None,
    progress: Progress | None = None,
    say: Say | None = None,
) -> MigrationResult:
    """Copy the SQLite base `source` (default: the user's base) into the EMPTY PostgreSQL
    database `target`: schema, rows (one transaction), sequences, statistics; then count
    every table on both sides. A non-empty target is refused before anything is written."""
    import psycopg

    from crm_desktop.config import resolve_database_url
    from crm_desktop.storage.engine import create_engine_for, open_database

    say = say or (lambda _text: None)
    started = time.perf_counter()
    url = _target_url(target)
    paths = paths or AppPaths.resolve()
    source_url = resolve_database_url(source, paths)
    if make_url(source_url).get_backend_name() != "sqlite":
        raise UserError("--db must name the SQLite base to copy (a file).")
    say(f"Checking {_describe(url)}…")
    db = open_database(
        source_url, backup_dir=Settings.load(paths.settings_file).backup_folder(paths)
    )
    try:
        _prepare_target(url)
        say(f"Copying {db.display_name} into {_describe(url)}…")
        engine = create_engine_for(url)
        try:
            with db.engine.connect() as src, engine.connect() as dst:
                plan = _plan(src, dst)
                names = [t.name for t, _, _ in plan]
                source_counts = _counts(src, names)
                total = max(sum(source_counts.values()), 1)
                dst.rollback()  # the inspection's transaction; the copy gets its own
                done = 0

                def on_rows(n: int) -> None:
                    nonlocal done
                    done += n
                    if progress is not None:
                        progress(done, total)

                copy_started = time.perf_counter()
                with dst.begin():
                    raw = dst.connection.dbapi_connection
                    deferred = _set_aside(dst)
                    for table, columns, self_refs in plan:
                        t0 = time.perf_counter()
                        copied = _copy_table(src, raw, table, columns, self_refs, on_rows)
                        if copied:
                            say(
                                f"  {table.name}: {copied} rows in {time.perf_counter() - t0:.1f} s"
                            )
                    say(
                        f"Building {len(deferred.indexes)} indexes and checking "
                        f"{len(deferred.foreign_keys)} references…"
                    )
                    t0 = time.perf_counter()
                    _restore(dst, deferred)
                    say(f"  done in {time.perf_counter() - t0:.1f} s")
                    _reset_sequences(dst, [t for t, _, _ in plan])
                    say("Rebuilding the statistics of the search index and the tables…")
                    dst.exec_driver_sql("ANALYZE")
                copy_seconds = time.perf_counter() - copy_started
                src.rollback()
            with engine.connect() as check:
                target_counts = _counts(check, names)
        except sa.exc.OperationalError as exc:
            raise _connect_error(exc, url) from exc
        except (sa.exc.DBAPIError, psycopg.Error) as exc:
            text = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or ["?"])[0]
            raise DatabaseError(
                f"The copy into {_describe(url)} failed and was rolled back: {text}"
            ) from exc
        finally:
            engine.dispose()
        source_name = db.display_name
    finally:
        db.dispose()
    tables = [TableCount(n, source_counts[n], target_counts.get(n, -1)) for n in names]
    return MigrationResult(
        source_name, _describe(url), tables, time.perf_counter() - started, copy_seconds
    )
