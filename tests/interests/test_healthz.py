import pytest


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
