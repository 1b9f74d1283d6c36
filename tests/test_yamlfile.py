"""bridge/yamlfile.py: the one YAML reader turns every bad file into one placed Problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from literal import ALL_IDS, write_file

from bridge.catalogue.reading import read_catalogue
from bridge.catalogue.yamlfile import MAX_YAML_BYTES, YamlDocument, parse_yaml
from bridge.errors import Problem

BILLION_LAUGHS = b"""\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_alias_bomb_is_rejected_at_its_first_alias() -> None:
    """A billion-laughs file is refused before it expands, naming the line of the first alias."""
    assert parse_yaml(BILLION_LAUGHS, "bomb.yaml") == Problem(
        "bomb.yaml", 2, "", "aliases are not allowed (*name); write the value out"
    )


def test_single_alias_is_rejected() -> None:
    """Even one harmless alias is refused: the catalogue has no use for them."""
    problem = parse_yaml(b"id: x\ntitle: &t Hello\nsource: *t\n", "a.yaml")
    assert problem == Problem(
        "a.yaml", 3, "", "aliases are not allowed (*name); write the value out"
    )


def test_duplicate_key_names_both_lines() -> None:
    """A repeated key is reported on the second key's line, naming the first's."""
    problem = parse_yaml(b"id: x\ntitle: one\nkind: research\ntitle: two\n", "d.yaml")
    assert problem == Problem("d.yaml", 4, "", "duplicate key 'title' (first on line 2)")


def test_duplicate_key_in_nested_mapping() -> None:
    """Duplicate keys are refused inside nested mappings too (a person listed in people)."""
    text = b"people:\n  - name: A\n    name: B\n"
    assert parse_yaml(text, "n.yaml") == Problem(
        "n.yaml", 3, "", "duplicate key 'name' (first on line 2)"
    )


def test_tab_indentation_is_a_placed_syntax_error() -> None:
    """A tab used for indentation gives one syntax problem on the tab's line."""
    problem = parse_yaml(b"id: x\npeople:\n\t- name: A\n", "t.yaml")
    assert problem == Problem(
        "t.yaml",
        3,
        "",
        "YAML syntax: found character that cannot start any token"
        " (a tab character: indent with spaces)",
    )


def test_bad_indentation_is_a_placed_syntax_error() -> None:
    """A misindented key gives a syntax problem on its line."""
    problem = parse_yaml(b"id: x\ntitle: ok\n  bad: indent\n", "s.yaml")
    assert problem == Problem(
        "s.yaml", 3, "", "YAML syntax: mapping values are not allowed in this context"
    )


def test_non_utf8_bytes_name_their_line() -> None:
    """Bytes that are not UTF-8 give one problem on their line, asking to save as UTF-8."""
    problem = parse_yaml(b"id: x\ntitle: caf\xe9\n", "latin1.yaml")
    assert problem == Problem("latin1.yaml", 2, "", "not valid UTF-8 (byte 16); save it as UTF-8")


@pytest.mark.parametrize(
    "raw",
    [b"[" * 100_000, b"{a: " * 100_000, b"- " * 100_000 + b"x\n"],
    ids=["flow-sequences", "flow-mappings", "block-sequences"],
)
def test_deep_nesting_is_refused(raw: bytes) -> None:
    """100k levels of nesting give one problem, not a RecursionError."""
    assert parse_yaml(raw, "deep.yaml") == Problem(
        "deep.yaml", 1, "", "YAML syntax: exceeded maximum nesting depth"
    )


def test_file_over_the_size_limit_is_refused_unread() -> None:
    """A file over 1 MB is refused as a whole before parsing."""
    raw = b"summary: " + b"x" * MAX_YAML_BYTES
    assert parse_yaml(raw, "big.yaml") == Problem(
        "big.yaml", None, "", "file is 1,000,009 bytes; the limit is 1,000,000"
    )


def test_file_at_the_size_limit_is_read() -> None:
    """A file of exactly the limit still parses."""
    raw = b"summary: " + b"x" * (MAX_YAML_BYTES - len(b"summary: "))
    document = parse_yaml(raw, "edge.yaml")
    assert isinstance(document, YamlDocument)
    assert len(document.data["summary"]) == MAX_YAML_BYTES - 9


@pytest.mark.parametrize(
    "raw", [b"", b"\n\n", b"# only a comment\n"], ids=["empty", "blank", "comment"]
)
def test_empty_file_is_one_problem(raw: bytes) -> None:
    """A file with no document says it is empty."""
    assert parse_yaml(raw, "e.yaml") == Problem(
        "e.yaml", 1, "", "the file is empty; a record is a mapping of fields"
    )


def test_multi_document_file_is_refused() -> None:
    """A second document in one file is a syntax problem at its separator."""
    assert parse_yaml(b"id: a\n---\nid: b\n", "m.yaml") == Problem(
        "m.yaml", 2, "", "YAML syntax: but found another document"
    )


