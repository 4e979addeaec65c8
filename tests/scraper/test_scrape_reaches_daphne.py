"""`manage.py scrape` run as its own process reaches sockets held by a Daphne process, through Redis.
Runs only with REDIS_URL (CI sets it), like tests/interests/test_cluster.py."""

from __future__ import annotations

import asyncio
import json
import os
from io import StringIO

import pytest
from channels.db import database_sync_to_async
from django.core.management import call_command
from websockets.asyncio.client import connect

from presentations.models import Presentation

pytestmark = [
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: processes meet only through Redis"),
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
]

WAIT = 10  # seconds: generous for messages that arrive in milliseconds


async def test_scrape_command_reaches_sockets_on_daphne(
    daphne, run_command, redis_for_children, pycon_site, changed_archive_dir
):
    await database_sync_to_async(call_command)(
        "scrape", "--year", "2016", "--base-url", pycon_site.url, stdout=StringIO(), stderr=StringIO()
    )
    ids = await database_sync_to_async(
        lambda: dict(Presentation.objects.filter(source_id__in=["1658", "2073", "1694"]).values_list("source_id", "pk"))
    )()
    host = daphne(**redis_for_children)
    socket = await connect(f"ws://{host}/ws/?conference=pycon-2016", origin=f"http://{host}", proxy=None)
    # The first frame, sent once the server has joined the socket's streams.
    assert json.loads(await asyncio.wait_for(socket.recv(), WAIT))["type"] == "snapshot"

    pycon_site.show(changed_archive_dir)
    scrape = await asyncio.to_thread(
        run_command, "scrape", "--year", "2016", "--base-url", pycon_site.url, **redis_for_children
    )
    received = [json.loads(await asyncio.wait_for(socket.recv(), WAIT)) for _ in range(3)]
    await socket.close()
    seqs = sorted(message.pop("seq") for message in received)

    assert (scrape.returncode, scrape.stdout.splitlines()[-1]) == (
        0,
        "created 0, updated 2, unchanged 205, cancelled 1, failed 71",
    ), scrape.stderr
    assert seqs == [seqs[0], seqs[0] + 1, seqs[0] + 2]
    assert sorted(received, key=lambda message: message["presentation"]) == sorted(
        [
            {
                "type": "presentation",
                "presentation": ids["1658"],
                "changes": {
                    "start": ["2016-05-30T10:50:00-07:00", "2016-05-30T14:35:00-07:00"],
                    "end": ["2016-05-30T11:20:00-07:00", "2016-05-30T15:05:00-07:00"],
                },
            },
            {
                "type": "presentation",
                "presentation": ids["2073"],
                "changes": {"room": ["Oregon Ballroom 201–202", "Portland Ballroom 252–253"]},
            },
            {"type": "presentation", "presentation": ids["1694"], "changes": {"status": ["scheduled", "cancelled"]}},
        ],
        key=lambda message: message["presentation"],
    )
