"""Command line over the same services as the GUI.

Every command takes `--db PATH_OR_URL` (default: `CRM_DATABASE_URL`, then the
PostgreSQL server the settings connect to, then the base in the user data folder:
the base the app opens) and `--data-dir DIR`. A problem the user can act
on prints one line to stderr and exits non-zero; output is stable (README).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from crm_desktop import __version__
from crm_desktop.config import AppPaths
from crm_desktop.errors import UserError

Handler = Callable[[argparse.Namespace], int]


def _target(args: argparse.Namespace) -> str | None:
    """The base of a command: `--db`, `CRM_DATABASE_URL`, the settings' server, the file."""
    from crm_desktop.services.server import command_target

    return command_target(args.db, AppPaths.resolve(args.data_dir))


def _workspace(args: argparse.Namespace, *, create: bool = False):  # type: ignore[no-untyped-def]
    from crm_desktop.services.workspace import Workspace

    ws = Workspace.open(_target(args), paths=AppPaths.resolve(args.data_dir), create=create)
    login = getattr(args, "login", None)
    if login and not ws.team_mode and getattr(args, "what", None) == "tasks":
        # solo mode: 'export tasks --user LOGIN' names whose tasks, as before team mode
        args.owner, login = args.owner or login, None
    try:
        _sign_in(ws, login)
    except BaseException:
        ws.close()
        raise
    return ws


def _sign_in(ws, login: str | None) -> None:  # type: ignore[no-untyped-def]
    """Team mode: `--user LOGIN`, the password from $CRM_PASSWORD or a prompt."""
    import os

    if not ws.team_mode:
        if login:
            raise UserError(
                "This base is not in team mode: --user is for team mode "
                "(export tasks of one user: --owner LOGIN)."
            )
        return
    if not login:
        raise UserError("This base is in team mode: sign in with --user LOGIN.")
    password = os.environ.get("CRM_PASSWORD")
    if password is None:
        import getpass

        try:
            password = getpass.getpass(f"Password for {login}: ")
        except (EOFError, KeyboardInterrupt) as exc:
            raise UserError("No password given (set CRM_PASSWORD or type it).") from exc
    ws.sign_in(login, password)


def cmd_demo(args: argparse.Namespace) -> int:
    from crm_desktop.services.demo import DemoSpec, generate_demo

    spec = DemoSpec(
        persons=args.persons,
        organizations=args.organizations,
        deals=args.deals,
        tasks=args.tasks,
        seed=args.seed,
        language=args.language,
    )
    started = time.perf_counter()
    with _workspace(args, create=True) as ws:
        counts = generate_demo(ws, spec, _progress_printer() if sys.stderr.isatty() else None)
        name = ws.display_name
    elapsed = time.perf_counter() - started
    print(
        f"Demo base {name}: {counts.organizations} organizations, {counts.persons} persons, "
        f"{counts.phones} phones, {counts.deals} deals, {counts.tasks} tasks "
        f"in {elapsed:.1f} s"
    )
    return 0


