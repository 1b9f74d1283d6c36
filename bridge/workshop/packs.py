"""Workshop packs: each participant's top resources and contacts, what the room shares,
and suggested cross-sector pairs whose interests overlap. Pure: participants in, values out."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bridge.engine.contacts import ContactMatch
from bridge.engine.filters import harm_relation
from bridge.engine.rank import Engine, Match
from bridge.engine.stopwords import stop_words
from bridge.engine.text import terms
from bridge.model import Catalogue, Resource
from bridge.taxonomy import Taxonomy
from bridge.workshop.participants import Participant

CONTACTS_PER_PACK = 5


@dataclass(frozen=True, slots=True)
class Pack:
    """One participant's pack: their profile, ranked resources and contacts, file stem."""

    participant: Participant
    slug: str
    resources: tuple[Match, ...]
    contacts: tuple[ContactMatch, ...]
    notices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Pair:
    """Two participants from different sectors worth introducing, and why."""

    first: Participant
    second: Participant
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SharedResource:
    resource: Resource
    holders: tuple[str, ...]  # participant names whose packs include it


@dataclass(frozen=True, slots=True)
class Workshop:
    """Everything a facilitator hands out: the packs and the group overview."""

    packs: tuple[Pack, ...]
    shared: tuple[SharedResource, ...]
    pairs: tuple[Pair, ...]
    unpaired: tuple[str, ...]


def slugify(name: str, taken: set[str]) -> str:
    """A safe, unique ASCII file stem for a participant's name ('../x', 'CON', emoji)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40] or "participant"
    slug, n = f"pack-{stem}", 2
    while slug in taken:
        slug, n = f"pack-{stem}-{n}", n + 1
    taken.add(slug)
    return slug


def build_workshop(
    participants: Sequence[Participant],
    engine: Engine,
    *,
    top: int,
    progress: Callable[[int, int], None] | None = None,
) -> Workshop:
    """A pack per participant, the resources the room shares, and suggested pairs;
    `progress(done, total)` is told after each pack."""
    taken: set[str] = set()
    packs = []
    for done, person in enumerate(participants, start=1):
        results = engine.search(person.query, top=top)
        contacts = engine.contacts(person.query, top=min(top, CONTACTS_PER_PACK))
        packs.append(
            Pack(
                person,
                slugify(person.name, taken),
                results.matches,
                contacts.matches,
                results.notices,
            )
        )
        if progress is not None:
            progress(done, len(participants))
    pairs, unpaired = suggest_pairs(packs, engine.catalogue, ignored=engine.index.stop_words)
    return Workshop(tuple(packs), shared_resources(packs), pairs, unpaired)


def shared_resources(packs: Sequence[Pack]) -> tuple[SharedResource, ...]:
    """Resources in two or more packs, most shared first."""
    holders: dict[str, list[str]] = {}
    records: dict[str, Resource] = {}
    for pack in packs:
        for match in pack.resources:
            holders.setdefault(match.record.id, []).append(pack.participant.name)
            records[match.record.id] = match.record
    shared = [
        SharedResource(records[i], tuple(names)) for i, names in holders.items() if len(names) >= 2
    ]
    return tuple(sorted(shared, key=lambda s: (-len(s.holders), s.resource.title.casefold())))


def suggest_pairs(
    packs: Sequence[Pack], catalogue: Catalogue, *, ignored: frozenset[str] | None = None
) -> tuple[tuple[Pair, ...], tuple[str, ...]]:
    """Greedy pairing of complementary roles by overlap; each person in one pair at most.
    Shared interests are compared without the `ignored` words (an index's stop words; by
    default those a new index would have)."""
    ignored = stop_words() if ignored is None else ignored
    candidates = []
    for i, a in enumerate(packs):
        for b in packs[i + 1 :]:
            pair = _pair(a, b, catalogue, ignored)
            if pair is not None:
                candidates.append(pair)
    candidates.sort(key=lambda p: (-p.score, p.first.row, p.second.row))
    chosen, used = [], set()
    for pair in candidates:
        if pair.first.row not in used and pair.second.row not in used:
            chosen.append(pair)
            used |= {pair.first.row, pair.second.row}
    unpaired = tuple(p.participant.name for p in packs if p.participant.row not in used)
    return tuple(chosen), unpaired


def _pair(a: Pack, b: Pack, catalogue: Catalogue, ignored: frozenset[str]) -> Pair | None:
    taxonomy = catalogue.taxonomy
    first, second = a.participant, b.participant
    roles = taxonomy.roles.concepts
    if _colleagues(first, second):
        return None
    if first.role == second.role or not (
        second.role in roles[first.role].pairs_with or first.role in roles[second.role].pairs_with
    ):
        return None
    harms = sorted(  # both people's harms that meet the other's: the same either way round
        {h for h in first.harms for g in second.harms if harm_relation(taxonomy.harms, g, h)}
        | {g for g in second.harms for h in first.harms if harm_relation(taxonomy.harms, h, g)}
    )
    regions = sorted(
        {r for r in first.regions for g in second.regions if taxonomy.regions.relation(g, r)}
        | {g for g in second.regions for r in first.regions if taxonomy.regions.relation(r, g)}
    )
    words = sorted(set(terms(first.interests, ignored)) & set(terms(second.interests, ignored)))
    ours = {m.record.id: m.record.title for m in a.resources}
    both = [ours[m.record.id] for m in b.resources if m.record.id in ours]
    score = len(harms) + 0.5 * len(regions) + 0.4 * len(words) + 0.2 * len(both)
    if not score:
        return None
    reasons = [f"{_who(first, taxonomy)} with {_who(second, taxonomy)}"]
    if harms:
        reasons.append("both work on " + ", ".join(taxonomy.harms.label(h) for h in harms))
    if regions:
        reasons.append("both work in " + ", ".join(regions))
    if words:
        reasons.append("shared interests: " + ", ".join(words[:6]))
    if both:
        noun = "resource" if len(both) == 1 else "resources"
        reasons.append(f"{len(both)} {noun} in both packs, such as “{both[0]}”")
    return Pair(first, second, round(score, 3), tuple(reasons))


def _colleagues(first: Participant, second: Participant) -> bool:
    """Whether two people work at the same organisation (they know each other already)."""
    mine, theirs = (" ".join(p.organisation.casefold().split()) for p in (first, second))
    return bool(mine) and mine == theirs


def _who(person: Participant, taxonomy: Taxonomy) -> str:
    """A person's role, and their organisation when known: "Researcher (Example University)"."""
    role = taxonomy.roles.label(person.role)
    return f"{role} ({person.organisation})" if person.organisation else role
