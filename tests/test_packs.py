"""bridge/packs.py: suggested pairs on a small literal room (complementary roles only, with
their reasons, each person once), the resources a room shares, safe file stems, and
build_workshop on the literal catalogue."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from engine_world import resource

from bridge.engine.rank import Engine, Match
from bridge.model import Catalogue
from bridge.taxonomy import Taxonomy
from bridge.workshop.packs import (
    Pack,
    Pair,
    SharedResource,
    build_workshop,
    shared_resources,
    slugify,
    suggest_pairs,
)
from bridge.workshop.participants import Participant

SCAM = resource("scam-study", "Scam centres study")
GROOMING = resource("grooming-guide", "Grooming guide")
HOTLINE = resource("hotline-manual", "Hotline manual")


def person(
    row: int,
    name: str,
    role: str,
    harms: tuple[str, ...] = (),
    regions: tuple[str, ...] = (),
    interests: str = "",
) -> Participant:
    return Participant(row, name, role, harms, regions, interests)


# A room of six: Ana and Cat share a role (never paired together); Fay has candidates, but
# both are taken by better pairs; Eve (a parent) overlaps with no one.
ANA = person(
    2, "Ana", "researcher", ("sextortion",), ("Philippines",), "scam centres and extortion"
)
BEN = person(
    3, "Ben", "trust-safety", ("sextortion",), ("Philippines",), "detecting extortion on platforms"
)
CAT = person(4, "Cat", "researcher", ("grooming",), ("Kenya",), "grooming in chat apps")
DAN = person(5, "Dan", "helpline", ("grooming",), ("Kenya",), "chat counselling for grooming")
EVE = person(6, "Eve", "parent", ("online-harms",), ("France",), "screen time at home")
FAY = person(7, "Fay", "policymaker", ("sextortion",), ("Philippines",), "new laws")
ROOM = (ANA, BEN, CAT, DAN, EVE, FAY)
HOLDINGS = {
    "Ana": (SCAM, GROOMING),
    "Ben": (SCAM,),
    "Cat": (GROOMING,),
    "Dan": (GROOMING, HOTLINE),
    "Eve": (),
    "Fay": (SCAM,),
}


def pack_of(participant: Participant) -> Pack:
    matches = tuple(Match(r, 1.0, ()) for r in HOLDINGS[participant.name])
    return Pack(participant, f"pack-{participant.name.lower()}", matches, ())


@pytest.fixture(scope="module")
def world(taxonomy: Taxonomy) -> Catalogue:
    return Catalogue((SCAM, GROOMING, HOTLINE), (), taxonomy)


def test_pairs_of_the_literal_room(world: Catalogue) -> None:
    """Best overlap first, complementary roles only, each person in at most one pair, with
    every reason; the others are listed as unpaired in room order."""
    pairs, unpaired = suggest_pairs([pack_of(p) for p in ROOM], world)
    assert pairs == (
        Pair(
            CAT,
            DAN,
            2.5,
            (
                "Researcher with Helplines and frontline services",
                "both work on Online grooming",
                "both work in Kenya",
                "shared interests: chat, grooming",
                "1 resource in both packs, such as “Grooming guide”",
            ),
        ),
        Pair(
            ANA,
            BEN,
            2.1,
            (
                "Researcher with Trust & Safety professional",
                "both work on Sextortion",
                "both work in Philippines",
                "shared interests: extortion",
                "1 resource in both packs, such as “Scam centres study”",
            ),
        ),
    )
    assert unpaired == ("Eve", "Fay")


def test_pairs_are_deterministic_and_independent_of_pack_objects(world: Catalogue) -> None:
    """The same room gives the same pairs every time."""
    first = suggest_pairs([pack_of(p) for p in ROOM], world)
    assert suggest_pairs([pack_of(p) for p in ROOM], world) == first


def test_same_role_is_never_paired(world: Catalogue) -> None:
    """Two researchers with every overlap are not a pair: they are both unpaired."""
    twin = person(3, "Ana Twin", "researcher", ANA.harms, ANA.regions, ANA.interests)
    packs = [pack_of(ANA), Pack(twin, "pack-ana-twin", pack_of(ANA).resources, ())]
    assert suggest_pairs(packs, world) == ((), ("Ana", "Ana Twin"))


@pytest.mark.parametrize(
    ("first", "second", "paired"),
    [
        ("researcher", "trust-safety", True),
        ("educator", "researcher", True),  # educator lists researcher; researcher does not
        ("parent", "helpline", True),  # parent lists helpline; helpline does not
        ("trust-safety", "tech-industry", False),  # neither lists the other
        ("parent", "funder", False),
        ("young-people", "law-enforcement", False),
    ],
)
def test_roles_pair_when_either_lists_the_other(
    world: Catalogue, taxonomy: Taxonomy, first: str, second: str, paired: bool
) -> None:
    """Complementary means either role's pairs_with names the other (roles.yaml)."""
    roles = taxonomy.roles.concepts
    listed = second in roles[first].pairs_with or first in roles[second].pairs_with
    assert listed is paired
    a = person(2, "A", first, ("grooming",), ("Kenya",), "chat apps")
    b = person(3, "B", second, ("grooming",), ("Kenya",), "chat apps")
    packs = [Pack(a, "pack-a", (), ()), Pack(b, "pack-b", (), ())]
    pairs, unpaired = suggest_pairs(packs, world)
    assert ([(p.first.name, p.second.name) for p in pairs], unpaired) == (
        ([("A", "B")], ()) if paired else ([], ("A", "B"))
    )


