"""Column -> field mapping: suggested from the headers, changed by the user, saved as profiles.

A `Mapping` maps column indexes to `Target`s; `suggest_mapping(layout)` fills it from
the header words (`vocabulary`), pairs Google's "Phone N - Label" columns with their
"Phone N - Value" columns, and reads English Outlook/Google exports month-first.

A `Profile` stores a mapping by header label (not by position), so it applies to any
file with the same headers; `ProfileStore(folder)` keeps profiles as JSON files and
finds the one that fits a file's headers best.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from crm_desktop.errors import UserError
from crm_desktop.importing.fields import EMAIL_FIELDS, PHONE_FIELDS, Field, Target
from crm_desktop.importing.layout import Column, Layout
from crm_desktop.importing.vocabulary import (
    label_pair,
    month_first_headers,
    normalize_header,
    suggest_target,
)

PROFILE_VERSION = 1


@dataclass(slots=True)
class Mapping:
    """Targets by column index; the user may change any of them."""

    columns: dict[int, Target] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)  # header label of each column
    day_first: bool | None = None  # None: infer from the values, day-first when unsure
    group_target: Target | None = None  # where a report's group heading goes, if anywhere

    def target(self, index: int) -> Target | None:
        return self.columns.get(index)

    def assign(self, index: int, target: Target | None) -> None:
        """Map a column (None: do not import it)."""
        if target is None:
            self.columns.pop(index, None)
        else:
            self.columns[index] = target

    def fields(self) -> set[Field]:
        out = {t.field for t in self.columns.values()}
        if self.group_target:
            out.add(self.group_target.field)
        return out

    def items(self) -> list[tuple[int, Target]]:
        return sorted(self.columns.items())

    def to_profile(self, name: str) -> Profile:
        columns: dict[str, dict[str, Any]] = {}
        for index, target in self.items():
            key = normalize_header(self.labels.get(index, ""))
            if not key:
                continue
            data = target.to_json()
            if target.label_column is not None:
                data["label_header"] = normalize_header(self.labels.get(target.label_column, ""))
            columns[key] = data
        return Profile(
            name=name,
            columns=columns,
            day_first=self.day_first,
            group=self.group_target.to_json() if self.group_target else None,
        )


def _pair_labels(layout: Layout, mapping: Mapping) -> None:
    values: dict[tuple[str, str], int] = {}
    labels: dict[tuple[str, str], int] = {}
    for column in layout.columns:
        pair = label_pair(column.label)
        if pair:
            kind, number, is_label = pair
            (labels if is_label else values)[(kind, number)] = column.index
    for key, index in values.items():
        target = mapping.columns.get(index)
        if key in labels and target and target.field in PHONE_FIELDS | EMAIL_FIELDS:
            mapping.columns[index] = replace(target, label_column=labels[key])


def _suggest_column(column: Column) -> Target | None:
    if not column.parts:
        return None
    target = suggest_target(column.parts[-1])
    combined = suggest_target(" ".join(column.parts)) if len(column.parts) > 1 else None
    if combined and (target is None or (combined.field == target.field and combined.kind)):
        return combined  # 'Телефоны: рабочий' -> phone (work)
    return target


def suggest_mapping(layout: Layout) -> Mapping:
    """The mapping the headers suggest; unknown columns are left unmapped."""
    mapping = Mapping(labels={c.index: c.label for c in layout.columns})
    for column in layout.columns:
        target = _suggest_column(column)
        if target is not None:
            mapping.columns[column.index] = target
    _pair_labels(layout, mapping)
    if month_first_headers(layout.labels):
        mapping.day_first = False
    return mapping


# --- profiles ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Profile:
    """A named mapping keyed by normalised header labels."""

    name: str
    columns: dict[str, dict[str, Any]]
    day_first: bool | None = None
    group: dict[str, Any] | None = None

    def score(self, layout: Layout) -> float:
        """How well the profile fits a file: shared headers over all headers (Jaccard)."""
        headers = {normalize_header(label) for label in layout.labels} - {""}
        keys = set(self.columns)
        if not headers or not keys:
            return 0.0
        return len(headers & keys) / len(headers | keys)

    def apply(self, layout: Layout) -> Mapping:
        """The profile's mapping for this file's columns (headers it lacks are skipped)."""
        mapping = Mapping(labels={c.index: c.label for c in layout.columns})
        index_of = {normalize_header(c.label): c.index for c in reversed(layout.columns)}
        for key, data in self.columns.items():
            if key not in index_of:
                continue
            target = Target.from_json(data)
            label = data.get("label_header")
            if label and label in index_of:
                target = replace(target, label_column=index_of[label])
            mapping.columns[index_of[key]] = target
        mapping.day_first = self.day_first
        mapping.group_target = Target.from_json(self.group) if self.group else None
        return mapping

    def to_json(self) -> dict[str, Any]:
        return {
            "version": PROFILE_VERSION,
            "name": self.name,
            "day_first": self.day_first,
            "group": self.group,
            "columns": self.columns,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Profile:
        if not isinstance(data, dict) or data.get("version") != PROFILE_VERSION:
            raise UserError("The mapping profile is not in a format this version can read.")
        columns = data.get("columns")
        if not isinstance(columns, dict):
            raise UserError("The mapping profile has no columns.")
        for spec in columns.values():
            Target.from_json(spec)  # validates field names
        return cls(
            name=str(data.get("name", "")),
            columns=columns,
            day_first=data.get("day_first"),
            group=data.get("group"),
        )


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


def _file_stem(name: str) -> str:
    stem = _UNSAFE.sub("_", name.strip()).strip(" .")[:100]
    if not stem or stem.casefold() in _RESERVED:
        stem = f"_{stem}"
    return stem


class ProfileStore:
    """Named mapping profiles as JSON files in one folder (one file per profile)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def _path(self, name: str) -> Path:
        return self.folder / f"{_file_stem(name)}.json"

    def names(self) -> list[str]:
        return sorted(p.name for p in self.profiles())

    def profiles(self) -> list[Profile]:
        """Every readable profile; unreadable files are skipped."""
        if not self.folder.is_dir():
            return []
        out = []
        for path in sorted(self.folder.glob("*.json")):
            try:
                out.append(Profile.from_json(json.loads(path.read_text(encoding="utf-8"))))
            except (OSError, ValueError, UserError, KeyError, TypeError):
                continue
        return out

    def load(self, name: str) -> Profile:
        path = self._path(name)
        try:
            return Profile.from_json(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError as error:
            raise UserError(f"There is no mapping profile named “{name}”.") from error
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise UserError(f"The mapping profile “{name}” cannot be read: {error}") from error

    def save(self, profile: Profile) -> Path:
        """Write atomically (a temporary file renamed into place); replaces a same-named one."""
        if not profile.name.strip():
            raise UserError("A mapping profile needs a name.")
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(profile.name)
        fd, tmp = tempfile.mkstemp(prefix=".profile-", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(profile.to_json(), out, ensure_ascii=False, indent=2)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    def delete(self, name: str) -> None:
        self._path(name).unlink(missing_ok=True)

    def best_match(self, layout: Layout, threshold: float = 0.6) -> Profile | None:
        """The profile whose headers fit the file best, if it fits well enough."""
        scored = [(p.score(layout), p.name, p) for p in self.profiles()]
        scored = [s for s in scored if s[0] >= threshold]
        if not scored:
            return None
        return max(scored, key=lambda s: (s[0], s[1]))[2]


def profile_from_file(path: str | Path) -> Profile:
    """A profile saved as a standalone JSON file (the CLI's `--mapping FILE.json`)."""
    try:
        return Profile.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError) as error:
        raise UserError(f"The mapping file “{Path(path).name}” cannot be read: {error}") from error
