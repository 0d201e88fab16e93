"""DESIGN §4: lower layers never import higher ones."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "sitegen"

# Layer of each module (lower number = lower layer); a module may import its own layer or lower.
LAYERS = {
    "errors": 0,
    "interrupts": 0,
    "model": 0,
    "slugs": 0,
    "readers": 1,
    "walk": 1,
    "config": 1,
    "urls": 2,
    "references": 2,
    "talktime": 2,
    "moments": 2,
    "theme": 2,
    "output": 2,
    "keys": 3,
    "codec": 3,
    "parsecache": 3,
    "exports": 3,
    "feeds": 3,
    "render": 3,
    "jsonld": 3,
    "workers": 4,
    "merge": 2,
    "identity": 2,
    "accounting": 2,
    "aliases": 2,
    "affected": 4,
    "search": 4,
    "discover": 3,
    "options": 4,
    "build": 4,
    "incremental": 4,
    "serve": 5,
    "cli": 5,
    "__main__": 6,
    "__init__": 0,
}


def layer_of(module: str) -> int:
    name = module.split(".")[1] if module.startswith("sitegen.") else module
    return LAYERS[name]


def test_no_module_imports_a_higher_layer() -> None:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        module = ".".join(rel.parts)
        own = layer_of(module) if module != "sitegen.__init__" else 0
        for node in ast.walk(ast.parse(path.read_text())):
            targets = []
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("sitegen")
            ):
                targets = [node.module]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.startswith("sitegen")]
            for target in targets:
                if target == "sitegen":
                    continue
                if layer_of(target) > own:
                    problems.append(f"{module} imports {target}")
    assert problems == []


def test_every_module_is_placed_in_a_layer() -> None:
    names = {p.stem for p in PACKAGE.glob("*.py")} | {"readers"}
    assert names <= set(LAYERS), names - set(LAYERS)
