"""bridge/taxonomy.py: vocabularies resolve every way people say a term, and form a tree."""

from __future__ import annotations

import pytest

from bridge.errors import UnknownTerm
from bridge.taxonomy import Taxonomy
from bridge.vocabulary import Concept, Vocabulary, normalise

HARM_IDS = (
    "csea",
    "grooming",
    "sextortion",
    "csam",
    "livestreaming",
    "self-generated",
    "ai-generated",
    "trafficking",
    "online-harms",
)


def test_fixed_ids_in_contract_order(taxonomy: Taxonomy) -> None:
    """Each vocabulary holds exactly the ids the product fixes."""
    assert taxonomy.harms.ids == HARM_IDS
    assert taxonomy.kinds.ids == (
        "research", "toolkit", "programme", "policy", "dataset", "event", "story", "news",
    )  # fmt: skip
    assert set(taxonomy.roles.ids) == {
        "trust-safety", "tech-industry", "researcher", "civil-society", "policymaker",
        "law-enforcement", "helpline", "educator", "parent", "young-people", "funder",
    }  # fmt: skip
    assert taxonomy.pillars.ids == ("networks-systems", "research-data", "technology-tools")


def test_harm_ancestors(taxonomy: Taxonomy) -> None:
    """Every harm but online-harms sits under csea; the roots have no ancestors."""
    ancestors = {h: taxonomy.harms.ancestors(h) for h in HARM_IDS}
    assert ancestors == {h: () if h in ("csea", "online-harms") else ("csea",) for h in HARM_IDS}


def test_harm_descendants(taxonomy: Taxonomy) -> None:
    """csea's descendants are the seven specific harms; a leaf has none."""
    assert taxonomy.harms.descendants("csea") == HARM_IDS[1:-1]
    assert taxonomy.harms.descendants("grooming") == ()
    assert taxonomy.harms.descendants("online-harms") == ()


@pytest.mark.parametrize(
    ("value", "harm"),
    [
        ("csam", "csam"),
        ("Child sexual abuse material", "csam"),
        ("CSEM", "csam"),
        ("child pornography", "csam"),
        ("Child Pornography", "csam"),
        ("sexual extortion", "sextortion"),
        ("financially motivated sexual extortion", "sextortion"),
        ("sextorsion", "sextortion"),
        ("groming", "grooming"),
        ("OCSEA", "csea"),
        ("deepfakes", "ai-generated"),
        ("webcam child sex tourism", "livestreaming"),
        ("cyberbullying", "online-harms"),
    ],
)
def test_harm_resolves_synonyms_misspellings_and_deprecated(
    taxonomy: Taxonomy, value: str, harm: str
) -> None:
    """Ids, labels, synonyms, known misspellings and deprecated terms all resolve."""
    assert taxonomy.harms.resolve(value) == harm


def test_preferred_for_names_the_preferred_label(taxonomy: Taxonomy) -> None:
    """A deprecated term gives its preferred label; a current term gives None."""
    assert taxonomy.harms.preferred_for("child pornography") == "Child sexual abuse material"
    assert taxonomy.harms.preferred_for("child prostitution") == (
        "Online child sexual exploitation and abuse"
    )
    assert taxonomy.harms.preferred_for("CSAM") is None


def test_unknown_harm_raises_with_suggestions(taxonomy: Taxonomy) -> None:
    """An unknown harm raises UnknownTerm carrying the closest ids and a did-you-mean."""
    with pytest.raises(UnknownTerm) as caught:
        taxonomy.harms.resolve("groomng")
    error = caught.value
    assert (error.facet, error.value, error.suggestions) == ("harm", "groomng", ("grooming",))
    assert str(error) == "'groomng' is not a known harm; did you mean 'grooming'?"


def test_unknown_term_without_suggestion(taxonomy: Taxonomy) -> None:
    """A value like nothing known gets no did-you-mean."""
    with pytest.raises(UnknownTerm) as caught:
        taxonomy.roles.resolve("astronaut")
    assert str(caught.value) == "'astronaut' is not a known role"


@pytest.mark.parametrize(
    ("facet", "value", "concept"),
    [
        ("roles", "T&S", "trust-safety"),
        ("roles", "trust and safety", "trust-safety"),
        ("roles", "reseacher", "researcher"),
        ("kinds", "study", "research"),
        ("kinds", "Program", "programme"),
        ("sectors", "academia", "academia"),
    ],
)
def test_other_vocabularies_resolve(
    taxonomy: Taxonomy, facet: str, value: str, concept: str
) -> None:
    """Roles, kinds and sectors resolve their synonyms and misspellings too."""
    assert getattr(taxonomy, facet).resolve(value) == concept


def test_terms_expand_a_concept(taxonomy: Taxonomy) -> None:
    """terms() lists the label, synonyms and deprecated terms used to expand queries."""
    assert taxonomy.harms.terms("csam")[:2] == ("Child sexual abuse material", "CSAM")
    assert "child pornography" in taxonomy.harms.terms("csam")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Moldova (the Republic of)", "moldova of republic"),
        ("Republic of Moldova", "moldova of republic"),
        ("Côte d'Ivoire", "cote d ivoire"),
        ("  VIET   nam ", "nam viet"),
        ("T&S", "& s t"),
    ],
)
def test_normalise(text: str, key: str) -> None:
    """Lookup keys ignore case, accents, punctuation, 'the' and word order."""
    assert normalise(text) == key


def test_vocabulary_tree_survives_a_cycle() -> None:
    """ancestors() stops on a broader-cycle instead of looping forever."""
    vocabulary = Vocabulary.build(
        "thing", [Concept("a", "A", broader="b"), Concept("b", "B", broader="a")]
    )
    assert set(vocabulary.ancestors("a")) == {"a", "b"}


def test_first_concept_wins_a_shared_synonym() -> None:
    """When two concepts share a synonym the first keeps it (lookups stay total)."""
    vocabulary = Vocabulary.build(
        "thing", [Concept("a", "A", synonyms=("same",)), Concept("b", "B", synonyms=("same",))]
    )
    assert vocabulary.resolve("same") == "a"


@pytest.mark.parametrize("facet", ["roles", "harms", "kinds", "sectors", "pillars"])
def test_every_name_of_a_concept_resolves_to_it(taxonomy: Taxonomy, facet: str) -> None:
    """No label, synonym, misspelling or deprecated term is taken by another concept."""
    vocabulary = getattr(taxonomy, facet)
    names = {
        (c.id, name): c.id
        for c in vocabulary.concepts.values()
        for name in (c.id, c.label, *c.synonyms, *c.misspellings, *c.deprecated)
    }
    assert {key: vocabulary.resolve(key[1]) for key in names} == names


def test_a_misspelling_names_the_first_concept_that_lists_it() -> None:
    """misspelt: the id to write for a listed misspelling, whatever its case or accents;
    a concept's own name listed as its misspelling is not one; the first concept wins."""
    vocabulary = Vocabulary.build(
        "thing",
        [
            Concept("a", "Apple", misspellings=("aple", "Apple")),
            Concept("b", "Berry", synonyms=("bery",), misspellings=("aple", "bery")),
        ],
    )
    assert [vocabulary.misspelt(v) for v in ("APLE", "aplé", "apple", "bery", "pear")] == [
        "a",
        "a",
        None,
        None,
        None,
    ]


def test_ancestors_stop_at_a_broader_id_the_vocabulary_does_not_hold() -> None:
    """A broken broader link (which the taxonomy's reader reports) ends the chain."""
    vocabulary = Vocabulary.build("thing", [Concept("a", "A", broader="gone")])
    assert vocabulary.ancestors("a") == ("gone",)
