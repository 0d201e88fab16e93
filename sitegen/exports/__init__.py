"""Per-episode transcript downloads: one module per format, all written from the model.

Owns turning one `Episode` into the text of `transcript.vtt|srt|json|txt|html`. Each exporter
writes what its format's reader reads back to the same speakers, paragraph texts and clocks (to
the format's precision); `tests/test_roundtrip*.py` hold that property. Exporters know nothing
about pages or the archive: `ExportContext` carries the few site facts they print.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from sitegen import urls
from sitegen.config import Config
from sitegen.exports.chapters import export_chapters, publishes_chapters
from sitegen.model import Episode


@dataclass(frozen=True, slots=True)
class ExportContext:
    """Site facts an export names in its header."""

    show: str  # the show's (site's) title
    page_url: str  # the episode page: absolute when base_url is, else a site-root path
    language: str  # BCP 47, as in the config


Exporter = Callable[[Episode, ExportContext], str]


def exporters() -> dict[str, Exporter]:
    """Format (file suffix) -> exporter, in the order of `config.DOWNLOAD_FORMATS`."""
    # Imported here so each format module can import this one's ExportContext.
    from sitegen.exports.html import export_html
    from sitegen.exports.p20json import export_json
    from sitegen.exports.srt import export_srt
    from sitegen.exports.text import export_text
    from sitegen.exports.webvtt import export_vtt

    return {
        "vtt": export_vtt,
        "srt": export_srt,
        "json": export_json,
        "txt": export_text,
        "html": export_html,
    }


def export_context(episode: Episode, config: Config) -> ExportContext:
    page = urls.episode_url(episode.key)
    base = config.absolute_base
    page_url = base + page if base else config.base_path + page
    return ExportContext(show=config.title, page_url=page_url, language=config.language)


def episode_exports(episode: Episode, config: Config) -> list[tuple[str, bytes]]:
    """(output path, bytes) of every transcript download of one episode (none without turns:
    show notes alone are no transcript), and of its chapters file when it has one
    (exports/chapters.py)."""
    if not episode.turns:
        return []
    episode = episode.unpacked()  # each format reads the turns
    context = export_context(episode, config)
    chosen = {fmt: export for fmt, export in exporters().items() if fmt in config.downloads}
    if "vtt" in chosen or "srt" in chosen:
        # Both caption formats write the same timed paragraphs: worked out once, for both.
        from sitegen.exports.captions import timed_paragraphs
        from sitegen.exports.srt import export_srt
        from sitegen.exports.webvtt import export_vtt

        paragraphs = timed_paragraphs(episode)
        for fmt, export in (("vtt", export_vtt), ("srt", export_srt)):
            if fmt in chosen:
                chosen[fmt] = partial(export, paragraphs=paragraphs)
    made = [
        (urls.export_url(episode.key, fmt), export(episode, context).encode("utf-8"))
        for fmt, export in chosen.items()
    ]
    if publishes_chapters(episode):
        made.append((urls.chapters_url(episode.key), export_chapters(episode).encode("utf-8")))
    return made
