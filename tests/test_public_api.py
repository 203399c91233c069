"""The crawler uses the cleaning library through its public names only (every import
from ``cleaners`` in ``crawler/`` is of a name in ``cleaners.__all__``, never of a
sub-module's); the core of the library imports nothing of the application around it;
the crawler reads no private attribute of Scrapy or scrapy-redis."""

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


def private_reads(source: str) -> list[tuple[int, str]]:
    """``x._name`` and ``getattr(x, "_name")`` where ``x`` is not ``self`` or ``cls``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            name, owner = node.attr, node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"getattr", "hasattr"} \
                and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str):
            name, owner = node.args[1].value, node.args[0]
        else:
            continue
        if name.startswith("_") and not name.startswith("__") \
                and not (isinstance(owner, ast.Name) and owner.id in {"self", "cls"}):
            found.append((node.lineno, name))
    return found


def test_the_crawler_reads_no_private_attribute_of_scrapy_or_scrapy_redis():
    """Private names (``engine._slot``, a queue's ``_encode_request``) are no API and
    change without notice: the crawler reads others' public attributes only."""
    found = [(path.name, line, name) for path in sorted((REPO / "crawler").rglob("*.py"))
             for line, name in private_reads(path.read_text(encoding="utf-8"))]
    assert found == []
    # The check sees both ways of reading one (the shared crawl's scheduler did, before).
    assert sorted(private_reads('q._encode_request(r)\ngetattr(engine, "_slot", None)\nself._own')) \
        == [(1, "_encode_request"), (2, "_slot")]
