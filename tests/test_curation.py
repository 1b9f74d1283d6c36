"""Adding one record: checked field by field, compared with the catalogue, saved atomically
under the catalogue's lock; faults (lock held, id taken, disk full) lose nothing."""

from __future__ import annotations

import errno
import os
import tempfile
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import filelock
import pytest

from bridge.catalogue.curation import check_record, save_record
from bridge.catalogue.reading import read_catalogue
from bridge.catalogue.writing import LOCK_FILE
from bridge.engine.similarity import most_similar, similar_pairs, similar_records
from bridge.errors import CatalogueError, RecordExists, SaveFailed, WriteConflict
from bridge.model import Catalogue, Resource

NEW_SUMMARY = (
    "An imaginary guide, made up for these tests, on how counsellors at a child helpline "
    "answer young people who are being blackmailed with intimate images, what to say first, "
    "and which platforms to contact for removal."
)
VALID: dict[str, Any] = {
    "id": "helpline-sextortion-guide",
    "kind": "toolkit",
    "title": "A Helpline Guide to Answering Sextortion Calls",
    "summary": NEW_SUMMARY,
    "organisation": "helpline-net",
    "partners": ["safe-lab"],
    "url": "https://helpline.example.org/guide",
    "year": 2024,
    "languages": ["en", "sw"],
    "roles": ["helpline"],
    "harms": ["sextortion"],
    "regions": ["Kenya"],
    "pillar": "networks-systems",
    "outcomes": ["Used by 40 imaginary counsellors in its first year."],
    "source": "Synthetic test fixture",
}
DROP = object()  # a field left out of the record


def record(**changes: Any) -> dict[str, Any]:
    """The valid record with some fields changed (DROP leaves a field out)."""
    data = VALID | changes
    return {k: v for k, v in data.items() if v is not DROP}


def files(root: Path) -> dict[str, bytes]:
    """Every file under `root` but the lock file, with its bytes."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != LOCK_FILE
    }


def checked(catalogue_dir: Path, **changes: Any) -> Resource:
    """The record checked against the catalogue in `catalogue_dir`; it must be valid."""
    resource, problems = check_record(record(**changes), read_catalogue(catalogue_dir).catalogue)
    assert problems == () and resource is not None
    return resource


# check_record


def test_a_valid_record_gives_its_resource_and_no_problems(literal_catalogue: Catalogue) -> None:
    """A valid record comes back as a Resource holding its values, with no problems."""
    resource, problems = check_record(VALID, literal_catalogue)
    assert problems == ()
    assert resource is not None
    assert (resource.id, resource.kind, resource.partners, resource.regions) == (
        "helpline-sextortion-guide",
        "toolkit",
        ("safe-lab",),
        ("Kenya",),
    )


def test_a_record_given_as_tuples_is_checked_as_one_given_as_lists(
    literal_catalogue: Catalogue,
) -> None:
    """A caller may hold the lists as tuples (as `record_dict` writes them): the tags are
    resolved all the same, not skipped."""
    as_tuples = {k: tuple(v) if isinstance(v, list) else v for k, v in VALID.items()}
    assert check_record(as_tuples, literal_catalogue) == check_record(VALID, literal_catalogue)
    resource, _ = check_record(as_tuples, literal_catalogue)
    assert resource is not None and resource.roles == tuple(VALID["roles"])


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"id": "Not A Slug"}, "id", "not a valid id"),
        ({"kind": "novel"}, "kind", "'novel' is not a known"),
        ({"title": DROP}, "title", "'title' is required"),
        ({"summary": "Far too short."}, "summary", "at least 25 words"),
        ({"organisation": "nobody"}, "organisation", "'nobody' is not the id of a valid"),
        ({"partners": ["safe-lab", "nobody"]}, "partners[1]", "'nobody' is not the id"),
        ({"url": "javascript:alert(1)"}, "url", "only http:, https: URLs"),
        ({"year": 1800}, "year", "greater than or equal to 1900"),
        ({"languages": ["en", "xx"]}, "languages[1]", "'xx' is not a known ISO 639-1"),
        ({"roles": []}, "roles", "at least 1 item"),
        ({"harms": ["grooing"]}, "harms[0]", "did you mean 'grooming'"),
        ({"regions": ["Atlantis"]}, "regions[0]", "'Atlantis' is not a known"),
        ({"pillar": "hope"}, "pillar", "'hope' is not a known"),
        ({"outcomes": [""]}, "outcomes[0]", "at least 1 character"),
        ({"source": DROP}, "sources", "'sources' is required"),
        ({"tittle": "typo"}, "tittle", "did you mean 'title'"),
    ],
)
def test_each_kind_of_problem_is_named_by_its_field(
    literal_catalogue: Catalogue, changes: dict[str, Any], field: str, says: str
) -> None:
    """A record with one fault gets exactly one problem, on that field, and no resource."""
    resource, problems = check_record(record(**changes), literal_catalogue)
    assert resource is None
    assert [p.field for p in problems] == [field]
    assert says in problems[0].message
    assert problems[0].file == "new record" and problems[0].line is None


def test_every_problem_of_a_record_is_listed_at_once(literal_catalogue: Catalogue) -> None:
    """One check lists the problems of every faulty field, as validate does."""
    data = record(kind="novel", summary="Short.", organisation="nobody", harms=["grooing"])
    _, problems = check_record(data, literal_catalogue, file="draft")
    assert sorted(p.field for p in problems) == ["harms[0]", "kind", "organisation", "summary"]
    assert {p.file for p in problems} == {"draft"}


def test_an_id_already_in_the_catalogue_is_refused_naming_its_file(
    literal_catalogue: Catalogue,
) -> None:
    """An id that exists is a problem on `id` naming the existing record's file."""
    resource, problems = check_record(record(id="grooming-study-ph"), literal_catalogue)
    assert resource is None
    assert [p.field for p in problems] == ["id"]
    assert "a record with id 'grooming-study-ph' already exists" in problems[0].message
    assert "grooming-study-ph.yaml" in problems[0].message


