"""DESIGN §4: data walks down. Each module imports only the sitegen modules listed for it, and
the lists hold no cycle, so no stage calls one that comes after it (README's module map)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "sitegen"

# The sitegen modules each module (a package counts as one: readers/, exports/, serve/) may
# import at run time. Lower modules first; a module lists none of those after it.
ALLOWED: dict[str, frozenset[str]] = {
    name: frozenset(imports.split())
    for name, imports in {
        "__init__": "",
        "errors": "",
        "interrupts": "",
        "slugs": "",
        # "Did you mean": a name sitegen does not know, against those it does.
        "suggest": "",
        "model": "",
        # Which characters are no text: what the readers replace, and config refuses.
        "characters": "errors",
        "walk": "errors",
        "readers": "characters errors model slugs suggest walk",
        "language_tags": "",
        "apple_categories": "",
        "config": "characters errors language_tags suggest",
        "urls": "readers slugs",
        "talktime": "model readers",
        "moments": "model readers talktime urls",
        "mentions": "model",
        "references": "mentions model",
        "aliases": "model",
        "merge": "aliases model readers walk",
        "identity": "errors merge model readers slugs urls",
        "accounting": "errors model readers",
        # What the whole-archive stages need of an episode's text, made from the episode only.
        "summary": "mentions model moments talktime",
        # An episode's chapters: from its metadata, headings or marker paragraphs.
        "chapters": "model moments readers summary",
        "theme": "errors walk",
        "output": "errors interrupts",
        "codec": "errors mentions model moments readers summary talktime",
        "jsonld": "config model readers urls",
        "exports": "config model readers summary talktime urls",
        # Every output's key, over typed inputs: what build and serve compare.
        "keys": "config exports model summary theme walk",
        "parsecache": "codec errors keys mentions model readers",
        "discover": "config errors readers slugs walk",
        "feeds": "apple_categories config errors exports model readers summary theme urls",
        "views": "model",
        "transcript_html": "",
        # Each page's view, built from the archive; no Jinja.
        "contexts": "chapters config jsonld model readers slugs summary talktime transcript_html "
        "urls views",
        # The Jinja environment: renders the views contexts builds.
        "render": "config contexts errors model readers talktime theme urls views",
        # The Pagefind binary and its --service protocol: pages in, a bundle's files out.
        "pagefind": "errors",
        "search": "contexts keys model output pagefind render summary urls",
        # Reading and rendering on all cores: a reading worker summarizes an episode
        # (summary.py) and asks no stage that reads the summary (feeds, search, render's
        # contexts) for anything.
        "workers": "aliases exports keys mentions model output parsecache readers render summary "
        "urls",
        "options": "workers",
        # What a build with nothing to do needs: no stage.
        "nochange": "config errors keys options output",
        "affected": "contexts exports feeds keys model render theme urls",
        "build": "accounting config discover errors feeds identity keys mentions merge model "
        "nochange options output parsecache readers references render search suggest theme urls "
        "workers",
        # What serve keeps of a built site and updates after an edit.
        "incremental": "affected build config feeds keys model nochange options output readers "
        "search workers",
        "serve": "config errors incremental interrupts keys options output search urls walk",
        "commands": "build errors mentions model nochange options serve",
        # `sitegen new`: the starter site's files.
        "starter": "__version__ config errors",
        "cli": "__version__ build commands config errors interrupts nochange options starter",
        "__main__": "cli",
    }.items()
}
# Imports for type annotations only (under `if TYPE_CHECKING:`): an episode carries its
# summary, whose type is made above the model.
TYPE_ONLY: dict[str, frozenset[str]] = {"model": frozenset({"summary"})}


def _unit(path: Path) -> str:
    """The module, or package below sitegen, a file belongs to."""
    return path.relative_to(PACKAGE).with_suffix("").parts[0]


def _imports(tree: ast.Module) -> Iterator[tuple[str, bool]]:
    """(sitegen module imported, whether only for type checking) for every import."""
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING",):
            type_only |= {id(child) for stmt in node.body for child in ast.walk(stmt)}
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "sitegen":
                names = [alias.name for alias in node.names]
            elif node.module.startswith("sitegen."):
                names = [node.module.split(".")[1]]
        elif isinstance(node, ast.Import):
            names = [a.name.split(".")[1] for a in node.names if a.name.startswith("sitegen.")]
        for name in names:
            yield name, id(node) in type_only


def test_each_module_imports_only_what_it_is_allowed() -> None:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        unit = _unit(path)
        allowed = ALLOWED[unit]
        for name, type_only in _imports(ast.parse(path.read_text())):
            if name == unit:
                continue
            if name not in allowed and not (type_only and name in TYPE_ONLY.get(unit, ())):
                problems.append(f"{path.relative_to(PACKAGE.parent)} imports sitegen.{name}")
    assert problems == []


def test_the_allowed_imports_hold_no_cycle() -> None:
    """Every module comes after all it may import: the lists are layers."""
    placed: list[str] = []
    for name, allowed in ALLOWED.items():
        earlier = allowed - {"__version__"}
        assert earlier <= set(placed), f"{name} may import {sorted(earlier - set(placed))}"
        placed.append(name)


def test_every_module_has_a_list() -> None:
    names = {_unit(p) for p in PACKAGE.rglob("*.py")}
    assert names <= set(ALLOWED), names - set(ALLOWED)
    assert set(TYPE_ONLY) <= set(ALLOWED)
