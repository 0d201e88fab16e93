"""YAML metadata blocks: the `---` front matter at the top of a file, and sidecar `.yaml` files.

Owns finding the block, parsing it with the safe loader, and remembering the file line of every
key so later checks can point at it. It does not know which keys exist or what they mean
(that is metadata.py). A block that is not valid YAML is an error at its real file line; the
rest of the file is still read. A `---` on the first line that nothing closes is a warning at
that line, and the whole file is then read as the body, so no word of it is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.characters import replaced_message, whole_characters, whole_string
from sitegen.errors import Diagnostic, error, warning

if TYPE_CHECKING:
    import yaml

_FENCE = "---"
_CLOSERS = ("---", "...")


@dataclass(frozen=True)
class YamlMapping:
    """Top-level keys of one YAML block, with the file line each key is on."""

    values: dict[str, object]
    lines: dict[str, int]  # key -> 1-based file line
    texts: dict[str, str]  # key -> that line as written, for messages
    path: Path
    label: str  # "front matter" or "sidecar", for messages
    # key -> the 1-based file line of each item of its value, when that value is a list
    # (`chapters:`), so that a bad item is reported at its own line.
    item_lines: dict[str, tuple[int, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Split:
    """A file split into its front matter (if any) and the body that follows."""

    front: YamlMapping | None
    body: str
    body_first_line: int  # 1-based file line of the body's first line
    diagnostics: tuple[Diagnostic, ...]


def split_front_matter(text: str, path: Path, body: str = "transcript") -> Split:
    """Separate a leading `---` … `---` YAML block from the rest of `text`. `body` names what
    the rest is, for the message when the block is never closed."""
    if not _opens_block(text):
        return Split(None, text, 1, ())
    end = _closing_fence(text)
    if end is None:
        message = (
            "front matter opened here is never closed (no second ---);"
            f" the whole file is read as {body}"
        )
        return Split(None, text, 1, (warning(path, 1, message, _line_at(text, 0)),))
    yaml_start, yaml_end, body_start = end
    block = text[yaml_start:yaml_end]
    front, diagnostics = parse_yaml_mapping(block, path, first_line=2, label="front matter")
    closing_line = 2 + block.count("\n")
    return Split(front, text[body_start:], closing_line + 1, tuple(diagnostics))


def _opens_block(text: str) -> bool:
    """Whether the first line is `---` (a file of nothing else opens a block too)."""
    first_end = text.find("\n")
    return text[: first_end if first_end >= 0 else len(text)].rstrip() == _FENCE


def _closing_fence(text: str) -> tuple[int, int, int] | None:
    """(YAML start, YAML end, body start) offsets when text opens with a closed `---` block."""
    first_end = text.find("\n")
    if first_end < 0:
        return None
    pos = first_end + 1
    while pos < len(text):
        line_end = text.find("\n", pos)
        if line_end < 0:
            line_end = len(text)
        if text[pos:line_end].rstrip() in _CLOSERS:
            return first_end + 1, pos, min(line_end + 1, len(text))
        pos = line_end + 1
    return None


def parse_yaml_mapping(
    text: str, path: Path, first_line: int, label: str
) -> tuple[YamlMapping | None, list[Diagnostic]]:
    """Parse a YAML mapping whose first line is file line `first_line`."""
    import yaml  # only files with metadata need it: not imported by every build

    try:
        # The reader checks the characters as it is made: a control character raises here.
        loader = yaml.SafeLoader(text)
    except yaml.YAMLError as exc:
        return None, [_yaml_error(exc, text, path, first_line, label)]
    try:
        node = loader.get_single_node()
        values = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as exc:
        return None, [_yaml_error(exc, text, path, first_line, label)]
    except (ValueError, TypeError, RecursionError) as exc:
        # Raised while building values (`date: 2024-13-45`) or on absurd nesting; PyYAML
        # gives no position for these.
        problem = "it nests too deeply" if isinstance(exc, RecursionError) else str(exc)
        return None, [error(path, first_line, f"{label} is not valid YAML: {problem}")]
    finally:
        loader.dispose()
    if values is None:
        values = {}
    if not isinstance(values, dict) or not isinstance(node, yaml.MappingNode | None):
        message = f"{label} must be a mapping of keys to values (like `title: …`)"
        return None, [error(path, first_line, message, _line_at(text, 0))]
    lines: dict[str, int] = {}
    texts: dict[str, str] = {}
    item_lines: dict[str, tuple[int, ...]] = {}
    if node is not None:
        source = text.split("\n")
        for key_node, value_node in node.value:
            index = key_node.start_mark.line
            lines[str(key_node.value)] = first_line + index
            texts[str(key_node.value)] = source[index] if index < len(source) else ""
            if isinstance(value_node, yaml.SequenceNode):
                item_lines[str(key_node.value)] = tuple(
                    first_line + item.start_mark.line for item in value_node.value
                )
    keyed: dict[str, object] = {}
    diagnostics: list[Diagnostic] = []
    for key, value in values.items():
        name, replaced_key = whole_string(str(key))
        fixed, replaced = whole_characters(value)
        replaced = replaced_key or replaced
        if replaced is not None:  # `"\udfff"`, `"\x00"`: no text (characters.py)
            line = lines.get(str(key), first_line)
            message = replaced_message(replaced)
            diagnostics.append(warning(path, line, message, texts.get(str(key))))
            lines[name], texts[name] = line, texts.get(str(key), "")
        keyed[name] = fixed
    return YamlMapping(keyed, lines, texts, path, label, item_lines), diagnostics


def _yaml_error(
    exc: yaml.YAMLError, text: str, path: Path, first_line: int, label: str
) -> Diagnostic:
    import yaml

    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    index = mark.line if mark is not None else 0
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML forbids: no mark, an offset
        index = text.count("\n", 0, exc.position)
    problem = getattr(exc, "problem", None) or (str(exc).splitlines() or ["unreadable"])[0]
    return error(
        path, first_line + index, f"{label} is not valid YAML: {problem}", _line_at(text, index)
    )


def _line_at(text: str, index: int) -> str:
    lines = text.split("\n")
    return lines[index] if 0 <= index < len(lines) else ""
