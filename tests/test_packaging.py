"""The sdist and the wheel as a user or a distro packager gets them: built with `python -m build`,
the wheel installed into a fresh venv builds a starter site with the built-in theme, and the sdist
carries the whole test suite (and its data), which collects from the unpacked sdist."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from sitegen import __version__

REPO = Path(__file__).resolve().parent.parent
# What a checkout holds that is no part of the project (tools' output, installed packages).
NOT_SOURCE = (
    ".git",
    ".venv",
    "node_modules",
    "_site",
    ".sitegen-cache",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
)
# Everything the tests read beside their own folder, and the theme: all must be in the sdist.
SDIST_FOLDERS = ("sitegen", "tests", "templates", "static", "content")
# Tests run from the unpacked sdist: the sample site built and compared with the golden site,
# front-matter checks and slugs; quick, and needing no browser, network or shared corpus.
SDIST_SMOKE_TESTS = ("tests/test_golden.py", "tests/test_misspelt_keys.py", "tests/test_slugs.py")
SDIST_FILES = (
    "LICENSE",
    "README.md",
    "pyproject.toml",
    "setup.py",
    "MANIFEST.in",
    "Makefile",
    "sitegen.toml",
    "package.json",
    "package-lock.json",
)

pytestmark = pytest.mark.packaging


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    # No PYTHONPATH: the installed sitegen must not see this checkout. No CI: the sdist is
    # unpacked where a packager would, without the shared corpus beside it, whose tests then
    # skip rather than fail as they do in this project's CI.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CI")}
    proc = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, f"{args}: {proc.stdout}\n{proc.stderr}"
    return proc


def source_files(root: Path, folder: str) -> set[str]:
    """The project's files under `folder`, relative to `root` (no bytecode or tool output)."""
    return {
        path.relative_to(root).as_posix()
        for path in (root / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel, built from a copy of the tree (the build writes into its source
    folder: build/, *.egg-info)."""
    work = tmp_path_factory.mktemp("dist")
    source = work / "src"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    run(sys.executable, "-m", "build", "--outdir", work / "out", source)
    return work / "out"


def test_the_wheel_carries_the_theme_and_the_license_but_no_tests(dist: Path) -> None:
    with zipfile.ZipFile(dist / f"sitegen-{__version__}-py3-none-any.whl") as wheel:
        names = set(wheel.namelist())
    theme = {n.removeprefix("sitegen/_theme/") for n in names if n.startswith("sitegen/_theme/")}
    assert theme == {
        *source_files(REPO, "templates"),
        *source_files(REPO, "static"),
    }
    assert f"sitegen-{__version__}.dist-info/licenses/LICENSE" in names
    assert "sitegen/serve/client.js" in names
    assert not [n for n in names if n.startswith(("tests/", "templates/", "static/"))]


def test_the_sdist_carries_everything_the_tests_need_and_they_collect(
    dist: Path, tmp_path: Path
) -> None:
    with tarfile.open(dist / f"sitegen-{__version__}.tar.gz") as sdist:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4+: refuse links out of the folder
            sdist.extractall(tmp_path, filter="data")
        else:
            sdist.extractall(tmp_path)  # our own archive, just built
    unpacked = tmp_path / f"sitegen-{__version__}"
    for folder in SDIST_FOLDERS:
        missing = source_files(REPO, folder) - source_files(unpacked, folder)
        assert not missing, f"not in the sdist: {sorted(missing)}"
    for name in SDIST_FILES:
        assert (unpacked / name).is_file(), f"{name} is not in the sdist"
    collected = run(
        sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
        cwd=unpacked,
    )  # fmt: skip
    summary = collected.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ tests collected in [\d.]+s", summary), collected.stdout
    # And what it ships runs: the sdist's own sitegen (imported from the unpacked folder) reads,
    # links and builds the sample site in the tests that need no browser or network.
    ran = run(
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SDIST_SMOKE_TESTS,
        cwd=unpacked,
    )  # fmt: skip
    assert re.search(r"\b\d+ passed\b", ran.stdout) and "failed" not in ran.stdout, ran.stdout


def test_the_installed_wheel_makes_and_builds_a_new_site_with_its_theme(
    dist: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    wheel = dist / f"sitegen-{__version__}-py3-none-any.whl"
    run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel)
    site_packages = Path(
        run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"
        ).stdout.strip()
    )
    # A stray theme beside the package (another distribution's, a leftover) must not be used.
    (site_packages / "templates").mkdir()
    (site_packages / "templates" / "base.html").write_text("STRAY THEME")
    (site_packages / "pyproject.toml").write_text("")
    sitegen = venv / "bin" / "sitegen"
    assert run(sitegen, "--version").stdout.strip() == f"sitegen {__version__}"

    run(sitegen, "new", "mysite", cwd=tmp_path)
    built = run(sitegen, "build", cwd=tmp_path / "mysite")

    assert "0 errors, 0 warnings" in built.stdout
    out = tmp_path / "mysite" / "_site"
    css = (out / "static" / "style.css").read_text()
    assert css == (REPO / "static" / "style.css").read_text()
    html = (out / "episodes" / "1" / "index.html").read_text()
    assert "STRAY THEME" not in html
    assert '<link rel="stylesheet" href="../../static/style.css">' in html
    assert "Welcome to the archive" in html
    assert (out / "pagefind").is_dir()  # search works from the installed wheel
