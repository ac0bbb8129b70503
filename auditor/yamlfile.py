"""Safe YAML loading that remembers line numbers, for error messages that name them; and
the one way a side input (rule pack, table profiles, acknowledgements, baseline) is read.

Rule packs and table profiles are data written by people; when one is wrong the message
must say which file and line. Values are built straight from libyaml's parse events: only
YAML's plain data types (mappings, sequences, strings, numbers, booleans, null, dates,
binary) are ever constructed, never an object a tag names; each mapping remembers its line
and the line of each of its keys.

A side input may come from anywhere, so it is bounded before and while it is parsed:

- `read_side_file` reads only a regular file (checked before it is opened: a FIFO would
  block forever, /dev/zero never ends) of at most `--max-side-mb`;
- values may nest no deeper than `MAX_DEPTH`;
- aliases may repeat an anchored value (the core packs share lists that way), but what they
  add may not exceed `MAX_VALUES` values in all: a "billion laughs" of nested aliases would
  otherwise exhaust memory wherever the data is walked or printed. Values written out in
  the file do not count: the size limit bounds them, so a long list is not a bomb.
"""

from __future__ import annotations

import os
import stat
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

import yaml

from auditor.errors import ConfigError
from auditor.limits import MB, current, option
from auditor.numbers import format_number

MAX_VALUES = 100_000  # values aliases may add to a document, in all
MAX_DEPTH = 50

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _MERGE = _TAG + "str", _TAG + "map", _TAG + "seq", _TAG + "merge"
# Scalar tags and their SafeConstructor methods; "=" (the value key) is read as text.
_SCALARS = {
    _TAG + kind: getattr(yaml.constructor.SafeConstructor, f"construct_yaml_{kind}")
    for kind in ("null", "bool", "int", "float", "binary", "timestamp")
}
_TEXT_TAGS = {_STR, _TAG + "value"}
_PLAIN = (True, False)  # a plain scalar's `implicit`, as the resolver takes it


class LineDict(dict):
    """A dict from YAML that knows its own line and the line of each key (1-based)."""

    __slots__ = ("key_lines", "line")  # no __dict__ each: 10⁵ of them in a large file
    line: int
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


def _line(event: Any) -> int:
    return event.start_mark.line + 1 if event.start_mark is not None else 0


