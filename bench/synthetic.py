"""Seeded synthetic catalogues and queries for the speed benchmark.

Text is English-like: words drawn from a Zipfian vocabulary (s = 1.1) of function words,
a few hundred real words of the field and 50,000 pseudo-words. Facets follow the shape of
the real catalogue in resources/ (roles 1-4, harms 1-3 led by csea, regions 1-3 with ~15%
Global, years 2015-2025 leaning recent, ~10% without a year). The same seed gives the same
catalogue for a size, and the same queries at every size.

Generation is vectorised with numpy: word ids for every title and summary are drawn in one
call per chunk and the strings are cut out of one joined chunk, so the only Python loop is
one per record (to build the frozen `Resource`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from bridge.catalogue.taxonomy_files import load_taxonomy
from bridge.engine.filters import harm_relation, passes, resolve_filters
from bridge.model import Catalogue, Citation, Organisation, Query, Resource
from bridge.taxonomy import Taxonomy
from bridge.vocabulary import GLOBAL

SEED = 20_261_101
ZIPF_S = 1.1
PSEUDO_WORDS = 50_000
TAXONOMY_DIR = Path(__file__).resolve().parent.parent / "resources" / "taxonomy"
CHUNK = 100_000
ACCESSED = "2026-11-01"  # the day every synthetic source page was read


def _cited(url: str, title: str) -> tuple[Citation, ...]:
    """One source page, as the bundled records cite theirs: url, title, day read."""
    return (Citation(title[:300], url, ACCESSED),)


def _wordlist(text: str) -> list[str]:
    return text.split()


# Function words take the top ranks, as in real English text; every system drops them.
FUNCTION_WORDS = _wordlist(
    "the of and to in a for on with is that by as are from at be this an or their its which "
    "was it has have were these can more also other such between how through about into"
)

# Real words of the field, spread over ranks 40-6000 (so most are mid-frequency).
DOMAIN_WORDS = _wordlist("""
children child online safety abuse sexual exploitation protection young people parents
grooming sextortion helpline curriculum school schools teachers education educators
platform platforms technology tech industry companies detection reporting report reports
victims survivors support services police law enforcement investigation investigators
prosecution justice legislation law laws policy policies government governments national
regional international global research study studies data evidence survey findings
prevention prevent awareness campaign campaigns training guidance guidelines toolkit
framework standards response responses social media messaging apps gaming games streaming
livestreaming images videos material content moderation removal hotline hotlines
trafficking offenders offender perpetrators risk risks harm harms harmful wellbeing
mental health counselling care caregivers families family community communities
adolescents teenagers girls boys gender youth participation voices rights digital
internet access mobile phones smartphones devices encryption privacy artificial
intelligence deepfake deepfakes synthetic generative classifier classifiers hashing
hash matching photodna tools tool model models dataset datasets analysis annual trends
partnership partnerships collaboration coalition network networks alliance funding
funders donors investment programme programmes project projects pilot implementation
evaluation impact outcomes results lessons learned practice practices capacity building
workshop workshops conference summit event webinar course module lesson lessons
resources resource materials handbook manual checklist assessment audit review
consultation stakeholders civil society ngo ngos charity foundation agency agencies
unicef interpol europol commission council parliament regulator regulation regulatory
compliance transparency accountability safety-by-design design age verification
assurance parental controls settings filters literacy skills resilience empowerment
disclosure consent coercion blackmail money payment financial extortion scam scams
cybercrime crime crimes criminal network darkweb forums chat chats livestream webcam
travel tourism migration refugees disability disabilities vulnerable marginalised
rural urban language languages translation local country countries africa asia europe
americas pacific kenya philippines cambodia indonesia thailand vietnam uganda tanzania
brazil mexico india nepal ghana nigeria colombia peru albania moldova
""")

SUFFIXES = _wordlist(
    "Foundation Institute Alliance Network Centre Coalition Trust Council Initiative Lab "
    "Project Forum Partnership Observatory Hotline"
)

ONSETS = _wordlist(
    "b c d f g h j k l m n p r s t v w z br cr dr fr gr pr tr bl cl fl gl pl sl st sh ch th"
)
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io"]
CODAS = ["", "", "", "n", "r", "l", "s", "m", "t", "nd", "rk", "st"]

ROLE_WEIGHTS = {
    "civil-society": 51,
    "policymaker": 48,
    "researcher": 31,
    "tech-industry": 22,
    "trust-safety": 20,
    "law-enforcement": 19,
    "helpline": 15,
    "funder": 14,
    "young-people": 14,
    "parent": 9,
    "educator": 9,
}
HARM_WEIGHTS = {
    "csea": 40,
    "online-harms": 15,
    "csam": 12,
    "grooming": 10,
    "sextortion": 8,
    "self-generated": 5,
    "ai-generated": 5,
    "livestreaming": 4,
    "trafficking": 4,
}
KIND_WEIGHTS = {
    "research": 21,
    "programme": 20,
    "policy": 9,
    "toolkit": 8,
    "event": 7,
    "news": 5,
    "dataset": 3,
    "story": 2,
}
# Countries the field writes about most; the rest follow in the taxonomy's order.
LEADING_COUNTRIES = (
    "Philippines",
    "United Kingdom",
    "United States",
    "Kenya",
    "Cambodia",
    "Indonesia",
    "Thailand",
    "Vietnam",
    "South Africa",
    "India",
    "Brazil",
    "Uganda",
    "Ghana",
    "Nigeria",
    "Mexico",
    "Colombia",
    "Australia",
    "Germany",
    "France",
    "Malaysia",
)
GLOBAL_SHARE = 0.15
NON_COUNTRY_SHARE = 0.15  # of the non-Global region tags: M49 regions and named groups
NO_YEAR_SHARE = 0.10


@dataclass(frozen=True)
class Vocab:
    words: tuple[str, ...]
    cdf: np.ndarray  # Zipf CDF over ranks
    lengths: np.ndarray  # characters per word
    first_content: int  # rank of the first non-function word


@cache
def vocabulary() -> Vocab:
    rng = np.random.default_rng(SEED)
    reserved = set(FUNCTION_WORDS) | set(DOMAIN_WORDS) | _stop_words()
    pseudo: dict[str, None] = {}
    while len(pseudo) < PSEUDO_WORDS:
        batch = 20_000
        syllables = rng.choice([1, 2, 3], size=batch, p=[0.1, 0.5, 0.4])
        onset = rng.integers(0, len(ONSETS), size=(batch, 3))
        vowel = rng.integers(0, len(VOWELS), size=(batch, 3))
        coda = rng.integers(0, len(CODAS), size=batch)
        for i in range(batch):
            word = "".join(ONSETS[onset[i, j]] + VOWELS[vowel[i, j]] for j in range(syllables[i]))
            word += CODAS[coda[i]]
            if word not in reserved:
                pseudo[word] = None
    pseudo_words = list(pseudo)[:PSEUDO_WORDS]
    domain = list(dict.fromkeys(DOMAIN_WORDS))
    size = len(FUNCTION_WORDS) + len(domain) + len(pseudo_words)
    slots = np.unique(np.geomspace(40, 6000, len(domain)).astype(np.int64))
    while len(slots) < len(domain):  # geomspace repeats small ranks: push them apart
        slots = np.unique(np.concatenate([slots, slots[-1:] + 1]))
    order = rng.permutation(len(domain))  # which domain word sits at which slot
    words: list[str | None] = [None] * size
    words[: len(FUNCTION_WORDS)] = FUNCTION_WORDS
    for slot, index in zip(slots.tolist(), order.tolist(), strict=True):
        words[len(FUNCTION_WORDS) + slot] = domain[index]
    fill = iter(pseudo_words)
    final = tuple(w if w is not None else next(fill) for w in words)
    ranks = np.arange(1, size + 1, dtype=np.float64)
    weights = ranks**-ZIPF_S
    cdf = np.cumsum(weights / weights.sum())
    cdf[-1] = 1.0
    lengths = np.fromiter(map(len, final), dtype=np.int64, count=size)
    return Vocab(final, cdf, lengths, len(FUNCTION_WORDS))


def _stop_words() -> set[str]:
    from bm25s.stopwords import STOPWORDS_EN

    from bridge.engine.stopwords import stop_words

    return set(stop_words()) | set(STOPWORDS_EN)


def zipf_ids(rng: np.random.Generator, count: int) -> np.ndarray:
    return np.searchsorted(vocabulary().cdf, rng.random(count), side="right")


def _texts(rng: np.random.Generator, lengths: np.ndarray) -> list[str]:
    """One string of Zipf words per entry of `lengths`, cut out of one joined string."""
    vocab = vocabulary()
    ids = zipf_ids(rng, int(lengths.sum()))
    joined = " ".join(map(vocab.words.__getitem__, ids.tolist()))
    chars = vocab.lengths[ids] + 1  # each word and the space after it
    ends = np.cumsum(chars)
    word_ends = np.cumsum(lengths)
    stop = ends[word_ends - 1] - 1  # drop the trailing space
    start = np.concatenate([[0], ends[word_ends[:-1] - 1]])
    return [joined[a:b] for a, b in zip(start.tolist(), stop.tolist(), strict=True)]


def _weights_cdf(weights: np.ndarray) -> np.ndarray:
    cdf = np.cumsum(weights / weights.sum())
    cdf[-1] = 1.0
    return cdf


def _pick_sets(rng: np.random.Generator, n: int, cdf: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """n x max(counts) codes drawn from `cdf`, -1 padded; repeats within a row become -1."""
    width = int(counts.max())
    codes = np.searchsorted(cdf, rng.random((n, width)), side="right").astype(np.int32)
    codes[np.arange(width)[None, :] >= counts[:, None]] = -1
    for j in range(1, width):  # blank a repeat of an earlier column
        repeat = (codes[:, j : j + 1] == codes[:, :j]).any(axis=1)
        codes[repeat, j] = -1
    return codes


@dataclass(frozen=True)
class Facets:
    """Region vocabulary used for tags, with sampling weights (shared by records and queries)."""

    names: tuple[str, ...]
    cdf: np.ndarray  # over names, Global excluded (it is assigned separately)


def region_choices(taxonomy: Taxonomy) -> Facets:
    regions = taxonomy.regions
    countries = [n for n in regions.names if regions[n].kind == "country"]
    leading = [c for c in LEADING_COUNTRIES if c in regions]
    countries = leading + [c for c in countries if c not in leading]
    others = [n for n in regions.names if regions[n].kind != "country" and n != GLOBAL]
    country_w = 1.0 / np.arange(1, len(countries) + 1) ** 1.0
    country_w *= (1 - NON_COUNTRY_SHARE) / country_w.sum()
    other_w = np.full(len(others), NON_COUNTRY_SHARE / len(others))
    names = (GLOBAL, *countries, *others)
    weights = np.concatenate([[0.0], country_w, other_w])
    return Facets(names, _weights_cdf(weights))


@dataclass(frozen=True)
class Data:
    """A catalogue with its facets as code arrays (for vectorised masks) and the queries."""

    catalogue: Catalogue
    short: tuple[Query, ...]
    profile: tuple[Query, ...]
    role_names: tuple[str, ...]
    harm_names: tuple[str, ...]
    region_names: tuple[str, ...]
    harm_codes: np.ndarray  # n x 3, -1 padded
    region_codes: np.ndarray  # n x 3, -1 padded


def taxonomy() -> Taxonomy:
    return load_taxonomy(TAXONOMY_DIR)


def generate(n: int, queries: int = 200, seed: int = SEED) -> Data:
    """A catalogue of `n` records and `queries` short and `queries` profile queries."""
    tax = taxonomy()
    rng = np.random.default_rng([seed, n])
    roles = tuple(ROLE_WEIGHTS)
    harms = tuple(HARM_WEIGHTS)
    kinds = tuple(KIND_WEIGHTS)
    facets = region_choices(tax)
    assert set(roles) == set(tax.roles.ids) and set(harms) == set(tax.harms.ids)

    organisations = _organisations(rng, max(5, n // 20), tax, facets)
    org_cdf = _weights_cdf(1.0 / np.arange(1, len(organisations) + 1) ** 0.7)
    org_of = np.searchsorted(org_cdf, rng.random(n), side="right")
    org_of = rng.permutation(len(organisations))[org_of]  # big organisations anywhere in order
    has_partner = rng.random(n) < 0.15
    partner_of = rng.integers(0, len(organisations), size=n)

    role_codes = _pick_sets(
        rng,
        n,
        _weights_cdf(np.array([ROLE_WEIGHTS[r] for r in roles], dtype=np.float64)),
        rng.choice([1, 2, 3, 4], size=n, p=[0.15, 0.3, 0.35, 0.2]),
    )
    harm_codes = _pick_sets(
        rng,
        n,
        _weights_cdf(np.array([HARM_WEIGHTS[h] for h in harms], dtype=np.float64)),
        rng.choice([1, 2, 3], size=n, p=[0.7, 0.22, 0.08]),
    )
    region_codes = _pick_sets(
        rng, n, facets.cdf, rng.choice([1, 2, 3], size=n, p=[0.75, 0.18, 0.07])
    )
    is_global = rng.random(n) < GLOBAL_SHARE
    region_codes[is_global, 0] = 0  # Global leads; most Global records are only Global
    region_codes[is_global & (rng.random(n) < 0.8), 1:] = -1
    region_codes = _dedupe_rows(region_codes)
    years = 2015 + np.searchsorted(
        _weights_cdf(1.25 ** np.arange(11.0)), rng.random(n), side="right"
    )
    no_year = rng.random(n) < NO_YEAR_SHARE
    kind_of = np.searchsorted(
        _weights_cdf(np.array(list(KIND_WEIGHTS.values()), dtype=np.float64)),
        rng.random(n),
        side="right",
    )

    org_ids = [o.id for o in organisations]
    org_names = [o.name for o in organisations]
    resources: list[Resource] = []
    for lo in range(0, n, CHUNK):
        hi = min(n, lo + CHUNK)
        titles = _texts(rng, rng.integers(6, 13, size=hi - lo))
        summaries = _texts(rng, rng.integers(40, 91, size=hi - lo))
        rc, hc = role_codes[lo:hi].tolist(), harm_codes[lo:hi].tolist()
        gl = region_codes[lo:hi].tolist()
        for i in range(hi - lo):
            row = lo + i
            org = org_ids[org_of[row]]
            partner = org_ids[partner_of[row]] if has_partner[row] else None
            record_id, title = f"r{row:07d}", titles[i].capitalize()
            url = f"https://{org}.example.org/resources/{record_id}"
            resources.append(
                Resource(
                    id=record_id,
                    kind=kinds[kind_of[row]],
                    title=title,
                    summary=summaries[i].capitalize() + ".",
                    organisation=org,
                    url=url,
                    sources=_cited(url, f"{org_names[org_of[row]]}: {title}"),
                    partners=(partner,) if partner and partner != org else (),
                    year=None if no_year[row] else int(years[row]),
                    languages=("en",),
                    roles=tuple(roles[c] for c in rc[i] if c >= 0),
                    harms=tuple(harms[c] for c in hc[i] if c >= 0),
                    regions=tuple(facets.names[c] for c in gl[i] if c >= 0),
                )
            )
    catalogue = Catalogue(tuple(resources), tuple(organisations), tax)
    short, profile = make_queries(queries, seed, tax, facets)
    return Data(
        catalogue,
        short,
        profile,
        roles,
        harms,
        facets.names,
        harm_codes,
        region_codes,
    )


def _dedupe_rows(codes: np.ndarray) -> np.ndarray:
    for j in range(1, codes.shape[1]):
        repeat = (codes[:, j : j + 1] == codes[:, :j]).any(axis=1) & (codes[:, j] >= 0)
        codes[repeat, j] = -1
    return codes


def _organisations(
    rng: np.random.Generator, count: int, tax: Taxonomy, facets: Facets
) -> list[Organisation]:
    """Organisations with 1-3 word names, a sector, 10-20 words of description, 1-2 harms
    and 0-2 regions (their resources add more in bridge's contact index)."""
    vocab = vocabulary()
    harms = tuple(HARM_WEIGHTS)
    harm_codes = _pick_sets(
        rng,
        count,
        _weights_cdf(np.array(list(HARM_WEIGHTS.values()), dtype=np.float64)),
        rng.choice([1, 2], size=count, p=[0.7, 0.3]),
    ).tolist()
    region_codes = _pick_sets(
        rng, count, facets.cdf, rng.choice([0, 1, 2], size=count, p=[0.3, 0.5, 0.2])
    ).tolist()
    name_lengths = rng.integers(1, 4, size=count)
    # Names from content words only (function words would read oddly capitalised).
    ids = zipf_ids(rng, int(name_lengths.sum()))
    ids = np.maximum(ids, vocab.first_content)
    suffix = rng.integers(0, len(SUFFIXES), size=count)
    sectors = tax.sectors.ids
    sector = rng.integers(0, len(sectors), size=count)
    descriptions = _texts(rng, rng.integers(10, 21, size=count))
    out = []
    at = 0
    for j in range(count):
        words = [vocab.words[k].capitalize() for k in ids[at : at + name_lengths[j]].tolist()]
        at += int(name_lengths[j])
        organisation_id, name = f"o{j:06d}", " ".join([*words, SUFFIXES[suffix[j]]])
        url = f"https://{organisation_id}.example.org/"
        out.append(
            Organisation(
                id=organisation_id,
                name=name,
                sector=sectors[sector[j]],
                description=descriptions[j].capitalize() + ".",
                url=url,
                sources=_cited(url, f"{name}, about us"),
                harms=tuple(harms[c] for c in harm_codes[j] if c >= 0),
                regions=tuple(facets.names[c] for c in region_codes[j] if c >= 0),
            )
        )
    return out


def make_queries(
    count: int, seed: int, tax: Taxonomy, facets: Facets
) -> tuple[tuple[Query, ...], tuple[Query, ...]]:
    """`count` short keyword queries and `count` profile queries; the same at every size."""
    rng = np.random.default_rng([seed, 7])
    vocab = vocabulary()
    domain = [w for w in dict.fromkeys(DOMAIN_WORDS)]
    short = []
    for _ in range(count):
        size = int(rng.choice([1, 2, 3], p=[0.4, 0.4, 0.2]))
        words = []
        for _ in range(size):
            if rng.random() < 0.3:
                words.append(domain[rng.integers(len(domain))])
            else:  # mid-frequency: log-uniform over ranks 100-5000
                rank = int(np.exp(rng.uniform(np.log(100), np.log(5000))))
                words.append(vocab.words[rank])
        short.append(Query(text=" ".join(words)))
    roles = tax.roles.ids
    harms = tuple(HARM_WEIGHTS)
    harm_cdf = _weights_cdf(np.array(list(HARM_WEIGHTS.values()), dtype=np.float64))
    profile = []
    for _ in range(count):
        role = roles[rng.integers(len(roles))]
        n_harms = int(rng.choice([0, 1, 2], p=[0.3, 0.45, 0.25]))
        n_regions = int(rng.choice([0, 1, 2], p=[0.35, 0.45, 0.2]))
        wanted_harms = dict.fromkeys(
            harms[int(np.searchsorted(harm_cdf, rng.random(), side="right"))]
            for _ in range(n_harms)
        )
        wanted_regions = dict.fromkeys(
            facets.names[int(np.searchsorted(facets.cdf, rng.random(), side="right"))]
            for _ in range(n_regions)
        )
        length = int(rng.integers(20, 61))
        text = " ".join(vocab.words[i] for i in zipf_ids(rng, length).tolist())
        profile.append(
            Query(
                text=text.capitalize() + ".",
                role=role,
                harms=tuple(wanted_harms),
                regions=tuple(wanted_regions),
            )
        )
    return tuple(short), tuple(profile)


def allowed_mask(data: Data, query: Query) -> np.ndarray | None:
    """Rows passing the query's filters, by bridge's own rules (resolve_filters,
    harm_relation, Regions.relation, OR within a facet and AND across), vectorised over
    the facet code arrays; None when the query sets no filter."""
    tax = data.catalogue.taxonomy
    filters = resolve_filters(query, tax)
    n = len(data.catalogue.resources)
    mask = np.ones(n, dtype=bool)
    if not filters.harms and not filters.regions:
        assert filters.is_empty
        return None
    if filters.harms:
        ok = np.array(
            [any(harm_relation(tax.harms, h, w) for w in filters.harms) for h in data.harm_names]
            + [False]  # code -1 (padding) indexes this
        )
        mask &= ok[data.harm_codes].any(axis=1)
    if filters.regions:
        ok = np.array(
            [any(tax.regions.relation(r, w) for w in filters.regions) for r in data.region_names]
            + [False]
        )
        mask &= ok[data.region_codes].any(axis=1)
    return mask


def check_masks(data: Data, masks: list[np.ndarray | None], sample: int = 300) -> int:
    """Compares the vectorised masks with bridge.engine.filters.passes on sampled rows; returns
    the number of rows checked (raises on a difference)."""
    rng = np.random.default_rng(1)
    records = data.catalogue.resources
    tax = data.catalogue.taxonomy
    checked = 0
    for query, mask in zip(data.profile, masks, strict=True):
        filters = resolve_filters(query, tax)
        rows = rng.choice(len(records), size=min(sample, len(records)), replace=False)
        for row in rows.tolist():
            expected = passes(records[row], filters, tax)
            got = True if mask is None else bool(mask[row])
            if expected != got:
                raise AssertionError(f"mask differs from passes() for {query} at row {row}")
            checked += 1
    return checked


RECORDS_PER_FILE = 10_000  # a table well under the loader's 50 MB limit per file


def write_catalogue(data: Data, folder: Path) -> Path:
    """The catalogue as a real catalogue folder: the bundled taxonomy, the organisations and
    the records as JSON Lines tables, so loading it reads and validates files as any does."""
    import json
    import shutil

    catalogue = data.catalogue
    shutil.copytree(TAXONOMY_DIR, folder / "taxonomy")
    (folder / "organisations").mkdir()
    (folder / "records").mkdir()
    lines = [json.dumps(_organisation_row(o)) for o in catalogue.organisations]
    (folder / "organisations" / "organisations.jsonl").write_text("\n".join(lines) + "\n")
    resources = catalogue.resources
    for part, lo in enumerate(range(0, len(resources), RECORDS_PER_FILE)):
        rows = (json.dumps(_resource_row(r)) for r in resources[lo : lo + RECORDS_PER_FILE])
        (folder / "records" / f"part-{part:04d}.jsonl").write_text("\n".join(rows) + "\n")
    return folder


def _resource_row(record: Resource) -> dict[str, object]:
    row: dict[str, object] = {
        "id": record.id,
        "kind": record.kind,
        "title": record.title,
        "summary": record.summary,
        "organisation": record.organisation,
        "partners": list(record.partners),
        "languages": list(record.languages),
        "roles": list(record.roles),
        "harms": list(record.harms),
        "regions": list(record.regions),
        "url": record.url,
        "sources": _sources(record.sources),
    }
    if record.year is not None:
        row["year"] = record.year
    return row


def _organisation_row(organisation: Organisation) -> dict[str, object]:
    return {
        "id": organisation.id,
        "name": organisation.name,
        "sector": organisation.sector,
        "description": organisation.description,
        "regions": list(organisation.regions),
        "harms": list(organisation.harms),
        "url": organisation.url,
        "sources": _sources(organisation.sources),
    }


def _sources(sources: tuple[Citation, ...]) -> list[dict[str, str | None]]:
    return [{"url": s.url, "title": s.title, "accessed": s.accessed} for s in sources]
