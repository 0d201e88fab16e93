"""Problem reports: a `Diagnostic` is one `path:line: message` plus the offending line.

This module only describes and formats problems; deciding what is an error belongs to the
stage that finds it, and printing them belongs to the CLI.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

# An offending line longer than this is shown shortened, so a 10 MB line cannot flood a terminal.
MAX_SHOWN_LINE = 200


class Severity(StrEnum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in one file (line 0 when it concerns the file as a whole)."""

    path: Path
    line: int
    severity: Severity
    message: str
    source_line: str | None = None

    def format(self, root: Path | None = None) -> str:
        shown = self.path
        if root is not None:
            with contextlib.suppress(ValueError):
                shown = self.path.relative_to(root)
        location = f"{shown}:{self.line}" if self.line else f"{shown}"
        text = f"{location}: {self.severity.value}: {self.message}"
        if self.source_line is not None:
            line = self.source_line.rstrip("\r\n")
            if len(line) > MAX_SHOWN_LINE:
                line = line[:MAX_SHOWN_LINE] + f"… ({len(line)} characters)"
            text += f"\n    {line}"
        return text


def warning(path: Path, line: int, message: str, source_line: str | None = None) -> Diagnostic:
    return Diagnostic(path, line, Severity.WARNING, message, source_line)


def error(path: Path, line: int, message: str, source_line: str | None = None) -> Diagnostic:
    return Diagnostic(path, line, Severity.ERROR, message, source_line)


class SitegenError(Exception):
    """A problem that stops the whole command (bad config, unsafe output folder)."""


class DiagnosticError(SitegenError):
    """A problem that stops the whole command and belongs to one file and line (a template that
    cannot be compiled or rendered): build, check and serve all report its `diagnostic`. (The
    diagnostic is the only argument, so the error crosses from a worker process whole.)"""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic)
        self.diagnostic = diagnostic

    def __str__(self) -> str:
        return self.diagnostic.format()


class ConfigError(DiagnosticError):
    """sitegen.toml is invalid: `message` says why, at `line` of `path` when known (0: the file
    as a whole, or not known), with the text of that line; reported as a diagnostic like any
    other problem."""

    def __init__(
        self,
        message: str,
        path: Path | None = None,
        line: int = 0,
        source_line: str | None = None,
    ) -> None:
        self.message, self.path, self.line = message, path, line
        shown = path if path is not None else Path("sitegen.toml")
        self.diagnostic = Diagnostic(shown, line, Severity.ERROR, message, source_line)
        # Not DiagnosticError.__init__: these arguments are the ones a copy is made from.
        SitegenError.__init__(self, message, path, line, source_line)
