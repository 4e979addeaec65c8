"""The scraper's own size limits: no module over 300 lines, no function over 60."""

from __future__ import annotations

import ast
from pathlib import Path

SCRAPER = Path(__file__).resolve().parents[2] / "scraper"


def test_no_scraper_module_over_300_lines_nor_function_over_60():
    too_long = []
    for path in sorted(SCRAPER.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if len(source.splitlines()) > 300:
            too_long.append(f"{path.name}: {len(source.splitlines())} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno >= 60:
                too_long.append(f"{path.name}:{node.lineno} {node.name}: {node.end_lineno - node.lineno + 1} lines")

    assert len(list(SCRAPER.rglob("*.py"))) > 15  # the walk sees the package
    assert too_long == []
