"""The sample archive (content/) builds to the reviewed output in tests/golden/site/.

After an intended change to the output, run `pytest tests/test_golden.py --update-golden`
and review `git diff tests/golden` before committing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.keys import EPISODES_FILE, KEY_FILE

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "site"


def site_files(root: Path) -> dict[str, bytes]:
    # Static files are copies of static/ and checked elsewhere; the manifest lists the rest.
    # The search index (pagefind/) is binary, and Pagefind names some of its files after Rust
    # hash-map order, which changes from run to run; tests/test_search.py checks it. The
    # records of what a build made (sitegen.keys) hold digests of sitegen's own code.
    files = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and not {"static", "pagefind"} & set(p.relative_to(root).parts)
        and p.name not in (KEY_FILE, EPISODES_FILE)
    }
    manifest = files[".sitegen-manifest.json"].splitlines(keepends=True)
    files[".sitegen-manifest.json"] = b"".join(x for x in manifest if b'"pagefind/' not in x)
    return files


def test_sample_site_matches_golden(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    out = tmp_path / "out"
    result = build(REPO, out_dir=out, base_url="https://example.org/podcast/")
    assert not result.failed(strict=True), [d.format() for d in result.diagnostics]
    actual = site_files(out)
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in actual.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
        pytest.skip("golden files rewritten; review `git diff tests/golden`")
    expected = site_files(GOLDEN)
    assert sorted(actual) == sorted(expected)
    for rel, data in expected.items():
        assert actual[rel].decode() == data.decode(), f"{rel} differs from tests/golden/site/{rel}"