@pytest.mark.parametrize(
    ("a", "b", "score", "reasons"),
    [
        pytest.param(
            person(2, "A", "researcher", ("csea",)),
            person(3, "B", "helpline", ("grooming", "sextortion")),
            3.0,
            (
                "Researcher with Helplines and frontline services",
                "both work on Online child sexual exploitation and abuse, Online grooming, "
                "Sextortion",
            ),
            id="harm-up-the-tree",
        ),
        pytest.param(
            person(2, "A", "researcher", regions=("Kenya",)),
            person(3, "B", "helpline", regions=("Africa",)),
            1.0,
            ("Researcher with Helplines and frontline services", "both work in Africa, Kenya"),
            id="region-down-the-tree",
        ),
        pytest.param(
            person(2, "A", "researcher", interests="Chats with teenagers"),
            person(3, "B", "helpline", interests="teenager chats"),
            0.8,
            (
                "Researcher with Helplines and frontline services",
                "shared interests: chat, teenager",
            ),
            id="stemmed-interest-words",
        ),
        pytest.param(
            person(2, "A", "researcher", ("grooming",), ("Kenya",)),
            person(3, "B", "helpline", ("sextortion",), ("France",), "the and of"),
            None,
            (),
            id="no-overlap-no-pair",
        ),
    ],
)
def test_overlap_reasons_and_score(
    world: Catalogue,
    a: Participant,
    b: Participant,
    score: float | None,
    reasons: tuple[str, ...],
) -> None:
    """Harms and regions overlap through the tree, interests by stemmed words (stop words
    ignored); no overlap at all means no pair."""
    pairs, _ = suggest_pairs([Pack(a, "pack-a", (), ()), Pack(b, "pack-b", (), ())], world)
    assert [(p.score, p.reasons) for p in pairs] == ([(score, reasons)] if score else [])


def test_shared_resources_most_shared_first_then_title(world: Catalogue) -> None:
    """Resources in two or more packs, with who holds them in room order; the most shared
    first, then by title; a resource in one pack only is left out."""
    assert shared_resources([pack_of(p) for p in ROOM]) == (
        SharedResource(GROOMING, ("Ana", "Cat", "Dan")),
        SharedResource(SCAM, ("Ana", "Ben", "Fay")),
    )
    assert shared_resources([pack_of(ANA)]) == ()


# File stems


def test_slugify_gives_safe_unique_ascii_stems() -> None:
    """Path tricks, device names, emoji, accents and duplicates become unique ASCII stems
    that cannot leave the folder."""
    taken: set[str] = set()
    names = [
        "../x",
        "..\\..\\etc\\passwd",
        "CON",
        "con",
        "😀",
        "🎉🎉",
        "Zoë Ünal",
        "Ana",
        "Ana",
        "ana!",
        "x" * 60,
        "",
        "/",
    ]
    stems = [slugify(name, taken) for name in names]
    assert stems == [
        "pack-x",
        "pack-etc-passwd",
        "pack-con",
        "pack-con-2",
        "pack-participant",
        "pack-participant-2",
        "pack-zoe-unal",
        "pack-ana",
        "pack-ana-2",
        "pack-ana-3",
        "pack-" + "x" * 40,
        "pack-participant-3",
        "pack-participant-4",
    ]
    assert taken == set(stems)
    assert all(re.fullmatch(r"pack-[a-z0-9]+(-[a-z0-9]+)*", s) for s in stems)


def test_slugify_never_reuses_a_stem_that_looks_numbered() -> None:
    """A name that slugifies to an earlier '-2' stem does not collide with a duplicate."""
    taken: set[str] = set()
    assert [slugify(n, taken) for n in ("x 2", "x", "x", "x")] == [
        "pack-x-2",
        "pack-x",
        "pack-x-3",
        "pack-x-4",
    ]


# build_workshop on the literal catalogue


LITERAL_ROOM = (
    person(2, "Rosa", "researcher", ("grooming",), ("Philippines",), "grooming on chat apps"),
    person(3, "Hamid", "helpline", (), ("Kenya", "Africa"), "child helplines"),
    person(4, "Tess", "trust-safety", ("csam",), ("Global",), "hash matching on platforms"),
    person(5, "Rosa", "policymaker", ("sextortion",), ("ASEAN",), "policy on sextortion"),
)


