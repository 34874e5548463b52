"""Russian taxpayer id (ИНН): clean-up of spreadsheet cells and the ФНС checksum."""

from __future__ import annotations

import re
import unicodedata

_DIGITS_RE = re.compile(r"[0-9]+")
_SPACES_RE = re.compile(r"\s+")

_WEIGHTS_10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def normalize_inn(text: str) -> str | None:
    """Return the 10 or 12 ASCII digits of `text`, or None.

    Spaces are removed, as are a leading apostrophe (Excel's text marker) and a trailing
    '.0' (a number cell read as float). Anything else that is not a digit makes it None.
    The checksum is not checked here; see `is_valid_inn`.
    """
    cleaned = _SPACES_RE.sub("", unicodedata.normalize("NFKC", text))
    if cleaned[:1] in ("'", "’"):
        cleaned = cleaned[1:]
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    if len(cleaned) in (10, 12) and _DIGITS_RE.fullmatch(cleaned):
        return cleaned
    return None


def _check_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def is_valid_inn(inn: str) -> bool:
    """True for a 10-digit (legal entity) or 12-digit (individual) ИНН with a valid checksum.

    The all-zero placeholder passes the arithmetic but is rejected.
    """
    if len(inn) not in (10, 12) or not _DIGITS_RE.fullmatch(inn) or not inn.strip("0"):
        return False
    if len(inn) == 10:
        return _check_digit(inn, _WEIGHTS_10) == int(inn[9])
    return _check_digit(inn, _WEIGHTS_11) == int(inn[10]) and _check_digit(inn, _WEIGHTS_12) == int(
        inn[11]
    )


def inn_kind(inn: str) -> str | None:
    """'legal' for a valid 10-digit ИНН, 'individual' for a valid 12-digit one, else None."""
    if not is_valid_inn(inn):
        return None
    return "legal" if len(inn) == 10 else "individual"
