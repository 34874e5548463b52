"""Command line over the same services as the GUI.

Every command takes `--db PATH_OR_URL` (default: `CRM_DATABASE_URL`, then the
base in the user data folder) and `--data-dir DIR`. A problem the user can act
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


def _workspace(args: argparse.Namespace, *, create: bool = False):  # type: ignore[no-untyped-def]
    from crm_desktop.services.workspace import Workspace

    return Workspace.open(args.db, paths=AppPaths.resolve(args.data_dir), create=create)


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


_EXPORT_FORMATS = {"contacts": ("json",), "tasks": ("ics",)}


def cmd_export(args: argparse.Namespace) -> int:
    formats = _EXPORT_FORMATS[args.what]
    fmt = args.format or formats[0]
    if fmt not in formats:
        raise UserError(f"{args.what} cannot be exported as {fmt}; use --format {formats[0]}.")
    if args.user and args.what != "tasks":
        raise UserError("--user applies to 'export tasks' only.")
    if args.what == "tasks":
        return _export_tasks(args)
    from crm_desktop.services.exporting import export_json

    with _workspace(args) as ws:
        if args.out == "-":
            export_json(ws, sys.stdout)
            return 0
        out_path = Path(args.out)
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
        owner_id = user_id_by_login(ws, args.user) if args.user else None
        if args.out == "-":
            data, _count = build_ics(ws, owner_id=owner_id)
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return 0
        count = export_ics(ws, args.out, owner_id=owner_id)
    print(f"Exported {count} calendar events to {args.out}", file=sys.stderr)
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


def cmd_screenshot(args: argparse.Namespace) -> int:
    from crm_desktop.gui.screenshot import take

    note = take(
        args.view,
        Path(args.out),
        db=args.db,
        data_dir=args.data_dir,
        size=args.size,
        language=args.lang or "",
        select=args.select or "",
    )
    print(f"Saved {args.out}" + (f" ({note})" if note else ""))
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
    common.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help="SQLite file or database URL (default: $CRM_DATABASE_URL, then the user data folder)",
    )
    common.add_argument("--data-dir", metavar="DIR", help="folder for data, settings and backups")

    parser = argparse.ArgumentParser(
        prog="crm-desktop",
        description="CRM Desktop — an offline CRM. With no command it starts the window.",
        epilog="Run 'crm-desktop COMMAND --help' for a command's options.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
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
        help="export the contact base (json) or the planned tasks (ics)",
    )
    p.add_argument(
        "what",
        nargs="?",
        choices=sorted(_EXPORT_FORMATS),
        default="contacts",
        help="contacts (default) or tasks",
    )
    p.add_argument(
        "--format",
        choices=["json", "ics"],
        default=None,
        help="json for contacts, ics (iCalendar) for tasks",
    )
    p.add_argument("--out", required=True, help="file to write, or - for stdout")
    p.add_argument("--user", metavar="LOGIN", help="tasks: only this user's (default: all)")
    p.set_defaults(func=cmd_export)

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
    p.set_defaults(func=cmd_screenshot)

    p = sub.add_parser("gui", parents=[common], help="start the window (the default)")
    p.add_argument("--lang", choices=["ru", "en"], help="UI language for this run")
    p.set_defaults(func=cmd_gui)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    parser = build_parser()
    args = parser.parse_args(argv)
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
