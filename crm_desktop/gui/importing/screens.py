"""The import views of `crm-desktop screenshot`, opened on a sample file made on the spot.

The sample is a Bitrix24-style export: a report title above a two-level header, a
duplicate person, a row with no name, a row with nothing to import and a few bad
values. The result and history views show what the import *would* do (the plan);
nothing is written to the base being photographed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import QWidget

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.importing.history import ImportHistoryDialog
from crm_desktop.gui.importing.wizard import ImportWizard
from crm_desktop.services import contacts
from crm_desktop.services.importing import ImportBatch, ImportPlan, ImportResult, list_imports
from crm_desktop.services.progress import Progress
from crm_desktop.services.search import search
from crm_desktop.services.workspace import Workspace

VIEWS = (
    "import-file",
    "import-sheet",
    "import-mapping",
    "import-preview",
    "import-duplicates",
    "import-result",
    "import-history",
)
_PAGE_OF_VIEW = {
    "import-file": ImportWizard.FILE,
    "import-sheet": ImportWizard.SHEET,
    "import-mapping": ImportWizard.MAPPING,
    "import-preview": ImportWizard.PREVIEW,
    "import-duplicates": ImportWizard.DUPLICATES,
    "import-result": ImportWizard.RUN,
}

SAMPLE_ROWS: list[list[object]] = [
    ["Контакты — выгрузка из Битрикс24 от 20.11.2026"],
    [],
    ["Контакт", None, None, "Компания", None, "Телефон", None, "E-mail", "Город", "Дата рождения"],
    [
        "Фамилия",
        "Имя",
        "Отчество",
        "Название",
        "ИНН",
        "рабочий",
        "мобильный",
        "рабочий",
        None,
        None,
    ],
    ["Иванов", "Сергей", "Петрович", "ООО «Вектор»", "7707083893", "+7 495 123-45-67",
     "8 (916) 555-12-34", "ivanov@vector.ru", "Москва", "12.03.1979"],
    ["Смирнова", "Ольга", "Андреевна", "ООО «Вектор»", "7707083893", "+7 495 123-45-68",
     "", "smirnova@vector.ru", "Москва", "31.02.1985"],
    ["Кузнецов", "Дмитрий", "", "АО «Северный ветер»", "", "(812) 330-40-50", "9215550000",
     "d.kuznetsov@sever", "Санкт-Петербург", ""],
    ["", "", "", "ИП Орлова Н. В.", "", "+7 843 200-10-10", "", "info@orlova.рф", "Казань", ""],
    ["", "", "", "", "", "", "+7 903 111-22-33", "", "", ""],
    ["", "", "", "", "", "", "", "", "Омск", ""],
    ["Иванов", "Сергей", "", "Вектор, ООО", "", "", "+7 916 555-12-34", "", "", ""],
    ["Попова", "Марина", "Игоревна", "ООО «Альфа-Трейд»", "5029006702", "+7 (495) 777-00-11",
     "+7 926 000-11-22", "popova@alfa-trade.ru", "Москва", "1983-07-09"],
    ["Волков", "Олег", "", "", "", "610-96-48", "", "volkov@@mail", "", ""],
    ["Итого: 9 контактов"],
]  # fmt: skip


def sample_file(folder: Path, known: Sequence[list[object]] = ()) -> Path:
    """The Bitrix24-style sample (see the module docstring) as an .xlsx in `folder`;
    `known` rows (people of the base) go before its total row."""
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Контакты"
    for row in [*SAMPLE_ROWS[:-1], *known, SAMPLE_ROWS[-1]]:
        sheet.append(row)
    sheet.merge_cells("A3:C3")
    sheet.merge_cells("D3:E3")
    sheet.merge_cells("F3:G3")
    partners = book.create_sheet("Партнёры")  # a second sheet: "import all sheets" shows
    for row in [
        ["Компания", "ИНН", "Телефон"],
        ["ООО «Северный ветер»", "7801234567", "+7 812 300-40-50"],
    ]:
        partners.append(row)
    path = folder / "Контакты Битрикс24.xlsx"
    book.save(path)
    return path


def known_people(ws: Workspace, count: int = 2) -> list[list[object]]:
    """Rows for people of the base (name, company and phone), so the sample has matches."""
    rows: list[list[object]] = []
    for hit in search(ws, "ООО", limit=20):
        if hit.kind is not EntityKind.ORGANIZATION:
            continue
        org = contacts.get_organization(ws, hit.id)
        for summary in org.persons:
            person = contacts.get_person(ws, summary.id)
            phone = next((p.display for p in person.phones if p.e164), "")
            if phone and person.last_name:
                rows.append([person.last_name, person.first_name, person.middle_name or "",
                             org.name, org.inn or "", phone, "", "", "", ""])  # fmt: skip
                break
        if len(rows) >= count:
            break
    return rows


def planned_result(_ws: Workspace, plan: ImportPlan, _progress: Progress) -> ImportResult:
    """What the import of `plan` would report, without writing (for the screenshot):
    the phones and e-mails counted are those of the records it creates."""
    res = plan.resolution
    created = [
        *(o for o in res.organizations if o.id not in plan.org_matches),
        *(p for p in res.persons if p.id not in plan.person_matches),
    ]
    return ImportResult(
        import_id=0,
        plan=plan,
        organizations_created=plan.organizations_new,
        organizations_matched=len(plan.org_matches),
        persons_created=plan.persons_new,
        persons_matched=len(plan.person_matches),
        organizations_updated=0,
        persons_updated=0,
        phones_added=sum(len(e.phones) for e in created),
        emails_added=sum(len(e.emails) for e in created),
        warnings=list(plan.resolution.warnings),
    )


def _sample_batches(plan: ImportPlan | None) -> list[ImportBatch]:
    counts = {
        "rows_read": plan.rows_read if plan else 9,
        "persons_created": plan.persons_new if plan else 6,
        "organizations_created": plan.organizations_new if plan else 4,
        "persons_matched": 0,
        "organizations_matched": 0,
    }
    return [
        ImportBatch(2, "Контакты Битрикс24.xlsx", datetime(2026, 11, 20, 9, 40, tzinfo=UTC),
                    None, "done", counts),
        ImportBatch(1, "clients-1c.csv", datetime(2026, 11, 12, 14, 5, tzinfo=UTC), None,
                    "undone", {**counts, "rows_read": 1250, "persons_created": 1130,
                               "organizations_created": 410, "persons_matched": 37}),
    ]  # fmt: skip


def demo_view(view: str, ctx: AppContext, window: QWidget) -> QWidget:
    """The wizard on the page of `view`, or the import history, over the main window."""
    from crm_desktop.gui.screenshot import settle

    folder = Path(tempfile.mkdtemp(prefix="crm-import-shot-"))
    path = sample_file(folder, known_people(ctx.ws))
    if view == "import-history":
        dialog = ImportHistoryDialog(ctx, window)
        dialog.show()
        settle(ctx)
        if not list_imports(ctx.ws):
            dialog.show_batches(_sample_batches(None))
        dialog.view.selectRow(0)
        return dialog
    wizard = ImportWizard(ctx, window)
    wizard.run_op = planned_result
    wizard.show()
    if view != "import-file":
        wizard.file_page.set_path(str(path))
        settle(ctx)
        while wizard.currentId() < _PAGE_OF_VIEW[view]:
            wizard.next()
            settle(ctx)
    else:
        wizard.file_page.set_path(str(path))
        settle(ctx)
    return wizard
