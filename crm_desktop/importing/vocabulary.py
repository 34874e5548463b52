"""Column headers in Russian and English -> target fields.

Covers the exports of amoCRM, Bitrix24 (incl. "Реквизит (Россия): ИНН"), Google
Contacts (old "Given Name … Phone 1 - Type/Value" and new "First Name … Phone 1 -
Label/Value"), Outlook (English and Russian), 1C counterparty lists, the fixed columns
of `vcard`, and the usual hand-made headers ("ФИО", "Тел.", "e-mail", "ДР").

A header is folded (`normalize_header`) and run through an ordered rule list; the
first rule whose pattern matches wins, and a rule may deliberately map to None
(Outlook's "E-mail Display Name", "Pager", "Assistant's Phone" …). Phone and e-mail
kinds are read from words in the header (мобильный, рабочий, Business, Home, Fax …).
"""

from __future__ import annotations

import re
from functools import lru_cache

from crm_desktop.domain.kinds import EmailKind, PhoneKind
from crm_desktop.importing.fields import EMAIL_FIELDS, PHONE_FIELDS, Field, Target

_PUNCT = re.compile(r"[\s_\-–—:;,.()/\\\[\]#№*\"'«»“”+]+")


def normalize_header(text: str) -> str:
    """'E-mail 1 - Value' -> 'e mail 1 value'; 'Тел. (моб.)' -> 'тел моб'."""
    return " ".join(_PUNCT.sub(" ", text.casefold().replace("ё", "е")).split())


F = Field
_COMPANY = (
    r"(компани|организац|фирм|контрагент|юр\w* ?лиц|company|organi[sz]ation"
    r"|business main|company main)"
)
_PHONE = r"(телефон|\bтел\b|\bphone|\bmobile\b|\bcell\b|мобильн|сотов|факс|\bfax\b)"
_EMAIL = r"(\be ?mail|\bemail|почт|\bмейл|электронн)"


def _any(*alternatives: str) -> str:
    return "|".join(alternatives)


# (pattern on the normalised header, field or None to skip); first match wins.
_RULES: tuple[tuple[str, Field | None], ...] = (
    # never data, or not contact data: ids, dates of the record, labels, phonetic names
    (r"^(id|ид|код|guid|uuid|№|n|no|номер п п|нп|п п)$", None),
    (_any(r"дата (создания|изменения|модификации)", r"кем (создан|изменен)", "created",
          "modified", "updated"), None),
    (_any("yomi", "phonetic", "фонетич", "display name", "краткое имя", "file as", "nickname",
          "псевдоним", "initials", "инициалы"), None),
    (_any(r"\btype$", r"\blabel$", "тип эл", "тип адреса"), None),  # kind columns, paired later
    (_any("assistant", "помощник", "callback", "обратный вызов", "pager", "пейджер", "radio",
          "радиотелефон", r"\bisdn\b", "tty", "телетайп", "telex", "телекс"), None),
    (_any("manager s name", "руководител", "spouse", "супруг", "children", "дети", "gender",
          r"\bпол\b", "hobby", "хобби"), None),
    (r"^(title|suffix|обращение|суффикс|name prefix|name suffix|prefix|salutation|honorific)$",
     None),
    (r"^address \d+ (street|po box|region|postal code|country|extended address|city)$", None),
    (_any(r"^(home|other) (street|city|state|postal code|country|address)", "дом адрес",
          "другой адрес"), None),
    # organization-level columns in person rows
    (_any(rf"{_COMPANY}.*{_PHONE}", rf"{_PHONE}.*{_COMPANY}"), F.ORG_PHONE),
    (_any(rf"{_COMPANY}.*{_EMAIL}", rf"{_EMAIL}.*{_COMPANY}"), F.ORG_EMAIL),
    (_any(r"юридическ\w* адрес", r"фактическ\w* адрес", r"адрес (компании|организации)",
          "company address", r"organi[sz]ation address", "legal address"), F.ORG_ADDRESS),
    (_any(rf"{_COMPANY}.*(сайт|website|web)", rf"(сайт|website).*{_COMPANY}"), F.ORG_WEBSITE),
    # the organization's city and tags in person rows (our own export): no field yet
    (_any(rf"{_COMPANY}.*\b(город|city|теги|tags)\b", rf"\b(город|city|теги|tags)\b.*{_COMPANY}"),
     None),
    # tax ids
    (_any(r"\bинн\b", r"\binn\b", r"\btin\b", "taxpayer", "tax id", r"\bvat\b"), F.INN),
    (_any(r"\bкпп\b", r"\bkpp\b"), F.KPP),
    (_any(r"\bогрн", r"\bogrn"), F.OGRN),
    # names and roles
    (_any(r"organization \d* ?(title|job)", "job title", "должност", "position", "occupation",
          "профессия", r"\bpost$"), F.POSITION),
    (_any(r"organization \d* ?department", "department", "отдел", "подразделени"),
     F.DEPARTMENT),
    (_any(r"\bфио\b", "ф и о", "full name", "полное имя", "контактное лицо", "contact person",
          "contact name", "имя контакта"), F.FULL_NAME),
    (_any("фамилия", "last name", "family name", "surname", "lastname"), F.LAST_NAME),
    (_any("отчество", "middle name", "additional name", "second name", "patronymic"),
     F.MIDDLE_NAME),
    (_any("^имя$", r"^имя \d", "first name", "given name", "firstname"), F.FIRST_NAME),
    (_any(_COMPANY, "наименование", "название", "account name", "employer", "юрлицо",
          r"organization \d+ name"), F.ORGANIZATION),
    (_any("^name$", "^имя и фамилия", "^клиент$", "^контакт$", "^сотрудник$", "^person$",
          "^contact$", "^покупатель$", "^заказчик$"), F.FULL_NAME),
    # contact channels
    (_EMAIL, F.EMAIL),
    (_PHONE, F.PHONE),
    # dates
    (_any("день рождения", "дата рождения", "birthday", "birth date", "birthdate",
          "date of birth", r"\bdob\b", "^др$"), F.BIRTHDAY),
    # places
    (_any("город", "city", "населенн", "locality", "town"), F.CITY),
    (_any("адрес", "address", "улица", "street", "индекс", "postal", "zip", "область",
          "регион", "region", "страна", "country", "state"), F.ADDRESS),
    (_any("сайт", "website", "web page", "веб страниц", r"\burl\b", "homepage", "^web$",
          "^site$", "личная страница"), F.WEBSITE),
    # classification and people
    (_any("отрасль", "сфера деятельности", "вид деятельности", "industry"), F.INDUSTRY),
    (_any("сегмент", "segment", "тип клиента", "тип контакта", "тип компании",
          "категория клиента", "client type", "customer type"), F.SEGMENT),
    (_any("теги", r"\bтег\b", "tags", r"\btag\b", "labels", "метки", "категори", "categories",
          "group membership", "группы"), F.TAGS),
    (_any("ответственн", "менеджер", "owner", "responsible", "assigned", "sales rep"), F.OWNER),
    (_any("источник", "source", "откуда узнал", "канал привлечения", "referred by"), F.SOURCE),
    (_any("примечан", "комментар", "заметк", "notes?$", "comment", "описание", "description",
          "^инфо"), F.NOTES),
)  # fmt: skip
_COMPILED = tuple((re.compile(pattern), target) for pattern, target in _RULES)

