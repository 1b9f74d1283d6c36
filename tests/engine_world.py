"""A small literal world for the engine's tests: records built in Python, synthetic only."""

from __future__ import annotations

from bridge.model import Catalogue, Citation, Organisation, Resource
from bridge.taxonomy import Taxonomy

FILLER = (
    "This imaginary work was written for the test suite only and describes nothing real, "
    "so its words are plain and few."
)


def resource(
    rid: str,
    title: str,
    *,
    org: str = "org-a",
    kind: str = "research",
    year: int | None = 2020,
    roles: tuple[str, ...] = ("researcher",),
    harms: tuple[str, ...] = ("csea",),
    regions: tuple[str, ...] = ("Global",),
    summary: str = "",
) -> Resource:
    return Resource(
        id=rid,
        kind=kind,
        title=title,
        summary=f"{summary} {FILLER}".strip(),
        organisation=org,
        sources=(Citation("test"),),
        year=year,
        roles=roles,
        harms=harms,
        regions=regions,
    )


ORGANISATIONS = tuple(
    Organisation(
        id=f"org-{c}",
        name=f"Organisation {c.upper()}",
        sector="civil-society",
        description="Imaginary.",
        sources=(Citation("test"),),
    )
    for c in "abcdef"
)

RECORDS = (
    resource(
        "grooming-study",
        "Online grooming of teenagers",
        org="org-a",
        year=2023,
        harms=("grooming",),
        regions=("Philippines",),
        summary="How offenders groom teenagers on chat apps.",
    ),
    resource(
        "csea-overview",
        "Overview of online child sexual exploitation",
        org="org-b",
        year=2021,
        harms=("csea",),
        regions=("Global",),
        roles=("policymaker",),
        summary="A general overview for policymakers.",
    ),
    resource(
        "sextortion-scams",
        "Financial sextortion and scam centres",
        org="org-c",
        year=2024,
        harms=("sextortion",),
        regions=("Philippines", "Cambodia"),
        summary="Scam call centres extort minors for money.",
    ),
    resource(
        "csam-hotlines",
        "Classifying abuse material for hotlines",
        org="org-d",
        kind="toolkit",
        year=2022,
        harms=("csam",),
        regions=("Europe",),
        roles=("helpline",),
        summary="A common schema for hotline analysts.",
    ),
    resource(
        "kenya-helplines",
        "Child helplines in Kenya",
        org="org-e",
        kind="programme",
        year=2019,
        harms=("csea",),
        regions=("Kenya",),
        roles=("helpline", "parent"),
        summary="Counsellors answer children and parents.",
    ),
    resource(
        "parents-guide",
        "A guide for parents on keeping children safe online",
        org="org-f",
        kind="toolkit",
        year=None,
        harms=("online-harms",),
        regions=("Global",),
        roles=("parent",),
        summary="Talk with your children.",
    ),
    resource(
        "asean-plan",
        "Regional plan for ASEAN",
        org="org-b",
        kind="policy",
        year=2019,
        harms=("csea",),
        regions=("ASEAN",),
        roles=("policymaker",),
        summary="Member states coordinate their response.",
    ),
)


def world(taxonomy: Taxonomy, records: tuple[Resource, ...] = RECORDS) -> Catalogue:
    return Catalogue(records, ORGANISATIONS, taxonomy)
