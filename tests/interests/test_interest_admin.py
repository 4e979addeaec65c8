import pytest
from django.contrib.auth import get_user_model

from interests.models import Interest


@pytest.fixture
def staff_client(client):
    admin = get_user_model().objects.create_superuser("boss", "boss@example.com", "a-long-test-password")
    client.force_login(admin)
    return client


@pytest.mark.django_db
def test_interest_admin_lists_user_presentation_and_conference(staff_client, make_user, make_presentation):
    talk = make_presentation(title="Async all the way")
    Interest.objects.create(user=make_user(username="ada"), presentation=talk)

    response = staff_client.get("/admin/interests/interest/")

    page = response.content.decode()
    assert (response.status_code, "ada" in page, "Async all the way" in page, talk.conference.name in page) == (
        200,
        True,
        True,
        True,
    )


@pytest.mark.django_db
def test_interest_admin_searches_by_username(staff_client, make_user, make_presentation):
    talk = make_presentation()
    Interest.objects.create(user=make_user(username="ada"), presentation=talk)
    Interest.objects.create(user=make_user(username="grace"), presentation=talk)

    response = staff_client.get("/admin/interests/interest/", {"q": "grace"})

    assert [str(i.user) for i in response.context["cl"].result_list] == ["grace"]


@pytest.mark.django_db
def test_interest_admin_filters_by_conference(staff_client, make_user, make_presentation):
    here, there = make_presentation(), make_presentation()
    user = make_user()
    Interest.objects.create(user=user, presentation=here)
    Interest.objects.create(user=user, presentation=there)

    response = staff_client.get(
        "/admin/interests/interest/", {"presentation__conference__id__exact": here.conference_id}
    )

    assert [i.presentation_id for i in response.context["cl"].result_list] == [here.pk]
