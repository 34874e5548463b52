"""Column headers and value labels of the exported tables, in English and Russian.

Services cannot use Qt's translations, so the export keeps its own small table. The
contact headers are chosen so that our importer's vocabulary maps every one of them
back to its field (tests/services/test_exporting.py checks it): an exported file
imports again with no manual mapping.
"""

from __future__ import annotations

LANGUAGES = ("en", "ru")

_HEADERS: dict[str, tuple[str, str]] = {
    # persons (and the people columns of the flat contacts table)
    "last_name": ("Last name", "Фамилия"),
    "first_name": ("First name", "Имя"),
    "middle_name": ("Middle name", "Отчество"),
    "position": ("Position", "Должность"),
    "department": ("Department", "Отдел"),
    "phones": ("Phones", "Телефоны"),
    "emails": ("E-mails", "Эл. почта"),
    "city": ("City", "Город"),
    "address": ("Address", "Адрес"),
    "birthday": ("Birthday", "День рождения"),
    "tags": ("Tags", "Теги"),
    "notes": ("Notes", "Примечание"),
    # the organization of a person row
    "organization": ("Organization", "Организация"),
    "inn": ("INN", "ИНН"),
    "org_city": ("Organization city", "Город организации"),
    "org_address": ("Organization address", "Адрес организации"),
    "org_phones": ("Organization phones", "Телефоны организации"),
    "org_emails": ("Organization e-mails", "Эл. почта организации"),
    "org_tags": ("Organization tags", "Теги организации"),
    # organizations only
    "kpp": ("KPP", "КПП"),
    "website": ("Website", "Сайт"),
    "industry": ("Industry", "Отрасль"),
    # deals
    "title": ("Deal", "Сделка"),
    "client": ("Client", "Клиент"),
    "contact": ("Contact person", "Контактное лицо"),
    "pipeline": ("Pipeline", "Воронка"),
    "stage": ("Stage", "Этап"),
    "amount": ("Amount", "Сумма"),
    "currency": ("Currency", "Валюта"),
    "owner": ("Owner", "Ответственный"),
    "expected_close": ("Expected close", "Ожидаемое закрытие"),
    "status": ("Status", "Статус"),
    "lost_reason": ("Lost reason", "Причина проигрыша"),
    "closed": ("Closed", "Закрыта"),
    # tasks and activities
    "kind": ("Kind", "Вид"),
    "subject": ("Subject", "Тема"),
    "start": ("Start", "Начало"),
    "due": ("Due", "Срок"),
    "done": ("Done", "Выполнено"),
    "deal": ("Deal", "Сделка"),
    "responsible": ("Responsible", "Ответственный"),
    "priority": ("Priority", "Приоритет"),
    "result": ("Result", "Результат"),
    # the import report
    "row": ("Row", "Строка"),
    "field": ("Field", "Поле"),
    "code": ("Code", "Код"),
    "message": ("Problem", "Проблема"),
    "severity": ("Kind of problem", "Тип проблемы"),
    "count": ("Count", "Количество"),
    "what": ("What", "Что"),
}

_LABELS: dict[str, tuple[str, str]] = {
    # deal status
    "open": ("Open", "В работе"),
    "won": ("Won", "Выиграна"),
    "lost": ("Lost", "Проиграна"),
    # activity kinds
    "call_in": ("Incoming call", "Входящий звонок"),
    "call_out": ("Outgoing call", "Исходящий звонок"),
    "email": ("E-mail", "Письмо"),
    "fax": ("Fax", "Факс"),
    "letter": ("Letter", "Письмо по почте"),
    "meeting_presentation": ("Meeting: presentation", "Встреча: презентация"),
    "meeting_negotiation": ("Meeting: negotiation", "Встреча: переговоры"),
    "todo": ("To-do", "Задача"),
    # priorities
    "low": ("Low", "Низкий"),
    "normal": ("Normal", "Обычный"),
    "high": ("High", "Высокий"),
    # sheet names and file names
    "contacts": ("Contacts", "Контакты"),
    "organizations": ("Organizations", "Организации"),
    "deals": ("Deals", "Сделки"),
    "tasks": ("Tasks", "Задачи"),
    "problems": ("Problems", "Проблемы"),
    "summary": ("Summary", "Итоги"),
    "import_report": ("Import report", "Отчёт об импорте"),
    # the import report
    "rejected": ("Rejected", "Отклонена"),
    "warning": ("Warning", "Предупреждение"),
    "file": ("File", "Файл"),
    "import_id": ("Import number", "Номер импорта"),
    "dry_run": ("Preview only (nothing imported)", "Только просмотр (ничего не импортировано)"),
    "rows_read": ("Rows read", "Прочитано строк"),
    "organizations_created": ("Organizations created", "Создано организаций"),
    "organizations_matched": ("Organizations matched", "Найдено организаций в базе"),
    "persons_created": ("Persons created", "Создано людей"),
    "persons_matched": ("Persons matched", "Найдено людей в базе"),
    "organizations_updated": ("Organizations updated", "Обновлено организаций"),
    "persons_updated": ("Persons updated", "Обновлено людей"),
    "phones_added": ("Phones added", "Добавлено телефонов"),
    "emails_added": ("E-mails added", "Добавлено адресов эл. почты"),
    "rejected_rows": ("Rows rejected", "Отклонено строк"),
    "warnings": ("Warnings", "Предупреждений"),
    "on_duplicate": ("Duplicates", "Дубликаты"),
    "merge": ("merge", "объединить"),
    "update": ("update", "обновить"),
    "skip": ("skip", "пропустить"),
    "create": ("create anyway", "создать всё равно"),
}


def _index(language: str) -> int:
    return 1 if language.lower().startswith("ru") else 0


def header(key: str, language: str) -> str:
    """The column header `key` in `language` ('en' or 'ru'; anything else is English)."""
    return _HEADERS[key][_index(language)]


def label(key: str, language: str) -> str:
    """A value label (a deal status, an activity kind, a sheet name) in `language`."""
    pair = _LABELS.get(key)
    return pair[_index(language)] if pair else key
