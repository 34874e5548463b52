"""Paths and settings in one place.

Every path the program uses comes from `AppPaths`; tests and portable installs
override the root with `--data-dir` or the `CRM_DATA_DIR` environment variable.
The database location is resolved by `resolve_database_url`: `--db PATH_OR_URL`,
then `CRM_DATABASE_URL`, then `<data dir>/crm.sqlite3`.
"""

from __future__ import annotations

import contextlib
import json
import locale
import os
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "CRM Desktop"
APP_AUTHOR = "CRM Desktop"
DATABASE_FILENAME = "crm.sqlite3"

ENV_DATA_DIR = "CRM_DATA_DIR"
ENV_DATABASE_URL = "CRM_DATABASE_URL"
ENV_BUSY_TIMEOUT_MS = "CRM_BUSY_TIMEOUT_MS"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
        override = data_dir or os.environ.get(ENV_DATA_DIR)
        if override:
            root = Path(override).expanduser().resolve()
            return cls(data_dir=root, config_dir=root)
        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
        )

    @property
    def default_database(self) -> Path:
        return self.data_dir / DATABASE_FILENAME

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"


def is_database_url(text: str) -> bool:
    """True for a SQLAlchemy URL (``postgresql://…``, ``sqlite:///…``), False for a path."""
    head, sep, _ = text.partition("://")
    return bool(sep) and head.replace("+", "").isalnum() and len(head) > 1


def resolve_database_url(db: str | None, paths: AppPaths) -> str:
    """The database URL from `--db`, then `CRM_DATABASE_URL`, then the default file."""
    target = db or os.environ.get(ENV_DATABASE_URL) or str(paths.default_database)
    if is_database_url(target):
        return target
    return "sqlite:///" + str(Path(target).expanduser().resolve())


def app_root() -> Path:
    """The folder holding `resources/` and `ui/`: the checkout, or the frozen bundle's.

    PyInstaller sets `sys._MEIPASS` (the bundle's `_internal/`; in a macOS .app,
    Contents/Frameworks, whose links lead to Contents/Resources); another freezer sets
    only `sys.frozen`, with the data beside the executable. Only the program's own files
    are there: user data goes to `AppPaths`, never here.
    """
    base = getattr(sys, "_MEIPASS", None)
    if base:
        return Path(base)
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[1]


def resource_path(*parts: str) -> Path:
    """A path under `resources/` (fonts, icons, translations) — see `app_root`."""
    return app_root().joinpath("resources", *parts)


SUPPORTED_LANGUAGES = ("en", "ru")


def system_language() -> str:
    """The system's UI language among `SUPPORTED_LANGUAGES` (from the locale; else 'en')."""
    names = [os.environ.get(v, "") for v in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")]
    with contextlib.suppress(ValueError):
        names.append(locale.getlocale()[0] or "")
    for name in names:
        code = name.strip()[:2].lower()
        if code in SUPPORTED_LANGUAGES:
            return code
        if code and code not in ("c", "c.", "po"):  # "C"/"POSIX" say nothing
            return "en"
    return "en"


def resolve_language(preference: str, system: Callable[[], str] = system_language) -> str:
    """`preference` when supported, else the system's language ('' follows the system)."""
    return preference if preference in SUPPORTED_LANGUAGES else system()


def busy_timeout_ms() -> int:
    """How long SQLite waits for another writer before saying the base is locked."""
    try:
        return max(0, int(os.environ.get(ENV_BUSY_TIMEOUT_MS, "5000")))
    except ValueError:
        return 5000


@dataclass
class Settings:
    """User preferences with their defaults (window and column state live apart, in Qt)."""

    language: str = ""  # '' follows the system locale
    phone_region: str = "RU"
    base_currency: str = "RUB"
    company_name: str = ""
    # the company logo drawn on PDF headers: a copy in the data folder ('' = none)
    company_logo: str = ""
    # the calendar (settings dialog): working hours in minutes after midnight, the first
    # day of the week (0 = Monday … 6 = Sunday, as date.weekday()), the reminder a new
    # activity gets (minutes before its start; -1 = none)
    work_day_start: int = 9 * 60
    work_day_end: int = 18 * 60
    week_start: int = 0
    default_reminder: int = -1
    # PostgreSQL server mode (issue 8, services/server.py): the server the app opens at
    # start when `server_enabled`. The password is not kept here but in the owner-only
    # pass file beside this file (libpq's format, services.server.PassFile).
    server_enabled: bool = False
    server_host: str = ""
    server_port: int = 5432
    server_database: str = "crm"
    server_user: str = "crm"
    server_sslmode: str = "prefer"
    # Backups (issue 9): '' = the backups folder in the data folder; rotation counts
    # (0 = keep all), see storage.backup.RotationPolicy.
    backup_dir: str = ""
    backup_on_start: bool = True
    backup_keep_daily: int = 7
    backup_keep_weekly: int = 4
    backup_keep_monthly: int = 12
    backup_keep_events: int = 10
    backup_keep_manual: int = 0

    @classmethod
    def load(cls, path: Path) -> Settings:
        try:
            raw: Any = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        known = {f.name: f for f in fields(cls)}
        values = {
            k: v for k, v in raw.items() if k in known and isinstance(v, type(getattr(cls(), k)))
        }
        return cls(**values)

    def first_weekday(self) -> int:
        """The calendar's first day of the week (0 = Monday … 6 = Sunday)."""
        return self.week_start if self.week_start in range(7) else 0

    def working_hours(self) -> tuple[int, int]:
        """(start, end) of the working day in minutes after midnight (9–18 when unsound)."""
        start, end = self.work_day_start, self.work_day_end
        if 0 <= start < end <= 24 * 60:
            return start, end
        return 9 * 60, 18 * 60

    def backup_folder(self, paths: AppPaths) -> Path:
        """Where backups go: the folder the user chose, else `paths.backup_dir`."""
        return Path(self.backup_dir).expanduser() if self.backup_dir else paths.backup_dir

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(path)


def os_user_name() -> str:
    """The computer user's full name when the system knows it, else the login name.

    Names the one implicit user of solo mode, so records are not owned by "owner".
    """
    import getpass
    import sys

    name = ""
    try:
        if sys.platform == "win32":
            import ctypes

            size = ctypes.c_ulong(256)
            buffer = ctypes.create_unicode_buffer(size.value)
            if ctypes.windll.secur32.GetUserNameExW(3, buffer, ctypes.byref(size)):  # display
                name = buffer.value
        else:
            import pwd

            name = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0]
    except (OSError, KeyError, AttributeError, ImportError):
        name = ""
    if not name.strip():
        try:
            name = getpass.getuser()
        except (OSError, KeyError, ImportError):
            name = ""
    return name.strip()[:200]
