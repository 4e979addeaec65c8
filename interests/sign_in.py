"""Signing in: the sign-in and sign-up pages, and "Sign in to add".

"Sign in to add": the talk a visitor asked to add is added once they have signed in, however they do.

The sign-in and sign-up pages remember it in the session (`?add=<id>`); `add_after_sign_in` runs on
Django's `user_logged_in`, so GitHub, a password and a new account all end the same way.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import UserCreationForm
from django.shortcuts import redirect, render

from interests.marking import InterestNotAccepted, set_interest
from presentations.links import on_this_site
from presentations.models import Presentation
from security.rate_limits import seconds_to_wait
from security.views import too_many_sign_ups

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


class SignInView(auth_views.LoginView):
    """`GET /login/`: GitHub when the site has a GitHub app, and always a local username and password."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get(self, request, *args, **kwargs):
        self.to_add = remember_talk_to_add(request)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["github_enabled"] = bool(settings.SOCIAL_AUTH_GITHUB_KEY and settings.SOCIAL_AUTH_GITHUB_SECRET)
        context["sign_up_enabled"] = settings.SELF_REGISTRATION
        context["to_add"] = getattr(self, "to_add", None)
        return context


def sign_up(request):
    """`/signup/`: a local account (username and password, checked by Django's password validators), when
    `SELF_REGISTRATION` is on. Signs the new person in and goes back to `next`. Every attempt (made or
    refused) counts against its address's SIGN_UP_RATE, before the form is read: past it, 429."""
    if not settings.SELF_REGISTRATION:
        return render(request, "registration/signup_closed.html", status=404)
    if request.user.is_authenticated:
        return redirect(next_page(request, settings.LOGIN_REDIRECT_URL))
    if request.method == "POST" and (
        retry_after := seconds_to_wait(request, group="sign-up", key="ip", rate=settings.SIGN_UP_RATE)
    ):
        return too_many_sign_ups(request, retry_after)
    to_add = remember_talk_to_add(request) if request.method == "GET" else None
    form = UserCreationForm(request.POST if request.method == "POST" else None, label_suffix="")
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(next_page(request, settings.LOGIN_REDIRECT_URL))
    context = {"form": form, "next": next_page(request, ""), "to_add": to_add}
    return render(request, "registration/signup.html", context)


def next_page(request, default: str) -> str:
    """Where `next` asks to go after signing in (or marking), when that is this site; else `default`."""
    return on_this_site(request, request.POST.get("next") or request.GET.get("next") or "", default)
