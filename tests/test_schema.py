"""bridge/schema.py (through the loader): each kind of bad field gives one placed Problem.

Each test writes one bad record beside the literal catalogue and compares the whole list of
problems: file, line of the offending field, field name and message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from literal import ORGANISATIONS, record_text, write_file

from bridge.catalogue.reading import read_catalogue
from bridge.catalogue.schema import CONTACT_SCHEMES, WEB_SCHEMES, _enough_words, _url_checker
from bridge.errors import Problem


def problems_of(catalogue_dir: Path, file_name: str, text: str) -> tuple[Problem, ...]:
    """The problems of the catalogue after adding records/<file_name>."""
    write_file(catalogue_dir / "records" / file_name, text)
    return read_catalogue(catalogue_dir).problems


def one(catalogue_dir: Path, line: int | None, field: str, message: str) -> tuple[Problem]:
    """The single expected problem of records/x.yaml."""
    return (Problem(str(catalogue_dir / "records" / "x.yaml"), line, field, message),)


def test_valid_record_has_no_problem(catalogue_dir: Path) -> None:
    """The template record used below is valid as it stands."""
    assert problems_of(catalogue_dir, "x.yaml", record_text("x")) == ()


def test_missing_required_field(catalogue_dir: Path) -> None:
    """A missing required field (here the sources) is named, placed at the record's first
    line."""
    problems = problems_of(catalogue_dir, "x.yaml", record_text("x", source=None))
    message = "'sources' is required: the pages the facts come from"
    assert problems == one(catalogue_dir, 1, "sources", message)


def test_unknown_field_suggests_the_closest(catalogue_dir: Path) -> None:
    """A misspelt field name is placed on its line with a did-you-mean."""
    problems = problems_of(catalogue_dir, "x.yaml", record_text("x", extra="tittle: Oops\n"))
    assert problems == one(
        catalogue_dir, 11, "tittle", "unknown field 'tittle'; did you mean 'title'?"
    )


def test_unknown_field_far_from_any_lists_the_known_ones(catalogue_dir: Path) -> None:
    """An unknown field like no known one lists the known fields instead."""
    problems = problems_of(catalogue_dir, "x.yaml", record_text("x", extra="zzz: 1\n"))
    (problem,) = problems
    assert (problem.line, problem.field) == (11, "zzz")
    assert problem.message.startswith("unknown field 'zzz'; known fields: id, kind, title,")


def test_short_summary(catalogue_dir: Path) -> None:
    """A summary under 25 words says how many it has."""
    text = record_text("x", summary="Only a few words here.")
    problems = problems_of(catalogue_dir, "x.yaml", text)
    assert problems == one(catalogue_dir, 6, "summary", "needs at least 25 words, has 5")


@pytest.mark.parametrize(
    ("written", "read_as"),
    [("2024-01-01", "date"), ("yes", "bool"), ("12.5", "float")],
)
def test_unquoted_non_text_says_to_quote_it(
    catalogue_dir: Path, written: str, read_as: str
) -> None:
    """A title that YAML reads as a date, bool or number gets a message saying to quote it."""
    problems = problems_of(catalogue_dir, "x.yaml", record_text("x", title=written))
    (problem,) = problems
    assert (problem.line, problem.field) == (3, "title")
    assert f"as {read_as}; quote it" in problem.message


@pytest.mark.parametrize(
    ("field", "value", "line", "shown"),
    [
        ("title", "NO", 3, "title"),
        ("title", "010", 3, "title"),
        ("regions", "[NO]", 9, "regions[0]"),
    ],
    ids=["NO", "010", "Norway-code"],
)
def test_quote_it_hint_shows_the_text_as_written(
    catalogue_dir: Path, field: str, value: str, line: int, shown: str
) -> None:
    """The 'quote it' hint repeats what the curator typed (NO, 010), not what YAML made of it."""
    problems = problems_of(catalogue_dir, "x.yaml", record_text("x", **{field: value}))
    text = value.strip("[]")
    (problem,) = problems
    assert (problem.line, problem.field) == (line, shown)
    assert problem.message.endswith(f"quote it: '{text}'")


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,hello", "/relative/path", "mailto:a@example.org"],
    ids=["javascript", "data", "relative", "mailto"],
)
def test_resource_url_must_be_web(catalogue_dir: Path, url: str) -> None:
    """A resource's url is http or https only: javascript:, data:, relative and mailto fail."""
    problems = problems_of(catalogue_dir, "x.yaml", record_text("x", extra=f"url: {url}\n"))
    message = f"only http:, https: URLs are allowed, not {url!r}"
    assert problems == one(catalogue_dir, 11, "url", message)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://", "'https://' has no host"),
        ("https://a.example/x y", "a URL may not contain spaces"),
        ('https://a.example/"><script>', "a URL may not contain spaces"),
    ],
    ids=["no-host", "space", "markup"],
)
def test_malformed_web_url(catalogue_dir: Path, url: str, message: str) -> None:
    """A web URL without a host, or with spaces, quotes or angle brackets, is refused."""
    text = record_text("x", extra=f"url: '{url}'\n")
    (problem,) = problems_of(catalogue_dir, "x.yaml", text)
    assert (problem.line, problem.field) == (11, "url")
    assert problem.message.startswith(message)


