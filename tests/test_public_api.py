"""The crawler uses the cleaning library through its public names only (every import
from ``cleaners`` in ``crawler/`` is of a name in ``cleaners.__all__``, never of a
sub-module's); the core of the library imports nothing of the application around it."""

from __future__ import annotations

import ast

import cleaners

from .conftest import REPO


def cleaners_imports() -> list[tuple[str, int, str, list[str]]]:
    found = []
    for path in sorted((REPO / "crawler").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "cleaners":
                found.append((path.name, node.lineno, node.module, [alias.name for alias in node.names]))
            elif isinstance(node, ast.Import):
                found += [
                    (path.name, node.lineno, alias.name, [])
                    for alias in node.names
                    if alias.name.split(".")[0] == "cleaners"
                ]
    return found


def test_the_crawler_imports_only_the_public_names_of_cleaners():
    imports = cleaners_imports()
    assert imports, "the crawler cleans pages with the cleaners library"
    for name, line, module, names in imports:
        assert module == "cleaners", f"crawler/{name}:{line} imports from {module}"
        assert set(names) <= set(cleaners.__all__), (
            f"crawler/{name}:{line}: {set(names) - set(cleaners.__all__)}"
        )


def test_every_public_name_is_there():
    for name in cleaners.__all__:
        assert hasattr(cleaners, name), name


def test_the_core_imports_nothing_of_the_application_around_it():
    for path in sorted((REPO / "cleaners" / "core").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                module = ("." * node.level) + (node.module or "")
                assert not module.startswith("..app") and not module.startswith("cleaners.app"), (
                    f"cleaners/core/{path.name}:{node.lineno} imports {module}"
                )
                assert "scrapy" not in module, f"cleaners/core/{path.name}:{node.lineno} imports {module}"
