"""Permissions-Policy on every answer: the browser features no page of Qira'a uses are off.

Camera, microphone, location, payment and the rest are refused to our own pages and to
anything embedded in them, so a script that slipped in could not ask for them either.
Django has a setting for the other security headers but none for this one.
"""

from django.conf import settings


def permissions_policy(features) -> str:
    return ", ".join(f"{feature}=()" for feature in features)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
