"""Import target fields: what a column can be mapped to."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Field(StrEnum):
    """A field of the contact base a column can fill. Values are stable (profiles, CLI)."""

    FULL_NAME = "full_name"
    LAST_NAME = "last_name"
    FIRST_NAME = "first_name"
    MIDDLE_NAME = "middle_name"
    ORGANIZATION = "organization"
    POSITION = "position"
    DEPARTMENT = "department"
    PHONE = "phone"
    EMAIL = "email"
    INN = "inn"
    KPP = "kpp"
    OGRN = "ogrn"
    ADDRESS = "address"
    CITY = "city"
    WEBSITE = "website"
    INDUSTRY = "industry"
    TAGS = "tags"
    NOTES = "notes"
    BIRTHDAY = "birthday"
    OWNER = "owner"
    SOURCE = "source"
    SEGMENT = "segment"
    ORG_PHONE = "org_phone"  # the organization's own phone in a person row
    ORG_EMAIL = "org_email"
    ORG_ADDRESS = "org_address"
    ORG_WEBSITE = "org_website"
    CUSTOM = "custom"  # a user-defined field, named by Target.name


NAME_FIELDS = frozenset({Field.FULL_NAME, Field.LAST_NAME, Field.FIRST_NAME, Field.MIDDLE_NAME})
PHONE_FIELDS = frozenset({Field.PHONE, Field.ORG_PHONE})
EMAIL_FIELDS = frozenset({Field.EMAIL, Field.ORG_EMAIL})
# Several columns mapped to one of these are joined; for other text fields the first
# non-empty column wins.
JOINED_FIELDS = frozenset({Field.ADDRESS, Field.ORG_ADDRESS, Field.NOTES})


@dataclass(frozen=True, slots=True)
class Target:
    """What one column is imported as.

    `kind` is a phone kind (mobile/work/home/fax/other) or an e-mail kind
    (work/personal/other); `label_column` names another column whose text gives the
    kind row by row (Google's "Phone 1 - Label"); `name` names a custom field.
    """

    field: Field
    kind: str | None = None
    label_column: int | None = None
    name: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field.value}
        if self.kind:
            out["kind"] = self.kind
        if self.name:
            out["name"] = self.name
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Target:
        return cls(Field(data["field"]), data.get("kind"), None, data.get("name"))