def organisation_text(**lines: str) -> str:
    """The safe-lab organisation renamed `x`, with lines replaced by `lines`."""
    text = ORGANISATIONS["safe-lab"].replace("id: safe-lab", "id: x")
    for old, new in lines.items():
        text = text.replace(old, new)
    return text


def test_mailto_allowed_for_organisation_contact(catalogue_dir: Path) -> None:
    """An organisation's contact may be a mailto: address."""
    text = organisation_text(
        **{"url: https://safelab.example.org": "contact: mailto:hello@safelab.example.org"}
    )
    write_file(catalogue_dir / "organisations" / "x.yaml", text)
    report = read_catalogue(catalogue_dir)
    assert report.problems == ()
    assert report.catalogue.organisation("x").contact == "mailto:hello@safelab.example.org"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("url: mailto:hello@safelab.example.org", "only http:, https: URLs are allowed"),
        ("contact: javascript:alert(1)", "only http:, https:, mailto: URLs are allowed"),
        ("contact: mailto:nobody", "'mailto:nobody' is not an email address"),
    ],
    ids=["mailto-url", "javascript-contact", "mailto-without-address"],
)
def test_organisation_urls(catalogue_dir: Path, line: str, message: str) -> None:
    """An organisation's url is web-only; its contact is web or a real mailto: address."""
    text = organisation_text(**{"url: https://safelab.example.org": line})
    path = write_file(catalogue_dir / "organisations" / "x.yaml", text)
    (problem,) = read_catalogue(catalogue_dir).problems
    assert (problem.file, problem.line, problem.field) == (str(path), 5, line.split(":")[0])
    assert problem.message.startswith(message)


def test_person_without_source(catalogue_dir: Path) -> None:
    """A person named without the source that states their role is refused."""
    text = organisation_text(**{"    source: Synthetic test fixture\n": ""})
    path = write_file(catalogue_dir / "organisations" / "x.yaml", text)
    assert read_catalogue(catalogue_dir).problems == (
        Problem(str(path), 9, "people[0].source", "'source' is required"),
    )


def test_person_unknown_field_suggests(catalogue_dir: Path) -> None:
    """A misspelt field of a person gets a did-you-mean from the person's fields."""
    text = organisation_text(**{"    role: Director": "    rol: Director"})
    path = write_file(catalogue_dir / "organisations" / "x.yaml", text)
    problems = read_catalogue(catalogue_dir).problems
    assert problems == (
        Problem(str(path), 9, "people[0].role", "'role' is required"),
        Problem(str(path), 10, "people[0].rol", "unknown field 'rol'; did you mean 'role'?"),
    )


@pytest.mark.parametrize(
    ("field", "value", "line", "shown", "message"),
    [
        (
            "harms",
            "[groomng]",
            8,
            "harms[0]",
            "'groomng' is not a known harm; did you mean 'grooming'?",
        ),
        (
            "regions",
            "[Kenya, Phillipines]",
            9,
            "regions[1]",
            "'Phillipines' is not a known region; did you mean 'Philippines'?",
        ),
        ("roles", "[astronaut]", 7, "roles[0]", "'astronaut' is not a known role"),
        ("kind", "poem", 2, "kind", "'poem' is not a known kind; did you mean 'policy'?"),
    ],
    ids=["harm", "region", "role", "kind"],
)
def test_unknown_vocabulary_value(
    catalogue_dir: Path, field: str, value: str, line: int, shown: str, message: str
) -> None:
    """An unknown harm, region, role or kind is placed on its item with the closest values."""
    problems = problems_of(catalogue_dir, "x.yaml", record_text("x", **{field: value}))
    assert problems == one(catalogue_dir, line, shown, message)


def test_unknown_value_in_block_list_is_placed_on_its_item(catalogue_dir: Path) -> None:
    """In a block list the problem names the line of the bad item itself."""
    text = record_text("x", harms=None, extra="harms:\n  - csam\n  - groomng\n")
    problems = problems_of(catalogue_dir, "x.yaml", text)
    message = "'groomng' is not a known harm; did you mean 'grooming'?"
    assert problems == one(catalogue_dir, 12, "harms[1]", message)


def test_unknown_language_code(catalogue_dir: Path) -> None:
    """A language that is not an ISO 639-1 code is refused on its item."""
    text = record_text("x", extra="languages: [en, english]\n")
    problems = problems_of(catalogue_dir, "x.yaml", text)
    message = "'english' is not a known ISO 639-1 language code"
    assert problems == one(catalogue_dir, 11, "languages[1]", message)


