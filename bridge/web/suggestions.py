"""Tags suggested from a page's or a reference's words: harms and roles from the taxonomy's
labels, synonyms, misspellings, deprecated terms and thesaurus; regions from every name and
alias the region vocabulary knows; the kind from the page's or reference's type; the
organisation from the site the page is on. Each suggestion keeps the words that led to it.

Words are read as the search index reads them (folded, lightly stemmed), and the longest
phrase wins, so "South Africa" is the country and "child sexual abuse" is not a role."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

import pycountry

from bridge.engine.stopwords import stop_words
from bridge.engine.text import stem, words
from bridge.model import Catalogue
from bridge.taxonomy import Taxonomy

if TYPE_CHECKING:  # scikit-learn is imported only when a model is fitted
    from bridge.engine.learnt import LearntTag

Field = Literal["kind", "organisation", "roles", "harms", "regions"]
FIELDS: tuple[Field, ...] = ("kind", "organisation", "harms", "roles", "regions")
Key = tuple[str, ...]
_BREAK = re.compile(r"[,;:!?()\[\]{}|\"“”]|\.(?=\s|$)")  # a phrase never spans these
_ACRONYM = re.compile(r"(?<![\w.])(?:(?:[A-Z]\.){2,4}|[A-Z][A-Z0-9]{1,4}(?!\w))")

# Types of references (RIS, BibTeX, CSL) and pages (schema.org, OpenGraph), by kind.
_KIND_TYPES = {
    "research": (
        "jour rprt book chap thes conf cpaper ser ejour abst inpr gen article inbook "
        "incollection inproceedings techreport report phdthesis mastersthesis thesis "
        "article-journal chapter paper-conference manuscript scholarlyarticle "
        "medicalscholarlyarticle"
    ),
    "dataset": "data dbase aggr dataset",
    "toolkit": "comp software softwareapplication webapplication",
    "policy": "bill govdoc legal stat hear legislation regulation legal_case treaty",
    "news": "news mgzn article-newspaper article-magazine newsarticle",
    "event": "event socialevent educationevent",
}
TYPE_KINDS: Mapping[str, str] = {
    name: kind for kind, names in _KIND_TYPES.items() for name in names.split()
}


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A value suggested for a field of a draft and why: the phrases of the text that led to
    it, each as first written with how often it occurs, or the type or site it comes from."""

    field: Field
    value: str
    words: tuple[tuple[str, int], ...] = ()
    reason: str = ""  # for a suggestion from a type or a site rather than from words
    learnt: float | None = None  # the chance a classifier of the catalogue's records gives

    @property
    def count(self) -> int:
        return sum(n for _, n in self.words)

    @property
    def because(self) -> str:
        """'"online grooming" (3), "grooming" (1)', or the reason; then what was learnt
        ('the tags of records like it: 82%')."""
        named = self.reason or ", ".join(f'"{phrase}" ({n})' for phrase, n in self.words)
        if self.learnt is None:
            return named
        learnt = f"the tags of records like it: {self.learnt:.0%}"
        return f"{named}; {learnt}" if named else learnt


@dataclass(frozen=True, slots=True)
class PhraseBook:
    """Every phrase that names a harm, a role or a region, as stemmed words; acronyms (UK,
    USA, EU) apart, matched only as written in capitals."""

    phrases: Mapping[Key, tuple[tuple[Field, str], ...]]
    lengths: Mapping[str, tuple[int, ...]]
    acronyms: Mapping[str, str]  # as written -> region

    @classmethod
    def from_taxonomy(cls, taxonomy: Taxonomy) -> PhraseBook:
        found: dict[Key, dict[tuple[Field, str], None]] = {}
        ignored = stop_words()
        for field, names in _concept_names(taxonomy):
            for value, name in names:
                key = tuple(stem(w) for w in words(name))
                if key and not all(w in ignored for w in key):
                    found.setdefault(key, {})[(field, value)] = None
        acronyms: dict[str, str] = {}
        for region, alias in _region_names(taxonomy):
            if re.fullmatch(r"[A-Z][A-Z0-9.]{1,4}", alias):
                acronyms.setdefault(alias.replace(".", ""), region)
            elif not alias.isdigit():
                key = tuple(stem(w) for w in words(alias))
                if key:
                    found.setdefault(key, {})[("regions", region)] = None
        lengths: dict[str, set[int]] = {}
        for key in found:
            lengths.setdefault(key[0], set()).add(len(key))
        return cls(
            {k: tuple(v) for k, v in found.items()},
            {w: tuple(sorted(n, reverse=True)) for w, n in lengths.items()},
            acronyms,
        )

    def hits(self, text: str) -> Iterator[tuple[Field, str, Key, str]]:
        """(field, value, phrase key, phrase as written) for each phrase found, longest
        first at each place."""
        tokens = list(_tokens(text))
        breaks = [found.start() for found in _BREAK.finditer(text)]
        start = 0
        while start < len(tokens):
            matched = self._phrase_at(tokens, start, breaks)
            if matched is None:
                start += 1
                continue
            key, size = matched
            written = text[tokens[start][1] : tokens[start + size - 1][2]]
            for field, value in self.phrases[key]:
                yield field, value, key, written
            start += size
        for found in _ACRONYM.finditer(text):
            region = self.acronyms.get(found.group().replace(".", ""))
            if region and _not_shouting(text, found.start(), found.end()):
                yield "regions", region, (found.group(),), found.group()

    def _phrase_at(
        self, tokens: list[tuple[str, int, int]], start: int, breaks: list[int]
    ) -> tuple[Key, int] | None:
        """The longest phrase starting at `start` that crosses no punctuation."""
        for size in self.lengths.get(tokens[start][0], ()):
            key = tuple(t for t, _, _ in tokens[start : start + size])
            if len(key) != size or key not in self.phrases:
                continue
            if not _crosses(breaks, tokens[start][1], tokens[start + size - 1][1]):
                return key, size
        return None


