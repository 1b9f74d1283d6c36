"""The one YAML reader: safe, size-capped, alias-free, duplicate-key-free, with line marks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from bridge.errors import Problem

MAX_YAML_BYTES = 1_000_000

try:
    # libyaml's fast loader behaves as SafeLoader; the stubs do not say it is one
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader


class _StrictLoader(_Loader):  # type: ignore[valid-type, misc]  # a base chosen at import
    """Safe loader that refuses duplicate keys in a mapping."""


def _mapping_without_duplicates(loader: Any, node: yaml.MappingNode, deep: bool = False) -> Any:
    if not isinstance(node, yaml.MappingNode):  # a sequence or scalar tagged !!map
        raise yaml.constructor.ConstructorError(
            None, None, f"expected a mapping, found {node.id}", node.start_mark
        )
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "a mapping key must be plain text, not a list or mapping",
                key_node.start_mark,
            )
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first on line {seen[key] + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


def _held_by_python(construct: Any, what: str) -> Any:
    """A scalar constructor whose values Python cannot hold (`2024-02-30`, an integer of
    thousands of digits) become a placed error instead of a crash."""

    def checked(loader: Any, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, OverflowError, KeyError, AttributeError, TypeError):
            shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            message = f"{shown!r} is not a valid {what}; quote it if it is text"
            raise _Unholdable(message, node) from None

    return checked


class _Unholdable(yaml.constructor.ConstructorError):
    """A scalar Python cannot hold, with its node so the problem can name its field."""

    def __init__(self, message: str, node: yaml.Node) -> None:
        super().__init__(None, None, message, node.start_mark)
        self.node = node


def _path_to(node: yaml.Node, target: yaml.Node, path: str = "") -> str | None:
    """The field path (`year`, `sources[0].accessed`) of `target` under `node`."""
    if node is target:
        return path
    children: list[tuple[str, yaml.Node]] = []
    if isinstance(node, yaml.MappingNode):
        children = [
            (f"{path}.{k.value}" if path else str(k.value), v)
            for k, v in node.value
            if isinstance(k, yaml.ScalarNode)
        ]
    elif isinstance(node, yaml.SequenceNode):
        children = [(f"{path}[{i}]", item) for i, item in enumerate(node.value)]
    for child_path, child in children:
        found = _path_to(child, target, child_path)
        if found is not None:
            return found
    return None


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)
_StrictLoader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    _held_by_python(yaml.constructor.SafeConstructor.construct_yaml_timestamp, "date"),
)
_StrictLoader.add_constructor(
    "tag:yaml.org,2002:int",
    _held_by_python(yaml.constructor.SafeConstructor.construct_yaml_int, "number"),
)
_StrictLoader.add_constructor(
    "tag:yaml.org,2002:float",
    _held_by_python(yaml.constructor.SafeConstructor.construct_yaml_float, "number"),
)
_StrictLoader.add_constructor(
    "tag:yaml.org,2002:bool",
    _held_by_python(
        yaml.constructor.SafeConstructor.construct_yaml_bool, "boolean (true or false)"
    ),
)


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """Parsed data with its node tree, so any field can be traced to its line."""

    name: str
    data: Any
    root: yaml.Node

    def line_of(self, path: Sequence[str | int]) -> int:
        """1-based line of the deepest node along `path` (the enclosing mapping if missing)."""
        return node_at(self.root, path).start_mark.line + 1

    def source_text(self, path: Sequence[str | int]) -> tuple[str, bool] | None:
        """The scalar's text as written and whether it was unquoted, for 'quote it' hints."""
        node = node_at(self.root, path)
        if isinstance(node, yaml.ScalarNode):
            return node.value, not node.style  # libyaml gives "" for plain scalars
        return None


def node_at(node: yaml.Node, path: Sequence[str | int]) -> yaml.Node:
    for part in path:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == part), None)
            if match is None:
                return node
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return node
            node = node.value[part]
        else:
            return node
    return node


def parse_yaml(raw: bytes, name: str) -> YamlDocument | Problem:
    """Parse one file's bytes into a document, or the one problem that stops it."""
    if len(raw) > MAX_YAML_BYTES:
        return Problem(
            name, None, "", f"file is {len(raw):,} bytes; the limit is {MAX_YAML_BYTES:,}"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Problem(name, line, "", f"not valid UTF-8 (byte {error.start}); save it as UTF-8")
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                place = event.start_mark.line + 1 if event.start_mark else None
                return Problem(
                    name, place, "", "aliases are not allowed (*name); write the value out"
                )
        loader = _StrictLoader(text)
        root = None
        try:
            root = loader.get_single_node()
            data = None if root is None else loader.construct_document(root)
        finally:
            loader.dispose()
    except _Unholdable as error:
        field = _path_to(root, error.node) if root is not None else None
        line = error.node.start_mark.line + 1
        return Problem(name, line, field or "", str(error.problem))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = mark.line + 1 if mark else None
        kind = "" if isinstance(error, yaml.constructor.ConstructorError) else "YAML syntax: "
        message = f"{kind}{error.problem or error.context}"
        lines = text.splitlines()
        if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            message += " (a tab character: indent with spaces)"
        return Problem(name, where, "", message)
    except yaml.YAMLError as error:
        return Problem(name, None, "", f"YAML: {error}")
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as error:
        return Problem(name, None, "", f"a value YAML cannot read ({type(error).__name__})")
    except RecursionError:
        return Problem(name, None, "", "nesting is too deep")
    if root is None:
        return Problem(name, 1, "", "the file is empty; a record is a mapping of fields")
    return YamlDocument(name, data, root)
