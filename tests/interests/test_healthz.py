import pytest

from tests.processes import free_port


@pytest.mark.django_db
def test_healthz_reports_both_parts_ok(client):
    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (200, {"database": "ok", "channel_layer": "ok"})


@pytest.mark.django_db
@pytest.mark.parametrize(
    "backend", ["channels_redis.pubsub.RedisPubSubChannelLayer", "channels_redis.core.RedisChannelLayer"]
)
def test_healthz_reports_a_dead_channel_layer_with_503(client, settings, backend):
    from channels.layers import channel_layers

    # Nothing listens on port 1: the layer fails the way a stopped Redis does.
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": backend, "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]}}}
    channel_layers.backends.clear()
    try:
        response = client.get("/healthz")
    finally:
        channel_layers.backends.clear()

    assert (response.status_code, response.json()) == (503, {"database": "ok", "channel_layer": "failing"})


@pytest.mark.django_db(transaction=True)
def test_healthz_reports_an_unreachable_database_with_503(daphne, live_client):
    closed_port = free_port()  # nothing listens there
    # A real Daphne whose PostgreSQL is a closed port: the way a stopped database looks to the site.
    host = daphne(DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port}/pyconguide", REDIS_URL="")

    response = live_client.get(host, "/healthz")

    assert (response.status_code, response.json()) == (503, {"database": "failing", "channel_layer": "ok"})


@pytest.mark.django_db(transaction=True)
def test_healthz_leaves_no_subscription_behind(daphne, live_client, redis_server):
    import redis

    host = daphne(REDIS_URL=redis_server.url, CHANNELS_PREFIX="healthz")

    answers = [live_client.get(host, "/healthz").status_code for _ in range(3)]
    subscribed = redis.Redis.from_url(redis_server.url).pubsub_channels()

    # A proxy asks every few seconds: a subscription left per check would grow without end.
    assert (answers, subscribed) == ([200, 200, 200], [])
