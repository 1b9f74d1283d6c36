"""What gets indexed and how words are read: tokens, light stemming, the record's fields,
and query expansion through the taxonomy's synonyms and deprecated terms."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bridge.model import Catalogue, Resource
from bridge.taxonomy import Taxonomy
from bridge.vocabulary import Vocabulary

_IRREGULAR = {
    "children": "child",
    "people": "person",
    "women": "woman",
    "men": "man",
    "teeth": "tooth",
    "feet": "foot",
    "mice": "mouse",
}
_WORD = re.compile(r"[a-z0-9]+")
MAX_QUERY_CHARS = 2000


def fold(text: str) -> str:
    """Lowercase without accents: 'Côte' and 'cote' read the same."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """Every word of the text, folded, in order (stop words kept)."""
    return _WORD.findall(fold(text))


def words_of_each(texts: Iterable[str]) -> list[list[str]]:
    """`words` of each text, read in one pass over them (the many texts of a catalogue)."""
    findall = _WORD.findall
    return [findall(t.lower()) if t.isascii() else findall(fold(t)) for t in texts]


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light plural stemmer (Harman's S-stemmer), so 'parents' finds 'parent'.
    Remembered: queries and phrases repeat the same words."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith("s") and not word.endswith(("us", "ss")):
        return word[:-1]
    return word


def is_stop_word(word: str, stop_words: frozenset[str]) -> bool:
    """Whether a folded word carries no meaning for search: a stop word, or one letter."""
    return word in stop_words or (len(word) < 2 and not word.isdigit())


def terms(text: str, stop_words: frozenset[str]) -> list[str]:
    """Index terms of a text: folded words less stop words, stemmed."""
    return [stem(w) for w in words(text) if not is_stop_word(w, stop_words)]


def as_written(texts: Iterable[str]) -> dict[str, str]:
    """Each index term of the texts mapped to the first word that gave it ('teache' to
    'teaches'), so an explanation says the words as the person wrote them."""
    return terms_as_written(map(words, texts))


def terms_as_written(texts: Iterable[Iterable[str]]) -> dict[str, str]:
    """`as_written` of texts already split into words (a query's, split once)."""
    found: dict[str, str] = {}
    for written in texts:
        for word in written:
            found.setdefault(stem(word), word)
    return found


def written_words(found: Iterable[str], written: Mapping[str, str]) -> list[str]:
    """Index terms as the words that gave them, without repeats, in alphabetical order."""
    return sorted({written.get(term, term) for term in found})


def readable(found: Iterable[str], written: Mapping[str, str]) -> str:
    """Matched terms as a list of words to read ('children, teachers')."""
    return ", ".join(written_words(found, written))


@dataclass(frozen=True, slots=True)
class Fields:
    """The weighted text fields of one record."""

    title: str
    organisation: str
    tags: str
    summary: str


FIELD_NAMES = ("title", "organisation", "tags", "summary")


def resource_fields(resource: Resource, catalogue: Catalogue) -> Fields:
    """The text of a record by field: the organisation's and partners' names, tag labels."""
    return next(resources_fields((resource,), catalogue))


def resources_fields(resources: Iterable[Resource], catalogue: Catalogue) -> Iterator[Fields]:
    """`resource_fields` of each resource, in order. The names of each organisation and
    its partners and the labels of each list of tags are joined once, as records repeat a
    few."""
    taxonomy = catalogue.taxonomy
    names = _Joined(catalogue.organisation_name)  # (organisation, *partners) -> their names
    kinds = _Joined(taxonomy.kinds.label)
    harms, roles = _Joined(taxonomy.harms.label), _Joined(taxonomy.roles.label)
    regions = _Joined(str)
    for resource in resources:
        labels = [kinds[(resource.kind,)]]
        if resource.harms:
            labels.append(harms[resource.harms])
        if resource.roles:
            labels.append(roles[resource.roles])
        if resource.regions:
            labels.append(regions[resource.regions])
        organisation = names[(resource.organisation, *resource.partners)]
        summary = " ".join((resource.summary, *resource.outcomes))
        yield Fields(resource.title, organisation, " ".join(labels), summary)


class _Joined(dict[tuple[str, ...], str]):
    """A tuple of values -> their labels joined by spaces, each worked out when first asked."""

    def __init__(self, label: Callable[[str], str]) -> None:
        super().__init__()
        self.label = label

    def __missing__(self, values: tuple[str, ...]) -> str:
        found = self[values] = " ".join(map(self.label, values))
        return found


@dataclass(frozen=True, slots=True)
class Expansion:
    """What the taxonomy adds to a query: concepts named in it and deprecated terms used."""

    extra_text: str
    concepts: tuple[tuple[str, str], ...]
    deprecated: tuple[tuple[str, str], ...]


def _key(text: str) -> tuple[str, ...]:
    """A phrase as stemmed words, so 'kid' finds 'kids' and plurals meet singulars."""
    return tuple(stem(w) for w in words(text))


@dataclass(frozen=True, slots=True)
class PhraseBook:
    """Every taxonomy phrase (harm labels, synonyms, misspellings, deprecated terms, and
    the thesaurus's everyday word groups) as stemmed words -> what it names."""

    phrases: Mapping[tuple[str, ...], tuple[str, str, bool]]  # -> (facet, id, deprecated?)
    lengths: Mapping[str, tuple[int, ...]]  # first word -> phrase lengths starting with it
    groups: tuple[tuple[str, ...], ...]

    @classmethod
    def from_taxonomy(cls, taxonomy: Taxonomy, stop_words: frozenset[str]) -> PhraseBook:
        phrases: dict[tuple[str, ...], tuple[str, str, bool]] = {}
        for concept in taxonomy.harms.concepts.values():
            for name in (concept.label, *concept.synonyms, *concept.misspellings):
                key = _key(name)
                if key and not all(w in stop_words for w in key):
                    phrases.setdefault(key, ("harm", concept.id, False))
            for name in concept.deprecated:
                phrases[_key(name)] = ("harm", concept.id, True)
        for number, group in enumerate(taxonomy.thesaurus):
            for name in group:
                phrases.setdefault(_key(name), ("word", str(number), False))
        lengths: dict[str, set[int]] = {}
        for key in phrases:
            lengths.setdefault(key[0], set()).add(len(key))
        by_first = {w: tuple(sorted(n, reverse=True)) for w, n in lengths.items()}
        return cls(phrases, by_first, taxonomy.thesaurus)

    def expand(self, text: str, taxonomy: Taxonomy) -> Expansion:
        """Synonyms and preferred labels of what a query names, as extra text."""
        return self.expand_words(words(text), taxonomy)

    def expand_words(self, written: Sequence[str], taxonomy: Taxonomy) -> Expansion:
        """`expand` of a query already split into words."""
        tokens = list(map(stem, written))
        found: dict[tuple[str, str], None] = {}
        deprecated: dict[tuple[str, str], None] = {}
        lengths, phrases = self.lengths, self.phrases
        for start, first in enumerate(tokens):
            for size in lengths.get(first, ()):
                hit = phrases.get(tuple(tokens[start : start + size]))
                if hit is None:
                    continue
                facet, concept_id, is_deprecated = hit
                found[(facet, concept_id)] = None
                if is_deprecated:
                    deprecated[(" ".join(written[start : start + size]), concept_id)] = None
        extra = [" ".join(self._meaning(taxonomy, f, c)) for f, c in found]
        return Expansion(" ".join(extra), tuple(found), tuple(deprecated))

    def _meaning(self, taxonomy: Taxonomy, facet: str, concept_id: str) -> Iterable[str]:
        if facet == "word":
            return self.groups[int(concept_id)]
        return _synonyms(taxonomy.harms, concept_id)


def _synonyms(vocabulary: Vocabulary, concept_id: str) -> Iterable[str]:
    concept = vocabulary.concepts[concept_id]
    return (concept.label, *concept.synonyms)
