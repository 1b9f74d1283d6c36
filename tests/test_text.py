"""bridge/engine/text.py: folding, words, the plural stemmer, index terms, a record's text
fields and query expansion through the taxonomy's phrases."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bridge.engine.stopwords import stop_words
from bridge.engine.text import (
    Expansion,
    Fields,
    PhraseBook,
    as_written,
    fold,
    is_stop_word,
    readable,
    resource_fields,
    stem,
    terms,
    words,
    words_of_each,
)
from bridge.model import Catalogue
from bridge.taxonomy import Taxonomy
from bridge.vocabulary import Concept, Vocabulary

STOP = stop_words()


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Côte d'Ivoire", "cote d'ivoire"),
        ("ÉCOLE", "ecole"),
        ("Straße", "strasse"),
        ("ﬁle", "file"),
        ("Plain ASCII", "plain ascii"),
        ("", ""),
    ],
)
def test_fold_lowercases_and_drops_accents(text: str, folded: str) -> None:
    """Accents go, case folds (ß to ss, ligatures split); ASCII is only lowercased."""
    assert fold(text) == folded


def test_words_are_folded_runs_of_letters_and_digits_in_order() -> None:
    """Punctuation splits words; stop words and one-letter words are kept."""
    assert words("Côte d'Ivoire: 10 kids, e-mail & the Web!") == [
        "cote", "d", "ivoire", "10", "kids", "e", "mail", "the", "web",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("parents", "parent"),
        ("studies", "study"),
        ("agencies", "agency"),
        ("abuses", "abuse"),
        ("boxes", "boxe"),
        ("toes", "toe"),
        ("trees", "tree"),
        ("status", "status"),
        ("class", "class"),
        ("children", "child"),
        ("people", "person"),
        ("women", "woman"),
        ("gas", "gas"),
        ("ies", "ies"),
        ("1990s", "1990"),
        ("2024", "2024"),
        ("grooming", "grooming"),
    ],
)
def test_stem_takes_plurals_to_the_singular(word: str, stemmed: str) -> None:
    """Harman's S-stemmer: -ies to -y, -es to -e, -s dropped, except after u, s or a short
    word; irregular plurals from a table."""
    assert stem(word) == stemmed


@pytest.mark.parametrize(
    ("word", "ignored"),
    [("the", True), ("of", True), ("a", True), ("x", True), ("5", False), ("find", False)],
)
def test_stop_words_and_single_letters_are_ignored_but_digits_are_not(
    word: str, ignored: bool
) -> None:
    """Stop words and one letter carry no meaning; a digit does, and so do the stop words the
    field keeps ('find')."""
    assert is_stop_word(word, STOP) is ignored


def test_as_written_maps_each_term_to_the_first_word_that_gave_it() -> None:
    """An explanation shows the person's words, not the index's stems; the first text wins."""
    assert as_written(["Teachers teach Children", "child teachers"]) == {
        "teacher": "teachers",
        "teach": "teach",
        "child": "children",
    }


def test_readable_names_each_matched_word_once_in_alphabetical_order() -> None:
    """Two terms written as one word are named once; a term no text gave stays as it is."""
    written = {"child": "children", "children": "children", "teacher": "teachers"}
    assert readable(["teacher", "child", "children", "scam"], written) == "children, scam, teachers"


def test_terms_are_words_less_stop_words_stemmed() -> None:
    """Index terms: folded, stop words and single letters gone, plurals made singular."""
    assert terms("The Children of the Philippines, and a x 5 reports", STOP) == [
        "child",
        "philippine",
        "5",
        "report",
    ]


def test_resource_fields_name_organisations_and_tag_labels(literal_catalogue: Catalogue) -> None:
    """A record's fields: its title, its and its partners' names, the labels of its kind,
    harms and roles with its regions, and its summary followed by its outcomes."""
    record = literal_catalogue.resource("africa-helpline-programme")
    assert resource_fields(record, literal_catalogue) == Fields(
        title="Helplines Against Online Abuse in Africa",
        organisation="Helpline Network Test Safe Lab Test",
        tags="Programme Online child sexual exploitation and abuse Helplines and frontline "
        "services Civil society and NGOs Africa",
        summary=f"{record.summary} Trained 120 imaginary counsellors.",
    )


@pytest.fixture(scope="module")
def small(taxonomy: Taxonomy) -> Taxonomy:
    """The real taxonomy with three harms and two everyday word groups of its own."""
    harms = Vocabulary.build(
        "harm",
        [
            Concept("csea", "Child exploitation", synonyms=("CSEA", "the")),
            Concept(
                "grooming",
                "Online grooming",
                broader="csea",
                synonyms=("enticement",),
                misspellings=("groming",),
            ),
            Concept(
                "csam",
                "Abuse material",
                broader="csea",
                synonyms=("CSAM",),
                deprecated=("child pornography",),
            ),
        ],
    )
    return replace(
        taxonomy, harms=harms, thesaurus=(("kid", "child", "minor"), ("app", "platform"))
    )


@pytest.fixture(scope="module")
def book(small: Taxonomy) -> PhraseBook:
    return PhraseBook.from_taxonomy(small, STOP)


def test_the_phrase_book_holds_every_name_as_stemmed_words(book: PhraseBook) -> None:
    """Labels, synonyms, misspellings and deprecated terms name their harm; thesaurus words
    name their group; a name of stop words only ('the') is left out."""
    assert dict(book.phrases) == {
        ("child", "exploitation"): ("harm", "csea", False),
        ("csea",): ("harm", "csea", False),
        ("online", "grooming"): ("harm", "grooming", False),
        ("enticement",): ("harm", "grooming", False),
        ("groming",): ("harm", "grooming", False),
        ("abuse", "material"): ("harm", "csam", False),
        ("csam",): ("harm", "csam", False),
        ("child", "pornography"): ("harm", "csam", True),
        ("kid",): ("word", "0", False),
        ("child",): ("word", "0", False),
        ("minor",): ("word", "0", False),
        ("app",): ("word", "1", False),
        ("platform",): ("word", "1", False),
    }
    assert (book.lengths["child"], book.lengths["online"], book.lengths["csam"]) == (
        (2, 1),
        (2,),
        (1,),
    )


def test_a_misspelling_expands_to_the_label_and_synonyms(book: PhraseBook, small: Taxonomy) -> None:
    """'groming of kids' adds the grooming harm's label and synonyms (not its misspellings)
    and the kid/child/minor group, stemmed lookups finding 'kids'."""
    assert book.expand("groming of kids", small) == Expansion(
        extra_text="Online grooming enticement kid child minor",
        concepts=(("harm", "grooming"), ("word", "0")),
        deprecated=(),
    )


def test_a_deprecated_term_is_expanded_and_named_as_written(
    book: PhraseBook, small: Taxonomy
) -> None:
    """'Child Pornography on apps': the preferred harm's words, the groups of 'child' and
    'apps', and the deprecated phrase as the query wrote it (folded)."""
    assert book.expand("Child Pornography on apps", small) == Expansion(
        extra_text="Abuse material CSAM kid child minor app platform",
        concepts=(("harm", "csam"), ("word", "0"), ("word", "1")),
        deprecated=(("child pornography", "csam"),),
    )


def test_each_concept_is_added_once_in_the_order_named(book: PhraseBook, small: Taxonomy) -> None:
    """Two harms named, one of them twice: each concept's words once, first named first."""
    assert book.expand("CSAM and online grooming, csam again", small) == Expansion(
        extra_text="Abuse material CSAM Online grooming enticement",
        concepts=(("harm", "csam"), ("harm", "grooming")),
        deprecated=(),
    )


@pytest.mark.parametrize("text", ["nothing named here", "the", ""])
def test_text_that_names_nothing_adds_nothing(book: PhraseBook, small: Taxonomy, text: str) -> None:
    """Words the taxonomy does not hold expand to nothing."""
    assert book.expand(text, small) == Expansion("", (), ())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=6))
def test_words_of_each_text_read_as_words_reads_one(texts: list[str]) -> None:
    """Reading many texts in one pass gives each text's words, whatever its script."""
    assert words_of_each(texts) == [words(t) for t in texts]


def test_words_of_accented_and_plain_texts() -> None:
    assert words_of_each(["Côte d'Ivoire", "", "Kids & TEENS"]) == [
        ["cote", "d", "ivoire"],
        [],
        ["kids", "teens"],
    ]