# similar_records and the similarity it rests on


def test_a_copied_record_under_a_new_id_is_a_near_duplicate(literal_catalogue: Catalogue) -> None:
    """A copy of a record with only its id changed is found, 100% similar, and nothing else."""
    copy = replace(literal_catalogue.resource("grooming-study-ph"), id="grooming-study-copy")
    found = similar_records(copy, literal_catalogue)
    assert [(r.id, s) for r, s in found] == [("grooming-study-ph", 1.0)]


def test_an_unrelated_record_has_no_similar_records(literal_catalogue: Catalogue) -> None:
    """A record with its own title and summary is not similar enough to any other."""
    resource, _ = check_record(VALID, literal_catalogue)
    assert resource is not None
    assert similar_records(resource, literal_catalogue) == ()


def test_similar_pairs_finds_identical_texts_and_ignores_unrelated_ones() -> None:
    """similar_pairs returns (i, j, similarity) for close pairs only, most similar first."""
    texts = ["online grooming of children", "a dataset of hashes", "online grooming of children"]
    assert similar_pairs(texts, threshold=0.9) == [(0, 2, 1.0)]
    assert most_similar("grooming of children online", texts, threshold=0.9) == [
        (0, 1.0),
        (2, 1.0),
    ]


def test_texts_without_words_are_similar_to_nothing() -> None:
    """Stop words, punctuation or nothing at all never raise; they match nothing."""
    assert similar_pairs(["the and", "of", "!!"], threshold=0.1) == []
    assert most_similar("", ["the"], threshold=0.1) == []
    assert most_similar("anything", [], threshold=0.1) == []


# save_record


def test_a_saved_record_is_loaded_by_read_catalogue(catalogue_dir: Path) -> None:
    """save_record writes records/<id>.yaml; the catalogue then loads it unchanged."""
    resource = checked(catalogue_dir)
    path = save_record(resource, catalogue_dir)
    assert path == catalogue_dir / "records" / "helpline-sextortion-guide.yaml"
    report = read_catalogue(catalogue_dir)
    assert report.problems == ()
    assert report.catalogue.resource("helpline-sextortion-guide") == resource


def test_a_save_creates_the_records_folder_when_there_is_none(catalogue_dir: Path) -> None:
    """A catalogue without a records folder gets one for the first saved record."""
    resource = checked(catalogue_dir)
    for path in (catalogue_dir / "records").iterdir():
        path.rename(catalogue_dir / path.name)
    (catalogue_dir / "records").rmdir()
    save_record(resource, catalogue_dir)
    assert read_catalogue(catalogue_dir).catalogue.resource(resource.id) == resource


def test_a_save_while_the_lock_is_held_elsewhere_is_told_to_retry(catalogue_dir: Path) -> None:
    """With the catalogue's lock held by another writer, WriteConflict; nothing written."""
    resource = checked(catalogue_dir)
    before = files(catalogue_dir)
    with (
        filelock.FileLock(catalogue_dir / LOCK_FILE),
        pytest.raises(WriteConflict, match="being edited elsewhere; try again in a moment"),
    ):
        save_record(resource, catalogue_dir, lock_timeout=0.1)
    assert files(catalogue_dir) == before