@pytest.mark.parametrize(
    "raw",
    [
        b"id: !!python/object:os.system x\n",
        b'!!python/object/apply:os.system ["echo pwned"]\n',
        b"id: !!python/name:os.system x\n",
    ],
    ids=["object", "apply", "name"],
)
def test_python_tags_are_refused(raw: bytes) -> None:
    """Python object tags are never constructed: one problem naming the tag."""
    problem = parse_yaml(raw, "p.yaml")
    assert isinstance(problem, Problem)
    assert (problem.file, problem.line, problem.field) == ("p.yaml", 1, "")
    assert problem.message.startswith("could not determine a constructor for the tag")


def test_bom_and_crlf_are_accepted() -> None:
    """A UTF-8 byte-order mark and Windows line ends read like plain text."""
    document = parse_yaml(b"\xef\xbb\xbfid: x\r\ntitle: Caf\xc3\xa9\r\n", "w.yaml")
    assert isinstance(document, YamlDocument)
    assert document.data == {"id": "x", "title": "Café"}
    assert document.line_of(("title",)) == 2


def test_line_of_finds_nested_fields() -> None:
    """line_of gives the 1-based line of a field or list item, else of the enclosing node."""
    document = parse_yaml(b"id: x\nharms:\n  - csam\n  - grooming\n", "l.yaml")
    assert isinstance(document, YamlDocument)
    places = [("id",), ("harms",), ("harms", 1), ("harms", 7), ("missing",)]
    assert [document.line_of(p) for p in places] == [1, 3, 4, 3, 1]


def test_source_text_reports_how_a_scalar_was_written() -> None:
    """source_text gives a scalar's text as written, and a non-scalar gives None."""
    document = parse_yaml(b"a: NO\nb: 'NO'\nc: [x]\n", "q.yaml")
    assert isinstance(document, YamlDocument)
    assert document.source_text(("b",)) == ("NO", False)
    assert document.source_text(("c",)) is None


def test_source_text_marks_plain_scalars_unquoted() -> None:
    """An unquoted scalar is reported as unquoted, so a 'quote it' hint can show its text."""
    document = parse_yaml(b"a: NO\n", "q.yaml")
    assert isinstance(document, YamlDocument)
    assert document.source_text(("a",)) == ("NO", True)


@pytest.mark.parametrize(
    "raw",
    [BILLION_LAUGHS, b"a:\n\tb: 1\n", b"id: \xff\n", b"[" * 100_000, b"", b"a: 1\n---\nb: 2\n"],
    ids=["alias-bomb", "tab", "non-utf8", "deep", "empty", "two-documents"],
)
def test_bad_yaml_file_beside_good_ones(catalogue_dir: Path, raw: bytes) -> None:
    """One bad YAML file gives one problem for that file; every other record still loads."""
    bad = write_file(catalogue_dir / "records" / "bad.yaml", raw)
    report = read_catalogue(catalogue_dir)
    assert [(p.file, p.line is not None) for p in report.problems] == [(str(bad), True)]
    assert sorted(r.id for r in report.catalogue.resources) == ALL_IDS


@pytest.mark.parametrize(
    "raw",
    [b"id: x\n? [a, b]\n: y\n", b"id: x\n{[a]: 1}: y\n", b"id: x\n? {a: 1}\n: y\n"],
    ids=["block-list-key", "flow-key", "mapping-key"],
)
def test_complex_mapping_key_is_one_problem(raw: bytes) -> None:
    """A list or mapping used as a key gives one problem on its line, not an exception."""
    problem = parse_yaml(raw, "k.yaml")
    assert isinstance(problem, Problem)
    assert (problem.file, problem.line) == ("k.yaml", 2)


def test_nesting_deep_enough_for_python_recursion(catalogue_dir: Path) -> None:
    """Nesting under libyaml's limit but past Python's recursion is still one problem."""
    text = "id: x\ntitle: " + "{a: " * 500 + "x" + "}" * 500 + "\n"
    bad = write_file(catalogue_dir / "records" / "x.yaml", text)
    report = read_catalogue(catalogue_dir)
    assert [(p.file, p.message) for p in report.problems] == [(str(bad), "nesting is too deep")]
    assert sorted(r.id for r in report.catalogue.resources) == ALL_IDS


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (
            b"year: !!timestamp nope\n",
            "f:1: year: 'nope' is not a valid date; quote it if it is text",
        ),
        (
            b"ok: !!bool nope\n",
            "f:1: ok: 'nope' is not a valid boolean (true or false); quote it if it is text",
        ),
        (b"x: !!map [a]\n", "f:1: expected a mapping, found sequence"),
    ],
    ids=["timestamp", "bool", "map-on-a-list"],
)
def test_explicit_tags_python_cannot_follow_are_placed(raw: bytes, problem: str) -> None:
    assert str(parse_yaml(raw, "f")) == problem
