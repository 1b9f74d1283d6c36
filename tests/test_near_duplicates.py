"""bridge.catalogue.near_duplicates: records whose title and summary are nearly the same, most
likely one record entered twice under two ids."""

from __future__ import annotations

import json
from pathlib import Path

from engine_world import RECORDS, resource, world
from literal import RESOURCE_RECORDS, write_file

from bridge.catalogue.reading import read_catalogue
from bridge.engine.similarity import NearDuplicate, near_duplicates
from bridge.model import Catalogue, Resource
from bridge.taxonomy import Taxonomy

ORIGINAL = (
    "Counsellors at a national child helpline in Kenya answered calls and chats from children "
    "who had been groomed or extorted online, referred them to police and health services, "
    "and trained teachers in twelve counties to spot the warning signs early."
)
EDITED = ORIGINAL.replace("twelve counties", "fourteen counties")
REWORDED = (
    "A helpline service for young people in East Africa gave phone and chat support to "
    "victims of online grooming and extortion, linked them with law enforcement and clinics, "
    "and ran workshops so that schools could recognise risk sooner."
)
TITLE = "Helpline support for children abused online in Kenya"


def helpline(rid: str, summary: str, title: str = TITLE) -> Resource:
    return resource(rid, title, summary=summary, harms=("grooming",), regions=("Kenya",))


def found(pairs: tuple[NearDuplicate, ...]) -> list[tuple[str, str, float]]:
    return [(p.first.id, p.second.id, p.similarity) for p in pairs]


def copied(catalogue_dir: Path, record_id: str, new_id: str, folder: str = "records") -> Path:
    """Write a copy of a literal record under a new id (and a file named for it)."""
    text = RESOURCE_RECORDS[record_id].replace(f"id: {record_id}\n", f"id: {new_id}\n", 1)
    return write_file(catalogue_dir / folder / f"{new_id}.yaml", text)


def loaded(catalogue_dir: Path) -> Catalogue:
    report = read_catalogue(catalogue_dir)
    assert report.problems == ()
    return report.catalogue


def test_the_literal_catalogue_has_no_near_duplicates(literal_catalogue: Catalogue) -> None:
    """Seven different records sharing one boilerplate summary: none flagged at 0.9."""
    assert near_duplicates(literal_catalogue) == ()


def test_a_copied_record_with_a_new_id_is_found_naming_both(catalogue_dir: Path) -> None:
    """A copy of grooming-study-ph under a new id is 100% similar; both ids and files named."""
    copy = copied(catalogue_dir, "grooming-study-ph", "grooming-study-ph-copy")
    original = catalogue_dir / "records" / "grooming-study-ph.yaml"
    [pair] = near_duplicates(loaded(catalogue_dir))
    assert (pair.first.id, pair.second.id, pair.similarity) == (
        "grooming-study-ph-copy",
        "grooming-study-ph",
        1.0,
    )
    assert (pair.first.origin, pair.second.origin) == (str(copy), str(original))
    assert str(pair) == (
        f"{copy}: records 'grooming-study-ph-copy' and 'grooming-study-ph' ({original}) "
        "are 100% similar; is one a copy?"
    )


def test_a_copy_in_another_folder_is_found(catalogue_dir: Path) -> None:
    """A copy filed in another folder is still found, and its own file is named."""
    copy = copied(catalogue_dir, "kenya-grooming-event", "kenya-workshop-2", folder="events")
    [pair] = near_duplicates(loaded(catalogue_dir))
    assert found((pair,)) == [("kenya-workshop-2", "kenya-grooming-event", 1.0)]
    assert pair.first.origin == str(copy)
    assert pair.second.origin == str(catalogue_dir / "records" / "kenya-grooming-event.yaml")


def test_a_copy_in_a_bulk_table_names_the_table(catalogue_dir: Path) -> None:
    """A JSON Lines row repeating a YAML record's title and summary is found; the table is named."""
    row = {
        "id": "bulk-grooming-study",
        "kind": "research",
        "title": "A Study of Online Grooming in the Philippines",
        "organisation": "safe-lab",
        "summary": RESOURCE_RECORDS["grooming-study-ph"].split("summary: ", 1)[1].split("\n")[0],
        "roles": ["researcher"],
        "harms": ["grooming"],
        "regions": ["Philippines"],
        "source": "Synthetic test fixture",
    }
    table = write_file(catalogue_dir / "bulk" / "papers.jsonl", json.dumps(row) + "\n")
    [pair] = near_duplicates(loaded(catalogue_dir))
    assert found((pair,)) == [("bulk-grooming-study", "grooming-study-ph", 1.0)]
    assert str(table) in str(pair)
    assert str(catalogue_dir / "records" / "grooming-study-ph.yaml") in str(pair)


def test_a_lightly_edited_copy_is_found(taxonomy: Taxonomy) -> None:
    """A copy with one figure changed is still over 0.9 similar, and not 1.0."""
    records = (*RECORDS, helpline("helpline-kenya", ORIGINAL), helpline("copy", EDITED))
    [pair] = near_duplicates(world(taxonomy, records))
    assert (pair.first.id, pair.second.id) == ("helpline-kenya", "copy")
    assert 0.9 <= pair.similarity < 1.0
    assert str(pair).endswith("% similar; is one a copy?")


def test_a_reworded_record_on_the_same_subject_is_not_flagged(taxonomy: Taxonomy) -> None:
    """Another record on the same subject in other words is a different record: not flagged."""
    records = (
        *RECORDS,
        helpline("helpline-kenya", ORIGINAL),
        helpline(
            "helpline-east-africa",
            REWORDED,
            title="Phone and chat support for young victims in East Africa",
        ),
    )
    assert near_duplicates(world(taxonomy, records)) == ()


def test_the_threshold_is_respected(taxonomy: Taxonomy) -> None:
    """A pair is reported when its similarity is at least the threshold, never below it; the
    default threshold is 0.9."""
    records = (*RECORDS, helpline("helpline-kenya", ORIGINAL), helpline("copy", EDITED))
    catalogue = world(taxonomy, records)
    [(_, _, similarity)] = found(near_duplicates(catalogue, threshold=0.9))
    assert found(near_duplicates(catalogue, threshold=similarity)) == [
        ("helpline-kenya", "copy", similarity)
    ]
    assert near_duplicates(catalogue, threshold=similarity + 1e-6) == ()
    assert near_duplicates(catalogue) == near_duplicates(catalogue, threshold=0.9)
    loose = found(near_duplicates(catalogue, threshold=0.3))
    assert loose[0] == ("helpline-kenya", "copy", similarity)
    assert len(loose) > 1
    assert all(s >= 0.3 for _, _, s in loose)
    assert [s for _, _, s in loose] == sorted((s for _, _, s in loose), reverse=True)


def test_every_pair_of_copies_is_reported_once(taxonomy: Taxonomy) -> None:
    """Three copies of one record make three pairs, each once, first < second in order."""
    records = (
        helpline("a-one", ORIGINAL),
        helpline("b-two", ORIGINAL),
        helpline("c-three", ORIGINAL),
        *RECORDS,
    )
    assert found(near_duplicates(world(taxonomy, records))) == [
        ("a-one", "b-two", 1.0),
        ("a-one", "c-three", 1.0),
        ("b-two", "c-three", 1.0),
    ]


def test_small_catalogues_have_no_pairs(taxonomy: Taxonomy) -> None:
    """No records, or one, give no pairs."""
    assert near_duplicates(world(taxonomy, ())) == ()
    assert near_duplicates(world(taxonomy, RECORDS[:1])) == ()
