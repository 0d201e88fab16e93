"""Where the built-in theme lives: the repository's top-level `templates/` and `static/`.

In a source checkout they are found beside the package; in an installed wheel they ship as the
`sitegen._theme` package data. A site's own `templates/` and `static/` override them by file name.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from sitegen.errors import Diagnostic
from sitegen.walk import regular_files


def builtin_theme_dir() -> Path:
    """The folder holding the built-in `templates/` and `static/`."""
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "templates" / "base.html").is_file():
        return checkout
    installed = Path(str(resources.files("sitegen") / "_theme"))
    if (installed / "templates" / "base.html").is_file():
        return installed
    raise FileNotFoundError("sitegen's built-in theme is missing from this installation")


def static_files(site_dir: Path) -> dict[str, Path]:
    """Static files by relative name: the built-in ones, then the site's own over them. Only
    regular files are taken (see sitegen.walk; `site_theme_problems` reports the others)."""
    found: dict[str, Path] = {}
    for root in (builtin_theme_dir() / "static", site_dir / "static"):
        if root.is_dir():
            for path in regular_files(root):
                if not path.name.startswith("."):
                    found[path.relative_to(root).as_posix()] = path
    return found


def site_theme_problems(site_dir: Path) -> list[Diagnostic]:
    """Warnings for what in the site's own templates/ and static/ is no regular file (a broken
        symlink, a symlink loop, a FIFO…): those are skipped. Hidden names (an editor's
        `.#base.html` lock) are passed over in silence. A symlink to a file outside the site folder
    is copied all the same, with a warning saying where it points."""
    problems: list[Diagnostic] = []
    for name in ("templates", "static"):
        if (site_dir / name).is_dir():
            regular_files(
                site_dir / name, problems, skip=lambda n: n.startswith("."), site_dir=site_dir
            )
    return problems
