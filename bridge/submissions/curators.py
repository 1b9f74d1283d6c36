"""Who may review: the holder of the curator password, whose scrypt hash is configured in
Streamlit's secrets (`curator_password_hash`) or `BRIDGE_CURATOR_PASSWORD_HASH`. Without a
hash there is no curator, and the app shows no Review page."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

HASH_VARIABLE = "BRIDGE_CURATOR_PASSWORD_HASH"
_N, _R, _P = 2**14, 8, 1


def password_hash(password: str, *, salt: bytes | None = None) -> str:
    """`scrypt$N$r$p$salt$digest` (base64) of the password, for the configuration."""
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    encode = base64.urlsafe_b64encode
    return f"scrypt${_N}${_R}${_P}${encode(salt).decode()}${encode(digest).decode()}"


def verify(password: str, stored: str) -> bool:
    """Whether the password is the one `stored` is the hash of (in constant time)."""
    try:
        scheme, n, r, p, salt, digest = stored.strip().split("$")
        if scheme != "scrypt":
            return False
        expected = base64.urlsafe_b64decode(digest)
        found = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.urlsafe_b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found, expected)


def configured_hash(secrets: dict[str, object] | None = None) -> str | None:
    """The curator password hash from the app's secrets, else from the environment."""
    found = (secrets or {}).get("curator_password_hash") or os.environ.get(HASH_VARIABLE)
    return str(found).strip() or None if found else None