@pytest.fixture(scope="module")
def literal_engine(literal_catalogue: Catalogue) -> Engine:
    return Engine(literal_catalogue)


def test_build_workshop_makes_a_pack_per_person(literal_engine: Engine) -> None:
    """One pack per participant in room order, unique stems, at most `top` resources and
    five contacts, each pack the engine's own search for that person's profile."""
    workshop = build_workshop(LITERAL_ROOM, literal_engine, top=3)
    assert [(p.participant.name, p.slug) for p in workshop.packs] == [
        ("Rosa", "pack-rosa"),
        ("Hamid", "pack-hamid"),
        ("Tess", "pack-tess"),
        ("Rosa", "pack-rosa-2"),
    ]
    for pack in workshop.packs:
        expected = literal_engine.search(pack.participant.query, top=3)
        assert pack.resources == expected.matches
        assert pack.notices == expected.notices
        assert pack.contacts == literal_engine.contacts(pack.participant.query, top=3).matches
    assert [[m.record.id for m in p.resources] for p in workshop.packs] == [
        ["grooming-study-ph"],  # harms and regions are filters: one record passes both
        ["africa-helpline-programme", "kenya-grooming-event", "csam-hash-toolkit"],
        ["csam-hash-toolkit", "africa-helpline-programme"],
        ["asean-policy-brief"],
    ]
    assert [[c.organisation.id for c in p.contacts] for p in workshop.packs] == [
        ["helpline-net", "safe-lab"],
        ["helpline-net", "safe-lab", "tech-alliance"],
        ["tech-alliance", "helpline-net", "safe-lab"],
        ["helpline-net", "safe-lab"],
    ]


def test_build_workshop_pairs_and_shares(literal_engine: Engine) -> None:
    """The workshop's pairs and shared resources are suggest_pairs and shared_resources of
    its packs; each person appears once at most; paired and unpaired cover the room."""
    workshop = build_workshop(LITERAL_ROOM, literal_engine, top=5)
    assert (workshop.pairs, workshop.unpaired) == suggest_pairs(
        workshop.packs, literal_engine.catalogue
    )
    assert workshop.shared == shared_resources(workshop.packs)
    rows = [p.row for pair in workshop.pairs for p in (pair.first, pair.second)]
    assert len(rows) == len(set(rows))
    assert len(rows) + len(workshop.unpaired) == len(LITERAL_ROOM)
    assert build_workshop(LITERAL_ROOM, literal_engine, top=5) == workshop


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(
            person(2, "A", "researcher", ("csea",)),
            person(3, "B", "helpline", ("grooming", "sextortion")),
            id="harms",
        ),
        pytest.param(
            person(2, "A", "trust-safety", regions=("Global",)),
            person(3, "B", "helpline", regions=("Kenya", "Africa")),
            id="regions",
        ),
    ],
)
def test_pair_score_does_not_depend_on_row_order(
    world: Catalogue, a: Participant, b: Participant
) -> None:
    """The overlap of two people is the same whichever of them comes first in the file."""
    swapped_a = Participant(2, b.name, b.role, b.harms, b.regions, b.interests)
    swapped_b = Participant(3, a.name, a.role, a.harms, a.regions, a.interests)
    (one,), _ = suggest_pairs([Pack(a, "pack-a", (), ()), Pack(b, "pack-b", (), ())], world)
    (other,), _ = suggest_pairs(
        [Pack(swapped_a, "pack-b", (), ()), Pack(swapped_b, "pack-a", (), ())], world
    )
    assert one.score == other.score


def test_colleagues_are_never_paired_and_reasons_name_organisations(world: Catalogue) -> None:
    """Two people of one organisation know each other already; across organisations the
    first reason names both."""
    cat = replace(CAT, organisation="Example University")
    dan = replace(DAN, organisation="Example Child Helpline")
    colleague = replace(DAN, organisation=" example  university ")
    pairs, _ = suggest_pairs([pack_of(cat), pack_of(dan)], world)
    assert pairs[0].reasons[0] == (
        "Researcher (Example University) with Helplines and frontline services "
        "(Example Child Helpline)"
    )
    assert suggest_pairs([pack_of(cat), pack_of(colleague)], world) == ((), ("Cat", "Dan"))


def test_build_workshop_tells_its_progress(literal_engine: Engine) -> None:
    """`progress(done, total)` after each pack, in room order."""
    told: list[tuple[int, int]] = []
    room = [ANA, BEN, CAT]
    build_workshop(room, literal_engine, top=2, progress=lambda *n: told.append(n))
    assert told == [(1, 3), (2, 3), (3, 3)]
