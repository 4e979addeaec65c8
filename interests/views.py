"""Health of the parts the live site depends on."""

import asyncio
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)


async def _layer_round_trip(layer) -> None:
    channel = await layer.new_channel("healthz.")
    await layer.send(channel, {"type": "healthz.ping"})
    await asyncio.wait_for(layer.receive(channel), timeout=2)


def healthz(request):
    status = {"database": "ok", "channel_layer": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any failure of the database is a failing part, not a 500
        logger.warning("healthz: database failed: %s", error)
        status["database"] = "failing"
    try:
        async_to_sync(_layer_round_trip)(get_channel_layer())
    except Exception as error:
        logger.warning("healthz: channel layer failed: %s", error)
        status["channel_layer"] = "failing"
    ok = all(value == "ok" for value in status.values())
    return JsonResponse(status, status=200 if ok else 503)
