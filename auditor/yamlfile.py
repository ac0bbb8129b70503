"""Safe YAML loading that remembers line numbers, for error messages that name them.

Rule packs and table profiles are data written by people; when one is wrong the message
must say which file and line. PyYAML's SafeLoader never constructs arbitrary objects;
we only add the line of each mapping and of each of its keys.

A rule pack may come from anywhere, so it is also bounded: aliases may repeat an anchored
value (the core packs share lists that way), but no document may expand to more than
`MAX_VALUES` values in all (a "billion laughs" of nested aliases would otherwise exhaust
memory wherever the data is walked or printed) or nest deeper than `MAX_DEPTH`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from auditor.errors import ConfigError

MAX_VALUES = 100_000  # scalars and collections, each alias counting what it repeats
MAX_DEPTH = 50


class LineDict(dict):
    """A dict from YAML that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


try:  # libyaml's C parser: ~5x faster than PyYAML's pure-Python scanner
    from yaml._yaml import CParser as _EventParser
except ImportError:  # a PyYAML built without libyaml

    class _EventParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)


class _LineLoader(
    yaml.composer.Composer, yaml.constructor.SafeConstructor, yaml.resolver.Resolver, _EventParser
):
    """SafeLoader's parts, with the parser's events composed in Python so that the alias
    and depth limits below apply (libyaml would compose them in C, unchecked)."""

    def __init__(self, stream: str) -> None:
        _EventParser.__init__(self, stream)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        yaml.composer.Composer.__init__(self)
        self.sizes: dict[int, int] = {}  # id of a composed node -> values it expands to
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            alias = super().compose_node(parent, index)  # its size is known, or it is recursive
            assert alias is not None
            return alias
        event = self.peek_event()
        line = event.start_mark.line + 1 if event is not None and event.start_mark else 0
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConfigError(f"line {line}: nested more than {MAX_DEPTH} levels deep")
        node = super().compose_node(parent, index)
        assert node is not None  # an event was peeked: there is a node
        self.depth -= 1
        children = node.value if isinstance(node.value, list) else []
        size = 1
        for child in children:
            for part in child if isinstance(child, tuple) else (child,):  # mapping: key, value
                if id(part) not in self.sizes:
                    raise ConfigError(f"line {line}: an alias refers to a value that holds it")
                size += self.sizes[id(part)]
        if size > MAX_VALUES:
            raise ConfigError(f"line {line}: aliases expand this to more than {MAX_VALUES} values")
        self.sizes[id(node)] = size
        return node

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        # PyYAML's constructors fail on some scalars with plain errors: "!!int ''" (an
        # IndexError), "!!bool x" (KeyError), "!!timestamp x" (AttributeError), "2023-02-30"
        # or an integer of 5 000 digits (ValueError).
        except (ValueError, LookupError, AttributeError) as exc:
            kind = node.tag.rsplit(":", 1)[-1]
            raise ConfigError(f"line {node.start_mark.line + 1}: invalid {kind} ({exc})") from None


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    if not isinstance(node, yaml.MappingNode):  # "!!map [1]"
        raise ConfigError(f"line {node.start_mark.line + 1}: expected a mapping")
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise ConfigError(f"line {key_node.start_mark.line + 1}: mapping keys must be text")
        if key in mapping:
            raise ConfigError(f"line {key_node.start_mark.line + 1}: duplicate key {key!r}")
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(  # type: ignore[type-var]  # a loader of PyYAML's parts
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)


def load_yaml(path: Path) -> Any:
    """Parse a YAML file safely; any problem becomes a ConfigError naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # type: ignore[arg-type]  # SafeLoader's parts
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except yaml.reader.ReaderError as exc:  # no mark, and a message of two lines
        line = text.count("\n", 0, exc.position) + 1
        raise ConfigError(
            f"{path}:{line}: invalid YAML: character U+{exc.character:04X} is not allowed"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = str(mark.line + 1) if mark else "?"
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{path}:{where}: invalid YAML: {problem}") from None
