"""`pip install .` (not editable) gives a `sitegen` whose built-in theme ships in the wheel."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, f"{args}: {proc.stdout}\n{proc.stderr}"
    return proc


def test_installed_wheel_builds_a_styled_site_from_a_bare_folder(tmp_path: Path) -> None:
    # Copy the tree so the build does not touch the working copy (build/ and egg-info folders).
    source = tmp_path / "src"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".venv", "node_modules", "_site", ".git", "*.egg-info", "build"
        ),
    )
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    run(venv / "bin" / "pip", "install", "--quiet", source)
    site = tmp_path / "mysite"
    (site / "content" / "episodes").mkdir(parents=True)
    shutil.copy(REPO / "content" / "episodes" / "episode-920.txt", site / "content" / "episodes")

    run(venv / "bin" / "sitegen", "build", "-q", cwd=site)

    css = site / "_site" / "static" / "style.css"
    assert css.read_text() == (REPO / "static" / "style.css").read_text()
    html = (site / "_site" / "episodes" / "920" / "index.html").read_text()
    assert '<link rel="stylesheet" href="../../static/style.css">' in html
    assert "Julien Launay" in html
