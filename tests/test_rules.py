"""bridge/catalogue/rules.py: the curator's rules beyond the schema, as notices placed on
the lines that break them; a read for searching looks for none."""

from __future__ import annotations

from pathlib import Path

from literal import record_text, write_file

from bridge.catalogue.reading import read_catalogue
from bridge.errors import Problem

CITED = (
    "sources:\n"
    "  - url: https://sources.example.org/shared\n"
    "    title: Synthetic test fixture\n"
    "    accessed: 2026-12-01\n"
)


def _write_rule_breakers(root: Path) -> dict[str, str]:
    """Three records that validate but break a rule each: one cites no page, links to none
    and writes a misspelling; two share one page."""
    texts = {
        "uncited-one": record_text("uncited-one", harms="[groming]"),
        "shared-a": record_text(
            "shared-a", source=None, extra="url: https://example.org/shared\n" + CITED
        ),
        "shared-b": record_text(
            "shared-b", source=None, extra="url: https://example.org/shared\n" + CITED
        ),
    }
    return {
        record_id: str(write_file(root / "records" / f"{record_id}.yaml", text))
        for record_id, text in texts.items()
    }


def test_each_broken_rule_is_a_placed_notice(catalogue_dir: Path) -> None:
    """No url, no cited url, a misspelt tag and a shared url: each a notice on its line."""
    files = _write_rule_breakers(catalogue_dir)
    report = read_catalogue(catalogue_dir)
    assert report.problems == ()
    assert report.notices == (
        Problem(
            files["shared-a"], 10, "url", "https://example.org/shared is also the url of 'shared-b'"
        ),
        Problem(
            files["shared-b"], 10, "url", "https://example.org/shared is also the url of 'shared-a'"
        ),
        Problem(files["uncited-one"], 1, "url", "a resource needs the url of its own public page"),
        Problem(
            files["uncited-one"],
            1,
            "sources",
            "no source has a url: cite the page the facts came from",
        ),
        Problem(
            files["uncited-one"], 8, "harms[0]", "'groming' is a misspelling; write 'grooming'"
        ),
    )


def test_a_read_for_searching_looks_for_no_notices(catalogue_dir: Path) -> None:
    """`notices=False` (how an engine is built) gives the same records and problems, no notices."""
    _write_rule_breakers(catalogue_dir)
    write_file(catalogue_dir / "records" / "broken.yaml", record_text("broken", harms="[nothing]"))
    full = read_catalogue(catalogue_dir)
    searching = read_catalogue(catalogue_dir, notices=False)
    assert (searching.catalogue, searching.problems, searching.notices) == (
        full.catalogue,
        full.problems,
        (),
    )
    assert len(full.problems) == 1 and len(full.notices) == 5
