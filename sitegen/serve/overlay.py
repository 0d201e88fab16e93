"""The build-error overlay: the errors of the last build as an HTML fragment over the page.

Every piece of text in it comes from a diagnostic (file names, messages, transcript lines) and is
escaped here. It is only ever added to responses by the preview server, never written to disk.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import MAX_SHOWN_LINE, Diagnostic, Severity

OVERLAY_ID = "sitegen-overlay"
MAX_SHOWN = 50  # errors listed; a folder of broken files should not make a page of megabytes

# Scoped to the overlay's id and reset with `all: initial`, so the site's CSS cannot restyle it
# and it cannot restyle the site.
_STYLE = f"""
#{OVERLAY_ID} {{ all: initial; position: fixed; inset: 0; z-index: 2147483647; overflow: auto;
  background: rgba(24, 8, 8, 0.94); color: #fdf6f6; padding: 2rem;
  font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }}
#{OVERLAY_ID} * {{ box-sizing: border-box; }}
#{OVERLAY_ID} h2 {{ font: bold 18px/1.3 system-ui, sans-serif; margin: 0 0 .25rem;
  color: #ff8a8a; }}
#{OVERLAY_ID} p {{ margin: 0 0 1rem; font-family: system-ui, sans-serif; }}
#{OVERLAY_ID} ol {{ margin: 0; padding: 0; list-style: none; }}
#{OVERLAY_ID} li {{ margin: 0 0 1rem; padding: .75rem 1rem; background: #2e1414;
  border-left: 4px solid #ff6b6b; }}
#{OVERLAY_ID} .where {{ color: #ffd479; }}
#{OVERLAY_ID} .message {{ white-space: pre-wrap; word-break: break-word; }}
#{OVERLAY_ID} pre {{ margin: .25rem 0 0; white-space: pre-wrap; word-break: break-word;
  font: inherit; }}
#{OVERLAY_ID} pre.line {{ color: #c9c9c9; padding-left: 1rem; border-left: 1px solid #888; }}
#{OVERLAY_ID} button {{ all: initial; cursor: pointer; float: right; padding: .25rem .75rem;
  border: 1px solid #fdf6f6; border-radius: 4px; color: #fdf6f6;
  font: 14px/1.5 system-ui, sans-serif; }}
#{OVERLAY_ID} button:focus-visible {{ outline: 2px solid #ffd479; outline-offset: 2px; }}
"""


@dataclass(frozen=True)
class Overlay:
    """The overlay fragment ("" when the build had no errors) and a digest that names it, so an
    open tab can tell whether the overlay it shows is the current one."""

    html: str = ""
    digest: str = ""


NO_OVERLAY = Overlay()


def build_overlay(diagnostics: Sequence[Diagnostic], root: Path) -> Overlay:
    """The overlay for a build's errors (warnings are not shown; the console prints them)."""
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if not errors:
        return NO_OVERLAY
    items = "".join(_item(d, root) for d in errors[:MAX_SHOWN])
    if len(errors) > MAX_SHOWN:
        items += f"<li>… and {len(errors) - MAX_SHOWN} more (see the console)</li>"
    count = f"{len(errors)} error" if len(errors) == 1 else f"{len(errors)} errors"
    body = (
        f"<style>{_STYLE}</style>"
        '<button type="button" data-sitegen-dismiss>Dismiss</button>'
        f'<h2 id="{OVERLAY_ID}-title">The site did not build: {count}</h2>'
        "<p>Showing the last good build. Fix and save: this page updates by itself.</p>"
        f"<ol>{items}</ol>"
    )
    digest = hashlib.blake2b(body.encode(), digest_size=8).hexdigest()
    fragment = (
        f'<div id="{OVERLAY_ID}" role="alertdialog" aria-labelledby="{OVERLAY_ID}-title" '
        f'data-digest="{digest}">{body}</div>'
    )
    return Overlay(fragment, digest)


def _item(diagnostic: Diagnostic, root: Path) -> str:
    try:
        shown = diagnostic.path.relative_to(root).as_posix()
    except ValueError:
        shown = str(diagnostic.path)
    where = f"{shown}:{diagnostic.line}" if diagnostic.line else shown
    parts = [
        f'<span class="where">{html.escape(where)}:</span> '
        f'<span class="message">{html.escape(diagnostic.message)}</span>'
    ]
    if diagnostic.source_line is not None:
        line = diagnostic.source_line.rstrip("\r\n")
        if len(line) > MAX_SHOWN_LINE:
            line = line[:MAX_SHOWN_LINE] + f"… ({len(line)} characters)"
        parts.append(f'<pre class="line">{html.escape(line)}</pre>')
    return f"<li>{''.join(parts)}</li>"


def inject(page: bytes, fragment: bytes) -> bytes:
    """The page with fragment inserted before its last `</body>` (at the end when it has none)."""
    at = page.lower().rfind(b"</body")
    if at < 0:
        return page + fragment
    return page[:at] + fragment + page[at:]
