"""Whether `collectstatic` has copied (and gzipped) the current static files into STATIC_ROOT.

Only then do pages load their scripts and styles from STATIC_ROOT, compressed; otherwise (a checkout that
never ran collectstatic, or one whose static files changed since) straight from the source folders, as
before, so no server ever sends an old copy of a file.
"""

from __future__ import annotations

from pathlib import Path


def is_current(sources: list[Path], static_root: Path) -> bool:
    """True when every file under `sources` has a copy in `static_root` at least as new as itself."""
    if not static_root.is_dir():
        return False
    for source in sources:
        for path in Path(source).rglob("*"):
            if not path.is_file():
                continue
            copy = static_root / path.relative_to(source)
            try:
                if copy.stat().st_mtime < path.stat().st_mtime:
                    return False
            except FileNotFoundError:
                return False
    return True
