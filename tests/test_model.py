"""bridge/model.py: frozen values with lookups by id."""

from __future__ import annotations

import dataclasses

import pytest

from bridge.model import Catalogue, Query


def test_query_normalises_single_values() -> None:
    """A single string for a multi-valued facet becomes a one-item tuple; empty role is None."""
    assert Query(harms="grooming", regions=["Kenya"], kinds=None, role="") == Query(
        harms=("grooming",), regions=("Kenya",), kinds=(), role=None
    )


def test_values_are_frozen(literal_catalogue: Catalogue) -> None:
    """Records and the catalogue cannot be changed in place."""
    record = literal_catalogue.resource("csam-hash-toolkit")
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.title = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        literal_catalogue.resources = ()  # type: ignore[misc]


def test_catalogue_lookups(literal_catalogue: Catalogue) -> None:
    """Records and organisations are found by id; an unknown organisation's name is its id."""
    assert literal_catalogue.resource("kenya-grooming-event").organisation == "helpline-net"
    assert literal_catalogue.organisation_name("helpline-net") == "Helpline Network Test"
    assert literal_catalogue.organisation_name("nobody") == "nobody"
    with pytest.raises(KeyError):
        literal_catalogue.resource("nobody")


def test_origin_is_not_part_of_the_value(literal_catalogue: Catalogue) -> None:
    """Two records that differ only in origin are equal."""
    record = literal_catalogue.resource("csam-hash-toolkit")
    assert dataclasses.replace(record, origin="elsewhere.csv") == record
