"""What the import says about a row, in Russian and English, from a stable code and its values.

A `RowWarning` or `Rejection` carries its `code` and the values the text needs
(`args`); the text itself is made here, once per language. The CLI's JSON keeps the
English text; the wizard, its result table and the Excel report show the user's
language. Values that are themselves codes (a phone's fault, what a row matched by)
are translated as words.
"""

from __future__ import annotations

from collections.abc import Mapping

Args = tuple[tuple[str, str], ...]

# code -> (English, Russian); `{name}` is filled from the problem's args.
_TEMPLATES: dict[str, tuple[str, str]] = {
    "no_identity": (
        "The row has no name, company, phone or e-mail, so there is nothing to import it as.",
        "В строке нет ни имени, ни компании, ни телефона, ни e-mail — импортировать нечего.",
    ),
    "phone_invalid": (
        "“{text}” is not a valid phone number ({reason}); kept as typed.",
        "«{text}» — неверный номер телефона ({reason}); сохранён как введён.",
    ),
    "email_invalid": (
        "“{text}” is not a valid e-mail address; kept as typed.",
        "«{text}» — неверный адрес e-mail; сохранён как введён.",
    ),
    "inn_invalid": (
        "“{text}” is not an INN (10 or 12 digits); kept as typed.",
        "«{text}» — не ИНН (10 или 12 цифр); сохранён как введён.",
    ),
    "inn_checksum": (
        "INN {inn} fails its check digits.",
        "ИНН {inn} не проходит проверку контрольных цифр.",
    ),
    "kpp_invalid": (
        "“{text}” is not a KPP (9 characters); kept as typed.",
        "«{text}» — не КПП (9 знаков); сохранён как введён.",
    ),
    "ogrn_invalid": (
        "“{text}” is not an OGRN (13 or 15 digits); kept as typed.",
        "«{text}» — не ОГРН (13 или 15 цифр); сохранён как введён.",
    ),
    "date_invalid": (
        "“{text}” is an impossible date; kept as typed.",
        "«{text}» — несуществующая дата; сохранена как введена.",
    ),
    "date_unreadable": (
        "“{text}” is not a date; kept as typed.",
        "«{text}» — не дата; сохранено как введено.",
    ),
    "value_truncated": (
        "The text was longer than {limit} characters and was cut.",
        "Текст длиннее {limit} символов и был обрезан.",
    ),
    "name_is_organization": (
        "“{text}” is a company name; imported as the organization.",
        "«{text}» — название компании; импортировано как организация.",
    ),
    "organization_ambiguous": (
        "Several organizations are named “{name}” with different INNs; "
        "the row was linked to the first of them.",
        "Несколько организаций называются «{name}» и имеют разные ИНН; "
        "строка привязана к первой из них.",
    ),
    "duplicate_in_file": (
        "The same person as row {row} (same {reason}); merged.",
        "Тот же человек, что в строке {row} (совпадает {reason}); объединено.",
    ),
    "person_ambiguous": (
        "The row matches several people whose names differ; it was merged with row {row}.",
        "Строка подходит нескольким людям с разными именами; она объединена со строкой {row}.",
    ),
    "unnamed_contact": (
        "The row has no name or company; it is imported as a contact without a name "
        "and never merged by phone or e-mail.",
        "В строке нет ни имени, ни компании; она импортирована как контакт без имени "
        "и не объединяется по телефону или e-mail.",
    ),
    "value_conflict": (
        "“{value}” differs from “{current}” given for the same {kind} on row {row}; "
        "the first is kept.",
        "«{value}» отличается от «{current}», указанного для того же {kind} в строке {row}; "
        "оставлено первое.",
    ),
    # the file as a whole (importing.readers.ReadNote)
    "formulas_without_value": (
        "{count} formula cells on “{sheet}” have no saved result (the file was not last "
        "saved by a spreadsheet program); they are read as empty. Open and save the file "
        "in Excel or LibreOffice to keep their values.",
        "На листе «{sheet}» у формул ({count}) нет сохранённого результата (файл сохранён "
        "не программой электронных таблиц); они прочитаны как пустые. Откройте и сохраните "
        "файл в Excel или LibreOffice, чтобы сохранить их значения.",
    ),
    "bytes_replaced": (
        "{count} characters could not be decoded as {encoding} and were replaced with “�”. "
        "Check those rows, or choose the encoding.",
        "Символы ({count}) не удалось прочитать в кодировке {encoding}, они заменены на «�». "
        "Проверьте эти строки или выберите кодировку.",
    ),
    "truncated": (
        "The file ends inside a contact card: it may be incomplete.",
        "Файл обрывается внутри карточки контакта: возможно, он неполный.",
    ),
    "owner_unknown": (
        "No user is called “{name}”; the record is yours.",
        "Нет пользователя «{name}»; запись назначена вам.",
    ),
}

# A fuller text of a code, used when its extra values are given.
_WITH_MORE: dict[str, tuple[str, str]] = {
    "unnamed_contact": (
        "The row has no name or company; it is imported as a contact without a name "
        "and never merged by phone or e-mail. Its phone or e-mail is also on row {row}.",
        "В строке нет ни имени, ни компании; она импортирована как контакт без имени "
        "и не объединяется по телефону или e-mail. Её телефон или e-mail есть и в строке {row}.",
    ),
}

# Values that are codes themselves: (English, Russian).
_WORDS: dict[str, tuple[str, str]] = {
    # a phone's fault (domain.phones)
    "too_short": ("too short", "слишком короткий"),
    "too_long": ("too long", "слишком длинный"),
    "invalid_number": ("no such number", "такого номера нет"),
    "not_a_number": ("no digits", "нет цифр"),
    "scientific_notation": (
        "Excel turned it into 1.2E+10",
        "Excel превратил его в 1,2E+10",
    ),
    "multiple_numbers": ("several numbers in one cell", "несколько номеров в одной ячейке"),
    "invalid": ("invalid", "неверный"),
    # what two rows share (importing.identity)
    "inn": ("INN", "ИНН"),
    "name": ("name", "имя"),
    "phone": ("phone", "телефон"),
    "email": ("e-mail", "e-mail"),
    "organization": ("organization", "организация"),
    # what kind of record (value_conflict)
    "person": ("person", "человека"),
    "organization_record": ("organization", "организации"),
}
_WORD_ARGS = frozenset({"reason", "kind"})
_CUT = 80  # characters of a quoted value


def codes() -> frozenset[str]:
    return frozenset(_TEMPLATES)


def words() -> frozenset[str]:
    return frozenset(_WORDS)


def quote(text: str, limit: int = _CUT) -> str:
    """A value as the message quotes it: cut to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def make_args(**values: object) -> Args:
    return tuple((k, str(v)) for k, v in values.items())


def problem_text(
    code: str, args: Args | Mapping[str, str] = (), language: str = "en", fallback: str = ""
) -> str:
    """The text of problem `code` in `language` ('ru' or anything else for English);
    `fallback` (else the code in words) for a code this catalogue does not know."""
    index = 1 if language.lower().startswith("ru") else 0
    values = dict(args)
    for key in _WORD_ARGS & values.keys():
        word = _WORDS.get(values[key])
        if word is not None:
            values[key] = word[index]
        else:
            values[key] = values[key].replace("_", " ")
    candidates = [t for t in (_WITH_MORE.get(code), _TEMPLATES.get(code)) if t is not None]
    for template in candidates:
        try:
            return template[index].format(**values)
        except (KeyError, IndexError):
            continue
    return fallback or code.replace("_", " ")
