"""E-mail address clean-up for spreadsheet import and duplicate detection."""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that sneak in with copy-paste from web pages and messengers.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_ANGLE_RE = re.compile(r"<([^<>]*)>")
_CELL_SPLIT_RE = re.compile(r":::|[;,|/\s]+")
_SURROUNDING = " \t\r\n\"'«»“”„‘’`()[]{}"
_FORBIDDEN_RE = re.compile(r"[\s<>()\[\]\\,;:\"]")
_LABEL_RE = re.compile(r"[^\W_](?:[^\W_]|-)*")
_MAX_LOCAL = 64
_MAX_TOTAL = 254


def _is_plausible(address: str) -> bool:
    if len(address) > _MAX_TOTAL or address.count("@") != 1:
        return False
    if _FORBIDDEN_RE.search(address) or not address.isprintable():
        return False
    local, domain = address.split("@")
    if not local or len(local) > _MAX_LOCAL:
        return False
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return False
    labels = domain.split(".")
    if len(labels) < 2:
        return False
    for label in labels:
        if not _LABEL_RE.fullmatch(label) or label.endswith("-"):
            return False
    tld = labels[-1]
    return len(tld) >= 2 and not tld.isdigit()


def normalize_email(text: str) -> str | None:
    """Return the casefolded address in `text`, or None when it is not a plausible address.

    Accepts 'Name <addr>', '<addr>', 'mailto:addr?subject=...', surrounding quotes and
    trailing punctuation. Unicode domains are kept as they are (no IDNA conversion).
    """
    candidate = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).strip()
    wrapped = _ANGLE_RE.search(candidate)
    if wrapped:
        candidate = wrapped.group(1)
    candidate = candidate.strip(_SURROUNDING)
    if candidate.casefold().startswith("mailto:"):
        candidate = candidate[len("mailto:") :].split("?", 1)[0].strip(_SURROUNDING)
    candidate = candidate.rstrip(".,;:").strip(_SURROUNDING).casefold()
    return candidate if _is_plausible(candidate) else None


def split_email_cell(cell: str) -> list[str]:
    """Normalised, de-duplicated addresses of a cell holding one or several of them.

    Separators: ';', ',', whitespace and newlines, ':::', and also '|' and '/'. Pieces
    that are not plausible addresses (names around '<addr>', stray words) are dropped.
    """
    found: list[str] = []
    for piece in _CELL_SPLIT_RE.split(cell.translate(_INVISIBLE)):
        address = normalize_email(piece) if piece else None
        if address and address not in found:
            found.append(address)
    return found
