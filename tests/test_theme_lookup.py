"""Where the built-in theme is read from: the package's own `_theme/` when installed (never the
folder it is installed in), the checkout's top-level folders otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen import theme


def place_package(monkeypatch: pytest.MonkeyPatch, root: Path) -> Path:
    """Make sitegen.theme believe its package lives in `root/sitegen/`."""
    package = root / "sitegen"
    package.mkdir(parents=True)
    monkeypatch.setattr(theme, "__file__", str(package / "theme.py"))
    return package


def write(path: Path, text: str = "x") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_an_install_reads_its_own_theme_not_a_stray_one_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site_packages = tmp_path / "site-packages"
    package = place_package(monkeypatch, site_packages)
    write(package / "_theme" / "templates" / "base.html")
    # Another distribution's files, or leftovers, right where the old lookup looked first.
    write(site_packages / "templates" / "base.html")
    write(site_packages / "pyproject.toml")
    assert theme.builtin_theme_dir() == package / "_theme"


def test_an_install_with_a_broken_theme_fails_rather_than_look_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site_packages = tmp_path / "site-packages"
    package = place_package(monkeypatch, site_packages)
    (package / "_theme").mkdir()
    write(site_packages / "templates" / "base.html")
    write(site_packages / "pyproject.toml")
    with pytest.raises(FileNotFoundError, match="incomplete"):
        theme.builtin_theme_dir()


def test_a_checkout_reads_its_top_level_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    place_package(monkeypatch, tmp_path)
    write(tmp_path / "pyproject.toml")
    write(tmp_path / "templates" / "base.html")
    assert theme.builtin_theme_dir() == tmp_path


def test_a_package_neither_installed_nor_in_a_checkout_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    place_package(monkeypatch, tmp_path)
    write(tmp_path / "templates" / "base.html")  # no pyproject.toml: not a checkout
    with pytest.raises(FileNotFoundError, match="not in a checkout"):
        theme.builtin_theme_dir()


def test_this_checkout_has_no_theme_copy_inside_the_package() -> None:
    # An editable install reads templates/ and static/ themselves; a `_theme/` left in the
    # package (a stray build) would shadow them.
    checkout = Path(__file__).resolve().parent.parent
    if Path(theme.__file__).resolve().parent.parent != checkout:
        pytest.skip("sitegen is imported from an install, not from this checkout")
    assert theme.builtin_theme_dir() == checkout
