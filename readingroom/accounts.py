"""The editors' login page, and password reset by mail when the site can send mail.

Without DJANGO_EMAIL_HOST a reset could never reach anyone: its pages are 404 and the
login page does not offer it. With mail, each address and each e-mail may ask for a few
links an hour (PASSWORD_RESET_LIMIT_PER_HOUR), so the form cannot be used to flood an
inbox or to make the site send mail for someone else. django-axes covers only logins.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render

from readingroom.client_ip import client_ip

WINDOW_SECONDS = 60 * 60


def password_reset_available() -> bool:
    return bool(settings.EMAIL_HOST)


def only_with_mail(view):
    """The view when mail is configured; a plain 404 otherwise (read per request)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not password_reset_available():
            raise Http404("password reset needs mail")
        return view(request, *args, **kwargs)

    return wrapper


class LoginView(auth_views.LoginView):
    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "password_reset": password_reset_available()}


class PasswordResetView(auth_views.PasswordResetView):
    def post(self, request, *args, **kwargs):
        email = request.POST.get("email", "").strip().casefold()
        keys = [f"qiraa:password-reset:ip:{client_ip(request)}"]
        if email:
            keys.append("qiraa:password-reset:email:" + hashlib.sha256(email.encode()).hexdigest())
        if any(_count(key) > settings.PASSWORD_RESET_LIMIT_PER_HOUR for key in keys):
            response = render(request, "registration/password_reset_throttled.html", status=429)
            response["Retry-After"] = str(WINDOW_SECONDS)
            return response
        return super().post(request, *args, **kwargs)


def _count(key: str) -> int:
    """One more request under `key` in this hour; how many so far."""
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        return 1
