"""The shape of the code: which app may import which."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# presentations is the core: the other apps build on it, never the other way round (docs/architecture.md).
# security is a leaf any app may use; the apps that build on the core do not reach into each other.
FORBIDDEN = {
    "presentations": ("interests", "scraper", "offline", "security"),
    "scraper": ("interests", "offline"),
    "offline": ("interests", "scraper"),
    "security": ("presentations", "interests", "scraper", "offline"),
}


def imports_of(source: str) -> list[tuple[int, str]]:
    """(line, module) for every absolute import in `source`, at any depth (function-local ones too)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def forbidden_imports(app: str, banned: tuple[str, ...]) -> list[str]:
    wrong = []
    for path in sorted((ROOT / app).rglob("*.py")):
        for line, module in imports_of(path.read_text(encoding="utf-8")):
            if module.split(".")[0] in banned:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return wrong


def test_imports_of_finds_function_local_and_nested_imports():
    source = "import os\ndef f():\n    from interests.models import Interest\n    import scraper.records as r\n"

    assert imports_of(source) == [(1, "os"), (3, "interests.models"), (4, "scraper.records")]


def test_the_core_imports_nothing_that_builds_on_it():
    assert len(list((ROOT / "presentations").rglob("*.py"))) > 10  # the walk sees the app
    for app, banned in FORBIDDEN.items():
        assert forbidden_imports(app, banned) == []