def test_a_save_onto_an_existing_id_is_refused(catalogue_dir: Path) -> None:
    """A record whose id is taken is refused by name; the existing file is untouched."""
    existing = read_catalogue(catalogue_dir).catalogue.resource("grooming-study-ph")
    before = files(catalogue_dir)
    changed = replace(existing, title="A Different Title For The Same Id")
    with pytest.raises(RecordExists, match="refused: a record with id 'grooming-study-ph'"):
        save_record(changed, catalogue_dir)
    assert files(catalogue_dir) == before


def test_a_broken_file_holding_the_id_is_not_overwritten(catalogue_dir: Path) -> None:
    """A file named for the id is refused even when it is invalid and so not in the catalogue."""
    resource = checked(catalogue_dir)
    (catalogue_dir / "records" / "drafts").mkdir()
    broken = catalogue_dir / "records" / "drafts" / f"{resource.id}.yml"
    broken.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(RecordExists):
        save_record(resource, catalogue_dir)
    assert broken.read_text(encoding="utf-8") == "id: [unclosed\n"


def test_a_record_that_no_longer_validates_is_not_saved(catalogue_dir: Path) -> None:
    """Checked, then its organisation removed: the check inside the lock refuses it."""
    resource = checked(catalogue_dir)
    (catalogue_dir / "organisations" / "helpline-net.yaml").unlink()
    with pytest.raises(CatalogueError, match="'helpline-net' is not the id of a valid"):
        save_record(resource, catalogue_dir)
    assert not (catalogue_dir / "records" / f"{resource.id}.yaml").exists()


def test_a_resource_whose_id_is_a_path_is_never_written(catalogue_dir: Path) -> None:
    """An id that is not a slug (here one climbing out of the folder) is refused unwritten."""
    resource = replace(checked(catalogue_dir), id="../escaped")
    before = files(catalogue_dir)
    with pytest.raises(CatalogueError, match="'../escaped' is not an id"):
        save_record(resource, catalogue_dir)
    assert files(catalogue_dir) == before
    assert not (catalogue_dir / "escaped.yaml").exists()


def test_a_disk_full_half_way_leaves_the_catalogue_as_it_was(
    catalogue_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """os.replace failing with ENOSPC: a clear error, old files intact, no temporary file."""
    resource = checked(catalogue_dir)
    before = files(catalogue_dir)

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(SaveFailed) as raised:
        save_record(resource, catalogue_dir)
    assert str(raised.value) == (
        "could not save records/helpline-sextortion-guide.yaml: the disk is full "
        "(No space left on device); nothing was written"
    )
    assert files(catalogue_dir) == before
    assert not [p for p in catalogue_dir.rglob("*") if p.name.endswith(".tmp")]


def test_a_folder_that_cannot_be_written_gives_a_clear_error(
    catalogue_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write refused by the file system says the folder is read-only; nothing written."""
    resource = checked(catalogue_dir)
    before = files(catalogue_dir)

    def refused(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(SaveFailed, match="the catalogue folder is read-only here"):
        save_record(resource, catalogue_dir)
    assert files(catalogue_dir) == before


def test_two_writers_of_one_id_at_once_one_wins_the_other_is_refused(catalogue_dir: Path) -> None:
    """Two saves of the same id race: one file is written, the other writer is refused."""
    first = checked(catalogue_dir)
    second = replace(first, title="The Second Writer's Title For The Guide")
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(resource: Resource) -> None:
        start.wait()
        try:
            save_record(resource, catalogue_dir, lock_timeout=30)
            outcomes[resource.title] = "saved"
        except RecordExists:
            outcomes[resource.title] = "refused"

    threads = [threading.Thread(target=save, args=(r,)) for r in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(title for title, outcome in outcomes.items() if outcome == "saved")
    assert read_catalogue(catalogue_dir).catalogue.resource(first.id).title == winner


def test_two_writers_of_different_records_at_once_both_save(catalogue_dir: Path) -> None:
    """Two saves of different records at once both land: nothing is lost."""
    first = checked(catalogue_dir)
    second = checked(catalogue_dir, id="another-guide", title="Another Imaginary Helpline Guide")
    start = threading.Barrier(2)

    def save(resource: Resource) -> None:
        start.wait()
        save_record(resource, catalogue_dir, lock_timeout=30)

    threads = [threading.Thread(target=save, args=(r,)) for r in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    loaded = read_catalogue(catalogue_dir).catalogue
    assert (loaded.resource(first.id), loaded.resource(second.id)) == (first, second)
