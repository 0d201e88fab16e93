"""Export placeholder: being written."""

from __future__ import annotations

from sitegen.exports import ExportContext
from sitegen.model import Episode


def export_html(episode: Episode, context: ExportContext) -> str:
    raise NotImplementedError
