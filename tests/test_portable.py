"""What runs without POSIX-only modules: the CLI imports and answers with `fcntl` unavailable (as on
Windows), and serve's lock on its staging folder goes through one portable call."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen import __version__
from sitegen.errors import SitegenError
from sitegen.serve.lock import try_lock
from sitegen.serve.session import _lock_staging

REPO = Path(__file__).resolve().parent.parent

# Run in a fresh interpreter: any `import fcntl` raises, as it does on Windows.
WITHOUT_FCNTL = """
import sys

class NoFcntl:
    def find_spec(self, name, path=None, target=None):
        if name == "fcntl":
            raise ImportError("No module named 'fcntl' (blocked by the test)")
        return None

sys.modules.pop("fcntl", None)
sys.meta_path.insert(0, NoFcntl())
"""


def run_without_fcntl(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_FCNTL + code],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_blocker_blocks() -> None:
    proc = run_without_fcntl("import fcntl")
    assert proc.returncode == 1 and "blocked by the test" in proc.stderr


def test_cli_answers_version_without_fcntl() -> None:
    proc = run_without_fcntl(
        "import sitegen.cli\nsys.argv = ['sitegen', '--version']\nsitegen.cli.main()"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"sitegen {__version__}"


def test_serve_and_the_build_import_without_fcntl() -> None:
    proc = run_without_fcntl("import sitegen.serve, sitegen.commands, sitegen.cli")
    assert proc.returncode == 0, proc.stderr


def test_the_lock_is_exclusive_until_released(tmp_path: Path) -> None:
    path = tmp_path / "lock"
    first = os.open(path, os.O_CREAT | os.O_RDWR)
    second = os.open(path, os.O_RDWR)
    try:
        assert try_lock(first)
        assert not try_lock(second)
        os.close(first)
        assert try_lock(second)
    finally:
        os.close(second)


def test_a_second_session_on_one_output_folder_is_refused(tmp_path: Path) -> None:
    staging, out = tmp_path / ".site.staging", tmp_path / "_site"
    held = _lock_staging(staging, out)
    try:
        with pytest.raises(SitegenError, match="another `sitegen serve` is already serving"):
            _lock_staging(staging, out)
    finally:
        os.close(held)
    os.close(_lock_staging(staging, out))  # free again once the first session ends