def test_bad_id_pattern(catalogue_dir: Path) -> None:
    """An id that is not a lowercase slug says how ids are written."""
    problems = problems_of(catalogue_dir, "Bad_Id.yaml", record_text("Bad_Id"))
    message = "'Bad_Id' is not a valid id: use lowercase letters, digits and hyphens"
    path = str(catalogue_dir / "records" / "Bad_Id.yaml")
    assert problems == (Problem(path, 1, "id", message),)


def test_empty_list_where_one_value_is_needed(catalogue_dir: Path) -> None:
    """A record needs at least one role and one harm."""
    (problem,) = problems_of(catalogue_dir, "x.yaml", record_text("x", roles="[]"))
    assert (problem.line, problem.field) == (7, "roles")
    assert "at least 1 item" in problem.message


def test_year_out_of_range(catalogue_dir: Path) -> None:
    """A year outside 1900-2100 is refused on its line."""
    (problem,) = problems_of(catalogue_dir, "x.yaml", record_text("x", year="20240"))
    assert (problem.line, problem.field) == (5, "year")


def test_synonyms_are_stored_as_ids(catalogue_dir: Path) -> None:
    """Tags written as synonyms, codes or aliases are stored as ids and canonical names."""
    text = record_text(
        "x",
        kind="study",
        roles="[T&S, police]",
        harms="[child pornography, sexual extortion]",
        regions="[Viet Nam, UK, Visegrad Group, worldwide]",
    )
    problems_of(catalogue_dir, "x.yaml", text)
    record = read_catalogue(catalogue_dir).catalogue.resource("x")
    assert (record.kind, record.roles, record.harms, record.regions) == (
        "research",
        ("trust-safety", "law-enforcement"),
        ("csam", "sextortion"),
        ("Vietnam", "United Kingdom", "V4", "Global"),
    )


def test_an_unknown_field_inside_a_source_suggests_from_the_sources_fields(
    catalogue_dir: Path,
) -> None:
    """`titel` in a source is named with the source's own field it resembles."""
    sources = (
        "sources:\n  - url: https://example.org/page\n    titel: A page\n    accessed: 2026-11-30\n"
    )
    text = record_text("x", sources, source=None)
    file = str(catalogue_dir / "records" / "x.yaml")
    assert problems_of(catalogue_dir, "x.yaml", text) == (
        Problem(file, 11, "sources[0].title", "'title' is required"),
        Problem(file, 12, "sources[0].titel", "unknown field 'titel'; did you mean 'title'?"),
    )


def _checked_by_urlsplit(schemes: tuple[str, ...], value: str) -> str:
    """The URL rule as `urlsplit` reads every URL: the oracle for the shortcut."""
    value = value.strip()
    if re.search(r"[\s\x00-\x1f<>\"]", value):
        raise ValueError(
            "a URL may not contain spaces, quotes, angle brackets or control characters"
        )
    parts = urlsplit(value)
    if parts.scheme.lower() not in schemes:
        allowed = ", ".join(f"{s}:" for s in schemes)
        raise ValueError(f"only {allowed} URLs are allowed, not {value[:40]!r}")
    if parts.scheme.lower() in WEB_SCHEMES and not parts.netloc:
        raise ValueError(f"{value[:40]!r} has no host")
    if parts.scheme.lower() == "mailto" and "@" not in parts.path:
        raise ValueError(f"{value[:40]!r} is not an email address")
    return value


def _outcome(check: Callable[[str], str], value: str) -> tuple[str, str]:
    try:
        return "ok", check(value)
    except ValueError as error:
        return "error", str(error)


# The last pieces: odd cases of a scheme, letters that fold to ASCII ones, characters that
# a plain URL may not hold.
URL_PIECES = st.sampled_from(
    ["http", "https", "HTTPS", "mailto", "ftp", ":", "//", "/", "?", "#", "@", "[", "]",
     "example.org", "x", "é", "８", " ", "\t", "%2F", ":80", "a b", ".", "::1",
     "HtTp", "S", "\u212a", "\u017f", "\x7f", "\x1c", "\u3000", '"', "<"]
)  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(URL_PIECES, max_size=8).map("".join))
def test_the_url_rule_reads_every_url_as_urlsplit_does(value: str) -> None:
    """The shortcut for plain http(s) URLs accepts and refuses exactly what reading every
    URL with `urlsplit` does, with the same message."""
    for schemes in (WEB_SCHEMES, CONTACT_SCHEMES):
        expected = _outcome(lambda v, s=schemes: _checked_by_urlsplit(s, v), value)
        assert _outcome(_url_checker(schemes), value) == expected


def test_a_summary_of_too_few_words_says_how_many_it_has() -> None:
    """The word count stops early for a long summary; a short one is counted whole."""
    with pytest.raises(ValueError, match="needs at least 25 words, has 3"):
        _enough_words("only three words")
    long_enough = " ".join(["word"] * 400)
    assert _enough_words(long_enough) == long_enough