def _progress_printer() -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\r{100 * done // max(total, 1):3d}%", end=end, file=sys.stderr, flush=True)

    return show


def cmd_phones(args: argparse.Namespace) -> int:
    from crm_desktop.services.phone_cleaning import clean_lines

    source: TextIO
    with contextlib.ExitStack() as stack:
        if args.file and args.file != "-":
            try:
                source = stack.enter_context(
                    open(args.file, encoding="utf-8-sig", errors="replace", newline="")
                )
            except OSError as exc:
                raise UserError(f"Cannot read {args.file}: {exc.strerror}.") from exc
        else:
            source = sys.stdin
        out = sys.stdout
        for line_no, p in clean_lines(source, args.region.upper()):
            raw = p.raw.replace("\t", " ")
            fields = [str(line_no), raw, p.e164 or "", p.extension or "", p.status.value]
            out.write("\t".join(fields) + "\n")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from crm_desktop.services.search import search

    with _workspace(args) as ws:
        hits = search(ws, args.query, limit=args.limit)
    if args.json:
        json.dump(
            [
                {
                    "kind": h.kind.value,
                    "id": h.id,
                    "title": h.title,
                    "subtitle": h.subtitle,
                    "match": h.match,
                    "exact": h.exact,
                }
                for h in hits
            ],
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
    else:
        for h in hits:
            print("\t".join([h.kind.value, str(h.id), h.title, h.subtitle, h.match]))
    return 0


_EXPORT_WHAT = ("contacts", "deals", "tasks")
# without --format: the --out file's extension, else the first of these
_EXPORT_DEFAULT = {"contacts": "json", "organizations": "xlsx", "deals": "xlsx", "tasks": "ics"}


def cmd_export(args: argparse.Namespace) -> int:
    from crm_desktop.services.exporting import check_format, export_file

    if args.organizations_only and args.what != "contacts":
        raise UserError("--organizations-only applies to 'export contacts' only.")
    if args.owner and args.what != "tasks":
        raise UserError("--owner applies to 'export tasks' only.")
    what = "organizations" if args.organizations_only else args.what
    suffix = Path(args.out).suffix.lower().lstrip(".")
    known = suffix in ("xlsx", "csv", "vcf", "json", "ics")  # 'deals --out d.vcf' is refused
    fmt = args.format or (suffix if known else _EXPORT_DEFAULT[what])
    check_format(what, fmt)
    if fmt == "ics":
        return _export_tasks(args)
    if fmt != "json":
        if args.out == "-":
            raise UserError(f"--out - writes json and ics only; give a file name for {fmt}.")
        from crm_desktop.config import resolve_language
        from crm_desktop.services.activities import user_id_by_login

        progress = _progress_printer() if sys.stderr.isatty() else None
        with _workspace(args) as ws:
            owner_id = user_id_by_login(ws, args.owner) if args.owner else None
            language = args.language or resolve_language(ws.settings.language)
            result = export_file(
                ws, what, fmt, args.out, language=language, owner_id=owner_id, progress=progress
            )
        noun = "cards" if fmt == "vcf" else "rows"
        print(f"Exported {result.count} {what} {noun} to {result.path}", file=sys.stderr)
        return 0
    from crm_desktop.services.exporting import check_target, export_json

    with _workspace(args) as ws:
        if args.out == "-":
            export_json(ws, sys.stdout)
            return 0
        out_path = check_target(args.out)
        tmp = out_path.with_name(out_path.name + ".partial")
        try:
            with tmp.open("w", encoding="utf-8") as fh:
                counts = export_json(ws, fh)
            tmp.replace(out_path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise UserError(f"Cannot write {out_path}: {exc.strerror}.") from exc
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    print(
        f"Exported {counts['organizations']} organizations and {counts['persons']} persons "
        f"to {out_path}",
        file=sys.stderr,
    )
    return 0


def _export_tasks(args: argparse.Namespace) -> int:
    """The planned activities (of one user) as an iCalendar file."""
    from crm_desktop.services.activities import build_ics, export_ics, user_id_by_login

    with _workspace(args) as ws:
        owner_id = user_id_by_login(ws, args.owner) if args.owner else None
        if args.out == "-":
            data, _count = build_ics(ws, owner_id=owner_id)
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return 0
        count = export_ics(ws, args.out, owner_id=owner_id)
    print(f"Exported {count} calendar events to {args.out}", file=sys.stderr)
    return 0


def _import_profiles(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from crm_desktop.importing.mapping import ProfileStore

    return ProfileStore(AppPaths.resolve(args.data_dir).config_dir / "import-profiles")


def cmd_import(args: argparse.Namespace) -> int:
    """Import a file (or only preview it with --dry-run); prints the summary."""
    from crm_desktop.services.importing import plan_import, run_import

    progress = _progress_printer() if sys.stderr.isatty() and not args.json else None
    options = {
        "sheet": args.sheet,
        "mapping": args.mapping,
        "region": args.region,
        "on_duplicate": args.on_duplicate,
        "profiles": _import_profiles(args),
        "progress": progress,
    }
    if args.report:
        from crm_desktop.services.exporting import check_target

        check_target(args.report)  # a bad --report place fails before the import runs
    with _workspace(args, create=not args.dry_run) as ws:
        outcome = (
            plan_import(ws, args.file, **options)
            if args.dry_run
            else run_import(ws, args.file, **options)
        )
        if args.report:
            from crm_desktop.config import resolve_language
            from crm_desktop.services.importing.report import write_import_report

            write_import_report(
                outcome, args.report, language=resolve_language(ws.settings.language)
            )
    summary = outcome.summary()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
        return 0
    verb = "Would import" if args.dry_run else f"Import #{summary['import_id']}:"
    print(
        f"{verb} {summary['rows_read']} rows of {summary['file']}: "
        f"{summary['organizations_created']} organizations new, "
        f"{summary['organizations_matched']} matched; {summary['persons_created']} persons new, "
        f"{summary['persons_matched']} matched ({summary['on_duplicate']}); "
        f"{len(summary['rejected'])} rejected, {len(summary['warnings'])} warnings"
    )
    for item in summary["rejected"]:
        print(f"rejected\t{item['row']}\t{item['reason']}")
    for item in summary["warnings"]:
        print(f"warning\t{item['row']}\t{item['field']}\t{item['code']}\t{item['message']}")
    return 0


def cmd_undo_import(args: argparse.Namespace) -> int:
    from crm_desktop.services.importing import undo_import

    progress = _progress_printer() if sys.stderr.isatty() else None
    with _workspace(args) as ws:
        result = undo_import(ws, args.import_id, progress)
    print(
        f"Undid import #{result.import_id}: removed {result.organizations_removed} "
        f"organizations and {result.persons_removed} persons, restored "
        f"{result.records_restored} existing records"
    )
    return 0


def cmd_imports(args: argparse.Namespace) -> int:
    from crm_desktop.services.importing import list_imports

    with _workspace(args) as ws:
        batches = list_imports(ws, args.limit)
    if args.json:
        print(json.dumps([b.to_json() for b in batches], ensure_ascii=False))
        return 0
    for b in batches:
        counts = b.counts
        print(
            "\t".join(
                [
                    str(b.id),
                    b.at.isoformat(timespec="seconds"),
                    b.status,
                    b.file_name,
                    str(counts.get("rows_read", "")),
                    str(counts.get("organizations_created", "")),
                    str(counts.get("persons_created", "")),
                    str(counts.get("persons_matched", "")),
                ]
            )
        )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from crm_desktop.services.checking import check

    with _workspace(args) as ws:
        items = check(ws)
        name = ws.display_name
    for item in items:
        print(f"{'ok' if item.ok else 'PROBLEM'}\t{item.name}\t{item.detail}")
    bad = [i for i in items if not i.ok]
    if bad:
        print(f"crm-desktop: {len(bad)} problem(s) found in {name}", file=sys.stderr)
        return 1
    return 0


def _size_text(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{size / 1024:.0f} KB"


def _backup_target(args: argparse.Namespace) -> tuple[str, str, Path]:
    """(database URL, base stem, backup folder) for the backup commands."""
    from sqlalchemy.engine import make_url

    from crm_desktop.config import Settings, resolve_database_url

    paths = AppPaths.resolve(args.data_dir)
    url = resolve_database_url(_target(args), paths)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        stem = Path(parsed.database or "crm").stem
    else:
        stem = parsed.database or "postgres"
    return url, stem, Settings.load(paths.settings_file).backup_folder(paths)


def cmd_backup(args: argparse.Namespace) -> int:
    """A verified backup of the base (read-only: works while the app has it open)."""
    from crm_desktop.services.backups import backup_now
    from crm_desktop.services.workspace import Workspace

    dest = Path(args.to).expanduser().resolve() if args.to else None
    paths = AppPaths.resolve(args.data_dir)
    with Workspace.open(_target(args), paths=paths, read_only=True, verify="none") as ws:
        info = backup_now(ws, dest)
    print(f"Backup {info.path}: {_size_text(info.size)}, {info.describe_counts()}; verified")
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from crm_desktop.services.backups import list_backups

    _url, stem, folder = _backup_target(args)
    folder = Path(args.dir).expanduser().resolve() if args.dir else folder
    backups = list_backups(folder, stem)
    if args.json:
        print(json.dumps([b.to_json() for b in backups], ensure_ascii=False))
        return 0
    for b in backups:
        counts = " ".join(f"{t}={n}" for t, n in b.main_counts.items())
        print(
            "\t".join(
                [
                    b.created.strftime("%Y-%m-%d %H:%M:%S"),
                    b.label,
                    str(b.size),
                    counts,
                    "verified" if b.verified else "unverified",
                    str(b.path),
                ]
            )
        )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from crm_desktop.services.backups import restore
    from crm_desktop.storage.backup import read_backup_info

    url, _stem, folder = _backup_target(args)
    backup = Path(args.file).expanduser().resolve()
    if not backup.is_file():
        raise UserError(f"There is no backup at {backup}.")
    if not args.yes:
        info = read_backup_info(backup)
        what = f"{backup.name}" + (f" ({info.describe_counts()})" if info else "")
        if not sys.stdin.isatty():
            raise UserError(f"Restoring replaces the base with {what}: add --yes to confirm.")
        answer = input(
            f"Replace the base with {what}? The current base is kept as a backup. [y/N] "
        )
        if answer.strip().lower() not in ("y", "yes", "д", "да"):
            print("Nothing was changed.", file=sys.stderr)
            return 1
    result = restore(backup, url, backup_dir=folder)
    kept = ""
    if result.previous:
        kept = f"; the replaced base was backed up as {result.previous.path}"
    elif result.set_aside:
        kept = f"; the replaced (damaged) base was set aside as {result.set_aside}"
    print(f"Restored {backup.name}: {result.restored.describe_counts()}{kept}")
    return 0


_REPORT_NAMES = (
    "funnel",
    "forecast",
    "won-lost",
    "activity",
    "overdue",
    "agenda",
    "dossier",
    "base",
)
_PERIODS = (
    "today",
    "this_week",
    "last_week",
    "this_month",
    "last_month",
    "this_quarter",
    "this_year",
    "last_30_days",
)


def _iso_date(text: str):  # type: ignore[no-untyped-def]
    import datetime

    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _report_params(ws, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The report and its parameters: a template's (if named), then the options over it."""
    import dataclasses

    from crm_desktop.domain.kinds import EntityKind
    from crm_desktop.domain.names import fold
    from crm_desktop.services.activities import user_id_by_login
    from crm_desktop.services.deals import list_pipelines
    from crm_desktop.services.reports import RelativePeriod, ReportParams
    from crm_desktop.services.reports.templates import find_template

    name, params = args.name, ReportParams()
    if args.template:
        template = find_template(ws, args.template)
        if name and name != template.report:
            raise UserError(
                f"Template “{template.name}” is a {template.report} report, not {name}."
            )
        name, params = template.report, template.params
    if not name:
        raise UserError("Name a report (funnel, forecast, …) or a --template.")
    changes: dict[str, object] = {}
    if args.period:
        changes.update(relative=RelativePeriod(args.period), date_from=None, date_to=None)
    if args.date_from or args.date_to:
        changes.update(relative=None, date_from=args.date_from, date_to=args.date_to)
    if args.owner:
        changes["owner_ids"] = tuple(user_id_by_login(ws, login) for login in args.owner)
    if args.pipeline:
        pipelines = list_pipelines(ws, include_archived=True)
        found = [p for p in pipelines if fold(p.name) == fold(args.pipeline)]
        if not found:
            raise UserError(f"There is no pipeline “{args.pipeline}”.")
        changes["pipeline_id"] = found[0].id
    if args.tag:
        changes["tags"] = tuple(args.tag)
    if args.client is not None:
        kind = EntityKind.PERSON if args.person else EntityKind.ORGANIZATION
        changes.update(client_kind=kind, client_id=args.client)
    if name == "dossier" and params.client_id is None and args.client is None:
        raise UserError("The dossier report needs --client ID (add --person for a person).")
    try:
        return name, dataclasses.replace(params, **changes)  # type: ignore[arg-type]
    except ValueError as exc:
        raise UserError(f"Bad report parameters: {exc}.") from exc


def cmd_report(args: argparse.Namespace) -> int:
    from crm_desktop.config import resolve_language
    from crm_desktop.services.reports import run
    from crm_desktop.services.reports.export import export_report
    from crm_desktop.services.reports.templates import save_template

    with _workspace(args) as ws:
        name, params = _report_params(ws, args)
        result = run(name, ws, params)
        if args.save_template:
            save_template(ws, args.save_template, name, params)
        from crm_desktop.services import access

        access.require(ws.user, access.Action.EXPORT)  # team mode: a report file is an export
        language = resolve_language(args.language or ws.settings.language)
        from crm_desktop.gui.i18n import translator  # Qt's .qm files; no window

        try:
            path = export_report(
                result,
                args.out,
                language=language,
                translate=translator(language),
                company=ws.settings.company_name,
                logo=ws.settings.company_logo or None,
            )
        except OSError as exc:
            raise UserError(f"Cannot write {args.out}: {exc.strerror}.") from exc
    print(path)
    return 0


def cmd_screenshot(args: argparse.Namespace) -> int:
    from crm_desktop.gui.screenshot import take

    note = take(
        args.view,
        Path(args.out),
        db=_target(args),
        data_dir=args.data_dir,
        size=args.size,
        language=args.lang or "",
        select=args.select or "",
        theme=getattr(args, "theme", None) or "",
    )
    print(f"Saved {args.out}" + (f" ({note})" if note else ""))
    return 0


def cmd_migrate_to_postgres(args: argparse.Namespace) -> int:
    """Copy an SQLite base into an empty PostgreSQL database; print every table's counts."""
    from crm_desktop.services.server import migrate_to_postgres

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    result = migrate_to_postgres(
        args.url,
        args.db,
        paths=AppPaths.resolve(args.data_dir),
        progress=_progress_printer() if sys.stderr.isatty() else None,
        say=say,
    )
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        width = max(len(t.table) for t in result.tables)
        print(f"{'table':<{width}}  {'sqlite':>10}  {'postgresql':>10}")
        for t in result.tables:
            mark = "" if t.ok else "  MISMATCH"
            print(f"{t.table:<{width}}  {t.source:>10}  {t.target:>10}{mark}")
        print(
            f"{result.rows} rows copied in {result.seconds:.1f} s "
            f"({result.rows_per_second:.0f} rows/s)"
        )
    if not result.ok:
        bad = ", ".join(f"{t.table} {t.source}→{t.target}" for t in result.mismatches)
        print(f"crm-desktop: error: the row counts differ: {bad}", file=sys.stderr)
        return 1
    print(f"All counts equal: {result.target} holds the base now.", file=sys.stderr)
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from crm_desktop.gui.app import run

    return run(db=args.db, data_dir=args.data_dir, language=getattr(args, "lang", None))


def _positive(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be zero or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: given before or after the command, a subcommand's parser keeps the value
    common.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=argparse.SUPPRESS,
        help="SQLite file or database URL (default: $CRM_DATABASE_URL, then the PostgreSQL "
        "server the settings connect to, then the user data folder)",
    )
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="folder for data, settings and backups",
    )
    common.add_argument(
        "--user",
        dest="login",
        metavar="LOGIN",
        default=argparse.SUPPRESS,  # before or after the command: a subcommand keeps it
        help="team mode: sign in as LOGIN (password from $CRM_PASSWORD, else asked)",
    )

    parser = argparse.ArgumentParser(
        prog="crm-desktop",
        description="CRM Desktop — an offline CRM. With no command it starts the window.",
        epilog="Run 'crm-desktop COMMAND --help' for a command's options.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation in a temporary folder (base, window, PDF, "
        "translations); prints one JSON line, exit 0 when all is well",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("demo", parents=[common], help="create a realistic demo base")
    p.add_argument("--persons", type=_positive, default=300)
    p.add_argument("--organizations", type=_positive, default=None)
    p.add_argument("--deals", type=_positive, default=None)
    p.add_argument("--tasks", type=_positive, default=None)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--language", choices=["ru", "en"], default="ru")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "phones", help="normalise phone cells, one per line: TSV line, raw, e164, extension, status"
    )
    p.add_argument("file", nargs="?", default="-", help="file to read (default: stdin)")
    p.add_argument("--region", default="RU", help="region for numbers without a country code")
    p.set_defaults(func=cmd_phones)

    p = sub.add_parser("search", parents=[common], help="search names, phones, emails, INN")
    p.add_argument("query")
    p.add_argument("--limit", type=_positive, default=20)
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser(
        "export",
        parents=[common],
        help="export contacts, deals or tasks (xlsx, csv, vcf, json, ics)",
    )
    p.add_argument(
        "what",
        nargs="?",
        choices=_EXPORT_WHAT,
        default="contacts",
        help="contacts (default), deals or tasks",
    )
    p.add_argument(
        "--format",
        choices=["xlsx", "csv", "vcf", "json", "ics"],
        default=None,
        help="contacts: xlsx, csv, vcf, json; deals: xlsx, csv; tasks: xlsx, csv, ics "
        "(default: the --out extension, else json for contacts, ics for tasks)",
    )
    p.add_argument("--out", required=True, help="file to write, or - for stdout (json, ics)")
    p.add_argument(
        "--organizations-only",
        action="store_true",
        help="contacts: one row (card) per organization instead of one per person",
    )
    p.add_argument(
        "--language", choices=["ru", "en"], help="column headers (default: the settings')"
    )
    p.add_argument("--owner", metavar="LOGIN", help="tasks: only this user's (default: all)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "import",
        parents=[common],
        help="import contacts from .xlsx/.xls/.ods/.csv/.vcf; prints a summary",
    )
    p.add_argument("file")
    p.add_argument("--sheet", metavar="NAME", help="only this sheet (default: every sheet)")
    p.add_argument(
        "--mapping",
        default="auto",
        metavar="auto|PROFILE|FILE.json",
        help="column mapping: suggested from the headers (auto), a saved profile, or a file",
    )
    p.add_argument("--region", default=None, help="region for phones without a country code")
    p.add_argument(
        "--on-duplicate",
        choices=["merge", "update", "skip", "create"],
        default="merge",
        help="what to do with a record that is already in the base (default: merge)",
    )
    p.add_argument("--dry-run", action="store_true", help="read and match only; write nothing")
    p.add_argument(
        "--report",
        metavar="OUT.xlsx",
        help="also write the rejected and flagged rows and the counts to this .xlsx file",
    )
    p.add_argument("--json", action="store_true", help="print the JSON summary")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("undo-import", parents=[common], help="undo an import by its id")
    p.add_argument("import_id", type=int, metavar="ID")
    p.set_defaults(func=cmd_undo_import)

    p = sub.add_parser("imports", parents=[common], help="list the imports, newest first")
    p.add_argument("--limit", type=_positive, default=50)
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_imports)

    p = sub.add_parser("backup", parents=[common], help="make a verified backup of the base")
    p.add_argument("--to", metavar="DIR", help="backup folder (default: settings, then data)")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("backups", parents=[common], help="list the backups of the base")
    p.add_argument("--dir", metavar="DIR", help="backup folder to list (default: settings)")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_backups)

    p = sub.add_parser("restore", parents=[common], help="replace the base by a backup")
    p.add_argument("file", metavar="FILE", help="the backup (.sqlite3, or .dump for PostgreSQL)")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("check", parents=[common], help="check integrity, schema and index")
    p.set_defaults(func=cmd_check)

    from crm_desktop.gui_views import SCREENSHOT_VIEWS

    p = sub.add_parser(
        "screenshot", parents=[common], help="render a view offscreen into a PNG file"
    )
    p.add_argument("--view", required=True, choices=SCREENSHOT_VIEWS)
    p.add_argument("--out", required=True, help="PNG file to write")
    p.add_argument("--size", default="1440x900", help="window size, e.g. 1920x1080")
    p.add_argument("--lang", choices=["ru", "en"], help="UI language (default: settings)")
    p.add_argument("--select", help="open the card of the first search hit for this text")
    p.add_argument(
        "--theme", choices=["system", "light", "dark"], help="colour scheme (default: system)"
    )
    p.set_defaults(func=cmd_screenshot)

    p = sub.add_parser(
        "report",
        parents=[common],
        help="print a report (funnel, forecast, …) to a PDF or xlsx file",
    )
    p.add_argument(
        "name",
        nargs="?",
        choices=_REPORT_NAMES,
        help="the report (may come from --template)",
    )
    p.add_argument(
        "--from", dest="date_from", type=_iso_date, metavar="DATE", help="first day (YYYY-MM-DD)"
    )
    p.add_argument(
        "--to", dest="date_to", type=_iso_date, metavar="DATE", help="last day (YYYY-MM-DD)"
    )
    p.add_argument(
        "--period",
        choices=_PERIODS,
        help="a period relative to today",
    )
    p.add_argument(
        "--owner", action="append", metavar="LOGIN", help="a responsible user (repeatable)"
    )
    p.add_argument("--pipeline", metavar="NAME", help="the pipeline (deal reports)")
    p.add_argument(
        "--tag", action="append", metavar="TAG", help="clients with this tag (repeatable)"
    )
    p.add_argument("--client", type=int, metavar="ID", help="dossier: the organization's id")
    p.add_argument("--person", action="store_true", help="dossier: --client is a person's id")
    p.add_argument("--template", metavar="NAME", help="run a saved report template")
    p.add_argument(
        "--save-template", metavar="NAME", help="also save these parameters as a template"
    )
    p.add_argument(
        "--language", choices=["ru", "en"], help="language of the file (default: settings)"
    )
    p.add_argument("--out", required=True, metavar="FILE", help="FILE.pdf or FILE.xlsx")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser(
        "migrate-to-postgres",
        parents=[common],
        help="copy the SQLite base (--db) into an empty PostgreSQL database, counts verified",
    )
    p.add_argument("url", metavar="URL", help="postgresql://user:password@host:5432/database")
    p.add_argument("--json", action="store_true", help="print the counts as one JSON line")
    p.set_defaults(func=cmd_migrate_to_postgres)

    p = sub.add_parser("gui", parents=[common], help="start the window (the default)")
    p.add_argument("--lang", choices=["ru", "en"], help="UI language for this run")
    p.set_defaults(func=cmd_gui)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # a frozen build: the import's phone helper process
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    parser = build_parser()
    args = parser.parse_args(argv)
    for name in ("db", "data_dir"):
        if not hasattr(args, name):
            setattr(args, name, None)
    if args.self_test:
        from crm_desktop import selftest

        return selftest.main()
    handler: Handler = cmd_gui if args.command is None else args.func
    try:
        return handler(args)
    except UserError as exc:
        print(f"crm-desktop: error: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("crm-desktop: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