_PHONE_KINDS = (
    (re.compile(r"(факс|fax)"), PhoneKind.FAX),
    (re.compile(r"(моб|mobile|cell|сотов|переносн)"), PhoneKind.MOBILE),
    (re.compile(r"(раб|work|business|office|офис|служебн|company)"), PhoneKind.WORK),
    (re.compile(r"(дом|home|личн|private|personal)"), PhoneKind.HOME),
)
_EMAIL_KINDS = (
    (re.compile(r"(раб|work|business|корпоратив|office)"), EmailKind.WORK),
    (re.compile(r"(личн|частн|personal|private|home|дом)"), EmailKind.PERSONAL),
)
_LABEL_PAIR = re.compile(r"^(phone|e mail|email|website|телефон) (\d+) (type|label|value)$")


def phone_kind(text: str) -> PhoneKind | None:
    """The phone kind a header or a label cell names ('Мобильный' -> mobile), if any."""
    folded = normalize_header(text)
    return next((kind for pattern, kind in _PHONE_KINDS if pattern.search(folded)), None)


def email_kind(text: str) -> EmailKind | None:
    folded = normalize_header(text)
    return next((kind for pattern, kind in _EMAIL_KINDS if pattern.search(folded)), None)


@lru_cache(maxsize=4096)
def _match(folded: str) -> tuple[bool, Field | None]:
    for pattern, target in _COMPILED:
        if pattern.search(folded):
            return True, target
    return False, None


def suggest_target(header: str) -> Target | None:
    """The target a header suggests, or None (unknown, or deliberately skipped)."""
    folded = normalize_header(header)
    if not folded:
        return None
    _, field = _match(folded)
    if field is None:
        return None
    if field in PHONE_FIELDS:
        kind = phone_kind(header)
        return Target(field, kind.value if kind else None)
    if field in EMAIL_FIELDS:
        ekind = email_kind(header)
        return Target(field, ekind.value if ekind else None)
    return Target(field)


def is_known_header(header: str) -> bool:
    """True when a rule recognises the header (mapped or deliberately skipped)."""
    folded = normalize_header(header)
    return bool(folded) and _match(folded)[0]


def label_pair(header: str) -> tuple[str, str, bool] | None:
    """('phone', '1', is_label) for Google's 'Phone 1 - Label' / 'Phone 1 - Value' columns."""
    match = _LABEL_PAIR.match(normalize_header(header))
    if not match:
        return None
    kind = "email" if "mail" in match.group(1) else match.group(1)
    return kind, match.group(2), match.group(3) != "value"


# Headers only the English Outlook and Google exports use; their dates are M/D/YYYY.
_MONTH_FIRST_MARKERS = frozenset(
    {
        "business phone",
        "e mail address",
        "given name",
        "phone 1 value",
        "mobile phone",
        "home phone",
        "job title",
    }
)


def month_first_headers(headers: list[str]) -> bool:
    """True when the headers are those of an English Outlook or Google export."""
    return len({normalize_header(h) for h in headers} & _MONTH_FIRST_MARKERS) >= 2
