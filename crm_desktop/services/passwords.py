"""User passwords for team mode: Argon2id, never stored or logged in plain text.

Parameters follow OWASP's Password Storage Cheat Sheet for Argon2id (m = 19 MiB,
t = 2, p = 1). A hash records its own parameters, so raising them later only
needs `needs_rehash` on the next successful login.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

MIN_LENGTH = 8


def hash_password(password: str) -> str:
    """The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) to store."""
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """True when `password` matches `stored`; False for a wrong one or a damaged hash."""
    if not stored:
        return False
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True when `stored` was made with weaker parameters than today's."""
    try:
        return _HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True
