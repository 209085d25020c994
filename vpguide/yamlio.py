"""Strict YAML reading that remembers where every value came from.

PyYAML alone silently keeps the last of two duplicate keys, reads `NO` as false and `2020-03-05` as a
date, and expands aliases without limit. Here a document is composed into nodes and converted by hand:
- a duplicate key is an error (the maintainer's first text would otherwise be lost without a word);
- plain scalars are strings, except `true`/`false`, `null`/`~` and decimal integers (as in YAML 1.2), so a
  country code or a date stays exactly as written;
- anchors, aliases, merge keys, custom tags and multiple documents are errors;
- every value and every key keeps its line and column for error messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .errors import Problem

Path = tuple[str | int, ...]


class _CoreLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema resolution, limited to what the data needs."""


_CoreLoader.yaml_implicit_resolvers = {}
_CoreLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
_CoreLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_CoreLoader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|)$"), ["~", "n", ""])

# libyaml's parser (PyYAML's C extension, in PyYAML's wheels) composes the same nodes at the same lines and
# columns about 20 times faster. Whenever it raises, the pure-Python parser reads the text again, so that a
# problem is always reported with its messages.
if getattr(yaml, "__with_libyaml__", False):

    class _FastCoreLoader(yaml.CSafeLoader):
        """_CoreLoader's resolution on libyaml's parser."""

    _FastCoreLoader.yaml_implicit_resolvers = _CoreLoader.yaml_implicit_resolvers
else:  # pragma: no cover - PyYAML built without libyaml
    _FastCoreLoader = None


def _compose_all(text: str) -> list:
    if _FastCoreLoader is not None:
        try:
            return list(yaml.compose_all(text, Loader=_FastCoreLoader))
        except (yaml.YAMLError, UnicodeError):
            pass
    return list(yaml.compose_all(text, Loader=_CoreLoader))


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


def format_path(path: Path) -> str:
    """`("principles", 2, "statement")` -> `principles[2].statement`; the root is `(document)`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


@dataclass
class Document:
    """A YAML file's data, with the position of every value (`marks`) and mapping key (`key_marks`)."""

    file: str
    data: object = None
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def where(self, path: Path) -> tuple[int, int]:
        """Line and column of the value at `path`, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def problem(self, path: Path, message: str, *, at_key: bool = False) -> Problem:
        path = tuple(path)
        line, column = self.key_marks[path] if at_key and path in self.key_marks else self.where(path)
        return Problem(self.file, line, column, format_path(path), message)


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def read_yaml(text: str, file: str) -> Document:
    """Parse `text`; syntax and structure problems are collected in `Document.problems`, never raised."""
    doc = Document(file)
    try:
        nodes = _compose_all(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = _pos(mark) if mark else (1, 1)
        message = " ".join(str(x) for x in (err.context, err.problem) if x) or "invalid YAML"
        doc.problems.append(Problem(file, line, column, "(syntax)", f"YAML syntax error: {message}"))
        return doc
    except yaml.reader.ReaderError as err:  # a character YAML refuses, at a character offset
        line = text.count("\n", 0, err.position) + 1
        column = err.position - (text.rfind("\n", 0, err.position) + 1) + 1
        message = f"YAML refuses the character {err.character!r} (code {ord(err.character)}): remove it"
        doc.problems.append(Problem(file, line, column, "(syntax)", message))
        return doc
    except yaml.YAMLError as err:  # errors without a position
        doc.problems.append(Problem(file, 1, 1, "(syntax)", f"YAML error: {err}"))
        return doc
    if not nodes or nodes[0] is None:
        doc.problems.append(Problem(file, 1, 1, "(document)", "the file is empty"))
        return doc
    if len(nodes) > 1:
        line, column = _pos(nodes[1].start_mark)
        doc.problems.append(Problem(file, line, column, "(document)", "only one YAML document per file"))
    seen: set[int] = set()
    doc.data = _convert(nodes[0], (), doc, seen)
    return doc


def _convert(node: yaml.Node, path: Path, doc: Document, seen: set[int]) -> object:
    doc.marks[path] = _pos(node.start_mark)
    if id(node) in seen:
        # An alias: the same node reached twice. Refused, so that no file can expand without bound.
        doc.problems.append(
            doc.problem(path, "anchors and aliases (&, *) are not supported: write the value out")
        )
        return None
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, path, doc, seen)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ:
            doc.problems.append(doc.problem(path, f"unsupported tag {node.tag!r}"))
        return [_convert(child, (*path, i), doc, seen) for i, child in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    if node.tag == _STR:
        return node.value
    if node.tag == _INT:
        return int(node.value)
    if node.tag == _BOOL:
        return node.value == "true"
    if node.tag == _NULL:
        return None
    doc.problems.append(doc.problem(path, f"unsupported tag {node.tag!r}: write a plain value"))
    return node.value


def _convert_mapping(node: yaml.MappingNode, path: Path, doc: Document, seen: set[int]) -> dict:
    if node.tag != _MAP:
        doc.problems.append(doc.problem(path, f"unsupported tag {node.tag!r}"))
    result: dict[str, object] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (_STR, _INT):
            line, column = _pos(key_node.start_mark)
            doc.problems.append(
                Problem(doc.file, line, column, format_path(path), "keys must be plain names")
            )
            continue
        key = key_node.value
        if key == "<<":
            line, column = _pos(key_node.start_mark)
            doc.problems.append(
                Problem(doc.file, line, column, format_path(path), "merge keys (<<) are not supported")
            )
            continue
        child = (*path, key)
        if key in result:
            first_line = doc.key_marks[child][0]
            line, column = _pos(key_node.start_mark)
            doc.problems.append(
                Problem(
                    doc.file,
                    line,
                    column,
                    format_path(child),
                    f"duplicate key {key!r} (first defined on line {first_line}); "
                    "one of the two would be lost",
                )
            )
            continue
        doc.key_marks[child] = _pos(key_node.start_mark)
        result[key] = _convert(value_node, child, doc, seen)
    return result
