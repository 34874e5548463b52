"""Export a `ReportResult` to a file the user keeps: PDF (reportlab) or xlsx (openpyxl).

`export_report` picks the format by the file's suffix and writes through
`safe_output.atomic_file`: a failure or a `Cancelled` from `progress` leaves no
half-written file — and an existing file of that name untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from crm_desktop.errors import UserError
from crm_desktop.services.progress import Progress
from crm_desktop.services.reports.formatting import CellFormatter
from crm_desktop.services.reports.result import ReportResult
from crm_desktop.services.safe_output import atomic_file

SUFFIXES = (".pdf", ".xlsx")


def export_report(
    result: ReportResult,
    path: str | Path,
    *,
    language: str,
    translate: Callable[[str], str] | None = None,
    company: str = "",
    logo: str | Path | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write `result` to `path` (.pdf or .xlsx) formatted for `language`; returns the path.

    `translate` turns the report's English labels into the UI language (identity when
    None); `company` heads every PDF page, beside the image file `logo` when given.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(f"Reports export to .pdf or .xlsx files, not “{target.name}”.")
    fmt = CellFormatter(language, translate)
    with atomic_file(target) as tmp:
        if suffix == ".pdf":
            from crm_desktop.services.reports.pdf import write_pdf

            write_pdf(result, tmp, fmt, company=company, logo=logo, progress=progress)
        else:
            from crm_desktop.services.reports.xlsx import write_xlsx

            write_xlsx(result, tmp, fmt, progress=progress)
    return target
