"""Nobody can change another person's interests: the form and the socket act on the signed-in user only,
and a user id in the input is ignored."""

import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from interests.models import Interest
from pyconguide.asgi import application


def rows() -> list[tuple[str, int]]:
    return list(Interest.objects.order_by("user__username").values_list("user__username", "presentation_id"))


@pytest.mark.django_db
def test_interest_form_acts_on_the_signed_in_user_whatever_the_input_says(client, make_user, make_presentation):
    ada, mallory = make_user(username="ada"), make_user(username="mallory")
    talk, other = make_presentation(), make_presentation()
    Interest.objects.create(user=ada, presentation=talk)
    client.force_login(mallory)

    client.post(f"/talks/{talk.pk}/interest/", {"interested": "0", "user": ada.pk, "user_id": ada.pk})
    client.post(f"/talks/{other.pk}/interest/?user={ada.pk}", {"interested": "1", "username": "ada"})

    assert rows() == [("ada", talk.pk), ("mallory", other.pk)]


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_socket_acts_on_the_signed_in_user_whatever_the_frame_says(make_user, make_presentation, session_cookie):
    ada = await database_sync_to_async(make_user)(username="ada")
    mallory = await database_sync_to_async(make_user)(username="mallory")
    talk = await database_sync_to_async(make_presentation)()
    await database_sync_to_async(Interest.objects.create)(user=ada, presentation=talk)
    cookie = await database_sync_to_async(session_cookie)(mallory)
    socket = WebsocketCommunicator(
        application,
        f"/ws/?conference={talk.conference.slug}",
        headers=[(b"origin", b"http://testserver"), (b"cookie", f"sessionid={cookie}".encode())],
    )
    await socket.connect()

    for frame in (
        {"type": "interest", "presentation": talk.pk, "interested": False, "user": ada.pk},
        {"type": "interest", "presentation": talk.pk, "interested": True, "user_id": ada.pk, "username": "ada"},
    ):
        await socket.send_to(text_data=json.dumps(frame))
        await socket.receive_json_from()
    await socket.disconnect()

    assert await database_sync_to_async(rows)() == [("ada", talk.pk), ("mallory", talk.pk)]


@pytest.mark.django_db
def test_interests_admin_is_for_staff_only(client, make_user):
    client.force_login(make_user(username="ada"))

    response = client.get("/admin/interests/interest/")

    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/interests/interest/")
