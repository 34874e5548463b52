"""What one row becomes: a normalised `ImportRecord` with its `RowWarning`s."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crm_desktop.domain.kinds import PhoneKind
from crm_desktop.importing.problems import Args, make_args, problem_text


@dataclass(frozen=True, slots=True)
class RowWarning:
    """A problem with one value of one row; `code` is stable (the CLI prints it in JSON)."""

    sheet: str
    row: int
    field: str
    code: str
    message: str  # in English (the CLI's JSON); `text(language)` for the user's language
    args: Args = ()  # the values `message` is made from (importing.problems)

    @classmethod
    def of(
        cls, sheet: str, row: int, field_name: str, code: str, /, **values: object
    ) -> RowWarning:
        args = make_args(**values)
        return cls(sheet, row, field_name, code, problem_text(code, args), args)

    def text(self, language: str) -> str:
        return problem_text(self.code, self.args, language, fallback=self.message)

    def to_json(self, multi_sheet: bool = False) -> dict[str, Any]:
        row: int | str = f"{self.sheet}!{self.row}" if multi_sheet else self.row
        return {"row": row, "field": self.field, "code": self.code, "message": self.message}


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date whose year may be unknown (a birthday written '--05-17' or '17.05')."""

    year: int | None
    month: int
    day: int

    def __post_init__(self) -> None:
        leap_year = self.year if self.year is not None else 2000
        if not 1 <= self.month <= 12:
            raise ValueError("month out of range")
        if not 1 <= self.day <= calendar.monthrange(leap_year, self.month)[1]:
            raise ValueError("day out of range")

    def to_date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.year is not None else None

    def __str__(self) -> str:
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True)
class PhoneValue:
    """A phone as typed plus its normalised form; an invalid one keeps `raw` and a reason."""

    raw: str
    kind: PhoneKind
    e164: str | None
    extension: str | None
    valid: bool
    reason: str | None = None  # the domain's reason code when invalid
    comment: str | None = None

    @property
    def key(self) -> tuple[str, str | None] | None:
        """(E.164, extension) of a valid number: the identity of a phone line."""
        return (self.e164, self.extension) if self.valid and self.e164 else None


RowRef = tuple[str, int]  # (sheet, row number)


@dataclass(slots=True)
class ImportRecord:
    """One data row, normalised; empty strings and lists for what the row lacks."""

    sheet: str
    row: int
    last_name: str = ""
    first_name: str = ""
    middle_name: str = ""
    full_name: str = ""  # 'Иванов Иван Петрович' (composed from the parts)
    organization: str = ""
    position: str = ""
    department: str = ""
    inn: str | None = None  # 10 or 12 digits
    kpp: str | None = None
    ogrn: str | None = None
    address: str = ""
    city: str = ""
    website: str = ""
    industry: str = ""
    notes: str = ""
    owner: str = ""
    source: str = ""
    segment: str = ""
    birthday: PartialDate | None = None
    phones: list[PhoneValue] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    org_phones: list[PhoneValue] = field(default_factory=list)
    org_emails: list[str] = field(default_factory=list)
    org_address: str = ""
    org_website: str = ""
    custom: dict[str, str] = field(default_factory=dict)
    unparsed: list[tuple[str, str]] = field(default_factory=list)  # (field, text as typed)
    warnings: list[RowWarning] = field(default_factory=list)

    @property
    def ref(self) -> RowRef:
        return (self.sheet, self.row)

    @property
    def has_person_name(self) -> bool:
        return bool(self.full_name)

    @property
    def has_contact(self) -> bool:
        """A phone (even one that is not valid, kept as typed) or an e-mail."""
        return bool(self.phones or self.emails)

    def warn(self, field_name: str, code: str, /, **values: object) -> None:
        """Flag `field_name` with problem `code`; `values` fill its text (importing.problems)."""
        self.warnings.append(RowWarning.of(self.sheet, self.row, field_name, code, **values))
