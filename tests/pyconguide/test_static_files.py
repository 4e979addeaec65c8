"""Scripts and styles are sent gzipped once `collectstatic` has run, and never from an outdated copy."""

import gzip
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import AsyncClient, override_settings

from pyconguide.static_root import is_current

SOURCE = Path(settings.BASE_DIR) / "static"


def test_static_root_is_current_only_when_every_source_file_has_a_copy_as_new(tmp_path: Path) -> None:
    source, root = tmp_path / "static", tmp_path / "root"
    (source / "js").mkdir(parents=True)
    (source / "js" / "a.js").write_text("one")

    assert not is_current([source], root)  # never collected

    (root / "js").mkdir(parents=True)
    assert not is_current([source], root)  # a file not collected

    (root / "js" / "a.js").write_text("one")
    assert is_current([source], root)

    later = (root / "js" / "a.js").stat().st_mtime + 10
    os.utime(source / "js" / "a.js", (later, later))  # edited after collectstatic
    assert not is_current([source], root)


@pytest.fixture
def collected(tmp_path: Path) -> Path:
    with override_settings(STATIC_ROOT=tmp_path):
        call_command("collectstatic", "--noinput", verbosity=0)
    return tmp_path


async def body_of(response) -> bytes:
    return b"".join([chunk async for chunk in response.streaming_content])


@pytest.mark.asyncio
async def test_collected_scripts_and_styles_are_sent_gzipped(collected: Path) -> None:
    with override_settings(STATIC_ROOT=collected, SERVESTATIC_USE_FINDERS=False, SECURE_SSL_REDIRECT=False):
        client = AsyncClient()  # a new client loads the middleware, which reads these settings
        response = await client.get("/static/js/live.js", headers={"accept-encoding": "gzip"})
        plain = await client.get("/static/js/live.js")
        body, plain_body = await body_of(response), await body_of(plain)

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(body) == (SOURCE / "js" / "live.js").read_bytes()
    assert "Content-Encoding" not in plain
    assert plain_body == (SOURCE / "js" / "live.js").read_bytes()
