""" "Sign in to add": the talk a visitor asked to add is added once they have signed in, however they do.

The sign-in and sign-up pages remember it in the session (`?add=<id>`); `add_after_sign_in` runs on
Django's `user_logged_in`, so GitHub, a password and a new account all end the same way.
"""

from __future__ import annotations

from interests.marking import InterestNotAccepted, set_interest
from presentations.models import Presentation

ADD_AFTER_SIGN_IN = "add_after_sign_in"


def remember_talk_to_add(request) -> Presentation | None:
    """The talk `?add=<id>` names, remembered for after sign-in; None (and anything remembered forgotten)
    otherwise, so an old "Sign in to add" never adds a talk the page no longer names."""
    value = request.GET.get("add", "")
    presentation = None
    if value.isascii() and value.isdigit() and len(value) < 12:
        presentation = Presentation.objects.filter(pk=int(value)).first()
    if presentation is None or not presentation.accepts_interest:
        request.session.pop(ADD_AFTER_SIGN_IN, None)
        return None
    request.session[ADD_AFTER_SIGN_IN] = presentation.pk
    return presentation


def add_after_sign_in(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    pk = request.session.pop(ADD_AFTER_SIGN_IN, None)
    presentation = Presentation.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if presentation is None:
        return
    try:
        set_interest(user=user, presentation=presentation, interested=True)
    except InterestNotAccepted:
        pass  # it became a break while they signed in: nothing to add
