"""`crm-desktop phones`: a phone-list cleaning tool over the domain's phone rules."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from crm_desktop.domain.phones import ParsedPhone, parse_phone_cell


def clean_lines(lines: Iterable[str], region: str) -> Iterator[tuple[int, ParsedPhone]]:
    """(line number from 1, number) for every number found; an empty line gives one EMPTY."""
    for number, line in enumerate(lines, start=1):
        for parsed in parse_phone_cell(line.rstrip("\r\n"), region):
            yield number, parsed
