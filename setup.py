"""The wheel's built-in theme: the repository keeps it at the top-level `templates/` and `static/`
(the site layout a theme author copies), the wheel carries it as `sitegen/_theme/`, where
sitegen/theme.py reads it. Everything else about the package is in pyproject.toml."""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

THEME_FOLDERS = ("templates", "static")


class BuildPyWithTheme(build_py):
    """build_py, then the theme copied into the built package. Not in an editable install: that
    one reads the checkout's own folders, which `sitegen serve` watches and edits show at once."""

    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            for source, target in self._theme_files():
                self.mkpath(str(target.parent))
                self.copy_file(str(source), str(target))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        if not self.editable_mode:
            outputs += [str(target) for _, target in self._theme_files()]
        return outputs

    def _theme_files(self) -> list[tuple[Path, Path]]:
        theme = Path(self.build_lib) / "sitegen" / "_theme"
        return [
            (path, theme / path)
            for folder in THEME_FOLDERS
            for path in sorted(Path(folder).rglob("*"))
            # Hidden files (an editor's lock, .DS_Store) are no part of the theme: the build
            # skips them too.
            if path.is_file() and not any(part.startswith(".") for part in path.parts)
        ]


setup(cmdclass={"build_py": BuildPyWithTheme})
