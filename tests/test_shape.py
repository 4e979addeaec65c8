"""The size of the code: no source module over 300 lines, no function over 60 (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("pyconguide", "presentations", "interests", "scraper", "offline", "security")
# One settings module read from the environment is the house's rule (docs/architecture.md), however long.
UNLIMITED = {"pyconguide/settings.py"}
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60


def source_modules() -> dict[str, str]:
    """{path from the root: source} of every module of the apps, migrations left out."""
    paths = [path for app in APPS for path in sorted((ROOT / app).rglob("*.py")) if "migrations" not in path.parts]
    return {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8") for path in paths}


def too_long(name: str, source: str) -> list[str]:
    """What in module `name` is over its limit, one line each."""
    found = []
    lines = len(source.splitlines())
    if name not in UNLIMITED and lines > MAX_MODULE_LINES:
        found.append(f"{name}: {lines} lines")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{name}:{node.lineno} {node.name}: {length} lines")
    return found


def test_too_long_names_long_modules_and_functions_at_any_depth():
    nested = "class A:\n    async def f(self):\n" + "        x = 1\n" * 60
    module = "x = 1\n" * 301

    assert too_long("a.py", nested) == ["a.py:2 f: 61 lines"]
    assert too_long("b.py", module) == ["b.py: 301 lines"]
    assert too_long("pyconguide/settings.py", module) == []
    assert too_long("c.py", "def g():\n" + "    x = 1\n" * 59) == []


def test_no_source_module_over_300_lines_nor_function_over_60():
    modules = source_modules()

    assert len(modules) > 80  # the walk sees every app
    assert [line for name, source in modules.items() for line in too_long(name, source)] == []