class _Builder:
    """Python values from parse events, without PyYAML's node graph: composing and then
    constructing a node per value in Python cost ~25 s for 10⁵ acknowledgements; building
    the values directly costs little more than parsing."""

    def __init__(self, text: str) -> None:
        self.parser: Any = _EventParser(text)  # events are typed loosely: Any below
        self.resolver = yaml.resolver.Resolver()
        self.implicit = self.resolver.yaml_implicit_resolvers
        self.wildcards = None in self.implicit  # resolvers for any first character
        self.constructor = yaml.constructor.SafeConstructor()
        self.anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, values it holds)
        self.building: set[str] = set()  # anchors of the values being built
        self.values = 0  # values built so far, each alias counting what it repeats
        self.added = 0  # of which added by aliases
        self.depth = 0

    def document(self) -> Any:
        """The stream's only document (None for an empty stream)."""
        parser = self.parser
        parser.get_event()  # StreamStartEvent
        if parser.check_event(yaml.StreamEndEvent):
            return None
        parser.get_event()  # DocumentStartEvent
        value = self.value(parser.get_event())
        parser.get_event()  # DocumentEndEvent
        if not parser.check_event(yaml.StreamEndEvent):
            event = parser.get_event()
            raise yaml.composer.ComposerError(
                None, None, "expected a single document, but found another", event.start_mark
            )
        return value

    def value(self, event: Any) -> Any:
        kind = type(event)
        if kind is yaml.ScalarEvent and event.anchor is None:  # most values: the short way
            self.values += 1
            return self.scalar(event)
        if kind is yaml.AliasEvent:
            return self.alias(event)
        anchor = event.anchor
        if anchor is not None:
            if anchor in self.anchors or anchor in self.building:
                raise yaml.composer.ComposerError(
                    None, None, f"found duplicate anchor {anchor!r}", event.start_mark
                )
            self.building.add(anchor)
        start = self.values
        self.values += 1
        if kind is yaml.ScalarEvent:
            value = self.scalar(event)
        else:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ConfigError(f"line {_line(event)}: nested more than {MAX_DEPTH} levels deep")
            build = self.mapping if kind is yaml.MappingStartEvent else self.sequence
            value = build(event)
            self.depth -= 1
        if anchor is not None:
            self.building.discard(anchor)
            self.anchors[anchor] = (value, self.values - start)
        return value

    def alias(self, event: Any) -> Any:
        anchor = event.anchor
        if anchor in self.building:
            raise ConfigError(f"line {_line(event)}: an alias refers to a value that holds it")
        if anchor not in self.anchors:
            raise yaml.composer.ComposerError(
                None, None, f"found undefined alias {anchor!r}", event.start_mark
            )
        value, size = self.anchors[anchor]
        self.values += size
        self.added += size
        if self.added > MAX_VALUES:
            raise ConfigError(
                f"line {_line(event)}: aliases expand this to more than {MAX_VALUES} values"
            )
        return value

    def scalar(self, event: Any) -> Any:
        text: str = event.value
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return text  # quoted, a block scalar or "!": text
            if not self.wildcards and text[:1] not in self.implicit:
                return text  # no implicit type starts with this character
            tag = self.resolver.resolve(yaml.ScalarNode, text, _PLAIN)
        if tag in _TEXT_TAGS:
            return text
        construct = _SCALARS.get(tag)
        if construct is None:
            self.wrong_kind(event, tag)
        node = yaml.ScalarNode(tag, text, event.start_mark, event.end_mark, event.style)
        try:
            return construct(self.constructor, node)
        # PyYAML's constructors fail on some scalars with plain errors: "!!int ''" (an
        # IndexError), "!!bool x" (KeyError), "!!timestamp x" (AttributeError), "2023-02-30"
        # or an integer of 5 000 digits (ValueError).
        except (ValueError, LookupError, AttributeError) as exc:
            kind = tag.rsplit(":", 1)[-1]
            raise ConfigError(f"line {_line(event)}: invalid {kind} ({exc})") from None

    def wrong_kind(self, event: Any, tag: str) -> NoReturn:
        """A tag this loader does not construct on this kind of value: refused."""
        if tag == _MAP:
            raise ConfigError(f"line {_line(event)}: expected a mapping")
        if tag == _SEQ:
            raise ConfigError(f"line {_line(event)}: expected a sequence")
        if tag in _SCALARS or tag in _TEXT_TAGS:
            raise ConfigError(f"line {_line(event)}: expected a scalar")
        raise yaml.constructor.ConstructorError(
            None, None, f"could not determine a constructor for the tag {tag!r}", event.start_mark
        )

    def sequence(self, event: Any) -> list:
        if event.tag not in (None, "!", _SEQ):
            self.wrong_kind(event, event.tag)
        next_event, value = self.parser.get_event, self.value
        items = []
        while type(event := next_event()) is not yaml.SequenceEndEvent:
            items.append(value(event))
        return items

    def mapping(self, event: Any) -> LineDict:
        if event.tag not in (None, "!", _MAP):
            self.wrong_kind(event, event.tag)
        next_event, value = self.parser.get_event, self.value
        mapping = LineDict()
        mapping.line = _line(event)
        key_lines: dict[str, int] = {}
        mapping.key_lines = key_lines
        merged: list[tuple[int, Any]] = []
        while type(event := next_event()) is not yaml.MappingEndEvent:
            line = event.start_mark.line + 1
            if (
                type(event) is yaml.ScalarEvent
                and (event.value == "<<" or event.tag is not None)  # the usual keys: no call
                and self.is_merge(event)
            ):
                merged.append((line, value(next_event())))
                continue
            key = value(event)
            if type(key) is str:
                key = sys.intern(key)  # one "justification" for 10⁵ entries, not 10⁵ copies
            elif not isinstance(key, int | float | bool) and key is not None:
                raise ConfigError(f"line {line}: mapping keys must be text")
            if key in mapping:
                raise ConfigError(f"line {line}: duplicate key {key!r}")
            mapping[key] = value(next_event())
            key_lines[str(key)] = line
        for line, source in merged:  # "<<: *defaults": keys written out win
            for part in source if isinstance(source, list) else [source]:
                if not isinstance(part, dict):
                    raise ConfigError(f"line {line}: '<<' merges a mapping or a list of them")
                for key, item in part.items():
                    if key not in mapping:
                        mapping[key] = item
                        key_lines[str(key)] = line
        return mapping

    @staticmethod
    def is_merge(event: Any) -> bool:
        """A merge key: a plain "<<" (as YAML 1.1 resolves it) or one tagged !!merge."""
        plain = event.tag is None and event.implicit[0]
        return event.tag == _MERGE or (plain and event.value == "<<")


def read_side_file(path: Path) -> str:
    """The UTF-8 text of a side input. Only a regular file is read, and only up to
    `--max-side-mb`: its type and size are checked before it is opened (opening a FIFO
    waits for a writer; a device may never end), and again on the open file."""
    limit = current().max_side_mb * MB
    try:
        _check_side_file(path, os.stat(path), limit)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            _check_side_file(path, os.fstat(handle.fileno()), limit)  # swapped meanwhile?
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:  # grew since it was checked
        _too_large(path, len(data))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: not UTF-8 text: byte {exc.start + 1} (0x{data[exc.start]:02X})"
        ) from None


def _check_side_file(path: Path, info: os.stat_result, limit: int) -> None:
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise ConfigError(f"{path}: is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise ConfigError(f"{path}: not a regular file ({_file_kind(mode)}); give a file")
    if info.st_size > limit:
        _too_large(path, info.st_size)


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "a special file"


def _too_large(path: Path, size: int) -> None:
    limit = current().max_side_mb
    shown = format_number(Decimal(size) / MB, 1)
    raise ConfigError(
        f"{path}: {shown} MB is more than the limit of {limit} MB for a side input "
        f"({option('max_side_mb')})"
    )


def parse_yaml(text: str) -> Any:
    """The value of one YAML document, bounded as the module says; errors as yaml's own or
    ConfigError("line N: ...")."""
    return _Builder(text).document()


def load_yaml(path: Path) -> Any:
    """Parse a YAML file safely; any problem becomes a ConfigError naming file and line."""
    text = read_side_file(path)
    try:
        return parse_yaml(text)
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
