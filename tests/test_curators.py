"""Who may review (bridge.submissions.curators): scrypt hashes of the curator password, and
where the app finds the configured one."""

from __future__ import annotations

import pytest

from bridge.submissions.curators import HASH_VARIABLE, configured_hash, password_hash, verify

PASSWORD = "correct horse battery staple"


def test_a_hash_verifies_its_password_only() -> None:
    stored = password_hash(PASSWORD, salt=b"0123456789abcdef")
    assert stored == password_hash(PASSWORD, salt=b"0123456789abcdef")
    assert stored.split("$")[:4] == ["scrypt", "16384", "8", "1"]
    assert verify(PASSWORD, stored)
    assert not verify(PASSWORD + " ", stored)
    assert not verify("", stored)


def test_two_hashes_of_one_password_differ_by_their_salt() -> None:
    first, second = password_hash(PASSWORD), password_hash(PASSWORD)
    assert first != second
    assert verify(PASSWORD, first) and verify(PASSWORD, second)


@pytest.mark.parametrize(
    "stored",
    ["", "plain-text-password", "md5$abc$def", "scrypt$x$8$1$c2FsdA==$ZGlnZXN0", "scrypt$$$$$"],
)
def test_a_malformed_hash_verifies_nothing(stored: str) -> None:
    assert not verify(PASSWORD, stored)


def test_the_configured_hash_comes_from_secrets_then_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(HASH_VARIABLE, raising=False)
    assert configured_hash({}) is None
    assert configured_hash(None) is None
    monkeypatch.setenv(HASH_VARIABLE, "  from-env  ")
    assert configured_hash({}) == "from-env"
    assert configured_hash({"curator_password_hash": "from-secrets"}) == "from-secrets"
    monkeypatch.setenv(HASH_VARIABLE, "   ")
    assert configured_hash({}) is None