def suggest_tags(text: str, book: PhraseBook) -> tuple[Suggestion, ...]:
    """Harms, roles and regions the text names, most often named first in each field."""
    counts: Counter[tuple[Field, str]] = Counter()
    phrases: dict[tuple[Field, str], Counter[Key]] = {}
    written: dict[Key, str] = {}
    for field, value, key, as_written in book.hits(text):
        counts[(field, value)] += 1
        phrases.setdefault((field, value), Counter())[key] += 1
        written.setdefault(key, as_written)
    ordered = sorted(counts, key=lambda fv: (FIELDS.index(fv[0]), -counts[fv], fv[1]))
    return tuple(
        Suggestion(
            field,
            value,
            tuple((written[k], n) for k, n in sorted(phrases[(field, value)].items(), key=_often)),
        )
        for field, value in ordered
    )


def suggest_kind(type_name: str, title: str, taxonomy: Taxonomy) -> Suggestion | None:
    """The kind a page's or reference's type says (JOUR, techreport, ScholarlyArticle), else
    the one a word of its title names ("toolkit", "report")."""
    kind = TYPE_KINDS.get(type_name.strip().lower())
    if kind and kind in taxonomy.kinds:
        return Suggestion("kind", kind, reason=f'its type is "{type_name.strip()}"')
    title_words = [stem(w) for w in words(title)]
    for concept in taxonomy.kinds.concepts.values():
        for name in (concept.label, *concept.synonyms):
            key = [stem(w) for w in words(name)]
            if key and _contains(title_words, key):
                return Suggestion("kind", concept.id, ((name, 1),), f'its title says "{name}"')
    return None


def suggest_organisation(url: str, catalogue: Catalogue) -> Suggestion | None:
    """The catalogue's organisation whose site (or contact page) the page is on: the same
    host, less www."""
    host = _host(url)
    if not host:
        return None
    for organisation in catalogue.organisations:
        if host in (_host(organisation.url or ""), _host(organisation.contact or "")):
            reason = f"the page is on {host}, the site of {organisation.name}"
            return Suggestion("organisation", organisation.id, reason=reason)
    return None


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def _concept_names(taxonomy: Taxonomy) -> Iterator[tuple[Field, list[tuple[str, str]]]]:
    """For harms and roles: (concept id, phrase) for every phrase of each concept, and the
    words of each thesaurus group that holds one of those phrases."""
    for field, vocabulary in (("harms", taxonomy.harms), ("roles", taxonomy.roles)):
        names: list[tuple[str, str]] = []
        for concept in vocabulary.concepts.values():
            own = (concept.label, *concept.synonyms, *concept.misspellings, *concept.deprecated)
            keys = {_key(n) for n in own}
            names += [(concept.id, n) for n in own]
            for group in taxonomy.thesaurus:
                if keys & {_key(g) for g in group}:
                    names += [(concept.id, g) for g in group]
        yield field, names  # type: ignore[misc]  # field is one of the two literals


def _region_names(taxonomy: Taxonomy) -> Iterator[tuple[str, str]]:
    """(region, name) for each region's names and aliases, less two-letter ISO codes (which
    are everyday words: AI, IT, IN, TO) and numeric codes."""
    for region in taxonomy.regions.regions.values():
        for alias in dict.fromkeys((region.name, *region.aliases)):
            if len(alias) == 2 and pycountry.countries.get(alpha_2=alias) is not None:
                continue
            if alias and not alias.isdigit():
                yield region.name, alias


def _key(name: str) -> Key:
    return tuple(stem(w) for w in words(name))


def _tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """(stemmed folded word, start, end) for each word of the text."""
    for found in re.finditer(r"\w+", text):
        for word in words(found.group()):
            yield stem(word), found.start(), found.end()


def _not_shouting(text: str, start: int, end: int) -> bool:
    """Whether the text around a capitalised word has lower-case letters (so it is an
    acronym, not a heading in capitals)."""
    around = text[max(0, start - 40) : end + 40]
    return any(c.islower() for c in around)


def _crosses(breaks: list[int], start: int, end: int) -> bool:
    """Whether a punctuation mark that ends a phrase lies between two places of the text."""
    return bisect.bisect_left(breaks, start) != bisect.bisect_left(breaks, end)


def _contains(haystack: list[str], needle: list[str]) -> bool:
    size = len(needle)
    return any(haystack[i : i + size] == needle for i in range(len(haystack) - size + 1))


def _often(item: tuple[Key, int]) -> tuple[int, Key]:
    return -item[1], item[0]


def with_learnt(
    suggestions: Iterable[Suggestion], learnt: Iterable[LearntTag]
) -> tuple[Suggestion, ...]:
    """The suggestions with the learnt chances beside them: a value both name keeps its
    words and gains its chance; a value only learnt is added."""
    chances: dict[tuple[Field, str], float] = {(t.field, t.value): t.probability for t in learnt}
    found = [replace(s, learnt=chances.pop((s.field, s.value), None)) for s in suggestions]
    found += [Suggestion(field, value, learnt=p) for (field, value), p in chances.items()]
    return merged(found)


def merged(*groups: Iterable[Suggestion | None]) -> tuple[Suggestion, ...]:
    """Suggestions in field order, without empties and repeats."""
    found = [s for group in groups for s in group if s is not None]
    unique = {(s.field, s.value): s for s in reversed(found)}
    return tuple(sorted(unique.values(), key=lambda s: (FIELDS.index(s.field), -s.count, s.value)))
