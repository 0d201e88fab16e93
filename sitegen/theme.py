"""Where the built-in theme lives, and the site's own `templates/` and `static/` over it.

The repository keeps the theme at its top-level `templates/` and `static/`. A wheel carries them
as `sitegen/_theme/` (setup.py copies them there), and an installed sitegen reads that copy only:
the folder the package is installed in (`site-packages/`) is never looked at. An editable install
or a source checkout has no `_theme/` and reads the checkout's folders, so edits show at once.
"""

from __future__ import annotations

from pathlib import Path

from sitegen.errors import Diagnostic
from sitegen.walk import regular_files


def builtin_theme_dir() -> Path:
    """The folder holding the built-in `templates/` and `static/`."""
    package = Path(__file__).resolve().parent
    shipped = package / "_theme"
    if shipped.is_dir():  # a wheel install (or one built from the sdist)
        if (shipped / "templates" / "base.html").is_file():
            return shipped
        raise FileNotFoundError(f"sitegen's built-in theme is incomplete: {shipped}")
    checkout = package.parent
    # The checkout is the folder with the project's pyproject.toml beside the package.
    if (checkout / "pyproject.toml").is_file() and (checkout / "templates" / "base.html").is_file():
        return checkout
    raise FileNotFoundError(
        f"sitegen's built-in theme is missing: no {shipped}, and {package} is not in a checkout"
    )


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
