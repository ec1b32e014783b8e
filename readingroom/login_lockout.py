"""The page a login refused for too many wrong passwords gets: what happened and what to do.

django-axes decides the lockout; this only answers it, in Arabic, with status 429 and a
Retry-After header. Each attempt during the lockout starts the cool-off again (axes'
default), so the page counts from now.
"""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateformat import format as date_format

from readingroom.plural import Noun, count_of

# Genitive forms: they follow «بعد» on the page.
MINUTE = Noun("دقيقة", "دقيقتين", "دقائق", "دقيقة", one="واحدة")
WRONG_PASSWORD = Noun(
    "محاولة خاطئة", "محاولتين خاطئتين", "محاولات خاطئة", "محاولة خاطئة", one="واحدة"
)


def lockout_response(request, original_response=None, credentials=None):
    cooloff = settings.AXES_COOLOFF_TIME
    until = timezone.localtime(timezone.now() + cooloff)
    minutes = max(1, round(cooloff.total_seconds() / 60))
    response = render(
        request,
        "registration/locked_out.html",
        {
            "failures": count_of(settings.AXES_FAILURE_LIMIT, WRONG_PASSWORD),
            "cooloff": count_of(minutes, MINUTE),
            "until": date_format(until, "H:i"),
            "username": (credentials or {}).get("username", "") or request.POST.get("username", ""),
        },
        status=429,
    )
    response["Retry-After"] = str(int(cooloff.total_seconds()))
    return response
